/** The tokenizer's and splitter's word lists, read from data/sentences/ once at first import. */
import { readListFile, readTsvFile } from '../../data/tsv.ts';

const DIR = new URL('../../../data/sentences/', import.meta.url);
const rows = readTsvFile(new URL('abbreviations.tsv', DIR));

/** Lowercase abbreviations (without the stop) that keep their full stop; some only when capitalised. */
export const ABBREVIATIONS: ReadonlyMap<string, { readonly capitalOnly: boolean }> = new Map(rows.map((r) => [r.abbr!, { capitalOnly: r.capital === 'only' }]));
/** Those of them that precede a name and never end a sentence. */
export const TITLES: ReadonlySet<string> = new Set(rows.filter((r) => r.title === 'yes').map((r) => r.abbr!));
/** Known top-level domains (lowercase). */
export const TLDS: ReadonlySet<string> = new Set(readListFile(new URL('tlds.txt', DIR)));
/** Capitalised, these open a sentence after an abbreviation (lowercase). */
export const OPENERS: ReadonlySet<string> = new Set(readListFile(new URL('openers.txt', DIR)));
