/** Where the KB's files live, and the one way kb.json is written (so the freshness test compares like with like). */
import { readFileSync } from 'node:fs';
import type { TableTexts } from './build.ts';
import type { KbData } from './types.ts';

export const KB_DIR = new URL('../../data/kb/', import.meta.url);
export const KB_JSON = new URL('kb.json', KB_DIR);

export function readTables(dir: URL = KB_DIR): TableTexts {
  const read = (f: string): string => readFileSync(new URL(f, dir), 'utf8');
  return { orgs: read('orgs.tsv'), memberships: read('memberships.tsv'), aliases: read('state-aliases.tsv'), metonyms: read('metonyms.tsv') };
}

/** One JSON object per line for the row arrays keeps kb.json diffs reviewable. */
export function serializeKb(kb: KbData): string {
  const parts = Object.entries(kb).map(([k, v]) => {
    if (Array.isArray(v)) return `${JSON.stringify(k)}: [\n${v.map((x) => `  ${JSON.stringify(x)}`).join(',\n')}\n]`;
    if (k.endsWith('Names') || k === 'metonymKeys') return `${JSON.stringify(k)}: {\n${Object.entries(v as object).map(([kk, vv]) => `  ${JSON.stringify(kk)}: ${JSON.stringify(vv)}`).join(',\n')}\n}`;
    return `${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  });
  return `{\n${parts.join(',\n')}\n}\n`;
}
