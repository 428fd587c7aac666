/**
 * Eval task 'html': our HTML → text against Readability's own expected output on the
 * Readability test pages. The reference is Readability itself, so this is a regression
 * measure: it shows what our cleaning (captions, chrome, figures dropped) costs, and
 * catches breakage in the linkedom + Readability path. Bag-of-tokens F1 per page, averaged.
 *
 *   node bin/run.js src/eval/readability.ts [--data PATH]
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseHTML } from 'linkedom';
import { htmlToArticle } from '../ingest/html.ts';
import type { EvalTask } from './task.ts';

export interface PageScore {
  page: string;
  precision: number;
  recall: number;
  f1: number;
  titleOk: boolean | null;
  error?: string;
}

/** Lowercased word tokens. @example tokens('NATO’s talks, 2022') // ['nato', 's', 'talks', '2022'] */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Multiset overlap of two token bags. @example bagF1(['a','a','b'], ['a','b','c']).f1 // 0.667 */
export function bagF1(got: readonly string[], want: readonly string[]): { precision: number; recall: number; f1: number } {
  const counts = new Map<string, number>();
  for (const t of want) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of got) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      overlap++;
      counts.set(t, c - 1);
    }
  }
  if (got.length === 0 && want.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const precision = got.length ? overlap / got.length : 0;
  const recall = want.length ? overlap / want.length : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/** Text of an HTML fragment, tags stripped, scripts and styles left out. */
export function htmlText(html: string): string {
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`) as unknown as {
    document: { body: { textContent: string | null; querySelectorAll(s: string): ArrayLike<{ remove(): void }> } };
  };
  for (const el of Array.from(document.body.querySelectorAll('script, style, noscript'))) el.remove();
  return document.body.textContent ?? '';
}

function normTitle(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
}

/** Scores every page; exported so the worst pages can be listed. */
export async function scorePages(datasetDir: string): Promise<PageScore[]> {
  const root = join(datasetDir, 'test', 'test-pages');
  const pages = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const out: PageScore[] = [];
  for (const page of pages) {
    const dir = join(root, page);
    if (!existsSync(join(dir, 'source.html')) || !existsSync(join(dir, 'expected.html'))) continue;
    const [source, expected] = await Promise.all([readFile(join(dir, 'source.html'), 'utf8'), readFile(join(dir, 'expected.html'), 'utf8')]);
    let wantTitle: string | null = null;
    try {
      const meta = JSON.parse(await readFile(join(dir, 'expected-metadata.json'), 'utf8')) as { title?: unknown };
      if (typeof meta.title === 'string' && meta.title.trim()) wantTitle = meta.title;
    } catch {
      wantTitle = null;
    }
    let got = '';
    let title: string | undefined;
    let error: string | undefined;
    try {
      const a = htmlToArticle(source, { url: `http://fakehost/${page}/` });
      // The headline we cut is part of Readability's output only when it kept the h1.
      got = a.text;
      title = a.meta.title;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const s = bagF1(tokens(got), tokens(htmlText(expected)));
    out.push({
      page,
      ...s,
      titleOk: wantTitle === null ? null : title !== undefined && normTitle(title) === normTitle(wantTitle),
      ...(error ? { error } : {}),
    });
  }
  return out;
}

export function summarise(scores: readonly PageScore[]): Record<string, number> {
  const n = scores.length || 1;
  const mean = (f: (s: PageScore) => number): number => scores.reduce((a, s) => a + f(s), 0) / n;
  const titled = scores.filter((s) => s.titleOk !== null);
  return {
    token_f1: mean((s) => s.f1),
    token_precision: mean((s) => s.precision),
    token_recall: mean((s) => s.recall),
    title_acc: titled.length ? titled.filter((s) => s.titleOk).length / titled.length : 0,
    pages: scores.length,
    failed: scores.filter((s) => s.error !== undefined).length,
  };
}

export const readabilityTask: EvalTask = {
  name: 'html',
  dataset: 'readability-test-pages',
  description: 'HTML → article text: bag-of-tokens F1 against Readability’s expected output (a regression measure), and title accuracy',
  async run(datasetDir, log) {
    const scores = await scorePages(datasetDir);
    const m = summarise(scores);
    const failed = scores.filter((s) => s.error);
    if (failed.length) log(`html: ${failed.length} pages failed: ${failed.map((s) => s.page).join(', ')}`);
    return m;
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const i = process.argv.indexOf('--data');
  const dataDir = i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : resolve('../shared/data');
  const dir = join(dataDir, readabilityTask.dataset);
  if (!existsSync(dir)) {
    console.error(`html: data set not found at ${dir}; pass --data PATH`);
    process.exit(1);
  }
  const t0 = performance.now();
  const scores = await scorePages(dir);
  const m = summarise(scores);
  for (const [k, v] of Object.entries(m)) console.log(`html.${k}\t${Number.isInteger(v) ? v : v.toFixed(4)}`);
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)\n\n10 worst pages by F1:`);
  for (const s of [...scores].sort((a, b) => a.f1 - b.f1).slice(0, 10)) {
    console.log(`  ${s.page.padEnd(40)} F1 ${s.f1.toFixed(3)}  P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}${s.error ? `  error: ${s.error.slice(0, 80)}` : ''}`);
  }
  const wrongTitles = scores.filter((s) => s.titleOk === false).map((s) => s.page);
  console.log(`\ntitles wrong (${wrongTitles.length}): ${wrongTitles.join(', ')}`);
}
