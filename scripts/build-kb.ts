/**
 * Compiles data/kb/*.tsv and world-countries into data/kb/kb.json, the file src/kb loads.
 * Run after editing a table:  node bin/run.js scripts/build-kb.ts
 * With --check it only reports whether kb.json is up to date (exit 1 when stale).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildKb, type CountryInput } from '../src/kb/build.ts';
import { KB_JSON, readTables, serializeKb } from '../src/kb/files.ts';

const require = createRequire(import.meta.url);
const countries = require('world-countries/countries.json') as CountryInput[];
const wcVersion = (require('world-countries/package.json') as { version: string }).version;

const json = serializeKb(buildKb(countries, readTables(), wcVersion));
const target = fileURLToPath(KB_JSON);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // a missing file is simply stale
  }
  const fresh = current === json;
  console.log(fresh ? 'data/kb/kb.json is up to date' : 'data/kb/kb.json is stale: run node bin/run.js scripts/build-kb.ts');
  process.exitCode = fresh ? 0 : 1;
} else {
  writeFileSync(target, json);
  console.log(`wrote data/kb/kb.json (${(json.length / 1024).toFixed(0)} KB)`);
}
