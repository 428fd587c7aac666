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
 *
 * The pieces: readings.ts (a name's readings and priors, kept between documents), mentions.ts
 * (what the text says around each name), spatial.ts (distance, containment, nearness,
 * colocation), weights.ts (W, and WHY: the terms a rule names); this file groups the mentions
 * by name and runs the rounds.
 */
import type { Span } from '../../doc/types.ts';
import { getGazetteer, type Candidate, type Gazetteer, type PlaceKind } from './gazetteer.ts';
import { isListSeparator, mayBeUnknownPlace, toMention, type Mention, type PlaceCandidate } from './mentions.ts';
import { isWorldCity, type Readings } from './readings.ts';
import { colocation, containsAny, inAny, km, nearBand, type Anchor as SpatialAnchor } from './spatial.ts';
import { ADMIN1_NAMED, CITY_COMMA_CONTAINER, COLOCATED, CONTAINER_OF_CITY, DIVISION_CUE, DOC_ADMIN1, DOC_COUNTRY, LISTED_WITH_SAME_KIND, NEAR_PLACES, STATE_NAMED, W, WHY, WORLD_HOMONYM } from './weights.ts';

export type { PlaceCandidate } from './mentions.ts';
export { km } from './spatial.ts';

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

/** One name of the document (all its mentions) and its reading as of the last round. */
interface Group {
  readonly key: string;
  readonly mentions: Mention[];
  /** What the name means on its own: the readings of its first mention. */
  readonly readings: Readings;
  readonly cands: readonly Candidate[];
  pick: Candidate | null;
  /** Where `pick` is in `cands` (-1 for none): its prior's rule is the head of `rule`. */
  pickIndex: number;
  score: number;
  second: number;
  /** The context terms (WHY bits) that raised the pick's score; spelled out in `rule` after the last round. */
  why: number;
  rule: string;
  /** Of the pick, from its margin over the second best; set after the last round. */
  confidence: number;
  /** Provenance of its places, made with the first of them. */
  prov: Place['prov'] | null;
  /** The reading with the best prior: what the name means on its own. */
  readonly top: Candidate | null;
  /** Used as an actor somewhere in the text ("Washington said"). */
  actor: boolean;
  /** A world name: it has a capital, major-city or landmark reading. */
  readonly world: boolean;
  // What the text says around the name: fixed for the document, so worked out before the rounds.
  /** The states and divisions written after it ("Atlanta, Georgia" → Georgia's). */
  containers: readonly Candidate[];
  /** Per reading (aligned with `cands`): it lies in one of `containers`. */
  inContainer: readonly boolean[];
  /** The names this one is written as the container of ("Georgia" after "Atlanta, "). */
  readonly contains: Group[];
  /** The names listed next to it ("Ohio, New York and Texas"), once per listing. */
  readonly siblings: Group[];
  /** "upstate New York", "New York state": some mention asks for the division. */
  divisionCue: boolean;
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
  const list: Group[] = [];
  // Every mention and its name, in the order of `candidates`; `inOrder` while their starts increase.
  let spans: Mention[] = [];
  let of: Group[] = [];
  let inOrder = true;
  for (const c of candidates) {
    const m = toMention(text, c, gaz);
    if (!m) continue;
    let g = groups.get(m.key);
    if (!g) {
      g = newGroup(m.key, m.readings);
      groups.set(m.key, g);
      list.push(g);
    }
    g.mentions.push(m);
    if (m.actor) g.actor = true;
    if (m.divisionCue) g.divisionCue = true;
    if (spans.length > 0 && m.start <= (spans[spans.length - 1] as Mention).start) inOrder = false;
    spans.push(m);
    of.push(g);
  }
  // The mentions in text order, ties in the order of the names: the candidates' order when it
  // is that already (NER gives spans in text order), else a stable sort by start.
  if (!inOrder) [spans, of] = byStart(list);
  // "Harwinton, Conn.", "Henry County", "Illinois" picked as the division: the text is US-local.
  const usContainer = linkContainers(list);
  linkSiblings(text, spans, of);
  // Computed when first needed: most stories are either local or foreign news throughout.
  let colocated: Map<Candidate, number> | null = null;
  let colocatedSpecific: Map<Candidate, number> | null = null;
  // Before any pick, a name that means a sovereign state on its own (and no division) counts.
  const topStates = new Set(list.filter((g) => g.top?.kind === 'state' && g.top.via === 'state-name' && g.top.featureCode === 'PCLI' && !g.cands.some((c) => c.kind === 'admin')).map((g) => g.top?.country));
  const next = choices(list.length);
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
    // By latitude, so each reading looks only at the anchors within reach (see `nearBand`).
    const anchors: Anchor[] = [];
    for (const o of picks) if (o.pick && (o.pick.kind === 'city' || o.pick.kind === 'admin')) anchors.push([o, o.pick]);
    anchors.sort((x, y) => x[1].lat - y[1].lat);
    const localAnchors = intl ? anchors.filter(([, a]) => !isWorldCity(a)) : anchors;
    const colocatedNow = intl ? (colocatedSpecific ??= colocation(list, true)) : (colocated ??= colocation(list, false));
    const doc: DocContext = { countries: ctxCountries, admins: ctxAdmins, named, states, intl, usLocal, colocated: colocatedNow, anchors, localAnchors };
    // Every name chooses against the previous round's picks, so none is updated before all have chosen.
    for (let i = 0; i < list.length; i++) choose(list[i] as Group, doc, next, i);
    // Once no reading changes, a further round would give the same answer.
    let settled = round > 0;
    for (let i = 0; i < list.length; i++) {
      const g = list[i] as Group;
      const at = next.index[i] as number;
      const pick = at < 0 ? null : (g.cands[at] ?? null);
      const score = next.score[i] as number;
      if (pick !== g.pick || score !== g.score) settled = false;
      g.pick = pick;
      g.pickIndex = at;
      g.score = score;
      g.second = next.second[i] as number;
      g.why = next.why[i] as number;
    }
    if (settled) break;
  }
  for (const g of list) g.rule = g.pickIndex < 0 ? '' : spellRule(g.readings, g.pickIndex, g.why);
  placeLocalDivisions(text, list, gaz);
  for (const g of list) {
    if (!g.pick || g.score < W.min) continue;
    const margin = g.second === -Infinity ? 4 : g.score - g.second;
    g.confidence = round2(Math.min(0.99, (1 / (1 + Math.exp(-margin))) * Math.min(1, g.score / 8)));
  }
  // In text order: the places of the names in turn, stably sorted by start.
  const out: Place[] = [];
  for (let k = 0; k < spans.length; k++) {
    const g = of[k] as Group;
    const p = g.pick;
    if (!p || g.score < W.min) continue;
    const m = spans[k] as Mention;
    // One provenance per name: its places share it (read-only, like all of the output).
    const prov = (g.prov ??= { stage: PLACES_STAGE, version: PLACES_VERSION, rule: g.rule });
    out.push(toPlace(m, p, g.confidence, (p.kind === 'city' || p.kind === 'state') && m.actor, prov));
  }
  return out;
}

