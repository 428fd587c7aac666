/**
 * `npm run eval [-- --data PATH] [--only NAME]`: scores each stage on the gold data sets
 * under the data folder and fails when a metric falls below its floor in eval/floors.json.
 * A missing data set is skipped with a message, never failed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { EvalTask } from '../src/eval/task.ts';
import { timebankTask } from '../src/eval/timebank.ts';
import { readabilityTask } from '../src/eval/readability.ts';
import { seedTask } from '../src/eval/seed.ts';
import { conllTask } from '../src/eval/conll.ts';
import { geoTask } from '../src/eval/geo.ts';
import { polnearTask } from '../src/eval/polnear.ts';
import { ploverTask } from '../src/eval/plover.ts';

const here = dirname(fileURLToPath(import.meta.url));
const TASKS: readonly EvalTask[] = [seedTask, timebankTask, readabilityTask, conllTask, geoTask, polnearTask, ploverTask];

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(`usage: npm run eval -- [--data PATH] [--only NAME]

Scores each stage on the gold data under PATH (default ../shared/data) and fails
when a metric falls below its floor in eval/floors.json.
Tasks: ${TASKS.map((t) => `${t.name} (${t.dataset})`).join(', ')}`);
  process.exit(0);
}

const dataDir = resolve(values.data ?? process.env.ATTACHE_DATA ?? join(here, '..', '..', 'shared', 'data'));
const floors = (JSON.parse(readFileSync(join(here, 'floors.json'), 'utf8')) as { floors: Record<string, number> }).floors;

let failed = 0;
let ran = 0;
for (const task of TASKS) {
  if (values.only && task.name !== values.only) continue;
  const dir = task.dataset.startsWith('/') ? task.dataset : join(dataDir, task.dataset);
  if (!existsSync(dir)) {
    console.log(`[eval] ${task.name}: SKIPPED — data set not found at ${dir} (pass --data PATH)`);
    continue;
  }
  const t0 = performance.now();
  let metrics: Record<string, number>;
  try {
    metrics = await task.run(dir, (line) => console.log(`[eval] ${task.name}: ${line}`));
  } catch (err) {
    failed++;
    console.error(`[eval] ${task.name}: FAILED — ${err instanceof Error ? err.message : String(err)}`);
    continue;
  }
  ran++;
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`[eval] ${task.name} — ${task.description} (${secs}s)`);
  for (const [k, v] of Object.entries(metrics)) {
    const key = `${task.name}.${k}`;
    const floor = floors[key];
    const shown = Number.isInteger(v) ? String(v) : v.toFixed(4);
    let mark = '';
    if (floor !== undefined) {
      const ok = v >= floor;
      if (!ok) failed++;
      mark = ok ? `  (floor ${floor}: ok)` : `  (floor ${floor}: BELOW FLOOR)`;
    }
    console.log(`  ${key.padEnd(34)} ${shown}${mark}`);
  }
}
if (ran === 0) console.log('[eval] no data set found: nothing scored');
if (failed > 0) {
  console.error(`[eval] ${failed} metric(s) below their floor`);
  process.exit(1);
}
console.log('[eval] all metrics at or above their floors');
