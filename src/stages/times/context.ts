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
