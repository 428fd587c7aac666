/**
 * Entity resolution within a document: candidates (mentions.ts) are clustered into entities.
 *
 * - States, KB organisations, outlets and groups by their id: "Russia", "Russian troops",
 *   "Moscow" and "the Kremlin" are one entity; "OSCE" and "Organization for Security and
 *   Cooperation in Europe" too (the KB knows both). The NATO-Russia Council has its own KB id.
 * - Organisations the KB lacks: by folded name, and an acronym joins the long name whose
 *   capitalised initials it spells.
 * - People: a full name joins a longer one it ends ("Fogh Rasmussen" → "Anders Fogh Rasmussen");
 *   a surname ("Grushko", "Von Cramon-Taubadel") joins the nearest person before it with that
 *   surname, else the nearest after it. Only PER mentions join people ("Rasmussen Global" is not
 *   Anders Fogh Rasmussen).
 * - Nominals: "the bloc" and "the alliance" join the nearest organisation before them of a KB
 *   type the lexicon lists (union, then alliance for "the bloc").
 */
import type { EntityType } from '../../doc/types.ts';
import type { Kb } from '../../kb/kb.ts';
import { isAcronym } from '../../kb/text.ts';
import { fold as foldKey } from './lexicon.ts';
import { memoised, type Cand } from './mentions.ts';

export interface Cluster {
  type: EntityType;
  kbId?: string;
  name: string;
  readonly cands: Cand[];
}

const PARTICLES = new Set(['von', 'van', 'de', 'der', 'den', 'da', 'di', 'du', 'del', 'della', 'dos', 'das', 'le', 'la', 'al', 'el', 'bin', 'ben', 'ibn', 'ter', 'zu']);

/** The ways a full name may be shortened to a surname: "Jens Stoltenberg" → stoltenberg; "Viola Von Cramon-Taubadel" → von cramon-taubadel, cramon-taubadel. */
export function surnameKeys(name: string): string[] {
  const parts = name.split(/\s+/).filter(Boolean);
  const keys = [foldKey(parts[parts.length - 1] ?? '')];
  for (let i = parts.length - 2; i >= 1 && PARTICLES.has(parts[i]!.toLowerCase()); i--) keys.push(foldKey(parts.slice(i).join(' ')));
  return keys;
}

/**
 * Clusters typed candidates into entities; returns the clusters in order of first mention, and
 * sets each clustered candidate's `cluster`.
 *
 * @example clusterCands([<Jens Stoltenberg>, <Stoltenberg>], kb).length // 1
 */
export function clusterCands(cands: readonly Cand[], kb: Kb): Cluster[] {
  const byKey = new KeyedClusters();
  const byKb = new Map<string, Cluster>();
  const people: Cluster[] = [];
  const peopleWords = new Map<Cluster, readonly string[]>();
  const shortPeople: Cand[] = [];
  const nominals: Cand[] = [];
  for (const c of cands) {
    if (c.label === 'NOM') {
      nominals.push(c);
      continue;
    }
    if (!c.type) continue;
    if (c.type === 'person') {
      if (!c.name.includes(' ')) {
        shortPeople.push(c);
        continue;
      }
      const words = nameWords(c.name);
      // "Fogh Rasmussen" and "Anders Fogh Rasmussen": the shorter ends the longer.
      let hit = people.find((p) => {
        const pw = peopleWords.get(p)!;
        return endsWith(pw, words) || endsWith(words, pw);
      });
      if (!hit) {
        hit = { type: 'person', name: c.name, cands: [] };
        people.push(hit);
        peopleWords.set(hit, words);
      } else if (words.length > peopleWords.get(hit)!.length) {
        hit.name = c.name;
        peopleWords.set(hit, words);
      }
      add(hit, c);
      if (words.length < peopleWords.get(hit)!.length) c.kind = 'short-name';
      continue;
    }
    // KB ids are unique across kinds (ISO3 in capitals, org ids in lower case).
    let cl: Cluster | undefined;
    if (c.kbId) {
      cl = byKb.get(c.kbId);
      if (!cl) byKb.set(c.kbId, (cl = { type: c.type, name: c.name, cands: [], kbId: c.kbId }));
    } else {
      const key = foldKey(c.name);
      cl = byKey.get(c.type, key);
      if (!cl) byKey.add(c.type, key, (cl = { type: c.type, name: c.name, cands: [] }));
    }
    add(cl, c);
  }
  // Surnames: the nearest full name before, else after.
  const surnames = new Map<Cluster, readonly string[]>();
  for (const p of people) surnames.set(p, surnamesOf(p.name));
  for (const c of shortPeople) {
    const key = foldKey(c.name);
    let best: Cluster | undefined;
    let bestDist = Infinity;
    for (const p of people) {
      if (!surnames.get(p)?.includes(key)) continue;
      const first = p.cands[0]!.start;
      const dist = first <= c.start ? c.start - first : 1e9 + first - c.start;
      if (dist < bestDist) [best, bestDist] = [p, dist];
    }
    if (best) {
      c.kind = 'short-name';
      c.rules.push('surname');
      add(best, c);
      continue;
    }
    let cl = byKey.get('person', key);
    if (!cl) byKey.add('person', key, (cl = { type: 'person', name: c.name, cands: [] }));
    add(cl, c);
  }
  linkAcronyms(byKey.order);
  // Nominals: the nearest KB organisation before them of the listed type.
  for (const n of nominals) {
    let target: Cluster | undefined;
    for (const type of n.nominal ?? []) {
      for (const c of cands) {
        if (c.start >= n.start) break;
        const cl = c.cluster;
        if (cl?.type === 'organisation' && cl.kbId && kb.orgById(cl.kbId)?.type === type) target = cl;
      }
      if (target) break;
    }
    if (target) {
      n.rules.push(`nominal:${target.kbId ?? target.name}`);
      add(target, n);
    }
  }
  const clusters = [...people, ...byKb.values(), ...byKey.order].filter((c) => c.cands.length);
  for (const cl of clusters) if (cl.cands.length > 1) sortByStart(cl.cands);
  return sortByFirst(clusters);
}

