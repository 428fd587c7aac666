/**
 * The quotes stage scored on PolNeAR dev (<data>/polnear/data/dev: text/*.txt + attributions/*.ann,
 * brat standoff; each Attribution event links a Content, a Cue and usually a Source span).
 *
 * Each article runs through the default pipeline plus the quotes stage. Metrics, all micro-averaged:
 *  - Matching: a predicted quote's content and a gold Content are compared as sets of word tokens
 *    (a discontinuous gold content is the union of its pieces). overlap(P, G) = |P ∩ G| / max(|P|, |G|),
 *    which punishes a span too long as much as one too short. Pairs are matched one-to-one, greedily
 *    by best overlap.
 *  - content_f1 / _p / _r: F1 of matched pairs with overlap ≥ 0.3 (the GGT "lenient" threshold).
 *  - content_f1_strict: the same at overlap ≥ 0.8.
 *  - content_token_f1: token-level F1 over all content tokens of the document (no matching).
 *  - source_acc: over pairs matched at 0.3 whose gold has a Source: the predicted speaker span overlaps
 *    the gold Source span, or the gold Source text contains the last word of the predicted name
 *    (a pronoun resolved to "Jens Stoltenberg" counts when the gold source reads "Stoltenberg").
 *  - cue_acc: over matched pairs, the predicted cue span overlaps the gold Cue span.
 *
 * PolNeAR annotates attribution broadly (perception, intention, "polls show"), so recall against it
 * is bounded by what a quote extractor is meant to find; the floors are pinned from honest runs.
 *
 * `node bin/run.js src/eval/polnear.ts [DATA_DIR]` prints the metrics and samples of errors.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultPipeline } from '../pipeline/analyze.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import { normalize } from '../stages/normalize/normalize.ts';
import { quotesStage, type Quote } from '../stages/quotes/quotes.ts';
import type { EvalTask } from './task.ts';

interface Piece {
  readonly start: number;
  readonly end: number;
}
export interface GoldAttribution {
  readonly content: readonly Piece[];
  readonly cue: readonly Piece[];
  readonly source: readonly Piece[];
  readonly sourceText: string;
}

function pieces(spec: string): Piece[] {
  return spec.split(';').map((p) => {
    const [s, e] = p.trim().split(/\s+/).map(Number);
    return { start: s!, end: e! };
  });
}

/** Reads one brat .ann file into attributions (Content, Cue, Source linked by an event line). */
export function readAnn(ann: string): GoldAttribution[] {
  const spans = new Map<string, { type: string; pieces: Piece[]; text: string }>();
  const events: string[] = [];
  for (const line of ann.split('\n')) {
    const cols = line.split('\t');
    if (line.startsWith('T') && cols.length >= 2) {
      const sp = cols[1]!.indexOf(' ');
      spans.set(cols[0]!, { type: cols[1]!.slice(0, sp), pieces: pieces(cols[1]!.slice(sp + 1)), text: cols[2] ?? '' });
    } else if (line.startsWith('E') && cols.length >= 2) events.push(cols[1]!);
  }
  const out: GoldAttribution[] = [];
  for (const ev of events) {
    const roles = new Map<string, string>();
    for (const part of ev.split(/\s+/)) {
      const [role, id] = part.split(':');
      if (role && id) roles.set(role.replace(/\d+$/, ''), id);
    }
    const get = (r: string): { pieces: Piece[]; text: string } | undefined => {
      const id = roles.get(r);
      return id ? spans.get(id) : undefined;
    };
    const content = get('Content');
    if (!content) continue;
    const source = get('Source');
    out.push({ content: content.pieces, cue: get('Cue')?.pieces ?? [], source: source?.pieces ?? [], sourceText: source?.text ?? '' });
  }
  return out;
}

const TOKEN_RE = /[\p{L}\p{N}]+/gu;
function tokenSet(text: string, ps: readonly Piece[]): Set<number> {
  const out = new Set<number>();
  for (const p of ps) {
    const seg = text.slice(p.start, p.end);
    for (const m of seg.matchAll(TOKEN_RE)) out.add(p.start + m.index);
  }
  return out;
}
const inter = (a: Set<number>, b: Set<number>): number => {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
};
const overlaps = (a: readonly Piece[], b: readonly Piece[]): boolean => a.some((x) => b.some((y) => x.start < y.end && y.start < x.end));

