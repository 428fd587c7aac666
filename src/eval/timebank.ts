/**
 * TempEval-3 timex eval on TimeBank + AQUAINT (TBAQ-cleaned): reads TimeML, strips the tags
 * keeping character offsets into the stripped <TEXT>, runs extractTimes with the document's
 * creation time (DCT) as the reference date, and scores TempEval-3 style:
 *  - extent strict/relaxed F1 (relaxed = any overlap),
 *  - value F1: a system timex counts when it overlaps a gold one and has the same value
 *    (precision over system timexes, recall over gold timexes),
 *  - type accuracy over the relaxed matches.
 *
 * Run alone: `node bin/run.js src/eval/timebank.ts [datasetDir] [--errors N]`.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TimeExpr } from '../doc/types.ts';
import { extractTimes } from '../stages/times/times.ts';
import type { EvalTask } from './task.ts';

export interface GoldTimex {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly value: string;
  readonly type: string;
}

export interface TimeMLDoc {
  readonly id: string;
  readonly text: string;
  readonly dct: string | null;
  readonly timexes: readonly GoldTimex[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const TAG_RE = /<(\/?)([A-Za-z0-9_]+)([^>]*)>|&(amp|lt|gt|quot|apos);/g;
const ATTR_RE = /(\w+)="([^"]*)"/g;

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR_RE.lastIndex = 0;
  for (let m = ATTR_RE.exec(s); m; m = ATTR_RE.exec(s)) out[m[1]!] = m[2]!;
  return out;
}

/**
 * Reads one TimeML document: the stripped <TEXT> with its TIMEX3 spans, and the DCT.
 * @example parseTimeML('<DCT><TIMEX3 value="1998-01-08" functionInDocument="CREATION_TIME">x</TIMEX3></DCT><TEXT>Now.</TEXT>', 'd')
 */
export function parseTimeML(xml: string, id: string): TimeMLDoc {
  const dctMatch = /<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>/.exec(xml);
  const dct = dctMatch ? (attrs(dctMatch[0]).value ?? null) : null;
  const open = xml.indexOf('<TEXT>');
  const close = xml.lastIndexOf('</TEXT>');
  const body = open >= 0 && close > open ? xml.slice(open + 6, close) : '';
  let text = '';
  const timexes: GoldTimex[] = [];
  const stack: { start: number; a: Record<string, string> }[] = [];
  let last = 0;
  TAG_RE.lastIndex = 0;
  for (let m = TAG_RE.exec(body); m; m = TAG_RE.exec(body)) {
    text += body.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[4]) {
      text += ENTITIES[m[4]]!;
      continue;
    }
    if (m[2] !== 'TIMEX3') continue;
    if (m[1] !== '/') {
      if (!m[3]!.trimEnd().endsWith('/')) stack.push({ start: text.length, a: attrs(m[3]!) });
    } else {
      const o = stack.pop();
      if (!o || o.a.functionInDocument === 'CREATION_TIME') continue;
      timexes.push({ start: o.start, end: text.length, text: text.slice(o.start, text.length), value: o.a.value ?? '', type: o.a.type ?? '' });
    }
  }
  text += body.slice(last);
  return { id, text, dct, timexes };
}

export interface TimexScore {
  readonly n_gold: number;
  readonly n_sys: number;
  readonly strict: number;
  readonly relaxed_sys: number;
  readonly relaxed_gold: number;
  readonly value_sys: number;
  readonly value_gold: number;
  readonly type_ok: number;
  readonly matched: number;
}

