/**
 * What a place name means on its own: its readings in the gazetteer (with the fall-backs for
 * county-like names, longer names and derived demonyms) and each reading's context-free prior.
 * Everything here depends on the name and the gazetteer only, so it is worked out once per
 * surface form and kept between documents; resolve.ts adds what the document says.
 */
import { candidate, fold, isAbbreviation, type Candidate, type Gazetteer } from './gazetteer.ts';
import { W } from './weights.ts';

/** What a name means on its own: its readings, their priors and what choose() asks of each. */
export interface Readings {
  /** The name's key: its fold, or "abbr:" and the name for an abbreviation ("abbr:Ill."). Mentions with one key are one name. */
  readonly key: string;
  readonly cands: readonly Candidate[];
  readonly backoff: boolean;
  /** Prior of each reading, aligned with `cands`. */
  readonly priors: readonly number[];
  /** Why of each prior, '+'-joined ("city-name+capital+major-city"): the head of the reading's rule. */
  readonly priorRules: readonly string[];
  /** The reading with the best prior: what the name means on its own. */
  readonly top: Candidate | null;
  /** A world name: it has a capital, major-city or landmark reading. */
  readonly world: boolean;
  /** Some reading is a state or a first-level division by name: a town of that name yields to it. */
  readonly hasDivision: boolean;
  /** isWorldCity of each reading, aligned with `cands`. */
  readonly worldCity: readonly boolean[];
  /** The name is county-like ("Franklin County", "County Cork"), see LOCAL_DIVISION. */
  readonly countyLike: boolean;
  /** Rules spelled for these readings, by reading and context terms (a cache of resolve.ts). */
  readonly rules: Map<number, string>;
}

/** Readings per surface form, per gazetteer: they depend on nothing else, and names recur from story to story. Read-only but for their cache of rules. */
const readingsMemo = new WeakMap<Gazetteer, Map<string, Readings>>();
/** Surface forms whose readings are kept between calls; the memo starts over when full. */
const MEMO_MAX = 20_000;
/** The memo of the gazetteer asked last (in practice the only one): asked of every mention, so no WeakMap lookup each time. */
let lastGaz: Gazetteer | null = null;
let lastMemo = new Map<string, Readings>();

/** The key and readings of a surface form (a mention's text). */
export function readingsOf(surface: string, gaz: Gazetteer): Readings {
  if (gaz !== lastGaz) {
    let memo = readingsMemo.get(gaz);
    if (!memo) readingsMemo.set(gaz, (memo = new Map<string, Readings>()));
    lastGaz = gaz;
    lastMemo = memo;
  }
  const memo = lastMemo;
  const hit = memo.get(surface);
  if (hit) return hit;
  if (memo.size >= MEMO_MAX) memo.clear();
  const r = readingsUncached(surface, gaz);
  memo.set(surface, r);
  return r;
}

// Apart from readingsOf so that its memo hits (nearly every call) allocate nothing: the closures here need a context.
function readingsUncached(surface: string, gaz: Gazetteer): Readings {
  const found = gaz.lookup(surface);
  let cands = found.some((c) => c.via === 'county') ? found : [...found, ...localDivisionCandidates(surface, gaz)];
  let backoff = false;
  if (cands.length === 0) {
    cands = backoffCandidates(surface, gaz);
    backoff = cands.length > 0;
  }
  if (cands.length === 0) cands = demonymCandidates(surface, gaz);
  const priorWhy = cands.map((c): string[] => (backoff ? [c.via, 'backoff'] : [c.via]));
  const priors = cands.map((c, i) => prior(c, priorWhy[i] as string[]));
  let t: Candidate | null = null;
  let topPrior = -Infinity;
  priors.forEach((p, i) => {
    if (p > topPrior) [topPrior, t] = [p, cands[i] ?? null];
  });
  const r: Readings = {
    key: isAbbreviation(surface) ? `abbr:${surface}` : fold(surface),
    cands,
    backoff,
    priors,
    priorRules: priorWhy.map((why) => why.join('+')),
    top: t,
    world: cands.some(isWorldCity),
    hasDivision: cands.some((c) => (c.kind === 'state' && c.via === 'state-name') || (c.kind === 'admin' && c.via === 'admin1')),
    worldCity: cands.map(isWorldCity),
    countyLike: LOCAL_DIVISION.test(surface),
    rules: new Map<number, string>(),
  };
  return r;
}

/** A town or a division below the first level: what spatial minimality is about. */
export const isLocal = (c: Candidate): boolean => (c.kind === 'city' && c.via !== 'landmark') || (c.kind === 'admin' && c.featureCode !== 'ADM1');

/** A capital, a city of our exonym table, or a seat of power: a name foreign news means by default. */
export const isWorldCity = (c: Candidate): boolean => c.kind === 'city' && (c.major || c.featureCode === 'PPLC');

