import type { Span } from './types.ts';

/**
 * Binary searches over spans sorted by start (and, for the end-keyed search, by end): the
 * stages look words, sentences, paragraphs and cues up by character offset many times per
 * document, and each once wrote its own loop.
 */

/** Index of the first span starting at or after `pos`; spans.length when none. */
export function firstStartingAt(spans: readonly Span[], pos: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first span ending after `pos`; spans.length when none. */
export function firstEndingAfter(spans: readonly Span[], pos: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the span containing `pos`; -1 when `pos` falls in no span (non-overlapping spans). */
export function indexContaining(spans: readonly Span[], pos: number): number {
  const i = firstEndingAfter(spans, pos);
  return i < spans.length && spans[i]!.start <= pos ? i : -1;
}
