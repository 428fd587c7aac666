import { readFileSync } from 'node:fs';

/**
 * Rows of a data/ TSV keyed by its header; leading and inline `#` lines (provenance notes) and
 * blank lines are skipped; every declared column is present (maybe '').
 *
 * @example parseTsv('# source: ...\nname\tcountry\nGeneva\tCH') // [{ name: 'Geneva', country: 'CH' }]
 */
export function parseTsv(text: string): Record<string, string>[] {
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[0]!.startsWith('#')) lines.shift();
  const header = (lines.shift() ?? '').split('\t');
  const rows: Record<string, string>[] = [];
  for (const line of lines) {
    if (!line.trim() || line.startsWith('#')) continue;
    const cells = line.split('\t');
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = (cells[i] ?? '').trim()));
    rows.push(row);
  }
  return rows;
}

/** parseTsv over a file. */
export function readTsvFile(path: string | URL): Record<string, string>[] {
  return parseTsv(readFileSync(path, 'utf8'));
}

/** The entries of a data/ word list: one per line, `#` lines and blank lines skipped, trimmed. */
export function readListFile(path: string | URL): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}