const DIRECTION = /^(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|Greater|Upper|Lower|Downtown|Metro|Inner|Outer)$/;

/**
 * Readings of a name the gazetteer lacks, from a name inside it: a leading direction dropped
 * ("Southern California" → California), then trailing words ("Vancouver Art Gallery",
 * "Karak district", "Montreal-Pierre Elliott Trudeau International Airport"). A facility or
 * part of a place lies in or near that place. Only towns, divisions and states are taken.
 */
function backoffCandidates(surface: string, gaz: Gazetteer): Candidate[] {
  const words = surface.split(/[\s-]+/).filter(Boolean);
  if (words.length < 2) return [];
  const tries: string[] = [];
  if (DIRECTION.test(words[0] ?? '')) tries.push(words.slice(1).join(' '));
  for (let n = words.length - 1; n >= 1; n--) tries.push(words.slice(0, n).join(' '));
  for (const t of tries) {
    if (t.length < 3 || DIRECTION.test(t) || !/^\p{Lu}/u.test(t)) continue;
    const found = gaz.lookup(t).filter((c) => c.kind !== 'region' && c.via !== 'demonym' && c.via !== 'county-bare');
    if (found.length > 0) return found;
  }
  return [];
}

/** "Franklin County", "Rapides Parish", "Madison Township", "County Cork". */
const LOCAL_DIVISION = /^(?:(.+?)\s+(?:County|Parish|Borough|Township|Twp\.?)|(?:County|Co\.)\s+(.+))$/i;

/** Readings of a county-like name from the towns that share its base name, as divisions. */
function localDivisionCandidates(surface: string, gaz: Gazetteer): Candidate[] {
  const m = LOCAL_DIVISION.exec(surface);
  const base = m?.[1] ?? m?.[2];
  if (!base) return [];
  return gaz
    .lookup(base, 40)
    .filter((c) => c.kind === 'city')
    .map((c) => candidate({ kind: 'admin', name: surface, lat: c.lat, lon: c.lon, country: c.country, admin: c.admin, population: c.population, featureCode: 'ADM2', major: false, via: 'local-division' }));
}

/**
 * Readings of a derived demonym the gazetteer lacks ("Minnesotans", "Ohioans", "Gazans",
 * "Californians", "Czechs"): the state, division or region it is formed on, as a demonym. Not
 * a city ("Londoners" may be of London, Ontario).
 */
function demonymCandidates(surface: string, gaz: Gazetteer): Candidate[] {
  const stems: string[] = [];
  for (const [suffix, adds] of DEMONYM_SUFFIXES) {
    if (!surface.endsWith(suffix) || surface.length - suffix.length < 3) continue;
    const stem = surface.slice(0, -suffix.length);
    for (const a of adds) stems.push(stem + a);
  }
  for (const t of new Set(stems)) {
    const found = gaz.lookup(t, 0).filter((c) => c.via === 'demonym' || c.kind === 'state' || c.kind === 'region' || (c.kind === 'admin' && c.featureCode === 'ADM1'));
    if (found.length > 0) return found.map((c) => candidate({ ...c, via: 'demonym' }));
  }
  return [];
}

/** Suffix of a demonym → what to put back to get the place's name (Ohio-ans, Iow-ans → Iowa). */
const DEMONYM_SUFFIXES: readonly (readonly [string, readonly string[]])[] = [
  ['ians', ['ia', '']],
  ['ans', ['', 'a']],
  ['ers', ['']],
  ['ian', ['ia', '']],
  ['an', ['', 'a']],
  ['er', ['']],
  ['s', ['']],
];

function prior(c: Candidate, why: string[]): number {
  switch (c.kind) {
    case 'state':
      return W.state + (c.featureCode === 'PCLD' ? W.dependent : 0);
    case 'region':
      return W.region;
    case 'admin':
      if (c.via === 'county') return W.county + 0.3 * Math.log10(c.population);
      if (c.via === 'county-bare') return W.countyBare + 0.3 * Math.log10(c.population);
      if (c.via === 'local-division') return W.localDivision + 0.25 * Math.log10(c.population + 1);
      return c.via === 'admin1-abbr' ? W.adminAbbr : W.admin;
    case 'city': {
      if (c.via === 'us-place') return W.usPlace;
      if (c.via === 'landmark') return W.landmark;
      let s = Math.log10(c.population + 1);
      if (c.featureCode === 'PPLC') {
        s += W.capital;
        why.push('capital');
      } else if (c.featureCode === 'PPLG') s += W.government;
      else if (c.featureCode === 'PPLA') s += W.seat;
      else if (c.featureCode === 'PPLA2') s += W.seat2;
      if (c.major) {
        s += W.major;
        why.push('major-city');
      }
      return s;
    }
  }
}
