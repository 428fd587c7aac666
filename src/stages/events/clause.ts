/**
 * Clause-level cues for the events stage, read from the words of one sentence without a parser:
 * segments (split at punctuation and clause words), negation, modality, hypotheticals, passives
 * and historical background.
 */
import { lexicon, MODAL_CUE, type ModalityCue, type Word } from './triggers.ts';

/** Punctuation that opens a new segment; ';' and the clause words below also end a trigger's scope. */
const SOFT = new Set([',', '(', ')', '“', '”', '"', '–', '—', ':', '‘', '’']);
const HARD = new Set([';']);
export const CLAUSE_WORDS = new Set(['that', 'which', 'who', 'whom', 'whose', 'while', 'whereas', 'although', 'though', 'because', 'but', 'if', 'unless', 'whether', 'when']);
const HARD_WORDS = new Set(['but', 'while', 'whereas', 'although', 'though', 'because']);
export const AUX = new Set(['do', 'does', 'did', 'has', 'have', 'had', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'will', 'would', 'can', 'could', 'should', 'may', 'might', 'must', "'s", '’s']);
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'get', 'got']);
const ADVERBS = new Set(['also', 'yet', 'still', 'ever', 'really', 'reportedly', 'allegedly', 'already', 'again', 'further', 'now', 'then', 'rather', 'just', 'repeatedly', 'publicly', 'formally', 'officially', 'strongly', 'sharply', 'firmly', 'not', "n't", 'never', 'to']);
const NEG = new Set(['not', "n't", 'never', 'no', 'without', 'nor', 'neither']);
const PRONOUNS = new Set(['it', 'they', 'he', 'she', 'we', 'i']);

/**
 * Word classes (bits of a word's `bits`, decided once per form: words.ts): what the rules test on
 * many words, without a Set lookup each. Bits 0-5, 12-15 and 17-18 are these; 6 and 11 are triggers.ts's,
 * 7 and 16 words.ts's, 8-9 subjects.ts's, 10 arguments.ts's.
 */
export const SOFT_MARK = 1;
export const HARD_MARK = 2;
export const CLAUSE_WORD = 4;
export const HARD_WORD = 8;
export const PRONOUN = 16;
/** "must", "should". */
export const OBLIGATION = 32;
export const AUX_WORD = 1 << 12;
export const ADVERB = 1 << 13;
export const NEG_WORD = 1 << 14;
/** What may stand between a modality cue and its noun: "planning an invasion", "wants a full-scale …". */
export const NOUN_LEAD = 1 << 15;
/** "the"; "a", "an" or "the". */
export const THE = 1 << 17;
export const ARTICLE = 1 << 18;
const NOUN_LEADS = new Set(['a', 'an', 'the', 'its', 'their', 'his', 'her', 'new', 'further', 'possible', 'military', 'full-scale', 'large-scale']);

/** The clause classes of a word form (the bits above), from the word lists. */
export function clauseClass(text: string, lower: string): number {
  let c = (SOFT.has(text) ? SOFT_MARK : 0) | (HARD.has(text) ? HARD_MARK : 0) | (CLAUSE_WORDS.has(lower) ? CLAUSE_WORD : 0) | (HARD_WORDS.has(lower) ? HARD_WORD : 0);
  if (PRONOUNS.has(lower)) c |= PRONOUN;
  if (lower === 'must' || lower === 'should') c |= OBLIGATION;
  if (AUX.has(lower)) c |= AUX_WORD;
  if (ADVERBS.has(lower)) c |= ADVERB;
  if (NEG.has(lower)) c |= NEG_WORD;
  if (NOUN_LEADS.has(lower)) c |= NOUN_LEAD;
  if (lower === 'the') c |= THE | ARTICLE;
  else if (lower === 'a' || lower === 'an') c |= ARTICLE;
  return c;
}

export interface Segments {
  /** Whether the boundary before segment k is hard (';' or a contrastive clause word); unset for a soft one. */
  readonly hardBefore: readonly (boolean | undefined)[];
  /** First word of each segment (a sentence has a few: segOf reads a word's from them, where an array of every word's would be allocated). */
  readonly starts: readonly number[];
}

/** The segment of word i: the last one starting at or before it. */
export function segOf(segs: Segments, i: number): number {
  const starts = segs.starts;
  let k = starts.length - 1;
  while (k > 0 && starts[k]! > i) k--;
  return k;
}

