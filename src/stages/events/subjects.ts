/**
 * Who does what, read from word order without a parser: the subject of a clause (the leftmost actor
 * not inside a prepositional phrase), a pronoun subject resolved to the last person or state seen,
 * and the next actor after a preposition.
 */
import type { ActorMention } from './arguments.ts';
import { PRONOUN, segOf, THE, type Segments } from './clause.ts';
import { lastSubject, type DocCtx } from './context.ts';
import type { Word } from './triggers.ts';

/** Prepositions that put an actor out of the subject's place ("in Kyiv", "for NATO"). */
export const LOCATIVE = new Set(['in', 'at', 'near', 'along', 'across', 'inside', 'outside', 'within', 'throughout', 'around', 'over', 'during', 'after', 'before', 'since', 'from', 'into', 'about', 'like', 'as', 'than', 'by', 'of', 'for', 'between', 'among', 'under', 'despite']);
/** Prepositions that introduce the target of an act ("talks with Russia", "sanctions against Iran"). */
export const TARGET_PREPS = new Set(['to', 'with', 'against', 'on', 'toward', 'towards', 'upon']);
/** Word class bits (a word's `bits`, see clause.ts): in LOCATIVE, in TARGET_PREPS. */
export const LOCATIVE_PREP = 1 << 8;
export const TARGET_PREP = 1 << 9;

/** The preposition classes of a word form (the bits above). */
export function prepositionClass(lower: string): number {
  return (LOCATIVE.has(lower) ? LOCATIVE_PREP : 0) | (TARGET_PREPS.has(lower) ? TARGET_PREP : 0);
}

/** Possessive pronouns and whom they stand for. */
export const POSSESSIVE_PRON = new Map([['his', 'person'], ['her', 'person'], ['its', 'thing'], ['their', 'thing']]);

/** Not the object of a preposition ("in the UK"). */
export function notInPp(words: readonly Word[], m: ActorMention): boolean {
  let k = m.first - 1;
  if ((words[k]?.bits ?? 0) & THE) k--;
  return !((words[k]?.bits ?? 0) & (LOCATIVE_PREP | TARGET_PREP));
}

/** The subject noun phrase of the clause before word `before`: the leftmost actor not inside a prepositional phrase. */
export function subjectOf(words: readonly Word[], segs: Segments, mentions: readonly ActorMention[], segFrom: number, before: number): ActorMention | undefined {
  const seg = segOf(segs, Math.min(before, words.length - 1));
  for (let s = seg; s >= 0; s--) {
    const a = segs.starts[s]!;
    const b = s === seg ? before : (segs.starts[s + 1] ?? words.length);
    if (s < seg && appositive(words, a)) continue;
    const cand = subjectIn(words, mentions, Math.max(a, segFrom), b);
    if (cand) {
      // "Wendy Sherman, Deputy US Secretary of State, complained": the name, not its appositive
      const prev = s > 0 ? soleMention(words, mentions, segs.starts[s - 1]!, a) : undefined;
      return s < seg && prev ? prev : cand;
    }
    if (s < seg && segs.hardBefore[s + 1]) break;
    if (s === seg || !appositive(words, a)) {
      // a clause of its own with a pronoun subject
      for (let k = a; k < b; k++) if (words[k]!.bits & PRONOUN) return undefined;
    }
  }
  return undefined;
}

/** The first mention inside words from..b-1 that is not the object of a preposition. */
function subjectIn(words: readonly Word[], mentions: readonly ActorMention[], from: number, b: number): ActorMention | undefined {
  for (const m of mentions) if (m.first >= from && m.last < b && notInPp(words, m)) return m;
  return undefined;
}

/** The one actor a segment consists of ("”Josep Borrell,"), if it is nothing else. */
function soleMention(words: readonly Word[], mentions: readonly ActorMention[], a: number, b: number): ActorMention | undefined {
  const inside = mentions.filter((m) => m.first >= a && m.last < b);
  if (inside.length !== 1) return undefined;
  const m = inside[0]!;
  for (let k = a; k < b; k++) if ((k < m.first || k > m.last) && !words[k]!.punct) return undefined;
  return m;
}

function appositive(words: readonly Word[], start: number): boolean {
  let k = start;
  if (words[k]?.punct) k++;
  return /^(the|a|an|who|which|whose|its|his|her|their|former|named)$/.test(words[k]?.lower ?? '');
}

/** The pronoun subject of the clause (in sentence si), resolved to the last person or state seen. */
export function pronounSubject(ctx: DocCtx, si: number, words: readonly Word[], segs: Segments, before: number): ActorMention | undefined {
  const seg = segOf(segs, before);
  for (let k = segs.starts[seg]!; k < before; k++) {
    const w = words[k]!.lower;
    if (w === 'he' || w === 'she') return lastSubject(ctx, si, true);
    if (w === 'it' || w === 'they') return lastSubject(ctx, si, false);
  }
  return undefined;
}

/** The first actor starting in words from..to that a preposition in `preps` (or none, or any) introduces. */
export function nextActor(words: readonly Word[], mentions: readonly ActorMention[], from: number, to: number, preps: ReadonlySet<string> | 'any'): ActorMention | undefined {
  for (const m of mentions) {
    if (m.first < from || m.first > to) continue;
    let k = m.first - 1;
    if ((words[k]?.bits ?? 0) & THE) k--;
    const bits = words[k]?.bits ?? 0;
    const inPreps = preps === TARGET_PREPS ? (bits & TARGET_PREP) !== 0 : preps !== 'any' && preps.has(words[k]?.lower ?? '');
    if (preps === 'any' || inPreps || (k < from && !(bits & LOCATIVE_PREP))) return m;
    if (bits & (LOCATIVE_PREP | TARGET_PREP)) continue;
    return m;
  }
  return undefined;
}
