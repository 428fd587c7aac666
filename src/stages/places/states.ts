/**
 * The one adapter between the places stage and a source of sovereign states.
 * Today it reads world-countries directly; when src/kb lands, only this module changes.
 * Reads the JSON lazily (never at import) and keeps only the fields the resolver needs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readStateAliases, readStatePoints } from './tables.ts';

export interface StateRecord {
  /** ISO 3166-1 alpha-2. */
  readonly cca2: string;
  /** Canonical English short name ("Ukraine", "United States"). */
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly geonameId: number | null;
  /** English names and aliases it is known by, as written. */
  readonly names: readonly string[];
  /** False for dependent territories (Guam, Greenland): a tie between readings goes to the state. */
  readonly independent: boolean;
  /** English demonyms and their plurals ("Ukrainian", "Ukrainians"). */
  readonly demonyms: readonly string[];
}

interface WorldCountry {
  cca2: string;
  name: { common: string; official: string };
  altSpellings: string[];
  latlng: [number, number];
  demonyms?: { eng?: { f: string; m: string } };
  independent?: boolean;
}

const require = createRequire(import.meta.url);

/**
 * All states, with representative points from data/places/state-points.tsv where the coarse
 * world-countries latlng would be >161 km off the usual GeoNames point (large countries).
 */
export function loadStates(): StateRecord[] {
  const raw = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')) as WorldCountry[];
  const points = readStatePoints();
  const extra = new Map<string, string[]>();
  for (const a of readStateAliases()) extra.set(a.cca2, [...(extra.get(a.cca2) ?? []), a.alias]);
  return raw.map((c) => {
    const p = points.get(c.cca2);
    // altSpellings hold ISO codes ("GE", "KY") that collide with US state abbreviations and words;
    // only spellings of 3+ characters that are not all-caps codes are kept. Short forms we want
    // (US, UK, UAE, DRC) come from state-aliases.tsv.
    const alts = c.altSpellings.filter((s) => s.length > 3 || (s.length === 3 && !/^[A-Z]{3}$/.test(s)));
    return {
      cca2: c.cca2,
      name: c.name.common,
      lat: p?.lat ?? c.latlng[0],
      lon: p?.lon ?? c.latlng[1],
      geonameId: p?.geonameId ?? null,
      names: [c.name.common, c.name.official, ...alts, ...(extra.get(c.cca2) ?? [])],
      demonyms: demonymForms(c.demonyms?.eng),
      independent: c.independent !== false,
    };
  });
}

/** "Israeli" → Israeli, Israelis; "Swiss" stays as is; "Irish" has no plural form. */
function demonymForms(d: { f: string; m: string } | undefined): string[] {
  if (!d) return [];
  const out = new Set<string>();
  for (const w of [d.m, d.f]) {
    if (!w) continue;
    out.add(w);
    if (/[nia]$/.test(w)) out.add(`${w}s`);
  }
  return [...out];
}
