import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../pipeline/analyze.ts';
import type { EvalTask } from './task.ts';

export interface SeedGold {
  document: { dateline: string; page_date: string; boilerplate_not_in_body: string[]; captions_not_in_body: string[] };
  dates_if_published_2022_01_14: { expression: string; value: string }[];
}

const here = dirname(fileURLToPath(import.meta.url));

/** Where the seed fixture lives: ../shared/fixtures/seed beside the repository. */
export const SEED_DIR = resolve(here, '..', '..', '..', 'shared', 'fixtures', 'seed');

/** Normalises apostrophes so "Thursday's" in gold matches "Thursday’s" in text, and case. */
const norm = (s: string): string => s.replace(/[’‘]/g, "'").toLowerCase();

/**
 * The seed article scored against its hand-made gold: every date of
 * dates_if_published_2022_01_14, the dateline, and page chrome kept out of the body.
 */
export const seedTask: EvalTask = {
  name: 'seed',
  dataset: SEED_DIR,
  description: 'seed article vs expected.json (dates, dateline, chrome)',
  run(dir) {
    const gold = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as SeedGold;
    const body = readFileSync(join(dir, 'article.txt'), 'utf8');
    const out = analyze({ id: 'seed', kind: 'text', body, published: '2022-01-14' });
    let hit = 0;
    for (const g of gold.dates_if_published_2022_01_14) {
      const want = norm(g.expression);
      if (out.times.some((t) => (norm(t.text).includes(want) || want.includes(norm(t.text))) && t.value === g.value)) hit++;
    }
    const chrome = [...gold.document.boilerplate_not_in_body, ...gold.document.captions_not_in_body];
    const kept = chrome.filter((c) => out.text.includes(c)).length;
    const bare = analyze({ id: 'seed', kind: 'text', body });
    return Promise.resolve({
      dates_acc: hit / gold.dates_if_published_2022_01_14.length,
      dateline_ok: out.dateline?.text === gold.document.dateline ? 1 : 0,
      chrome_out_of_body: 1 - kept / chrome.length,
      page_date_low_conf: bare.published.value === gold.document.page_date && bare.published.source === 'page-header' && bare.published.confidence < 0.5 ? 1 : 0,
    });
  },
};
