/**
 * The times stage: time expressions with TIMEX3 values, resolved against the published date.
 * Rules for news-relative expressions (rules.ts) plus chrono-node for absolute dates (chrono.ts).
 */
import type { TimeExpr } from '../../doc/types.ts';
import type { Stage } from '../../pipeline/stage.ts';
import { extractTimes, TIMES_STAGE, TIMES_VERSION } from './extract.ts';

export { extractTimes } from './extract.ts';
export type { ExtractTimesOptions } from './extract.ts';

export const timesStage: Stage<'times'> = {
  name: TIMES_STAGE,
  version: TIMES_VERSION,
  requires: ['meta', 'sentences'],
  provides: ['times'],
  run(doc) {
    const published = doc.layer('meta').published;
    const times: TimeExpr[] = extractTimes(doc.text, published.value);
    // A value anchored to a weak publication date (a site's date widget) is only as sure as that date.
    if (published.confidence >= 0.5) return { layers: { times } };
    const weak = times.map((t) => (t.anchored ? { ...t, prov: { ...t.prov, confidence: Math.min(t.prov.confidence ?? 1, published.confidence) } } : t));
    const n = weak.filter((t) => t.anchored).length;
    return {
      layers: { times: weak },
      warnings: n ? [{ code: 'ATT-W005', message: `${n} relative dates ("on Monday", "last month") were resolved against a low-confidence publication date (${published.source}); pass --published YYYY-MM-DD` }] : [],
    };
  },
};