/**
 * The names' mentions (and the name of each) stably sorted by start: in the order of the names,
 * then of the mentions, where starts tie. One numeric sort of start·n + index (exact: offsets
 * are integers far below 2^53 / n), which costs less than a sort with a comparator.
 */
function byStart(list: readonly Group[]): [Mention[], Group[]] {
  const flat: Mention[] = [];
  const flatOf: Group[] = [];
  for (const g of list) {
    for (const m of g.mentions) {
      flat.push(m);
      flatOf.push(g);
    }
  }
  const n = flat.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (flat[i] as Mention).start * n + i;
  keys.sort();
  const spans = new Array<Mention>(n);
  const of = new Array<Group>(n);
  for (let k = 0; k < n; k++) {
    const i = (keys[k] as number) % n;
    spans[k] = flat[i] as Mention;
    of[k] = flatOf[i] as Group;
  }
  return [spans, of];
}

function newGroup(key: string, readings: Readings): Group {
  return {
    key,
    mentions: [],
    readings,
    cands: readings.cands,
    pick: null,
    pickIndex: -1,
    score: -Infinity,
    second: -Infinity,
    why: 0,
    rule: '',
    confidence: 0,
    prov: null,
    top: readings.top,
    actor: false,
    world: readings.world,
    containers: NONE,
    inContainer: NO_FLAGS,
    contains: [],
    siblings: [],
    divisionCue: false,
  };
}

const NONE: readonly Candidate[] = [];
const NO_FLAGS: readonly boolean[] = [];

/**
 * Names written as the container of another ("Atlanta, Georgia"): sets each group's containers
 * (and which readings lie in them) and the names it is the container of. Returns whether some
 * container is a US state or county: the text is US-local.
 */
