/**
 * Cheap clues from the words around an expression: the tense of its clause and the word
 * before it. Scans a bounded window of the text, no tokenisation.
 */

export type Tense = 'past' | 'future';

// Group 1: future cues; group 2: past cues. "-ed" catches regular past forms; the future
// alternatives come first so "scheduled"/"expected to" count as future.
const CUE_RE =
  /\b(?:(will|won't|shall|going to|plans? to|planned|scheduled|expected|due to|set to|is to|are to|to be held|next|upcoming|later this|as soon as|as early as|ahead of)|(said|says|told|was|were|had|did|met|held|took|gave|came|went|began|spoke|saw|left|won|lost|sent|kept|made|fell|rose|ended|[a-z]{2,}ed))\b|(['’]ll)\b/gi;

const WINDOW_BEFORE = 120;
const WINDOW_AFTER = 80;

function clauseStart(text: string, from: number): number {
  const lo = Math.max(0, from - WINDOW_BEFORE);
  for (let i = from - 1; i >= lo; i--) {
    const c = text.charCodeAt(i);
    // '\n', '.', '!', '?', ';' followed by a space end the clause.
    if (c === 10) return i + 1;
    if ((c === 46 || c === 33 || c === 63 || c === 59) && text.charCodeAt(i + 1) === 32) return i + 1;
  }
  return lo;
}

function clauseEnd(text: string, from: number): number {
  const hi = Math.min(text.length, from + WINDOW_AFTER);
  for (let i = from; i < hi; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 33 || c === 63 || c === 59) return i;
    if (c === 46 && (i + 1 >= text.length || text.charCodeAt(i + 1) === 32)) return i;
  }
  return hi;
}

/**
 * Tense of the clause around [start, end): the nearest verb cue wins, past by default
 * (news reports what happened).
 * @example tenseAt('They will meet on Monday.', 15, 21) // 'future'
 */
export function tenseAt(text: string, start: number, end: number): Tense {
  return cueTense(text, start, end) ?? 'past';
}

/** Like tenseAt, but null when the clause has no verb cue at all. */
export function cueTense(text: string, start: number, end: number): Tense | null {
  const a = clauseStart(text, start);
  const b = clauseEnd(text, end);
  const window = text.slice(a, b);
  CUE_RE.lastIndex = 0;
  let best = Infinity;
  let tense: Tense | null = null;
  for (let m = CUE_RE.exec(window); m; m = CUE_RE.exec(window)) {
    const s = a + m.index;
    const e = s + m[0].length;
    if (s >= start && e <= end) continue;
    const dist = e <= start ? start - e : s - end;
    if (dist < best) {
      best = dist;
      tense = m[2] ? 'past' : 'future';
    }
  }
  return tense;
}

// Strong cues only, for choosing the year of a bare month or month-day: a bare "-ed" form,
// said/was/were/had/ended for the past; will/would/'ll/next/plans to/scheduled/payable/due for
// the future. "expected"/"scheduled"/"planned" come first so they are not read as past forms.
const STRONG_RE =
  /\b(?:(will|won't|would|shall|next|plans? to|planning to|planned|scheduled|payable|due|expected|set to|going to)|(said|was|were|had|ended|[a-z]{3,}ed))\b|(['’]ll)\b/gi;
// "is expected", "must be returned", "has been extended": a participle after these is no past.
const PASSIVE_BEFORE_RE = /\b(?:be|been|being|is|are|am|has|have|to)\s+$/i;
// "by Jan. 14", "until March 6": a deadline, whatever the verb's tense.
const DEADLINE_BEFORE_RE = /\b(?:by|until|till|through|before)\s+$/i;

/**
 * Tense of the clause around [start, end) from strong cues only, or null without one. Used
 * where a wrong guess costs a whole year (a bare "March 31"), so weak cues do not count.
 * @example strongTense('in the year ended March 31', 18, 26) // 'past'
 */
export function strongTense(text: string, start: number, end: number): Tense | null {
  if (DEADLINE_BEFORE_RE.test(text.slice(Math.max(0, start - 8), start))) return null;
  const a = clauseStart(text, start);
  const b = clauseEnd(text, end);
  const window = text.slice(a, b);
  STRONG_RE.lastIndex = 0;
  let best = Infinity;
  let tense: Tense | null = null;
  for (let m = STRONG_RE.exec(window); m; m = STRONG_RE.exec(window)) {
    const s = a + m.index;
    const e = s + m[0].length;
    if (s >= start && e <= end) continue;
    const dist = e <= start ? start - e : s - end;
    if (dist >= best) continue;
    if (m[2] && m[2].length > 4 && PASSIVE_BEFORE_RE.test(window.slice(Math.max(0, m.index - 8), m.index))) continue;
    best = dist;
    tense = m[2] ? 'past' : 'future';
  }
  return tense;
}

/** The sentence around [start, end): back to the last '. ' or line break, on to the next. */
export function sentenceAround(text: string, start: number, end: number): string {
  let a = start;
  const lo = Math.max(0, start - 300);
  while (a > lo && !(text.charCodeAt(a - 1) === 10 || (text.charCodeAt(a - 1) === 32 && /[.!?]/.test(text[a - 2] ?? '')))) a--;
  let b = end;
  const hi = Math.min(text.length, end + 200);
  while (b < hi && text.charCodeAt(b) !== 10 && !(/[.!?]/.test(text[b]!) && (b + 1 >= text.length || text.charCodeAt(b + 1) === 32))) b++;
  return text.slice(a, b);
}

/** The word right before `pos` (lowercased), or '' at the start of a line. */
export function wordBefore(text: string, pos: number): string {
  let i = pos - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  const e = i + 1;
  while (i >= 0 && /[A-Za-z-]/.test(text[i]!)) i--;
  return text.slice(i + 1, e).toLowerCase();
}

/** Whether the next word after `pos` starts with a capital letter (a name follows). */
export function capitalAfter(text: string, pos: number): boolean {
  if (text.charCodeAt(pos) !== 32) return false;
  const c = text.charCodeAt(pos + 1);
  return c >= 65 && c <= 90;
}
