/**
 * The one adapter between the places stage and the knowledge base's states (src/kb): names,
 * official names, alternative spellings, the KB's state aliases and demonyms come from there.
 *
 * Places adds only what the KB does not have:
 * - a representative point per state: data/places/state-points.tsv where the coarse
 *   world-countries `latlng` is >161 km off the usual GeoNames point, else that `latlng`
 *   (the KB keeps no coordinates);
 * - data/places/state-aliases.tsv: the few names a geoparser must read as a state's territory
 *   that the KB deliberately leaves out as state names ("Soviet Union" → Russia's point).
 * Read lazily (never at import).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadKb } from '../../kb/kb.ts';
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

const require = createRequire(import.meta.url);

/**
 * All states of the KB, with points. Capital exonyms among the KB's aliases (Kiev, Peking)
 * name cities, not states, and are left to the city gazetteer.
 */
export function loadStates(): StateRecord[] {
  const kb = loadKb();
  const latlng = new Map<string, [number, number]>();
  const raw = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')) as { cca2: string; latlng: [number, number] }[];
  for (const c of raw) latlng.set(c.cca2, c.latlng);
  const points = readStatePoints();
  const extra = new Map<string, string[]>();
  const add = (cca2: string, alias: string): void => void extra.set(cca2, [...(extra.get(cca2) ?? []), alias]);
  for (const a of kb.data.aliases) {
    const s = kb.stateById(a.state);
    if (s && a.kind !== 'capital-exonym') add(s.iso2, a.alias);
  }
  for (const a of readStateAliases()) add(a.cca2, a.alias);
  return kb.allStates().map((s) => {
    const p = points.get(s.iso2);
    const ll = latlng.get(s.iso2) ?? [0, 0];
    return {
      cca2: s.iso2,
      name: s.name,
      lat: p?.lat ?? ll[0],
      lon: p?.lon ?? ll[1],
      geonameId: p?.geonameId ?? null,
      // The KB's altNames carry no bare ISO codes ("GE", "KY" would collide with US state
      // abbreviations); native scripts are kept out of the index as they never match English copy.
      names: [s.name, s.official, ...s.altNames.filter((n) => /^[\p{Script=Latin}\p{N}\s.,'’()-]+$/u.test(n)), ...(extra.get(s.iso2) ?? [])],
      demonyms: demonymForms(s.demonyms),
      independent: s.independent,
    };
  });
}

/** "Israeli" → Israeli, Israelis; "Swiss" stays as is; "Irish" has no plural form. */
function demonymForms(list: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of list) {
    if (!w) continue;
    out.add(w);
    if (/[nia]$/.test(w)) out.add(`${w}s`);
  }
  return [...out];
}
