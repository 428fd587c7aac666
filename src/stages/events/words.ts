/**
 * The words the event rules read: the tokens layer in CoNLL's manner (as conllTokens in the NER
 * stage makes them, "NATO-Russia" one word), each with its lower-case form and whether it is
 * punctuation. Word forms are interned across documents, so a form is lower-cased, classified and
 * hashed once per process, not once per occurrence.
 */
import type { Token } from '../../doc/types.ts';
import { roleClass, type Actor } from './arguments.ts';
import { clauseClass } from './clause.ts';
import { prepositionClass } from './subjects.ts';
import { lexiconClass, type TriggerEntry, type Word } from './triggers.ts';
import { firstEndingAfter, firstStartingAt } from '../../doc/spans.ts';

/** Word class bits (a word's `bits`, see clause.ts): not punctuation, 3 letters or more, an ASCII capital first (a state's name?); punctuation. */
export const CAPITALISED = 1 << 7;
export const PUNCT = 1 << 16;

/** Token kinds that join across a hyphen written without spaces; the NER stage's WORDLIKE. */
const WORDLIKE = new Set(['word', 'number', 'email', 'hashtag', 'mention', 'url']);

/**
 * A distinct word form of the process. Besides its spellings it keeps what the rules ask of every
 * word (a Set or Map lookup per occurrence costs more than the rest of most word tests): its word
 * classes, decided when it is first seen, and answers worked out on first need by the module that
 * asks, unread until filled.
 */
export interface Form {
  readonly text: string;
  readonly lower: string;
  readonly punct: boolean;
  /** The word classes (bits: clause.ts, triggers.ts, subjects.ts, arguments.ts, CAPITALISED), also kept in its table slot. */
  readonly bits: number;
  /** triggers.ts: the lexicon entries whose first word this form is; null for none. */
  triggers: readonly TriggerEntry[] | null | undefined;
  /** actors.ts: the state a capitalised form names ("Ukraine", "Russian"); null for none. */
  state: Actor | null | undefined;
}

/** The word classes of a new form. */
function formBits(text: string, lower: string, punct: boolean): number {
  let bits = clauseClass(text, lower) | lexiconClass(lower, punct) | prepositionClass(lower) | roleClass(lower);
  const c = text.charCodeAt(0);
  if (!punct && text.length >= 3 && c >= 65 && c <= 90) bits |= CAPITALISED;
  if (punct) bits |= PUNCT;
  return bits;
}

/**
 * Interned forms in an open-addressing table keyed by the characters themselves, read from the
 * text's UTF-16 code units in a typed array (a string's charCodeAt dispatches on its representation
 * at every call): a word of the text is looked up without a substring, and mostly without allocating.
 *
 * The table is one Int32Array of SLOT-int records, so that a probe reads one cache line (the other
 * stages leave little of the events stage's data in the caches): the hash, the length (0 for an
 * empty slot: no word is empty), the form's index in `forms`, where its characters start in `pool`,
 * its word classes (so that a word gets them without reading its Form object), and its first
 * INLINE characters packed two to an int, which decide most comparisons.
 */
const SLOT = 8;
const INLINE = 6;
const CHARS = 5;
let slots = new Int32Array(0);
let forms: Form[] = [];
let pool = new Uint16Array(1 << 16);
let pooled = 0;
/** Bounds the interned forms of a long-running process; a vocabulary this large is rare. */
const MAX_FORMS = 1 << 18;
resetTable(1 << 12);

function resetTable(size: number): void {
  slots = new Int32Array(size * SLOT);
  forms = [];
  pooled = 0;
}

/** The slot (its offset in `slots`) of the form of code units codes[start..end), interned on first sight. */
function slotOf(codes: Uint16Array, text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ codes[i]!, 0x01000193);
  const len = end - start;
  // slot records start at multiples of SLOT, and the table's length is a power of two
  const mask = slots.length - 1;
  let at = (h * SLOT) & mask;
  for (;;) {
    const l = slots[at + 1]!;
    if (l === 0) break;
    if (l === len && slots[at] === h && sameChars(at, codes, start, len)) return at;
    at = (at + SLOT) & mask;
  }
  const t = text.slice(start, end);
  const lowered = t.toLowerCase();
  const lower = lowered === '’s' ? "'s" : lowered;
  const punct = isPunct(t);
  const f: Form = { text: t, lower, punct, bits: formBits(t, lower, punct), triggers: undefined, state: undefined };
  if ((forms.length + 1) * 2 * SLOT > slots.length) {
    grow();
    at = (h * SLOT) & (slots.length - 1);
    while (slots[at + 1] !== 0) at = (at + SLOT) & (slots.length - 1);
  }
  if (pooled + len > pool.length) {
    const bigger = new Uint16Array(Math.max(pool.length * 2, pooled + len));
    bigger.set(pool.subarray(0, pooled));
    pool = bigger;
  }
  pool.set(codes.subarray(start, end), pooled);
  slots[at] = h;
  slots[at + 1] = len;
  slots[at + 2] = forms.length;
  slots[at + 3] = pooled;
  slots[at + 4] = f.bits;
  for (let i = 0; i < INLINE && i < len; i += 2) slots[at + CHARS + (i >> 1)] = codes[start + i]! | (i + 1 < len ? codes[start + i + 1]! << 16 : 0);
  forms.push(f);
  pooled += len;
  return at;
}

