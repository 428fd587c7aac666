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
    const ref = doc.layer('meta').published.value;
    const times: TimeExpr[] = extractTimes(doc.text, ref);
    return { layers: { times } };
  },
};
