/**
 * Within-document merging: mentions of one happening become one event with several evidence spans.
 *
 *  - in one sentence, adjacent triggers of one type with compatible actors ("meeting, who met") merge;
 *  - a definite reference ("the meeting of the NATO-Russia Council", "Thursday's meeting in Austria",
 *    "the NATO event in Brussels") joins the best earlier event of its type whose place, date and
 *    participants do not conflict with it;
 *  - an indefinite mention joins an earlier one only when place and date both agree;
 *  - a count of several ("Three important meetings") never reaches here (events.ts drops it).
 */
import { loadKb, type Kb } from '../../kb/kb.ts';
import type { EventActor, EventDate, EventPlace, Evidence, RawEvent } from './events.ts';

interface Cluster {
  /** The type of its first member, which a joining event must have. */
  readonly type: RawEvent['type'];
  members: RawEvent[];
  /** The members' keys, each once, in order (a few: an array is cheaper than a Set). */
  keys: string[];
  place?: EventPlace;
  date?: EventDate;
}

let kb: Kb | undefined;

/** "Vienna" and "Austria" agree even when the toponym reading put Vienna elsewhere: it is Austria's capital. */
const capitalOf = (city: EventPlace, state: EventPlace): boolean => !!state.country && !!(kb ??= loadKb()).stateById(state.country)?.capital.includes(city.name);
const placeConflict = (a?: EventPlace, b?: EventPlace): boolean =>
  !!a && !!b && a.name !== b.name && (a.country !== b.country || !a.country) && !capitalOf(a, b) && !capitalOf(b, a);
const readDate = (d?: EventDate): string | undefined => (d && d.from === 'time-expression' ? d.value : undefined);
function dateConflict(a?: EventDate, b?: EventDate): boolean {
  const x = readDate(a);
  const y = readDate(b);
  return !!x && !!y && !x.startsWith(y) && !y.startsWith(x);
}

function score(c: Cluster, r: RawEvent): number {
  // the conflicts, cheapest first (the KB is read for places last)
  let overlap = 0;
  for (const k of r.keys) if (c.keys.includes(k)) overlap++;
  if (r.keys.length > 0 && c.keys.length > 0 && overlap === 0) return -1;
  if (dateConflict(c.date, r.date) || placeConflict(c.place, r.place)) return -1;
  let s = overlap * 2;
  if (c.place && r.place) s += c.place.name === r.place.name ? 3 : 1;
  const cd = readDate(c.date);
  const rd = readDate(r.date);
  if (cd && rd) s += 3;
  if (c.place || cd) s += 0.5;
  return s;
}

/**
 * `{ ...ev, ...changes }`, except that the merging fields (sentence, keys, anaphoric) stay the last
 * three keys, as every raw event has them: the record drops them by deleting them from the end
 * (events.ts finish), which keeps the object's layout. The other keys come in the order the spread
 * gives them: a key `ev` has keeps its place, a new one comes after them. A field set to undefined
 * (build.ts BuiltEvent) counts as absent.
 */
export function withChanges(ev: RawEvent, changes: Partial<RawEvent>): RawEvent {
  const out: Record<string, unknown> = {};
  const from = ev as unknown as Record<string, unknown>;
  const more = changes as Record<string, unknown>;
  for (const k in from) if (!isMergeField(k) && from[k] !== undefined) out[k] = k in more ? more[k] : from[k];
  for (const k in more) if (!isMergeField(k) && from[k] === undefined) out[k] = more[k];
  out.sentence = 'sentence' in more ? more.sentence : ev.sentence;
  out.keys = 'keys' in more ? more.keys : ev.keys;
  out.anaphoric = 'anaphoric' in more ? more.anaphoric : ev.anaphoric;
  return out as unknown as RawEvent;
}

function isMergeField(k: string): boolean {
  return k === 'sentence' || k === 'keys' || k === 'anaphoric';
}