export interface DocScore {
  tp3: number;
  tp8: number;
  pred: number;
  gold: number;
  tokTp: number;
  tokPred: number;
  tokGold: number;
  srcN: number;
  srcOk: number;
  cueN: number;
  cueOk: number;
  errors: string[];
}

/** Scores one document's predicted quotes against its gold attributions. */
export function scoreDoc(text: string, quotes: readonly Quote[], gold: readonly GoldAttribution[]): DocScore {
  const P = quotes.map((q) => tokenSet(text, [q.content]));
  const G = gold.map((g) => tokenSet(text, g.content));
  const pairs: { i: number; j: number; o: number }[] = [];
  for (let i = 0; i < P.length; i++)
    for (let j = 0; j < G.length; j++) {
      const n = inter(P[i]!, G[j]!);
      if (n) pairs.push({ i, j, o: n / Math.max(P[i]!.size, G[j]!.size) });
    }
  pairs.sort((a, b) => b.o - a.o);
  const usedP = new Set<number>();
  const usedG = new Set<number>();
  const s: DocScore = { tp3: 0, tp8: 0, pred: P.length, gold: G.length, tokTp: 0, tokPred: 0, tokGold: 0, srcN: 0, srcOk: 0, cueN: 0, cueOk: 0, errors: [] };
  for (const { i, j, o } of pairs) {
    if (o < 0.3 || usedP.has(i) || usedG.has(j)) continue;
    usedP.add(i);
    usedG.add(j);
    s.tp3++;
    if (o >= 0.8) s.tp8++;
    const q = quotes[i]!;
    const g = gold[j]!;
    if (g.source.length) {
      s.srcN++;
      const span = q.speaker.start !== undefined && q.speaker.end !== undefined ? [{ start: q.speaker.start, end: q.speaker.end }] : [];
      const last = q.speaker.name.split(/\s+/).pop()?.toLowerCase() ?? '';
      const ok = overlaps(span, g.source) || (last.length > 1 && q.speaker.kind !== 'unknown' && g.sourceText.toLowerCase().split(/[^\p{L}]+/u).includes(last));
      if (ok) s.srcOk++;
      else s.errors.push(`SOURCE pred="${q.speaker.name}" (${q.speaker.via}) gold="${g.sourceText}" | ${q.text.slice(0, 80)}`);
    }
    if (g.cue.length) {
      s.cueN++;
      if (q.cue && overlaps([q.cue], g.cue)) s.cueOk++;
    }
  }
  for (let i = 0; i < P.length; i++) if (!usedP.has(i)) s.errors.push(`FP ${quotes[i]!.kind} "${quotes[i]!.speaker.name}" | ${text.slice(quotes[i]!.content.start, quotes[i]!.content.end).slice(0, 100)}`);
  for (let j = 0; j < G.length; j++) if (!usedG.has(j)) s.errors.push(`FN "${gold[j]!.sourceText}" | ${gold[j]!.content.map((p) => text.slice(p.start, p.end)).join(' … ').slice(0, 100)}`);
  const allP = new Set<number>();
  for (const x of P) for (const t of x) allP.add(t);
  const allG = new Set<number>();
  for (const x of G) for (const t of x) allG.add(t);
  s.tokTp = inter(allP, allG);
  s.tokPred = allP.size;
  s.tokGold = allG.size;
  return s;
}

/**
 * Offsets of `a` (the annotated text) mapped into `b` (our normalised text): normalisation collapses
 * spaces, trims lines and swaps look-alike characters, so a two-pointer walk suffices.
 */
