/**
 * `npm run bench [-- --data PATH] [--seed-runs N]`: articles/s of the pipeline over the
 * Wikinews sample and over the seed repeated, per-stage time, and peak RSS.
 * Single process, single thread: the figures are for one core.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultPipeline } from '../src/pipeline/analyze.ts';
import { Pipeline } from '../src/pipeline/pipeline.ts';
import { loadKb } from '../src/kb/kb.ts';
import { getGazetteer } from '../src/stages/places/gazetteer.ts';
import { loadModel } from '../src/stages/entities/ner/model.ts';
import { normalize, type RawInput } from '../src/stages/normalize/normalize.ts';
import type { Document } from '../src/doc/document.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: { data: { type: 'string' }, 'seed-runs': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log('usage: npm run bench -- [--data PATH] [--seed-runs N]\nPrints articles/s, per-stage ms/article and peak RSS for the pipeline on one core.');
  process.exit(0);
}
const dataDir = resolve(values.data ?? process.env.ATTACHE_DATA ?? join(here, '..', '..', 'shared', 'data'));
const seedRuns = Number(values['seed-runs'] ?? 1000);
const full = defaultPipeline();
let pipeline = full;

let tokens = 0;

function runOnce(inputs: readonly RawInput[], perStage: Map<string, number>): { secs: number; cpuSecs: number; chars: number } {
  let chars = 0;
  tokens = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const raw of inputs) {
    let t = performance.now();
    let doc: Document = normalize(raw);
    perStage.set('normalize', (perStage.get('normalize') ?? 0) + performance.now() - t);
    chars += doc.text.length;
    for (const stage of pipeline.stages) {
      t = performance.now();
      const r = stage.run(doc, { options: {} });
      doc = doc.with(r.layers, r.warnings ?? []);
      if (stage.name === 'sentences') tokens += doc.layer('tokens').length;
      perStage.set(stage.name, (perStage.get(stage.name) ?? 0) + performance.now() - t);
    }
  }
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { secs, cpuSecs: (cpu.user + cpu.system) / 1e6, chars };
}

function report(label: string, inputs: readonly RawInput[]): void {
  runOnce(inputs.slice(0, Math.min(inputs.length, 50)), new Map()); // warm-up: JIT, lazy model loads
  const perStage = new Map<string, number>();
  const { secs, cpuSecs, chars } = runOnce(inputs, perStage);
  const n = inputs.length;
  console.log(`\n${label}: ${n} articles, ${(chars / n).toFixed(0)} chars/article`);
  console.log(`  throughput  ${(n / secs).toFixed(0)} articles/s  (${(chars / secs / 1e6).toFixed(2)} M chars/s)`);
  // CPU time of this process: on a machine shared with other work, wall time overstates the cost.
  console.log(`  per CPU-second  ${(n / cpuSecs).toFixed(0)} articles  (wall/CPU ${(secs / cpuSecs).toFixed(2)}; near 1 when the core was ours)`);
  for (const [name, ms] of perStage) {
    const rate = name === 'ner' ? `  (${((tokens / ms) * 1000).toFixed(0)} tokens/s)` : '';
    console.log(`  ${name.padEnd(10)}  ${(ms / n).toFixed(3)} ms/article  ${((ms / 1000 / secs) * 100).toFixed(0)}%${rate}`);
  }
}

console.log(`node ${process.version}, pipeline: ${['normalize', ...full.stages.map((s) => s.name)].join(' → ')}`);
// Everything loads lazily on first use; time each load on its own, cold.
for (const [what, load] of [
  ['knowledge base', () => loadKb()],
  ['gazetteer', () => getGazetteer()],
  ['NER model', () => loadModel()],
] as const) {
  const t = performance.now();
  load();
  console.log(`load ${what.padEnd(15)} ${(performance.now() - t).toFixed(0)} ms`);
}

const seedPath = join(here, '..', 'examples', 'seed-article.txt');
const CORE = new Set(['metadata', 'sentences', 'times']);
const seed = readFileSync(seedPath, 'utf8');
const seedInputs = Array.from({ length: seedRuns }, (_, i) => ({ id: `seed-${i}`, kind: 'text' as const, body: seed, published: '2022-01-14' }));
// The text stages alone (normalize, metadata, sentences, times): the budget of the first slice.
pipeline = new Pipeline(full.stages.filter((s) => CORE.has(s.name)));
report(`text stages only (normalize → metadata → sentences → times), seed repeated ×${seedRuns}`, seedInputs);
pipeline = full;
report(`full pipeline, seed repeated ×${seedRuns}`, seedInputs);

const wikinews = join(dataDir, 'wikinews-small', 'wikinews_small.jsonl');
if (existsSync(wikinews)) {
  const inputs: RawInput[] = readFileSync(wikinews, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; text: string; date?: string })
    .map((r) => ({ id: r.id, kind: 'text' as const, body: r.text, ...(r.date && /^\d{4}-\d{2}-\d{2}$/.test(r.date) ? { published: r.date } : {}) }));
  report('full pipeline, wikinews-small', inputs);
} else {
  console.log(`\nwikinews-small: SKIPPED — not found at ${wikinews} (pass --data PATH)`);
}
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
