import type { TimeExpr } from '../../doc/types.ts';
import { chronoCandidates } from './chrono.ts';
import { type Candidate, RULES, ruleCandidates } from './rules.ts';
import { parseRef, refDay } from './timex.ts';

export const TIMES_STAGE = 'times';
export const TIMES_VERSION = '1.0.0';

export interface ExtractTimesOptions {
  /** Run chrono-node for absolute dates and clock times (default true). */
  readonly chrono?: boolean;
}

const ruleRank = new Map<string, number>(RULES.map((r, i) => [r.name, i]));

function rank(c: Candidate): number {
  // Our rules beat chrono on equal spans; among rules, their order in RULES.
  return c.rule.startsWith('chrono') ? 100 : (ruleRank.get(c.rule.split('-')[0]!) ?? 50);
}

/**
 * Time expressions in `text` with TIMEX3 values resolved against the reference date `ref`
 * (the published date: '2022-01-14', '2022-01-14T09:30', '2022-01' or null).
 * With `ref` null, relative expressions get underspecified values ('XXXX-01', 'XXXX-WXX-1').
 *
 * @example
 * extractTimes('Ministers met on Monday.', '2022-01-14')
 * // [{ start: 15, end: 21, text: 'Monday', value: '2022-01-10', type: 'DATE', anchored: true, ... }]
 */
export function extractTimes(text: string, ref: string | null, opts: ExtractTimesOptions = {}): TimeExpr[] {
  const r = parseRef(ref);
  const ctx = { text, ref: r, refDay: refDay(r) };
  const cands: Candidate[] = [];
  ruleCandidates(ctx, cands);
  if (opts.chrono !== false) chronoCandidates(text, r, ctx.refDay, cands);
  // Longest span first; on ties, the higher-ranked rule. Then keep what does not overlap.
  cands.sort((a, b) => b.end - b.start - (a.end - a.start) || rank(a) - rank(b) || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of cands) {
    let free = true;
    for (const k of kept) {
      if (c.start < k.end && k.start < c.end) {
        free = false;
        break;
      }
    }
    if (free) kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start);
  const prov = (c: Candidate) => ({ stage: TIMES_STAGE, version: TIMES_VERSION, rule: c.rule, confidence: c.confidence });
  return kept.map((c) => ({
    start: c.start,
    end: c.end,
    text: text.slice(c.start, c.end),
    value: c.value,
    type: c.type,
    anchored: c.anchored,
    prov: prov(c),
  }));
}
