/**
 * The actor mentions of a document, as word ranges: from the entities layer when there is one,
 * else from NER mentions resolved through the KB plus capitalised state names NER missed.
 */
import type { Document } from '../../doc/document.ts';
import type { Entity, Place } from '../../doc/types.ts';
import { loadKb } from '../../kb/kb.ts';
import { ActorResolver, fromEntity, type Actor, type ActorMention } from './arguments.ts';
import type { Word } from './triggers.ts';
import { CAPITALISED, firstWordIn, lastWordIn } from './words.ts';

let resolver: ActorResolver | undefined;

/**
 * Zeroed byte arrays of the given length, two of them (`which`), reused from one document to the
 * next: a typed array of a document's size is allocated outside the heap, which costs more than
 * clearing one. Each is read within the one function that asks for it.
 */
const bytes = [new Uint8Array(1 << 12), new Uint8Array(1 << 12)];
function scratchBytes(which: 0 | 1, length: number): Uint8Array {
  if (bytes[which]!.length < length) bytes[which] = new Uint8Array(length * 2);
  const b = bytes[which]!.subarray(0, length);
  b.fill(0);
  return b;
}

function getResolver(): ActorResolver {
  resolver ??= new ActorResolver(loadKb());
  return resolver;
}

const HYPHEN = /[-‐]/;

/** HYPHEN.test(t), without the regular expression for the many names that have none. */
function hasHyphen(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x2d || c === 0x2010) return true;
  }
  return false;
}

/**
 * The lists of actor mentions below are gathered in this reused array (with a count) and copied out
 * at their size, sorted: grown by push, each list would reallocate its storage several times.
 */
const gathered: ActorMention[] = [];

/** Actor mentions from the entities layer (metonyms and demonyms resolved there), sorted by start. */
export function actorsFromEntities(entities: readonly Entity[], words: readonly Word[]): ActorMention[] {
  const res = getResolver();
  const out = gathered;
  let n = 0;
  for (const e of entities) {
    const actor = fromEntity(e);
    for (const m of e.mentions) {
      if (m.kind === 'pronoun') continue;
      const first = firstWordIn(words, m.start, m.end);
      if (first < 0) continue;
      // "NATO-Russia Council": the two sides it brings together take part in its meetings
      // (the head is a prefix of the text: no hyphen in the text, none in the head, no split needed)
      const head = hasHyphen(m.text) ? (m.text.split(/\s+/)[0] ?? '') : '';
      const parts = hasHyphen(head) ? head.split(HYPHEN).map((p) => res.state(p) ?? res.org(p)).filter((p): p is Actor => !!p) : [];
      out[n++] = { first, last: lastWordIn(words, first, m.end), start: m.start, end: m.end, text: m.text, actor: parts.length >= 2 ? { ...actor, parts } : actor };
    }
  }
  return sortedByStart(out, n);
}

/** name.endsWith(' ' + last), without making the joined string. */
function endsWithWord(name: string, last: string): boolean {
  return name.length > last.length && name.charCodeAt(name.length - last.length - 1) === 32 && name.endsWith(last);
}

/** Actor mentions from NER + KB, plus capitalised state names and demonyms NER missed, sorted by start. */
export function actorsFromMentions(doc: Document, words: readonly Word[]): ActorMention[] {
  const res = getResolver();
  const text = doc.text;
  const places = new Map<number, Place>();
  for (const p of doc.layer('places')) places.set(p.start, p);
  const sentences = doc.layer('sentences');
  let si = 0;
  let contextOf = -1;
  let context = '';
  const out = gathered;
  let n = 0;
  const covered = scratchBytes(0, words.length);
  const persons: Actor[] = [];
  for (const m of doc.layer('mentions')) {
    while (si < sentences.length - 1 && sentences[si]!.end <= m.start) si++;
    if (contextOf !== si) {
      const s = sentences[si];
      context = s ? text.slice(s.start, s.end) : '';
      contextOf = si;
    }
    let actor = res.fromMention(m, places.get(m.start), context);
    if (!actor) continue;
    if (actor.kind === 'person') {
      // "Grushko" after "Alexander Grushko": the same person
      let full: Actor | undefined;
      for (const p of persons) {
        if (p.name !== m.text && endsWithWord(p.name, m.text)) {
          full = p;
          break;
        }
      }
      if (full) actor = full;
      else persons.push(actor);
    }
    const first = firstWordIn(words, m.start, m.end);
    if (first < 0) continue;
    const last = lastWordIn(words, first, m.end);
    for (let k = first; k <= last; k++) covered[k] = 1;
    out[n++] = { first, last, start: m.start, end: m.end, text: m.text, actor };
  }
  for (let k = 0; k < words.length; k++) {
    if (covered[k]) continue;
    const w = words[k]!;
    const a = stateNamed(res, w);
    if (a) out[n++] = { first: k, last: k, start: w.start, end: w.end, text: w.text, actor: a };
  }
  return sortedByStart(out, n);
}