export function alignOffsets(a: string, b: string): Int32Array {
  const map = new Int32Array(a.length + 1);
  let j = 0;
  for (let i = 0; i < a.length; ) {
    map[i] = j;
    if (j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (/[\s\u200B-\u200D\uFEFF\u00AD]/.test(a[i]!)) i++;
    else if (j < b.length && /\s/.test(b[j]!)) {
      j++;
    } else {
      i++;
      if (j < b.length) j++;
    }
  }
  map[a.length] = j;
  return map;
}

function remap(g: GoldAttribution, map: Int32Array): GoldAttribution {
  const m = (ps: readonly Piece[]): Piece[] => ps.map((p) => ({ start: map[p.start] ?? p.start, end: map[p.end] ?? p.end }));
  return { content: m(g.content), cue: m(g.cue), source: m(g.source), sourceText: g.sourceText };
}

const f1 = (p: number, r: number): number => (p + r ? (2 * p * r) / (p + r) : 0);

/** Runs the pipeline + quotes over every dev article; returns metrics and error samples. */
export function evaluatePolnear(datasetDir: string): { metrics: Record<string, number>; errors: string[] } {
  const dev = existsSync(join(datasetDir, 'data', 'dev')) ? join(datasetDir, 'data', 'dev') : datasetDir;
  const annDir = join(dev, 'attributions');
  // The default pipeline up to the quotes stage: later stages do not change quotes.
  const stages = defaultPipeline().stages;
  const pipeline = new Pipeline(stages.slice(0, stages.findIndex((s) => s.name === quotesStage.name) + 1));
  const tot = { tp3: 0, tp8: 0, pred: 0, gold: 0, tokTp: 0, tokPred: 0, tokGold: 0, srcN: 0, srcOk: 0, cueN: 0, cueOk: 0 };
  const errors: string[] = [];
  for (const file of readdirSync(annDir).filter((f) => f.endsWith('.ann')).sort()) {
    const base = file.replace(/_[0-9a-f]{4}\.ann$/, '');
    const textPath = join(dev, 'text', `${base}.txt`);
    if (!existsSync(textPath)) continue;
    const body = readFileSync(textPath, 'utf8');
    const doc = pipeline.run(normalize({ id: base, kind: 'text', body }));
    let gold = readAnn(readFileSync(join(annDir, file), 'utf8'));
    if (doc.text !== body) {
      const map = alignOffsets(body, doc.text);
      gold = gold.map((g) => remap(g, map));
    }
    const s = scoreDoc(doc.text, doc.layer('quotes'), gold);
    for (const k of Object.keys(tot) as (keyof typeof tot)[]) tot[k] += s[k];
    errors.push(...s.errors.map((e) => `${base}: ${e}`));
  }
  const p3 = tot.pred ? tot.tp3 / tot.pred : 0;
  const r3 = tot.gold ? tot.tp3 / tot.gold : 0;
  const p8 = tot.pred ? tot.tp8 / tot.pred : 0;
  const r8 = tot.gold ? tot.tp8 / tot.gold : 0;
  const tp = tot.tokPred ? tot.tokTp / tot.tokPred : 0;
  const tr = tot.tokGold ? tot.tokTp / tot.tokGold : 0;
  return {
    metrics: {
      content_f1: f1(p3, r3),
      content_p: p3,
      content_r: r3,
      content_f1_strict: f1(p8, r8),
      content_token_f1: f1(tp, tr),
      source_acc: tot.srcN ? tot.srcOk / tot.srcN : 0,
      cue_acc: tot.cueN ? tot.cueOk / tot.cueN : 0,
      n_gold: tot.gold,
      n_pred: tot.pred,
    },
    errors,
  };
}

export const polnearTask: EvalTask = {
  name: 'quotes',
  dataset: 'polnear',
  description: 'quotes on PolNeAR dev: content overlap F1 (≥0.3, strict ≥0.8), token F1, source and cue accuracy of matched quotes',
  run(datasetDir, log) {
    const { metrics, errors } = evaluatePolnear(datasetDir);
    log(`${errors.length} error lines; run src/eval/polnear.ts directly to see samples`);
    return Promise.resolve(metrics);
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const dir = resolve(process.argv[2] ?? join(here, '..', '..', '..', 'shared', 'data', 'polnear'));
  const t0 = performance.now();
  const { metrics, errors } = evaluatePolnear(dir);
  for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(20)} ${Number.isInteger(v) ? v : v.toFixed(4)}`);
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)}s)`);
  const show = (prefix: string, n: number): void => {
    const xs = errors.filter((e) => e.includes(`: ${prefix}`));
    console.log(`\n${prefix}: ${xs.length}`);
    for (const e of xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0).slice(0, n)) console.log('  ' + e);
  };
  show('SOURCE', 15);
  show('FP', 15);
  show('FN', 15);
  for (const e of errors.filter((x) => x.startsWith('SKIP'))) console.log(e);
}