function linkContainers(list: readonly Group[]): boolean {
  let usContainer = false;
  // Start offset of a container → the names written before it.
  const containerOf = new Map<number, Group[]>();
  for (const g of list) {
    let containers: Candidate[] | null = null;
    for (const m of g.mentions) {
      if (m.containerAt === null) continue;
      for (const k of m.containers) {
        (containers ??= []).push(k);
        if (k.country === 'US' && k.kind === 'admin') usContainer = true;
      }
      const before = containerOf.get(m.containerAt);
      if (before) before.push(g);
      else containerOf.set(m.containerAt, [g]);
    }
    if (containers === null) continue;
    g.containers = containers;
    const inContainer: boolean[] = [];
    for (const c of g.cands) inContainer.push(inAny(c, containers));
    g.inContainer = inContainer;
  }
  if (containerOf.size === 0) return usContainer;
  for (const g of list) {
    for (const m of g.mentions) for (const o of containerOf.get(m.start) ?? NO_GROUPS) g.contains.push(o);
  }
  return usContainer;
}

const NO_GROUPS: readonly Group[] = [];

/** Names listed together, separated only by a comma, "and" or "or": they tend to be of one kind. `spans` are in text order. */
function linkSiblings(text: string, spans: readonly Mention[], of: readonly Group[]): void {
  for (let k = 1; k < spans.length; k++) {
    const a = of[k - 1] as Group;
    const b = of[k] as Group;
    if (a === b || !isListSeparator(text, (spans[k - 1] as Mention).end, (spans[k] as Mention).start)) continue;
    a.siblings.push(b);
    b.siblings.push(a);
  }
}

/** A picked town or division of another name, for nearness. */
type Anchor = SpatialAnchor<Group>;

/** Dateline → country, per gazetteer: datelines recur ("WASHINGTON", "MOSCOW") and each is a whole resolvePlaces. */
const datelineMemo = new WeakMap<Gazetteer, Map<string, string | null>>();
/** Datelines whose countries are kept between calls; the memo starts over when full. */
const MEMO_MAX = 20_000;

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
  readonly colocated: ReadonlyMap<Candidate, number>;
  /** The picked towns and divisions, for nearness, by latitude. */
  readonly anchors: readonly Anchor[];
  /** The same without capitals and seats of power in foreign news: they say nothing about which small town is meant. */
  readonly localAnchors: readonly Anchor[];
}

/**
 * The rule of a reading: its prior's why, then the context terms that raised its score. Kept
 * with the name's readings: the same few rules recur from story to story.
 */
function spellRule(readings: Readings, index: number, why: number): string {
  const key = index * (1 << WHY.length) + why;
  let rule = readings.rules.get(key);
  if (rule === undefined) {
    rule = readings.priorRules[index] ?? '';
    for (let b = 0; b < WHY.length; b++) if (why & (1 << b)) rule += `+${WHY[b]}`;
    readings.rules.set(key, rule);
  }
  return rule;
}

/**
 * The choices of a round, by index of the name: every name chooses against the previous
 * round's picks, so none is updated before all have chosen. Columns rather than an object per
 * choice: no allocation per name and round.
 */
interface Choices {
  /** Index of the pick in the name's readings, -1 for none. */
  readonly index: Int32Array;
  readonly score: Float64Array;
  readonly second: Float64Array;
  /** WHY bits of the pick. */
  readonly why: Int32Array;
}

const choices = (n: number): Choices => ({ index: new Int32Array(n), score: new Float64Array(n), second: new Float64Array(n), why: new Int32Array(n) });

/**
 * The best reading of a name given what the others picked last round. The terms are added in
 * a fixed order (WHY), so the score of a reading does not depend on how the rule is spelled;
 * the rule is spelled once, after the last round (spellRule).
 */
