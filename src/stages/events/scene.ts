/**
 * Where and when an event happened: the place a locative ("in", "at") introduces near the trigger,
 * and the time expression governing its clause, else the document date.
 */
import type { Place, Span, TimeExpr } from '../../doc/types.ts';
import { loadKb } from '../../kb/kb.ts';
import { isBackground, isSpace, segOf, type Segments } from './clause.ts';
import type { DocCtx } from './context.ts';
import type { EventDate, EventPlace } from './events.ts';
import type { TriggerMatch, Word } from './triggers.ts';


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
    yes = endsInLocative(ctx.text, Math.max(sent.start, p.start - 8), p.start);
    ctx.locative.set(p, yes);
  }
  return yes;
}

/**
 * /\b(in|at)\s+(the\s+)?$/ on text.slice(from, to).toLowerCase(), read in place: the text ends in
 * white space, after "in" or "at", or after "the" and white space after "in" or "at", that word
 * starting the slice or after a character not of a word (lower-casing makes a word character of
 * one character outside ASCII: the Kelvin sign, "k"; and of no other a letter of these words).
 */
function endsInLocative(text: string, from: number, to: number): boolean {
  const ws = spaceBefore(text, from, to);
  if (ws === to) return false;
  if (inOrAtEndingAt(text, from, ws)) return true;
  if (ws - 3 < from || !asciiLower(text, ws - 3, 'the')) return false;
  const ws2 = spaceBefore(text, from, ws - 3);
  return ws2 < ws - 3 && inOrAtEndingAt(text, from, ws2);
}

/** Where the white space ending at `to` starts (`to` when there is none), not before `from`. */
function spaceBefore(text: string, from: number, to: number): number {
  let k = to;
  while (k > from && isSpace(text.charCodeAt(k - 1))) k--;
  return k;
}

/** "in" or "at" (in any case) ending at `end`, with a word boundary before it in text from `from`. */
function inOrAtEndingAt(text: string, from: number, end: number): boolean {
  const at = end - 2;
  if (at < from || !(asciiLower(text, at, 'in') || asciiLower(text, at, 'at'))) return false;
  if (at === from) return true;
  const c = text.charCodeAt(at - 1);
  const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 0x212a;
  return !word;
}

/** Whether text at `at` is `lower` (lower-case ASCII) in any case. */
function asciiLower(text: string, at: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) if ((text.charCodeAt(at + i) | 0x20) !== lower.charCodeAt(i)) return false;
  return true;
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
