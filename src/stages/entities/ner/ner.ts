import type { Provenance, Span, Token } from '../../../doc/types.ts';
import type { Stage } from '../../../pipeline/stage.ts';
import type { EntityType } from './features.ts';
import { loadModel } from './model.ts';
import { iob2, spansOf, Tagger } from './tagger.ts';

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
 * Our tokens in CoNLL's manner: wink splits "Cramon-Taubadel" and "NATO-Russia" at the hyphen,
 * CoNLL keeps such words whole, so word-hyphen-word runs written without spaces are merged.
 */
export function conllTokens(text: string, tokens: readonly Token[]): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let end = t.end;
    if (WORDLIKE.has(t.kind)) {
      while (i + 2 < tokens.length) {
        const h = tokens[i + 1]!;
        const b = tokens[i + 2]!;
        if (h.start !== end || b.start !== h.end || h.end - h.start !== 1 || text[h.start] !== '-' || !WORDLIKE.has(b.kind)) break;
        end = b.end;
        i += 2;
      }
    }
    out.push({ start: t.start, end });
  }
  return out;
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
    const groups: Span[][] = [];
    let k = 0;
    for (const s of sentences) {
      const inside: Token[] = [];
      while (k < tokens.length && tokens[k]!.start < s.start) k++;
      while (k < tokens.length && tokens[k]!.end <= s.end) inside.push(tokens[k++]!);
      if (inside.length) groups.push(conllTokens(text, inside));
    }
    const tagged = getTagger().tagDocument(groups.map((g) => g.map((t) => text.slice(t.start, t.end))));
    const prov: Provenance = { stage: NAME, version: VERSION, rule: RULE };
    const mentions: Mention[] = [];
    groups.forEach((g, s) => {
      const ts = tagged[s]!;
      for (const span of spansOf(ts.classes, ts.conf)) {
        const start = g[span.start]!.start;
        const end = g[span.end - 1]!.end;
        mentions.push({ start, end, text: text.slice(start, end), label: span.label, confidence: Math.round(span.confidence * 1000) / 1000, prov });
      }
    });
    return { layers: { mentions } };
  },
};
