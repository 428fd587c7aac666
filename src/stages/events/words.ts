/**
 * The words the event rules read: the tokens layer in CoNLL's manner (as conllTokens in the NER
 * stage makes them, "NATO-Russia" one word), each with its lower-case form and whether it is
 * punctuation. Word forms are interned across documents, so a form is lower-cased, classified and
 * hashed once per process, not once per occurrence.
 */
import type { Token } from '../../doc/types.ts';
import type { Actor } from './arguments.ts';
import type { TriggerEntry, Word } from './triggers.ts';
import { firstEndingAfter, firstStartingAt } from '../../doc/spans.ts';

/** Token kinds that join across a hyphen written without spaces; the NER stage's WORDLIKE. */
const WORDLIKE = new Set(['word', 'number', 'email', 'hashtag', 'mention', 'url']);

/**
 * A distinct word form of the process. Besides its spellings it keeps what the rules ask of every
 * word, worked out on first need by the module that asks (a Set or Map lookup per occurrence costs
 * more than the rest of most word tests): the fields below are those memos, unread until filled.
 */
export interface Form {
  readonly text: string;
  readonly lower: string;
  readonly punct: boolean;
  readonly hash: number;
  /** triggers.ts: the lexicon entries whose first word this form is; null for none. */
  triggers: readonly TriggerEntry[] | null | undefined;
  /** clause.ts: the word classes of the form (wordClass, a bit set); -1 until read. */
  cls: number;
  /** actors.ts: the state a capitalised form names ("Ukraine", "Russian"); null for none. */
  state: Actor | null | undefined;
}

/**
 * Interned forms in an open-addressing table keyed by the characters themselves, so looking up a
 * word of the text needs no substring: most words are found without allocating anything.
 */
let table: (Form | undefined)[] = new Array<Form | undefined>(1 << 12);
let used = 0;
/** Bounds the interned forms of a long-running process; a vocabulary this large is rare. */
const MAX_FORMS = 1 << 18;

function formAt(text: string, start: number, end: number): Form {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  const mask = table.length - 1;
  let at = h & mask;
  for (;;) {
    const f = table[at];
    if (f === undefined) break;
    if (f.hash === h && sameChars(f.text, text, start, end)) return f;
    at = (at + 1) & mask;
  }
  const t = text.slice(start, end);
  const lower = t.toLowerCase();
  const f: Form = { text: t, lower: lower === '’s' ? "'s" : lower, punct: isPunct(t), hash: h, triggers: undefined, cls: -1, state: undefined };
  if ((used + 1) * 2 > table.length) {
    grow();
    insert(f);
  } else table[at] = f;
  used++;
  return f;
}

function sameChars(form: string, text: string, start: number, end: number): boolean {
  if (form.length !== end - start) return false;
  for (let i = 0; i < form.length; i++) if (form.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** Doubles the table, or starts it afresh once it holds MAX_FORMS. */
function grow(): void {
  const old = table;
  table = new Array<Form | undefined>(old.length >= MAX_FORMS * 2 ? old.length : old.length * 2);
  if (old.length >= MAX_FORMS * 2) {
    used = 0;
    return;
  }
  for (const f of old) if (f) insert(f);
}

function insert(f: Form): void {
  const mask = table.length - 1;
  let at = f.hash & mask;
  while (table[at] !== undefined) at = (at + 1) & mask;
  table[at] = f;
}

/**
 * The document's words from its tokens: word-hyphen-word runs written without spaces are one word.
 *
 * @example buildWords('NATO-Russia talks', tokens).map((w) => w.lower) // ['nato-russia', 'talks']
 */
export function buildWords(text: string, tokens: readonly Token[]): Word[] {
  const n = tokens.length;
  const out: Word[] = [];
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    let end = t.end;
    // most words are followed by no hyphen: test that before the token kinds
    if (i + 2 < n && tokens[i + 1]!.start === end && text.charCodeAt(end) === 45 && WORDLIKE.has(t.kind)) {
      while (i + 2 < n) {
        const h = tokens[i + 1]!;
        const b = tokens[i + 2]!;
        if (h.start !== end || b.start !== h.end || h.end - h.start !== 1 || text.charCodeAt(h.start) !== 45 || !WORDLIKE.has(b.kind)) break;
        end = b.end;
        i += 2;
      }
    }
    const f = formAt(text, t.start, end);
    out.push({ start: t.start, end, text: f.text, lower: f.lower, punct: f.punct, form: f });
  }
  return out;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** No letter or digit in it. */
export function isPunct(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return false;
    if (c > 127 && LETTER_OR_DIGIT.test(t[i]!)) return false;
  }
  return true;
}

/** The words (inclusive indices) a character span covers, by binary search; undefined when none. */
export function wordRange(words: readonly Word[], start: number, end: number): { first: number; last: number } | undefined {
  const lo = firstEndingAfter(words, start);
  if (lo >= words.length || words[lo]!.start >= end) return undefined;
  let last = lo;
  while (last + 1 < words.length && words[last + 1]!.start < end) last++;
  return { first: lo, last };
}

/** Index of the first word starting at or after `offset` (words.length when none). */
export function firstWordFrom(words: readonly Word[], offset: number): number {
  return firstStartingAt(words, offset);
}