/**
 * Clusters keyed by type and folded name, in the order they were made: a map keyed by
 * "type:name" without building that string for every candidate.
 */
class KeyedClusters {
  private readonly byType = new Map<string, Map<string, Cluster>>();
  readonly order: Cluster[] = [];
  get(type: string, key: string): Cluster | undefined {
    return this.byType.get(type)?.get(key);
  }
  add(type: string, key: string, cl: Cluster): void {
    let m = this.byType.get(type);
    if (!m) this.byType.set(type, (m = new Map<string, Cluster>()));
    m.set(key, cl);
    this.order.push(cl);
  }
}

/**
 * The clusters in order of their first candidate, ties in their given order: a stable sort, made
 * by sorting numbers (start and index packed in one double) rather than calling a comparator.
 */
function sortByFirst(clusters: Cluster[]): Cluster[] {
  const n = clusters.length;
  if (n > 1 << 20) return clusters.sort((a, b) => a.cands[0]!.start - b.cands[0]!.start);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = clusters[i]!.cands[0]!.start * 1048576 + i;
  keys.sort();
  const out = new Array<Cluster>(n);
  for (let i = 0; i < n; i++) out[i] = clusters[keys[i]! % 1048576]!;
  return out;
}

/** A stable sort by start, in place: a cluster's candidates are nearly in order already. */
function sortByStart(cs: Cand[]): void {
  for (let i = 1; i < cs.length; i++) {
    const c = cs[i]!;
    let j = i - 1;
    while (j >= 0 && cs[j]!.start > c.start) {
      cs[j + 1] = cs[j]!;
      j--;
    }
    cs[j + 1] = c;
  }
}

function add(cl: Cluster, c: Cand): void {
  cl.cands.push(c);
  c.cluster = cl;
}

function endsWith(long: readonly string[], short: readonly string[]): boolean {
  if (short.length > long.length) return false;
  for (let i = 0, off = long.length - short.length; i < short.length; i++) if (short[i] !== long[off + i]) return false;
  return true;
}

/** A person name's folded words, and its surname keys: names recur, so both are remembered (shared, read-only). */
const nameWords: (name: string) => readonly string[] = memoised((name) => name.split(/\s+/).map(foldKey));
const surnamesOf: (name: string) => readonly string[] = memoised(surnameKeys);

/** "CPRS" joins "Centre for Policy Research and Strategy" when the KB knows neither. */
function linkAcronyms(clusters: readonly Cluster[]): void {
  const orgs = clusters.filter((c) => c.type === 'organisation' && !c.kbId);
  for (const a of orgs) {
    if (!isAcronym(a.name) || !a.cands.length) continue;
    const long = orgs.find((o) => o !== a && o.cands.length && initials(o.name) === a.name.replace(/\./g, ''));
    if (!long) continue;
    for (const c of a.cands) {
      c.kind = 'acronym';
      c.rules.push('acronym');
      add(long, c);
    }
    a.cands.length = 0;
  }
}

const UPPER_START = /^\p{Lu}/u;
const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter((w) => UPPER_START.test(w))
    .map((w) => w[0])
    .join('');
