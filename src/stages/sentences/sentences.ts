import type { Sentence, Token } from '../../doc/types.ts';
import type { Stage } from '../../pipeline/stage.ts';
import { wink } from '../../nlp/wink.ts';

const NAME = 'sentences';
const VERSION = '1.0.0';

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
  const types = tokenTypes(nlp, wdoc, values);
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
    const end = at + v.length;
    starts[i] = at;
    ends[i] = end;
    cursor = end;
    const kind = types[i]!;
    if (kind !== 'tabCRLF') tokens.push({ start: at, end, kind });
  }
  const prov = { stage: NAME, version: VERSION, rule: 'wink-sbd' };
  const sentences: Sentence[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const spans = wdoc.sentences().out(its.span) as unknown as [number, number][];
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k]!;
    const s = starts[span[0]] ?? 0;
    const e = ends[span[1]] ?? s;
    pushSplit(text, s, e, sentences, prov);
  }
  return { sentences, tokens };
}

type Wink = ReturnType<typeof wink>;
type WinkDoc = ReturnType<Wink['readDoc']>;

/**
 * Token types by token value, per wink instance. A token's type is a property of its lexeme,
 * and wink keeps one lexeme per distinct value (its lexicon has no duplicate values, and a new
 * value gets a lexeme once, typed then), so a value always has the same type in one instance.
 * Asking wink per token costs more than the rest of this stage together.
 */
const typeMemo = new WeakMap<Wink, Map<string, string>>();
/** The memo is dropped when it grows past this many values (it only saves time). */
const MAX_MEMO = 200_000;

function tokenTypes(nlp: Wink, wdoc: WinkDoc, values: readonly string[]): string[] {
  let memo = typeMemo.get(nlp);
  if (!memo || memo.size > MAX_MEMO) {
    memo = new Map();
    typeMemo.set(nlp, memo);
  }
  const types = new Array<string>(values.length);
  const missing: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const t = memo.get(values[i]!);
    if (t === undefined) missing.push(i);
    else types[i] = t;
  }
  if (missing.length === 0) return types;
  // wink recognises its own `its` functions by identity: a bound copy returns nothing.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const type = nlp.its.type;
  if (missing.length * 8 > values.length) {
    const all: string[] = wdoc.tokens().out(type);
    for (const i of missing) memo.set(values[i]!, (types[i] = all[i]!));
  } else {
    const col = wdoc.tokens();
    for (const i of missing) {
      const t = col.itemAt(i).out<string>(type);
      memo.set(values[i]!, (types[i] = t));
    }
  }
  return types;
}

/** Splits [s, e) at paragraph breaks (a newline, spaces or tabs, a newline), left to right. */
function pushSplit(text: string, s: number, e: number, out: Sentence[], prov: Sentence['prov']): void {
  let last = s;
  let i = text.indexOf('\n', s);
  while (i >= 0 && i < e) {
    let j = i + 1;
    while (j < e && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    if (j < e && text.charCodeAt(j) === 10) {
      pushTrimmed(text, last, i, out, prov);
      last = j + 1;
      i = text.indexOf('\n', j + 1);
    } else {
      i = text.indexOf('\n', i + 1);
    }
  }
  pushTrimmed(text, last, e, out, prov);
}

function pushTrimmed(text: string, s: number, e: number, out: Sentence[], prov: Sentence['prov']): void {
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (e > s) out.push({ start: s, end: e, prov });
}

/** The characters of a regex `\s`, by code. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
