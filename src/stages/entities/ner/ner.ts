import type { Provenance, Span, Token } from '../../../doc/types.ts';
import type { Stage } from '../../../pipeline/stage.ts';
import type { EntityType } from './features.ts';
import { loadModel } from './model.ts';
import { Tagger } from './fast.ts';
import { iob2, spansOf } from './tagger.ts';

const NAME = 'ner';
const VERSION = '1.0.0';
const RULE = 'perceptron';

/** A named-entity mention found by the tagger; `text === doc.text.slice(start, end)`. */
export interface Mention extends Span {
  readonly text: string;
  readonly label: EntityType;
  /** 0..1: the softmax probability of the least sure token of the span. */
  readonly confidence: number;
  readonly prov: Provenance;
}

let tagger: Tagger | undefined;

/** The tagger over the committed model, loaded on first use and kept. */
function getTagger(): Tagger {
  tagger ??= new Tagger(loadModel());
  return tagger;
}

/**
 * Tags a document given as sentences of CoNLL-style words; returns IOB2 tags per sentence.
 * Document-level features (the same word elsewhere in the document) make this better than
 * tagging sentence by sentence.
 *
 * @example tagDocument([['Olvar', 'Kresk', 'visited', 'Tarnland', '.']]) // [['B-PER', 'I-PER', 'O', 'B-LOC', 'O']]
 */
export function tagDocument(doc: readonly (readonly string[])[]): string[][] {
  return getTagger()
    .tagDocument(doc)
    .map((s) => iob2(s.classes));
}

/**
 * Tags one sentence of words (a document of its own); returns IOB2 tags.
 * @example tagTokens(['Theresa', 'May', 'said']) // ['B-PER', 'I-PER', 'O']
 */
export function tagTokens(words: readonly string[]): string[] {
  return tagDocument([words])[0] ?? [];
}

const WORDLIKE = new Set(['word', 'number', 'email', 'hashtag', 'mention', 'url']);

/**
 * Appends the CoNLL-style words of tokens[from..to) to starts/ends (see conllTokens).
 */
function pushConll(text: string, tokens: readonly Token[], from: number, to: number, starts: number[], ends: number[]): void {
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    let end = t.end;
    if (i + 2 < to && WORDLIKE.has(t.kind)) {
      while (i + 2 < to) {
        const h = tokens[i + 1]!;
        const b = tokens[i + 2]!;
        if (h.start !== end || b.start !== h.end || h.end - h.start !== 1 || text.charCodeAt(h.start) !== 45 || !WORDLIKE.has(b.kind)) break;
        end = b.end;
        i += 2;
      }
    }
    starts.push(t.start);
    ends.push(end);
  }
}

/**
 * Our tokens in CoNLL's manner: the tokenizer splits "Cramon-Taubadel" and "NATO-Russia" at the hyphen,
 * CoNLL keeps such words whole, so word-hyphen-word runs written without spaces are merged.
 */
export function conllTokens(text: string, tokens: readonly Token[]): Span[] {
  const starts: number[] = [];
  const ends: number[] = [];
  pushConll(text, tokens, 0, tokens.length, starts, ends);
  return starts.map((start, i) => ({ start, end: ends[i]! }));
}

/** Named entities (PER, ORG, LOC, MISC) from an averaged perceptron trained on CoNLL-2003. */
export const nerStage: Stage<'mentions'> = {
  name: NAME,
  version: VERSION,
  requires: ['sentences', 'tokens'],
  provides: ['mentions'],
  run(doc) {
    const text = doc.text;
    const sentences = doc.layer('sentences');
    const tokens = doc.layer('tokens');
    // All words of the document flat, with where each sentence ends.
    const starts: number[] = [];
    const ends: number[] = [];
    const sentEnds: number[] = [];
    let k = 0;
    for (const s of sentences) {
      while (k < tokens.length && tokens[k]!.start < s.start) k++;
      const from = k;
      while (k < tokens.length && tokens[k]!.end <= s.end) k++;
      if (k > from) {
        pushConll(text, tokens, from, k, starts, ends);
        sentEnds.push(starts.length);
      }
    }
    const n = starts.length;
    const classes = new Uint8Array(n);
    const conf = new Float32Array(n);
    getTagger().tagSpans(text, starts, ends, sentEnds, sentEnds.length, classes, conf);
    const prov: Provenance = { stage: NAME, version: VERSION, rule: RULE };
    const mentions: Mention[] = [];
    for (let s = 0, a = 0; s < sentEnds.length; a = sentEnds[s++]!) {
      const b = sentEnds[s]!;
      for (const span of spansOf(classes.subarray(a, b), conf.subarray(a, b))) {
        const start = starts[a + span.start]!;
        const end = ends[a + span.end - 1]!;
        mentions.push({ start, end, text: text.slice(start, end), label: span.label, confidence: Math.round(span.confidence * 1000) / 1000, prov });
      }
    }
    return { layers: { mentions } };
  },
};
