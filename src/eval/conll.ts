/**
 * CoNLL-2003 reader and conlleval-style scorer: an entity counts only when its span and type both
 * match exactly. The 'ner' eval task tags the dev set document by document with the committed model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tagDocument } from '../stages/entities/ner/ner.ts';
import type { EvalTask } from './task.ts';

export interface ConllSentence {
  readonly words: string[];
  /** IOB2 tags: B-PER, I-PER, O, ... */
  readonly tags: string[];
}
export type ConllDoc = ConllSentence[];

/** Reads a CoNLL-2003 file (token POS chunk tag per line; `-DOCSTART-` starts a document). */
export function readConll(path: string): ConllDoc[] {
  const docs: ConllDoc[] = [];
  let doc: ConllDoc = [];
  let sent: ConllSentence = { words: [], tags: [] };
  const endSentence = (): void => {
    if (sent.words.length) doc.push(sent);
    sent = { words: [], tags: [] };
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 2) {
      endSentence();
      continue;
    }
    if (cols[0] === '-DOCSTART-') {
      endSentence();
      if (doc.length) docs.push(doc);
      doc = [];
      continue;
    }
    sent.words.push(cols[0]!);
    sent.tags.push(cols[cols.length - 1]!);
  }
  endSentence();
  if (doc.length) docs.push(doc);
  return docs;
}

/** Entity spans of an IOB tag sequence as "start:end:TYPE" keys (an I- after O or another type opens a span, as conlleval does). */
export function entitySpans(tags: readonly string[]): string[] {
  const spans: string[] = [];
  let start = -1;
  let type = '';
  const close = (end: number): void => {
    if (start >= 0) spans.push(`${start}:${end}:${type}`);
    start = -1;
  };
  tags.forEach((tag, i) => {
    if (tag === 'O') {
      close(i);
      return;
    }
    const [bio, t = ''] = tag.split('-') as [string, string?];
    if (bio === 'B' || start < 0 || t !== type) {
      close(i);
      start = i;
      type = t;
    }
  });
  close(tags.length);
  return spans;
}

export interface EntityScores {
  f1: number;
  precision: number;
  recall: number;
  f1_PER: number;
  f1_ORG: number;
  f1_LOC: number;
  f1_MISC: number;
}

/** conlleval-style micro P/R/F1 overall and F1 per type. @example scoreEntities([['B-PER']], [['B-PER']]).f1 // 1 */
export function scoreEntities(gold: readonly (readonly string[])[], pred: readonly (readonly string[])[]): EntityScores {
  const types = ['PER', 'ORG', 'LOC', 'MISC'];
  const tp = new Map<string, number>();
  const ng = new Map<string, number>();
  const np = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (let s = 0; s < gold.length; s++) {
    const g = new Set(entitySpans(gold[s]!));
    const p = entitySpans(pred[s] ?? []);
    for (const k of g) inc(ng, k.split(':')[2]!);
    for (const k of p) {
      const t = k.split(':')[2]!;
      inc(np, t);
      if (g.has(k)) inc(tp, t);
    }
  }
  const f1 = (t: number, gn: number, pn: number): number => (t === 0 ? 0 : (2 * t) / (gn + pn));
  const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  const T = sum(tp);
  const G = sum(ng);
  const P = sum(np);
  const per = (t: string): number => f1(tp.get(t) ?? 0, ng.get(t) ?? 0, np.get(t) ?? 0);
  return {
    f1: f1(T, G, P),
    precision: P ? T / P : 0,
    recall: G ? T / G : 0,
    f1_PER: per(types[0]!),
    f1_ORG: per(types[1]!),
    f1_LOC: per(types[2]!),
    f1_MISC: per(types[3]!),
  };
}

/** CoNLL-2003 dev (CoNLL++ release), entity F1 overall and per label. */
export const conllTask: EvalTask = {
  name: 'ner',
  dataset: 'conll2003',
  description: 'CoNLL-2003 dev entity F1 (exact span and type, conlleval style)',
  run(dir, log) {
    const docs = readConll(join(dir, 'data', 'conllpp_dev.txt'));
    const gold: string[][] = [];
    const pred: string[][] = [];
    let tokens = 0;
    const t0 = performance.now();
    for (const doc of docs) {
      const tagged = tagDocument(doc.map((s) => s.words));
      doc.forEach((s, i) => {
        gold.push(s.tags);
        pred.push(tagged[i]!);
        tokens += s.words.length;
      });
    }
    log(`${docs.length} docs, ${tokens} tokens tagged in ${((performance.now() - t0) / 1000).toFixed(2)}s`);
    return Promise.resolve({ ...scoreEntities(gold, pred) });
  },
};
