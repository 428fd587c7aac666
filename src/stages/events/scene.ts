/**
 * Where and when an event happened: the place a locative ("in", "at") introduces near the trigger,
 * and the time expression governing its clause, else the document date.
 */
import type { Place, Span, TimeExpr } from '../../doc/types.ts';
import { loadKb } from '../../kb/kb.ts';
import { isBackground, segOf, type Segments } from './clause.ts';
import type { DocCtx } from './context.ts';
import type { EventDate, EventPlace } from './events.ts';
import type { TriggerMatch, Word } from './triggers.ts';

const LOCATIVE_BEFORE = /\b(in|at)\s+(the\s+)?$/;

/**
 * The place nearest `anchor` among the places of sentence `si` inside words from..to, introduced
 * by "in" or "at" ("talks in Geneva", "at the Kremlin").
 */
export function placeFor(ctx: DocCtx, si: number, words: readonly Word[], sent: Span, from: number, to: number, anchor: number): EventPlace | undefined {
  if (from > to || !words[from]) return undefined;
  const a = words[from].start;
  const b = words[Math.min(to, words.length - 1)]!.end;
  // the nearest such place, the first of equally near ones: what a stable sort by distance finds
  let best: Place | undefined;
  let bestDist = Infinity;
  // (index loops here and below: these lists are of two kinds, a shared frozen empty one and the
  // rest, and iterating both with for-of allocated an iterator result per step)
  const places = ctx.placesIn[si]!;
  for (let k = 0; k < places.length; k++) {
    const p = places[k]!;
    if (p.start < a || p.end > b) continue;
    const dist = Math.abs(p.start - anchor);
    if (dist < bestDist && locativeBefore(ctx, sent, p)) {
      best = p;
      bestDist = dist;
    }
  }
  if (!best) return undefined;
  const country = best.country ? iso3(best.country) : null;
  return { name: best.name, country: country ?? null, start: best.start, end: best.end };
}

/** "in", "at" or "in the", "at the" just before the place, within its sentence; read once per place. */
function locativeBefore(ctx: DocCtx, sent: Span, p: Place): boolean {
  let yes = ctx.locative.get(p);
  if (yes === undefined) {
    yes = LOCATIVE_BEFORE.test(ctx.text.slice(Math.max(sent.start, p.start - 8), p.start).toLowerCase());
    ctx.locative.set(p, yes);
  }
  return yes;
}

let iso3Cache: Map<string, string> | undefined;
function iso3(iso2: string): string | undefined {
  iso3Cache ??= new Map(loadKb().allStates().map((s) => [s.iso2, s.id]));
  return iso3Cache.get(iso2);
}

/**
 * The date of the event triggered by `m` in sentence `si`: the nearest time expression of its
 * clause (or of the sentence, unless another trigger is nearer to it), else the document date for
 * an event told as happening now.
 */
export function dateFor(ctx: DocCtx, si: number, words: readonly Word[], segs: Segments, sent: Span, m: TriggerMatch, modality: string | undefined, triggerStarts: readonly number[]): EventDate | undefined {
  const head = words[m.headFirst]!;
  const seg = segOf(segs, m.headFirst);
  const segA = words[segs.starts[seg]!]!.start;
  const segB = words[(segs.starts[seg + 1] ?? words.length) - 1]!.end;
  let best: TimeExpr | undefined;
  let bestScore = Infinity;
  const times = ctx.timesIn[si]!;
  for (let k = 0; k < times.length; k++) {
    const t = times[k]!;
    const dist = Math.abs(t.end <= head.start ? head.start - t.end : t.start - head.end);
    const inSeg = t.start >= segA && t.end <= segB;
    // a time in another clause belongs to the trigger nearest to it ("discussed … on Monday … and … a meeting")
    if (!inSeg && nearerTrigger(triggerStarts, t.start, Math.abs(head.start - t.start))) continue;
    const score = dist + (inSeg ? 0 : 200);
    if (score < bestScore) {
      bestScore = score;
      best = t;
    }
  }
  if (best) return { value: best.value, from: 'time-expression', start: best.start, end: best.end, confidence: 0.8 };
  if (!ctx.published || modality) return undefined;
  // "after the Cold War": not on the document date
  const bg = (ctx.background[si] ??= isBackground(ctx.text.slice(sent.start, sent.end)));
  if (bg) return undefined;
  return { value: ctx.published.slice(0, 10), from: 'document-date', confidence: 0.4 };
}

function nearerTrigger(starts: readonly number[], at: number, dist: number): boolean {
  for (const s of starts) if (Math.abs(s - at) < dist) return true;
  return false;
}
