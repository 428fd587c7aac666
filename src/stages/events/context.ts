/**
 * The per-document state the sentence rules share: the words, and the places and times of the
 * document indexed once by the sentence that holds them, so no rule scans the whole document.
 */
import type { Place, Span, TimeExpr } from '../../doc/types.ts';
import type { ActorMention } from './arguments.ts';
import type { Word } from './triggers.ts';

export interface DocCtx {
  readonly text: string;
  readonly words: readonly Word[];
  /** DATE and TIME expressions with an absolute value, in layer order. */
  readonly times: readonly TimeExpr[];
  readonly published: string | null;
  /** Per sentence: the places lying wholly inside it, in layer order. */
  readonly placesIn: readonly (readonly Place[])[];
  /** Per sentence: the times (of `times`) lying wholly inside it, in layer order. */
  readonly timesIn: readonly (readonly TimeExpr[])[];
  /** Per place: whether "in" or "at" introduces it (placeFor), read on first need. */
  readonly locative: Map<Place, boolean>;
  /** Per sentence: whether it tells historical background (isBackground), read on first need. */
  readonly background: (boolean | undefined)[];
  /** Per sentence: the subject of its main clause (sentenceSubject), null for none or a question; read on first need. */
  readonly subjects: (ActorMention | null | undefined)[];
  /** Reads the subject of sentence si, for a sentence whose events were not read (it has no trigger). */
  readonly readSubject: (si: number) => ActorMention | null;
}

/** The last person (or the last state or organisation) seen as the subject of a sentence before si, for pronouns. */
export function lastSubject(ctx: DocCtx, si: number, person: boolean): ActorMention | undefined {
  for (let j = si - 1; j >= 0; j--) {
    let subj = ctx.subjects[j];
    if (subj === undefined) ctx.subjects[j] = subj = ctx.readSubject(j);
    if (subj && (subj.actor.kind === 'person') === person) return subj;
  }
  return undefined;
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * Spans grouped by the sentence that wholly contains them, keeping their order; a span across a
 * sentence boundary belongs to none. Sentences are sorted and do not overlap.
 */
export function bySentence<T extends Span>(sentences: readonly Span[], spans: readonly T[]): (readonly T[])[] {
  const out: (T[] | readonly T[])[] = new Array<T[]>(sentences.length);
  for (const x of spans) {
    let lo = 0;
    let hi = sentences.length - 1;
    if (hi < 0) break;
    // the last sentence starting at or before the span
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sentences[mid]!.start <= x.start) lo = mid;
      else hi = mid - 1;
    }
    const s = sentences[lo]!;
    if (x.start < s.start || x.end > s.end) continue;
    ((out[lo] ??= []) as T[]).push(x);
  }
  for (let i = 0; i < out.length; i++) out[i] ??= NONE;
  return out;
}
