import type { Sentence, Token } from '../../doc/types.ts';
import type { Stage } from '../../pipeline/stage.ts';
import { wink } from '../../nlp/wink.ts';

const NAME = 'sentences';
const VERSION = '1.0.0';
const PARAGRAPH_BREAK = /\n[ \t]*\n/g;

/**
 * Sentences and tokens from wink-nlp (sentence boundary detection only, no POS: budget).
 * Wink's sentences are split again at paragraph breaks, so a caption-like line or a heading
 * without a full stop never merges with the next paragraph, and trimmed of whitespace.
 */
export const sentencesStage: Stage<'sentences' | 'tokens'> = {
  name: NAME,
  version: VERSION,
  requires: [],
  provides: ['sentences', 'tokens'],
  run(doc) {
    const { sentences, tokens } = splitSentences(doc.text);
    return { layers: { sentences, tokens } };
  },
};

/** @example splitSentences('He left. She stayed.').sentences.length // 2 */
export function splitSentences(text: string): { sentences: Sentence[]; tokens: Token[] } {
  const nlp = wink(['sbd']);
  const its = nlp.its;
  const wdoc = nlp.readDoc(text);
  const values: string[] = wdoc.tokens().out();
  // wink recognises its own `its` functions by identity: a bound copy returns nothing.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const types: string[] = wdoc.tokens().out(its.type);
  const starts = new Int32Array(values.length);
  const ends = new Int32Array(values.length);
  const tokens: Token[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const at = text.indexOf(v, cursor);
    // wink keeps token values verbatim; should one ever not be found, it spans nothing.
    if (at < 0 || at - cursor > 64) {
      starts[i] = cursor;
      ends[i] = cursor;
      continue;
    }
    starts[i] = at;
    ends[i] = at + v.length;
    cursor = at + v.length;
    const kind = types[i]!;
    if (kind !== 'tabCRLF') tokens.push({ start: at, end: at + v.length, kind });
  }
  const prov = { stage: NAME, version: VERSION, rule: 'wink-sbd' };
  const sentences: Sentence[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const spans = wdoc.sentences().out(its.span) as unknown as [number, number][];
  for (const [a, b] of spans) {
    const s = starts[a] ?? 0;
    const e = ends[b] ?? s;
    pushSplit(text, s, e, sentences, prov);
  }
  return { sentences, tokens };
}

function pushSplit(text: string, s: number, e: number, out: Sentence[], prov: Sentence['prov']): void {
  const chunk = text.slice(s, e);
  PARAGRAPH_BREAK.lastIndex = 0;
  let last = 0;
  for (let m = PARAGRAPH_BREAK.exec(chunk); m; m = PARAGRAPH_BREAK.exec(chunk)) {
    pushTrimmed(text, s + last, s + m.index, out, prov);
    last = m.index + m[0].length;
  }
  pushTrimmed(text, s + last, e, out, prov);
}

function pushTrimmed(text: string, s: number, e: number, out: Sentence[], prov: Sentence['prov']): void {
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (e > s) out.push({ start: s, end: e, prov });
}