export interface TimexError {
  readonly doc: string;
  readonly kind: 'missed' | 'spurious' | 'value';
  readonly text: string;
  readonly gold?: string;
  readonly sys?: string;
  readonly context: string;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

/** Scores one document, adding its counts to `acc` and its errors to `errors`. */
export function scoreDoc(doc: TimeMLDoc, sys: readonly TimeExpr[], acc: Record<keyof TimexScore, number>, errors: TimexError[]): void {
  const ctx = (s: number, e: number) => doc.text.slice(Math.max(0, s - 40), e + 40).replace(/\s+/g, ' ');
  acc.n_gold += doc.timexes.length;
  acc.n_sys += sys.length;
  for (const g of doc.timexes) {
    const hits = sys.filter((s) => overlaps(s, g));
    if (hits.some((s) => s.start === g.start && s.end === g.end)) acc.strict++;
    if (hits.length) {
      acc.relaxed_gold++;
      acc.matched++;
      const best = hits.find((s) => s.value === g.value) ?? hits[0]!;
      if (best.value === g.value) acc.value_gold++;
      else errors.push({ doc: doc.id, kind: 'value', text: `${g.text} | ${best.text}`, gold: g.value, sys: best.value, context: ctx(g.start, g.end) });
      if (best.type === g.type) acc.type_ok++;
    } else {
      errors.push({ doc: doc.id, kind: 'missed', text: g.text, gold: g.value, context: ctx(g.start, g.end) });
    }
  }
  for (const s of sys) {
    const hits = doc.timexes.filter((g) => overlaps(s, g));
    if (hits.length) {
      acc.relaxed_sys++;
      if (hits.some((g) => g.value === s.value)) acc.value_sys++;
    } else {
      errors.push({ doc: doc.id, kind: 'spurious', text: s.text, sys: s.value, context: ctx(s.start, s.end) });
    }
  }
}

const f1 = (p: number, r: number): number => (p + r > 0 ? (2 * p * r) / (p + r) : 0);
const round = (x: number): number => Math.round(x * 10000) / 10000;

/** Reads every .tml file of the data set and scores extractTimes on it. */
export function evaluate(datasetDir: string): { metrics: Record<string, number>; errors: TimexError[] } {
  const root = join(datasetDir, 'Training', 'TBAQ-cleaned');
  const acc: Record<keyof TimexScore, number> = {
    n_gold: 0, n_sys: 0, strict: 0, relaxed_sys: 0, relaxed_gold: 0, value_sys: 0, value_gold: 0, type_ok: 0, matched: 0,
  };
  const errors: TimexError[] = [];
  let docs = 0;
  for (const part of ['TimeBank', 'AQUAINT']) {
    const dir = join(root, part);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.tml')).sort()) {
      const doc = parseTimeML(readFileSync(join(dir, f), 'utf8'), `${part}/${f}`);
      scoreDoc(doc, extractTimes(doc.text, doc.dct), acc, errors);
      docs++;
    }
  }
  const strictP = acc.n_sys ? acc.strict / acc.n_sys : 0;
  const strictR = acc.n_gold ? acc.strict / acc.n_gold : 0;
  const relP = acc.n_sys ? acc.relaxed_sys / acc.n_sys : 0;
  const relR = acc.n_gold ? acc.relaxed_gold / acc.n_gold : 0;
  const valP = acc.n_sys ? acc.value_sys / acc.n_sys : 0;
  const valR = acc.n_gold ? acc.value_gold / acc.n_gold : 0;
  const metrics = {
    value_f1: round(f1(valP, valR)),
    value_p: round(valP),
    value_r: round(valR),
    extent_relaxed_f1: round(f1(relP, relR)),
    extent_strict_f1: round(f1(strictP, strictR)),
    type_acc: round(acc.matched ? acc.type_ok / acc.matched : 0),
    n_gold: acc.n_gold,
    n_sys: acc.n_sys,
    n_docs: docs,
  };
  return { metrics, errors };
}

export const timebankTask: EvalTask = {
  name: 'timex',
  dataset: 'tempeval3',
  description: 'times stage on TempEval-3 TimeBank+AQUAINT (TimeML): extent F1 and TIMEX3 value F1',
  run(datasetDir, log) {
    const { metrics, errors } = evaluate(datasetDir);
    const counts = { missed: 0, spurious: 0, value: 0 };
    for (const e of errors) counts[e.kind]++;
    log(`timex errors: ${counts.missed} missed, ${counts.spurious} spurious, ${counts.value} wrong value`);
    return Promise.resolve(metrics);
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const ni = args.indexOf('--errors');
  const nErrors = ni >= 0 ? Number(args[ni + 1] ?? 20) : 20;
  const kind = args.includes('--kind') ? args[args.indexOf('--kind') + 1] : undefined;
  const dir = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1]!.startsWith('--'))) ?? resolve('../shared/data/tempeval3');
  const { metrics, errors } = evaluate(dir);
  const shown = errors.filter((e) => !kind || e.kind === kind);
  // A fixed stride gives a spread over documents rather than the first one's errors.
  const stride = Math.max(1, Math.floor(shown.length / Math.max(1, nErrors)));
  for (let i = 0; i < shown.length && i / stride < nErrors; i += stride) {
    const e = shown[i]!;
    console.log(`${e.kind.padEnd(8)} ${JSON.stringify(e.text)} gold=${e.gold ?? '-'} sys=${e.sys ?? '-'}  …${e.context}…`);
  }
  console.log(JSON.stringify(metrics, null, 2));
}
