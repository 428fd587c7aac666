/**
 * Where the readings of the names lie relative to each other, for resolve.ts: distance,
 * containment in a state or first-level division, nearness to the other names' picks, and
 * spatial minimality (colocation).
 */
import type { Candidate } from './gazetteer.ts';
import { isLocal } from './readings.ts';

/** A name as colocation sees it: its readings, and whether it is an actor or a world name. */
export interface Named {
  /** Used as an actor somewhere in the text ("Washington said"). */
  readonly actor: boolean;
  /** It has a capital, major-city or landmark reading. */
  readonly world: boolean;
  /** The reading with the best prior. */
  readonly top: Candidate | null;
  readonly cands: readonly Candidate[];
}

/** A picked town or division of another name `G`, for nearness. */
export type Anchor<G> = readonly [G, Candidate];

const RAD = Math.PI / 180;

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
export function colocation(list: readonly Named[], specific: boolean): Map<Candidate, number> {
  const sources: Candidate[] = [];
  const sourceOf: number[] = [];
  list.forEach((g, i) => {
    if (g.actor || (specific && (g.world || g.top?.kind === 'state' || g.top?.kind === 'region'))) return;
    // A capital pulls no town towards itself: "Washington" is the US government more often than
    // a neighbour of Vienna, Virginia. Its homonymous towns (Washington, Pennsylvania) may pull.
    for (const c of g.cands) {
      if (!isLocal(c) || c.featureCode === 'PPLC') continue;
      sources.push(c);
      sourceOf.push(i);
    }
  });
  const out = new Map<Candidate, number>();
  const n = sources.length;
  if (n === 0) return out;
  // The sources by latitude, as flat arrays: the bisection and the sweep read nothing else.
  // (Sources of equal latitude may come in any order: the sweep takes the least distance per name.)
  const order: number[] = [];
  for (let j = 0; j < n; j++) order.push(j);
  order.sort((a, b) => (sources[a] as Candidate).lat - (sources[b] as Candidate).lat);
  const srcLat = new Float64Array(n);
  const srcLon = new Float64Array(n);
  const srcCos = new Float64Array(n);
  const srcGroup = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const k = order[j] as number;
    const c = sources[k] as Candidate;
    srcLat[j] = c.lat;
    srcCos[j] = Math.cos(c.lat * RAD);
    srcLon[j] = c.lon;
    srcGroup[j] = sourceOf[k] as number;
  }
  // Per other name (by index in `list`), its nearest source to the reading at hand; the first `nSeen` of `seen` are those set.
  const best = new Float64Array(list.length).fill(Infinity);
  const seen = new Int32Array(list.length);
  list.forEach((g, i) => {
    for (const c of g.cands) {
      if (!isLocal(c)) continue;
      // First source within 0.75° of latitude (~80 km), by bisection.
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((srcLat[mid] as number) < c.lat - 0.75) lo = mid + 1;
        else hi = mid;
      }
      const cos = Math.cos(c.lat * RAD);
      let nSeen = 0;
      for (let j = lo; j < n; j++) {
        const lat = srcLat[j] as number;
        if (lat > c.lat + 0.75) break;
        // Names are grouped by key, so another index is another name.
        const o = srcGroup[j] as number;
        if (o === i) continue;
        const lon = srcLon[j] as number;
        const dlon = Math.abs(lon - c.lon);
        if (dlon * cos > 0.75 && dlon < 359) continue;
        const d = kmCos(c.lat, c.lon, cos, lat, lon, srcCos[j] as number);
        const was = best[o] as number;
        if (d < was) {
          if (was === Infinity) seen[nSeen++] = o;
          best[o] = d;
        }
      }
      let near = 0;
      for (let k = 0; k < nSeen; k++) {
        const o = seen[k] as number;
        const d = best[o] as number;
        near += d < 30 ? 1 : d < 80 ? 0.5 : 0;
        best[o] = Infinity;
      }
      if (near > 0) out.set(c, near);
    }
  });
  return out;
}

/**
 * How near `c` is to the nearest anchor of another name within 3.7° of latitude: 0 under 50 km,
 * 1 under 150 km, 2 under 400 km, 3 farther or none. `anchors` is sorted by latitude: bisect to
 * the first within reach. Only the band counts, so the search stops at the first anchor under
 * 50 km; a band rather than a distance, as a small integer, costs no allocation.
 */
export function nearBand<G>(c: Candidate, g: G, anchors: readonly Anchor<G>[]): number {
  let lo = 0;
  let hi = anchors.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((anchors[mid] as Anchor<G>)[1].lat - c.lat <= -3.7) lo = mid + 1;
    else hi = mid;
  }
  let d = Infinity;
  for (let j = lo; j < anchors.length; j++) {
    const [o, a] = anchors[j] as Anchor<G>;
    if (a.lat - c.lat >= 3.7) break;
    if (o !== g) d = Math.min(d, km(c.lat, c.lon, a.lat, a.lon));
    if (d < 50) break;
  }
  return d < 50 ? 0 : d < 150 ? 1 : d < 400 ? 2 : 3;
}

/** Whether `c` lies in any of `outers`. */
export function inAny(c: Candidate, outers: readonly Candidate[]): boolean {
  for (const k of outers) if (within(c, k)) return true;
  return false;
}

/** Whether any of `inners` lies in `c`. */
export function containsAny(c: Candidate, inners: readonly Candidate[]): boolean {
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

/** Great-circle distance in km. */
export function km(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return kmCos(lat1, lon1, Math.cos(lat1 * RAD), lat2, lon2, Math.cos(lat2 * RAD));
}

/** km() given the cosines of both latitudes, for loops that have them: the same arithmetic, so the same answer to the bit. */
function kmCos(lat1: number, lon1: number, cos1: number, lat2: number, lon2: number, cos2: number): number {
  const a = Math.sin(((lat2 - lat1) * RAD) / 2) ** 2 + cos1 * cos2 * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}