const NO_HARD: readonly boolean[] = [];

/** @example segments(words('Russia, which denied it, attacked')).starts // [0, 2, 4] */
export function segments(words: readonly Word[]): Segments {
  // (made on the first hard boundary: most sentences have none)
  let hardBefore: boolean[] | undefined;
  // the starts gathered in a reused array and copied out at their size
  const starts = startScratch;
  let k = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const c = w.bits;
    const isPunct = w.punct && (c & (SOFT_MARK | HARD_MARK)) !== 0;
    const isClause = (c & CLAUSE_WORD) !== 0 && i > 0;
    if ((isPunct || isClause) && i > starts[k]!) {
      starts[++k] = i;
      if (c & (HARD_MARK | HARD_WORD)) (hardBefore ??= [])[k] = true;
    }
  }
  return { hardBefore: hardBefore ?? NO_HARD, starts: starts.slice(0, k + 1) };
}

const startScratch: number[] = [0];

/** Negation of the trigger at word i: "did not meet", "never attacked", "no talks", "failed to agree". */
export function isNegated(words: readonly Word[], i: number, pos: 'verb' | 'noun'): boolean {
  if (pos === 'noun') {
    for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
      const w = words[k]!.lower;
      if (w === 'no' || w === 'without') return true;
      if (w === 'a' || w === 'an' || w === 'the' || words[k]!.punct) return false;
    }
    return false;
  }
  for (let k = i - 1; k >= Math.max(0, i - 4); k--) {
    const bits = words[k]!.bits;
    if (bits & NEG_WORD) return true;
    const w = words[k]!.lower;
    if (w === 'to' && /^fail/.test(words[k - 1]?.lower ?? '')) return true;
    if (!(bits & (AUX_WORD | ADVERB)) && w !== 'longer') return false;
  }
  return false;
}

/** The modality cue governing the trigger at word i, if any: "may meet", "wants to talk", "planning an invasion". */
export function modalityOf(words: readonly Word[], i: number, pos: 'verb' | 'noun', segStart: number): ModalityCue | undefined {
  const lex = lexicon();
  let sawTo = false;
  for (let k = i - 1; k >= Math.max(segStart, i - 6); k--) {
    const w = words[k]!;
    if (w.punct) return undefined;
    const cues = w.bits & MODAL_CUE ? lex.modality.get(w.lower) : undefined;
    if (cues) {
      const aux = cues.find((c) => c.kind === 'aux');
      if (aux && pos === 'verb' && !sawTo) return aux;
      const verb = cues.find((c) => c.kind !== 'aux');
      if (verb && (sawTo || pos === 'noun')) return verb;
    }
    if (w.lower === 'to') {
      sawTo = true;
      continue;
    }
    if (pos === 'noun' && !(w.bits & NOUN_LEAD) && !sawTo) {
      // "planning an invasion": only determiners and adjectives between the cue and the noun
      if (k < i - 3) return undefined;
    }
    if (pos === 'verb' && !sawTo && !(w.bits & (AUX_WORD | ADVERB))) return undefined;
  }
  return undefined;
}

/** A passive verb trigger: "was attacked by", "were spotted". */
export function isPassive(words: readonly Word[], i: number): boolean {
  const w = words[i]!.lower;
  if (!/(ed|en|wn|ht|ld|nt|ut)$/.test(w)) return false;
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
    const p = words[k]!.lower;
    if (BE.has(p)) return true;
    if (!ADVERBS.has(p)) return false;
  }
  return false;
}

/** Segment opens with "if", "unless" or "whether": a hypothetical. */
export function isHypothetical(words: readonly Word[], segs: Segments, i: number): boolean {
  const s = segs.starts[segOf(segs, i)]!;
  for (let k = s; k <= Math.min(i, s + 1); k++) {
    const w = words[k]!.lower;
    if (w === 'if' || w === 'unless' || w === 'whether') return true;
  }
  return false;
}

const BACKGROUND = /\b(after the cold war|during the cold war|in the past|years ago|decades ago|historically|in the (19|20)\d\ds|since the end of|used to|had (long|always|once|previously|never|already)|has always)\b/i;

/** Historical background: an event the text places before the news, not on the document date. */
export function isBackground(clauseText: string): boolean {
  return BACKGROUND.test(clauseText) || /\bhad\s+(\w+ly\s+)?(been|\w+ed)\b/i.test(clauseText);
}

/** JavaScript's \s. */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
