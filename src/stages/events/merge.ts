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
import { loadKb } from '../../kb/kb.ts';
import type { EventActor, EventDate, EventPlace, Evidence, RawEvent } from './events.ts';

interface Cluster {
  members: RawEvent[];
  keys: Set<string>;
  place?: EventPlace;
  date?: EventDate;
}

/** "Vienna" and "Austria" agree even when the toponym reading put Vienna elsewhere: it is Austria's capital. */
const capitalOf = (city: EventPlace, state: EventPlace): boolean => !!state.country && !!loadKb().stateById(state.country)?.capital.includes(city.name);
const placeConflict = (a?: EventPlace, b?: EventPlace): boolean =>
  !!a && !!b && a.name !== b.name && (a.country !== b.country || !a.country) && !capitalOf(a, b) && !capitalOf(b, a);
const readDate = (d?: EventDate): string | undefined => (d && d.from === 'time-expression' ? d.value : undefined);
function dateConflict(a?: EventDate, b?: EventDate): boolean {
  const x = readDate(a);
  const y = readDate(b);
  return !!x && !!y && !x.startsWith(y) && !y.startsWith(x);
}

function score(c: Cluster, r: RawEvent): number {
  if (placeConflict(c.place, r.place) || dateConflict(c.date, r.date)) return -1;
  let overlap = 0;
  for (const k of r.keys) if (c.keys.has(k)) overlap++;
  if (r.keys.length > 0 && c.keys.size > 0 && overlap === 0) return -1;
  let s = overlap * 2;
  if (c.place && r.place) s += c.place.name === r.place.name ? 3 : 1;
  const cd = readDate(c.date);
  const rd = readDate(r.date);
  if (cd && rd) s += 3;
  if (c.place || cd) s += 0.5;
  return s;
}

/** @example mergeEvents([meetingWed, metInBrussels, natoEventInBrussels]).length // 1 */
export function mergeEvents(raw: readonly RawEvent[]): RawEvent[] {
  const clusters: Cluster[] = [];
  const sorted = [...raw].sort((a, b) => a.trigger.start - b.trigger.start);
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
        if (c.members[0]!.type !== r.type) continue;
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
      for (const k of r.keys) target.keys.add(k);
      if (target.place && r.place && target.place.country !== r.place.country && capitalOf(target.place, r.place)) {
        target.place = { ...target.place, country: r.place.country };
      }
      target.place ??= r.place;
      if (r.date && (!target.date || (target.date.from === 'document-date' && r.date.from === 'time-expression'))) target.date = r.date;
      continue;
    }
    if (r.rule.includes('anaphor-only')) continue; // "the event" with nothing to refer to
    const c: Cluster = { members: [r], keys: new Set(r.keys) };
    if (r.place) c.place = r.place;
    if (r.date) c.date = r.date;
    clusters.push(c);
  }
  const out: RawEvent[] = [];
  for (const c of clusters) out.push(combine(c));
  return out.sort((a, b) => a.evidence[0]!.start - b.evidence[0]!.start);
}

function combine(c: Cluster): RawEvent {
  const base = c.members.find((m) => !m.anaphoric) ?? c.members[0]!;
  if (c.members.length === 1) return base;
  const evidence: Evidence[] = [];
  for (const m of c.members) for (const e of m.evidence) if (!evidence.some((x) => x.start === e.start && x.end === e.end)) evidence.push(e);
  evidence.sort((a, b) => a.start - b.start);
  const source = base.source ?? c.members.find((m) => m.source)?.source;
  const target = base.target ?? c.members.find((m) => m.target && m.target.name !== source?.name)?.target;
  const participants: EventActor[] = [];
  for (const m of c.members) {
    for (const p of m.participants ?? [m.source, m.target].filter((x): x is EventActor => !!x)) {
      if (!participants.some((q) => (q.kbId ?? q.name) === (p.kbId ?? p.name))) participants.push(p);
    }
  }
  // { ...rest, source, target, participants, place, date, evidence, keys, rule, confidence } with rest the
  // base without its actors, place and date: built key by key, in the order that literal gives
  const out: Record<string, unknown> = {};
  const from = base as unknown as Record<string, unknown>;
  for (const k of Object.keys(base)) if (!REPLACED.has(k)) out[k] = from[k];
  if (source) out.source = source;
  if (target) out.target = target;
  if (participants.length > 1) out.participants = participants;
  if (c.place) out.place = c.place;
  if (c.date) out.date = c.date;
  out.evidence = evidence;
  out.keys = [...c.keys];
  out.rule = `${base.rule} merged:${c.members.length}`;
  let conf = -Infinity;
  for (const m of c.members) if (m.confidence > conf) conf = m.confidence;
  out.confidence = Math.min(0.95, conf + 0.05 * (c.members.length - 1));
  return out as unknown as RawEvent;
}

const REPLACED = new Set(['source', 'target', 'participants', 'place', 'date']);