/** @example mergeEvents([meetingWed, metInBrussels, natoEventInBrussels]).length // 1 */
export function mergeEvents(raw: readonly RawEvent[]): RawEvent[] {
  const clusters: Cluster[] = [];
  const sorted = sortedBy(raw, (r) => r.trigger.start);
  for (const r of sorted) {
    let target: Cluster | undefined;
    const last = clusters[clusters.length - 1];
    const lastMember = last?.members[last.members.length - 1];
    if (last && lastMember && lastMember.sentence === r.sentence && r.sentence >= 0 && lastMember.type === r.type && score(last, r) >= 0) target = last;
    if (!target) {
      let best = -1;
      const needed = r.anaphoric ? 0 : 6;
      for (let i = clusters.length - 1; i >= 0; i--) {
        const c = clusters[i]!;
        if (c.type !== r.type) continue;
        // a dated or placed reference ("last month's discussions") never joins a vague summary
        if (r.anaphoric && (readDate(r.date) || r.place) && !c.place && !readDate(c.date)) continue;
        const s = score(c, r);
        if (s >= needed && s > best) {
          best = s;
          target = c;
        }
      }
    }
    if (target) {
      target.members.push(r);
      for (const k of r.keys) if (!target.keys.includes(k)) target.keys.push(k);
      if (target.place && r.place && target.place.country !== r.place.country && capitalOf(target.place, r.place)) {
        target.place = { ...target.place, country: r.place.country };
      }
      target.place ??= r.place;
      if (r.date && (!target.date || (target.date.from === 'document-date' && r.date.from === 'time-expression'))) target.date = r.date;
      continue;
    }
    // "the event" with nothing to refer to (an anaphor-only rule is always anaphoric: the test spares reading most rules)
    if (r.anaphoric && r.rule.includes('anaphor-only')) continue;
    const c: Cluster = { type: r.type, members: [r], keys: unique(r.keys), place: undefined, date: undefined };
    if (r.place) c.place = r.place;
    if (r.date) c.date = r.date;
    clusters.push(c);
  }
  const out: RawEvent[] = [];
  for (const c of clusters) out.push(combine(c));
  return sortedBy(out, (e) => e.evidence[0]!.start);
}

/**
 * The events in order of key, those of one key in the order given (a stable sort): by insertion,
 * since they come nearly in order (by sentence) and number a few dozen.
 */
function sortedBy(list: readonly RawEvent[], key: (e: RawEvent) => number): RawEvent[] {
  const out: RawEvent[] = [];
  for (const e of list) {
    const k = key(e);
    let i = out.length;
    while (i > 0 && key(out[i - 1]!) > k) i--;
    if (i === out.length) out.push(e);
    else out.splice(i, 0, e);
  }
  return out;
}

/** The keys each once, in order (what [...new Set(keys)] gives). */
function unique(keys: readonly string[]): string[] {
  // mostly they are: then a copy at its size (a list grown by push from empty gets room for 17)
  let dup = false;
  for (let i = 1; i < keys.length && !dup; i++) if (keys.lastIndexOf(keys[i]!, i - 1) >= 0) dup = true;
  if (!dup) return keys.slice();
  const out: string[] = [];
  for (const k of keys) if (!out.includes(k)) out.push(k);
  return out;
}

function addParticipant(list: EventActor[], p: EventActor): void {
  if (!list.some((q) => (q.kbId ?? q.name) === (p.kbId ?? p.name))) list.push(p);
}

function combine(c: Cluster): RawEvent {
  const base = c.members.find((m) => !m.anaphoric) ?? c.members[0]!;
  if (c.members.length === 1) return base;
  // the members' evidence, each span once, in order of start (those of one start as they came: a
  // stable sort, by insertion, as the list is a few long)
  const evidence: Evidence[] = [];
  for (const m of c.members) {
    for (const e of m.evidence) {
      if (evidence.some((x) => x.start === e.start && x.end === e.end)) continue;
      let i = evidence.length;
      while (i > 0 && evidence[i - 1]!.start > e.start) i--;
      evidence.splice(i, 0, e);
    }
  }
  const source = base.source ?? c.members.find((m) => m.source)?.source;
  const target = base.target ?? c.members.find((m) => m.target && m.target.name !== source?.name)?.target;
  // each member's participants (else its source and target), each actor once
  const participants: EventActor[] = [];
  for (const m of c.members) {
    if (m.participants) for (const p of m.participants) addParticipant(participants, p);
    else {
      if (m.source) addParticipant(participants, m.source);
      if (m.target) addParticipant(participants, m.target);
    }
  }
  // { ...rest, source, target, participants, place, date, evidence, keys, rule, confidence } with rest the
  // base without its actors, place and date: built key by key, in the order that literal gives, but
  // with the merging fields last, and a field set to undefined taken for absent (withChanges)
  const out: Record<string, unknown> = {};
  const from = base as unknown as Record<string, unknown>;
  for (const k in from) if (!REPLACED.has(k) && !isMergeField(k) && from[k] !== undefined) out[k] = from[k];
  if (source) out.source = source;
  if (target) out.target = target;
  if (participants.length > 1) out.participants = participants;
  if (c.place) out.place = c.place;
  if (c.date) out.date = c.date;
  out.evidence = evidence;
  out.rule = `${base.rule} merged:${c.members.length}`;
  let conf = -Infinity;
  for (const m of c.members) if (m.confidence > conf) conf = m.confidence;
  out.confidence = Math.min(0.95, conf + 0.05 * (c.members.length - 1));
  out.sentence = base.sentence;
  out.keys = [...c.keys];
  out.anaphoric = base.anaphoric;
  return out as unknown as RawEvent;
}

const REPLACED = new Set(['source', 'target', 'participants', 'place', 'date']);