/** The state a capitalised word of 3 letters or more names ("Ukraine", "Russian"), read once per form. */
function stateNamed(res: ActorResolver, w: Word): Actor | undefined {
  if (!(w.bits & CAPITALISED)) return undefined;
  const f = w.form;
  let a = f.state;
  if (a === undefined) f.state = a = res.state(f.text) ?? null;
  return a ?? undefined;
}

/**
 * The first n mentions of `list`, in a new list in order of start, those of one start in the order
 * given: what a stable sort by start gives, by a numeric sort of start and position packed in one
 * 32-bit key (no comparator calls).
 */
function sortedByStart(list: readonly ActorMention[], n: number): ActorMention[] {
  let sorted = true;
  let maxStart = 0;
  for (let i = 0; i < n; i++) {
    const start = list[i]!.start;
    if (i > 0 && start < list[i - 1]!.start) sorted = false;
    if (start > maxStart) maxStart = start;
  }
  if (sorted) return list.slice(0, n);
  if (n > POSITION_MASK + 1 || maxStart >= 2 ** (32 - POSITION_BITS)) return list.slice(0, n).sort((a, b) => a.start - b.start);
  if (sortKeys.length < n) sortKeys = new Uint32Array(n * 2);
  const keys = sortKeys.subarray(0, n);
  for (let i = 0; i < n; i++) keys[i] = list[i]!.start * (POSITION_MASK + 1) + i;
  keys.sort();
  const out = new Array<ActorMention>(n);
  for (let i = 0; i < n; i++) out[i] = list[keys[i]! & POSITION_MASK]!;
  return out;
}

/** sortedByStart's keys, reused (a typed array of some hundred entries is allocated outside the heap). */
let sortKeys = new Uint32Array(1024);

/** Bits of a sortedByStart key that hold the position: 2048 mentions, starts below 2^21 (longer lists sort the slow way). */
const POSITION_BITS = 11;
const POSITION_MASK = (1 << POSITION_BITS) - 1;

/**
 * Entity actors, completed by the mention-based reading: an entity with no country takes the
 * country the KB reading of the same span gives ("US Congress" → USA), and a mention no entity
 * covers ("the Turkish and Greek sides", "Fijian rebels") is kept as the KB reads it. The
 * entities stage is conservative by design; the events stage must not lose actors to it. Both lists
 * come in order of start, as actorsFromEntities and actorsFromMentions give them.
 */
export function mergeActors(fromEntities: readonly ActorMention[], fromMentions: readonly ActorMention[]): ActorMention[] {
  const out = gathered;
  let n = 0;
  let j = 0;
  const used = scratchBytes(1, fromMentions.length);
  for (const e of fromEntities) {
    while (j < fromMentions.length && fromMentions[j]!.end <= e.start) j++;
    let actor = e.actor;
    for (let k = j; k < fromMentions.length && fromMentions[k]!.start < e.end; k++) {
      used[k] = 1;
      const m = fromMentions[k]!.actor;
      if (!actor.country && m.country && actor.kind !== 'state') actor = { ...actor, country: m.country };
    }
    out[n++] = actor === e.actor ? e : { ...e, actor };
  }
  // A mention no entity covers is kept unless it overlaps one kept before it. The entities come in
  // order of start, so those starting before a mention ends are a prefix, and one of them overlaps
  // it when the largest end in that prefix lies after its start; the kept mentions start at or
  // before it (in order of start too), so one overlaps it when the largest of their ends does.
  const entities = n;
  const maxEnd: number[] = [];
  for (let i = 0, mx = -Infinity; i < entities; i++) maxEnd.push((mx = Math.max(mx, out[i]!.end)));
  let keptMaxEnd = -Infinity;
  for (let k = 0; k < fromMentions.length; k++) {
    const m = fromMentions[k]!;
    if (used[k]) continue;
    let overlaps: boolean;
    if (m.end > m.start) {
      let lo = 0;
      let hi = entities;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (out[mid]!.start < m.end) lo = mid + 1;
        else hi = mid;
      }
      overlaps = (lo > 0 && maxEnd[lo - 1]! > m.start) || keptMaxEnd > m.start;
    } else overlaps = anyOverlap(out, n, m); // an empty span: the test as written
    if (overlaps) continue;
    out[n++] = m;
    keptMaxEnd = Math.max(keptMaxEnd, m.end);
  }
  return sortedByStart(out, n);
}

/** Whether one of the first n mentions overlaps m. */
function anyOverlap(list: readonly ActorMention[], n: number, m: ActorMention): boolean {
  for (let i = 0; i < n; i++) if (list[i]!.start < m.end && m.start < list[i]!.end) return true;
  return false;
}