/** Whether the form in the slot at `at` (of length len) has the code units codes[start..start+len). */
function sameChars(at: number, codes: Uint16Array, start: number, len: number): boolean {
  const n = len < INLINE ? len : INLINE;
  for (let i = 0; i < n; i += 2) {
    const packed = codes[start + i]! | (i + 1 < len ? codes[start + i + 1]! << 16 : 0);
    if (slots[at + CHARS + (i >> 1)] !== packed) return false;
  }
  const off = slots[at + 3]!;
  for (let i = INLINE; i < len; i++) if (pool[off + i] !== codes[start + i]) return false;
  return true;
}

/** Doubles the table, or starts it (and the pool) afresh once it holds MAX_FORMS. */
function grow(): void {
  if (forms.length >= MAX_FORMS) {
    resetTable(slots.length / SLOT);
    return;
  }
  const old = slots;
  slots = new Int32Array(old.length * 2);
  const mask = slots.length - 1;
  for (let k = 0; k < old.length; k += SLOT) {
    if (old[k + 1] === 0) continue;
    let at = (old[k]! * SLOT) & mask;
    while (slots[at + 1] !== 0) at = (at + SLOT) & mask;
    slots.set(old.subarray(k, k + SLOT), at);
  }
}

/** A reused buffer for the text's code units (UTF-16LE bytes, read as a Uint16Array). */
let unitsBuffer = Buffer.alloc(1 << 15);

/** The UTF-16 code units of `text`, in a buffer that the next call overwrites. */
function codeUnits(text: string): Uint16Array {
  if (unitsBuffer.length < text.length * 2) unitsBuffer = Buffer.alloc(text.length * 4);
  unitsBuffer.write(text, 0, 'utf16le');
  return new Uint16Array(unitsBuffer.buffer, unitsBuffer.byteOffset, text.length);
}

/**
 * The Word objects buildWords hands out, reused from one document to the next: a document's words
 * are read within one extractEvents call, and allocating some thousand objects per document cost
 * more than the rest of building them (and the garbage collections they brought on).
 */
const wordPool: PooledWord[] = [];
/** The list buildWords returns, reused likewise. */
const wordList: Word[] = [];
/** Words of a longer document than this are allocated afresh beyond it, so the pool stays small. */
const MAX_POOLED = 1 << 16;

/** A word as buildWords makes it: its span and its form, whose spellings it reads (so a word is three fields to write). */
class PooledWord implements Word {
  start = 0;
  end = 0;
  bits = 0;
  constructor(public form: Form) {}
  get text(): string {
    return this.form.text;
  }
  get lower(): string {
    return this.form.lower;
  }
  get punct(): boolean {
    return (this.bits & PUNCT) !== 0;
  }
}

/**
 * The document's words from its tokens: word-hyphen-word runs written without spaces are one word.
 * The list and its Word objects are rewritten by the next call: read them before building another
 * document's.
 *
 * @example buildWords('NATO-Russia talks', tokens).map((w) => w.lower) // ['nato-russia', 'talks']
 */
export function buildWords(text: string, tokens: readonly Token[]): Word[] {
  const n = tokens.length;
  const codes = codeUnits(text);
  // (filled in place: emptying the list would drop its storage)
  const out = wordList;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    let end = t.end;
    // most words are followed by no hyphen: test that before the token kinds
    if (i + 2 < n && tokens[i + 1]!.start === end && codes[end] === 45 && WORDLIKE.has(t.kind)) {
      while (i + 2 < n) {
        const h = tokens[i + 1]!;
        const b = tokens[i + 2]!;
        if (h.start !== end || b.start !== h.end || h.end - h.start !== 1 || codes[h.start] !== 45 || !WORDLIKE.has(b.kind)) break;
        end = b.end;
        i += 2;
      }
    }
    const at = slotOf(codes, text, t.start, end);
    const f = forms[slots[at + 2]!]!;
    let w = wordPool[count];
    if (w === undefined) {
      w = new PooledWord(f);
      if (wordPool.length < MAX_POOLED) wordPool.push(w);
    }
    w.start = t.start;
    w.end = end;
    w.form = f;
    w.bits = slots[at + 4]!;
    if (count < out.length) out[count] = w;
    else out.push(w);
    count++;
  }
  out.length = count;
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
  const first = firstWordIn(words, start, end);
  return first < 0 ? undefined : { first, last: lastWordIn(words, first, end) };
}

/** The first word a character span covers, or -1 for none: wordRange's first, without an object. */
export function firstWordIn(words: readonly Word[], start: number, end: number): number {
  const lo = firstEndingAfter(words, start);
  return lo >= words.length || words[lo]!.start >= end ? -1 : lo;
}

/** The last word a character span covers, from its first: wordRange's last. */
export function lastWordIn(words: readonly Word[], first: number, end: number): number {
  let last = first;
  while (last + 1 < words.length && words[last + 1]!.start < end) last++;
  return last;
}

/** Index of the first word starting at or after `offset` (words.length when none). */
export function firstWordFrom(words: readonly Word[], offset: number): number {
  return firstStartingAt(words, offset);
}
