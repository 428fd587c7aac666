/**
 * Toponym resolution scored on the geoparsing corpora of Gritta et al. ("A Pragmatic Guide to
 * Geoparsing Evaluation"): LGL (local US news), TR-News (news) and GeoVirus (WikiNews on
 * epidemics), under <data>/geo/Corpora.
 *
 * Each GOLD toponym span is resolved with resolvePlaces, given all the article's gold toponyms
 * as the other candidates (the document-level context our stage has from NER). A toponym counts
 * as right when the resolved point is within 161 km (100 miles) of the gold point; an
 * unresolved one counts as wrong. Toponyms without coordinates in the gold are skipped.
 *
 * `node bin/run.js src/eval/geo.ts [DATA_DIR]` prints the metrics and the worst errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getGazetteer } from '../stages/places/gazetteer.ts';
import { km, resolvePlaces, type Place, type PlaceCandidate } from '../stages/places/resolve.ts';
import type { EvalTask } from './task.ts';

export interface GoldToponym {
  readonly start: number;
  readonly end: number;
  readonly phrase: string;
  readonly lat: number;
  readonly lon: number;
}

export interface GoldArticle {
  readonly text: string;
  readonly toponyms: readonly GoldToponym[];
}

export const GEO_CORPORA = [
  { key: 'lgl', file: 'lgl.xml' },
  { key: 'trnews', file: 'TR-News.xml' },
  { key: 'geovirus', file: 'GeoVirus.xml' },
] as const;

export interface GeoError {
  readonly corpus: string;
  readonly phrase: string;
  readonly context: string;
  readonly km: number | null;
  readonly got: string;
  readonly gold: string;
}

export interface GeoResult {
  readonly metrics: Record<string, number>;
  readonly errors: readonly GeoError[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string): string =>
  s.replace(/&(#x?[0-9a-fA-F]+|\w+);/g, (all, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e] ?? all),
  );

/** The inner text of <tag>, CDATA or escaped; null when absent. */
function field(xml: string, tag: string): string | null {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml);
  if (!m?.[1]) return null;
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(m[1]);
  return cdata?.[1] !== undefined ? cdata[1] : unescape(m[1]);
}

/**
 * Articles of one corpus. LGL and TR-News write `<toponym><start><end><phrase><gaztag><lat><lon>`,
 * GeoVirus `<location><name><start><end><lat><lon>`. Offsets are off by one in parts of TR-News
 * and in all of GeoVirus, so each span is re-anchored on the nearest occurrence of its phrase.
 */
export function readGeoCorpus(xml: string): GoldArticle[] {
  const out: GoldArticle[] = [];
  for (const a of xml.split(/<article[\s>]/).slice(1)) {
    const text = field(a, 'text');
    if (text === null) continue;
    const toponyms: GoldToponym[] = [];
    for (const t of a.split(/<(?:toponym|location)>/).slice(1)) {
      const phrase = field(t, 'phrase') ?? field(t, 'name');
      const lat = field(t, 'lat');
      const lon = field(t, 'lon');
      const start = Number(field(t, 'start'));
      if (!phrase || lat === null || lon === null || Number.isNaN(start)) continue;
      const at = anchor(text, phrase.trim(), start);
      if (at < 0) continue;
      toponyms.push({ start: at, end: at + phrase.trim().length, phrase: phrase.trim(), lat: Number(lat), lon: Number(lon) });
    }
    out.push({ text, toponyms });
  }
  return out;
}

function anchor(text: string, phrase: string, near: number): number {
  for (const d of [0, -1, 1, -2, 2, -3, 3]) if (text.startsWith(phrase, near + d)) return near + d;
  return -1;
}

/** Scores resolvePlaces on the corpora found in `corporaDir`. */
export function scoreGeo(corporaDir: string): GeoResult {
  const gaz = getGazetteer();
  const metrics: Record<string, number> = {};
  const errors: GeoError[] = [];
  const dists: number[] = [];
  let right = 0;
  let total = 0;
  let resolved = 0;
  for (const { key, file } of GEO_CORPORA) {
    const path = join(corporaDir, file);
    if (!existsSync(path)) continue;
    let r = 0;
    let n = 0;
    for (const art of readGeoCorpus(readFileSync(path, 'utf8'))) {
      const cands: PlaceCandidate[] = art.toponyms.map((t) => ({ start: t.start, end: t.end, text: t.phrase }));
      const byStart = new Map<number, Place>(resolvePlaces(art.text, cands, {}, gaz).map((p) => [p.start, p]));
      for (const t of art.toponyms) {
        n++;
        const p = byStart.get(t.start);
        const d = p ? km(p.lat, p.lon, t.lat, t.lon) : null;
        if (d !== null) {
          resolved++;
          dists.push(d);
        }
        if (d !== null && d <= 161) r++;
        else {
          errors.push({
            corpus: key,
            phrase: t.phrase,
            context: art.text.slice(Math.max(0, t.start - 40), t.end + 40).replace(/\s+/g, ' '),
            km: d,
            got: p ? `${p.name} ${p.country ?? '-'} (${p.kind}, ${p.prov.rule})` : 'unresolved',
            gold: `${t.lat},${t.lon}`,
          });
        }
      }
    }
    metrics[`acc161_${key}`] = n ? r / n : 0;
    metrics[`n_${key}`] = n;
    right += r;
    total += n;
  }
  dists.sort((a, b) => a - b);
  return {
    metrics: {
      acc161: total ? right / total : 0,
      ...metrics,
      n: total,
      coverage: total ? resolved / total : 0,
      median_km: dists.length ? Math.round(dists[Math.floor(dists.length / 2)] ?? 0) : 0,
    },
    errors,
  };
}

export const geoTask: EvalTask = {
  name: 'geo',
  dataset: 'geo',
  description: 'toponym resolution, accuracy within 161 km (LGL, TR-News, GeoVirus)',
  run(dir, log) {
    const t0 = performance.now();
    const gaz = getGazetteer();
    log(`gazetteer ready in ${Math.round(performance.now() - t0)} ms (${gaz.stats.cities} cities)`);
    return Promise.resolve(scoreGeo(join(dir, 'Corpora')).metrics);
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const dir = resolve(process.argv[2] ?? join(here, '..', '..', '..', 'shared', 'data', 'geo'));
  const t0 = performance.now();
  const gaz = getGazetteer();
  const loadMs = performance.now() - t0;
  const { metrics, errors } = scoreGeo(join(dir, 'Corpora'));
  for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(18)} ${Number.isInteger(v) ? v : v.toFixed(4)}`);
  console.log(`gazetteer load ${loadMs.toFixed(0)} ms (${gaz.stats.cities} cities, ${gaz.stats.names} names); rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(`${e.corpus}\t${e.phrase}\t${e.got}`, (counts.get(`${e.corpus}\t${e.phrase}\t${e.got}`) ?? 0) + 1);
  console.log('\nmost frequent errors (corpus, phrase, got):');
  for (const [k, c] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.GEO_ERRORS ?? 40))) console.log(`${String(c).padStart(4)}  ${k}`);
  console.log('\nworst errors by distance:');
  for (const e of [...errors].filter((e) => e.km !== null).sort((a, b) => (b.km ?? 0) - (a.km ?? 0)).slice(0, 10)) {
    console.log(`${e.corpus} "${e.phrase}" → ${e.got}, ${Math.round(e.km ?? 0)} km off gold ${e.gold}: …${e.context}…`);
  }
}