function choose(g: Group, doc: DocContext, out: Choices, at: number): void {
  const { countries, admins, named, states, colocated, anchors, localAnchors } = doc;
  const own = g.pick;
  const { priors, worldCity, hasDivision } = g.readings;
  const sibs = g.siblings;
  // Names this one is the container of ("Georgia" after "Atlanta, "): their current readings.
  const contained = g.contains.length === 0 ? NONE : picksOf(g.contains);
  let best: Candidate | null = null;
  let bestIndex = -1;
  let bestScore = -Infinity;
  let second = -Infinity;
  let bestWhy = 0;
  for (let i = 0; i < g.cands.length; i++) {
    const c = g.cands[i] as Candidate;
    const inContainer = g.inContainer[i] === true;
    // Small US places and bare county names only where the text is US-local or names their state.
    if ((c.via === 'us-place' || c.via === 'county-bare') && !doc.usLocal && !inContainer) continue;
    let why = 0;
    let s = priors[i] ?? 0;
    if (hasDivision && c.kind === 'city' && !c.major) s += W.shadowed;
    const cw = (countries.get(c.country ?? '') ?? 0) - (own && own.country === c.country && own.country ? 1 : 0);
    if (cw > 0) {
      s += W.country * Math.log1p(cw);
      why |= DOC_COUNTRY;
    }
    if (c.admin) {
      const ownCounted = own && own.admin === c.admin && (own.kind !== 'admin' || own.via === 'local-division');
      const aw = (admins.get(c.admin) ?? 0) - (ownCounted ? 1 : 0);
      if (aw > 0) {
        s += W.admin1 * Math.log1p(aw);
        why |= DOC_ADMIN1;
      }
      if (c.kind === 'city' && named.has(c.admin)) {
        s += W.adminNamed;
        why |= ADMIN1_NAMED;
      }
    }
    if ((c.kind === 'city' || c.kind === 'admin') && c.country && states.has(c.country)) {
      s += W.stateNamed;
      why |= STATE_NAMED;
    }
    // "Vienna, Va." says which Vienna: no penalty for the town its container names.
    if (doc.intl && g.world && c.kind === 'city' && !worldCity[i] && !inContainer) {
      s += W.worldHomonym;
      why |= WORLD_HOMONYM;
    }
    if (c.kind === 'city' || c.kind === 'admin') {
      const band = nearBand(c, g, worldCity[i] ? anchors : localAnchors);
      const near = band === 0 ? W.near50 : band === 1 ? W.near150 : band === 2 ? W.near400 : 0;
      if (near > 0) {
        s += near;
        why |= NEAR_PLACES;
      }
    }
    if (c.kind === 'admin' && c.featureCode === 'ADM1' && g.divisionCue) {
      s += W.divisionCue;
      why |= DIVISION_CUE;
    }
    const sameKind = c.kind === 'city' ? 0 : countSameKind(c, sibs);
    if (sameKind > 0) {
      s += W.sibling * Math.min(sameKind, 2);
      why |= LISTED_WITH_SAME_KIND;
    }
    const co = colocated.get(c) ?? 0;
    if (co > 0) {
      s += W.colocated * Math.min(co, 2);
      why |= COLOCATED;
    }
    // A container no reading lies in is a list ("Georgia, Ukraine and Moldova"): no effect.
    if (inContainer) {
      s += W.container;
      why |= CITY_COMMA_CONTAINER;
    }
    if (containsAny(c, contained)) {
      s += W.container;
      why |= CONTAINER_OF_CITY;
    }
    if (s > bestScore) {
      second = bestScore;
      bestScore = s;
      best = c;
      bestIndex = i;
      bestWhy = why;
    } else if (s > second && !(best && best.country === c.country && km(best.lat, best.lon, c.lat, c.lon) < 50)) {
      second = s;
    }
  }
  out.index[at] = bestIndex;
  out.score[at] = bestScore;
  out.second[at] = second;
  out.why[at] = bestWhy;
}

function picksOf(groups: readonly Group[]): Candidate[] {
  const out: Candidate[] = [];
  for (const o of groups) if (o.pick !== null) out.push(o.pick);
  return out;
}

/** How many listings of the name have a neighbour picked as the same kind of place as `c` (state, division, …). */
function countSameKind(c: Candidate, sibs: readonly Group[]): number {
  let n = 0;
  for (const o of sibs) if (o.pick && o.pick.kind === c.kind && sameClass(o.pick.featureCode, c.featureCode)) n++;
  return n;
}

/** Whether two feature codes share their class, the first three letters (PCLI and PCLD, ADM1 and ADM2): `a.slice(0, 3) === b.slice(0, 3)` without the slices. */
function sameClass(a: string, b: string): boolean {
  const n = Math.min(a.length, 3);
  if (Math.min(b.length, 3) !== n) return false;
  for (let k = 0; k < n; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
  return true;
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
    if ((!g.readings.countyLike && !unknown) || supported) continue;
    if (unknown) {
      if (!mayBeUnknownPlace(text, g.mentions, gaz)) continue;
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
 * One mention as a place. Object literals in the key order of the output (geonameId and
 * metonym only when set), written out: spreading optional keys in cost more than the rest of
 * the output.
 */
function toPlace(m: Mention, p: Candidate, confidence: number, metonym: boolean, prov: Place['prov']): Place {
  const { start, end, text } = m;
  const { name, lat, lon, country, kind, geonameId } = p;
  if (geonameId) {
    return metonym
      ? { start, end, text, name, lat, lon, geonameId, country, kind, confidence, metonym: true, prov }
      : { start, end, text, name, lat, lon, geonameId, country, kind, confidence, prov };
  }
  return metonym ? { start, end, text, name, lat, lon, country, kind, confidence, metonym: true, prov } : { start, end, text, name, lat, lon, country, kind, confidence, prov };
}

function bump(m: Map<string, number>, k: string, by: number): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
