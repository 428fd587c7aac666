/**
 * The events stage: PLOVER events from trigger words and phrases (data/events/triggers.tsv), with
 * source and target actors, place and date, negation and modality, linked quotes, and one event per
 * real-world happening (merge.ts). Rules, not a model: every event says which rule made it.
 */
import type { Document } from '../../doc/document.ts';
import type { Entity, Place, Provenance, Span, TimeExpr } from '../../doc/types.ts';
import { loadKb } from '../../kb/kb.ts';
import type { Stage } from '../../pipeline/stage.ts';
import { conllTokens } from '../entities/ner/ner.ts';
import { ActorResolver, fromEntity, groupNps, type Actor, type ActorMention } from './arguments.ts';
import { isBackground, isHypothetical, isNegated, isPassive, isPronoun, modalityOf, segments, type Segments } from './clause.ts';
import { mergeEvents } from './merge.ts';
import { lexicon, matchTriggers, type PloverType, type TriggerEntry, type TriggerMatch, type Word } from './triggers.ts';

export const EVENTS_STAGE = 'events';
export const EVENTS_VERSION = '1.0.0';

export interface EventActor {
  readonly name: string;
  /** Entity id (entities layer) when there is one. */
  readonly entity?: string;
  /** KB id: ISO3 for a state, org id ("NATO") for an organisation. */
  readonly kbId?: string;
  /** ISO3. */
  readonly country?: string;
  readonly start?: number;
  readonly end?: number;
}

export interface EventPlace {
  readonly name: string;
  /** ISO3, like the actors' country; null for a region of no single state. */
  readonly country: string | null;
  readonly start: number;
  readonly end: number;
}

export interface EventDate {
  /** TIMEX3 value. */
  readonly value: string;
  /** Read from a time expression governing the clause, or inferred from the document date. */
  readonly from: 'time-expression' | 'document-date';
  readonly start?: number;
  readonly end?: number;
  readonly confidence: number;
}

export interface Evidence extends Span {
  readonly text: string;
}

export interface Event {
  readonly id: string;
  readonly type: PloverType;
  readonly mode?: string;
  readonly source?: EventActor;
  readonly target?: EventActor;
  /** Every actor taking part, for compound and reciprocal events ("US and Russian officials discussed"). */
  readonly participants?: readonly EventActor[];
  readonly place?: EventPlace;
  readonly date?: EventDate;
  readonly negated: boolean;
  /** Not (yet) an event that happened: "may", "want", "could", "plan", "will", "should", "must", ... */
  readonly modality?: string;
  /** For an expressed intent coded as AGREE or THREATEN: the type of the act intended. */
  readonly intent?: PloverType;
  readonly evidence: readonly Evidence[];
  readonly trigger: Evidence & { readonly lemma: string };
  /** Index of the linked quote in the quotes layer. */
  readonly quote?: number;
  readonly rule: string;
  readonly confidence: number;
  readonly prov: Provenance;
}

/** The quote shape the quotes stage is writing; read defensively, since that layer is typed `unknown`. */
interface QuoteLike extends Span {
  readonly content?: Span;
  readonly speaker?: { readonly name?: string; readonly entity?: string };
  readonly cue?: { readonly lemma?: string; readonly stance?: string };
}

/** An event as found in one sentence, before merging. */
export interface RawEvent extends Omit<Event, 'id' | 'prov'> {
  readonly sentence: number;
  /** Keys of every participant, for merging. */
  readonly keys: readonly string[];
  /** A definite reference to an event told before ("the meeting", "Thursday's meeting"). */
  readonly anaphoric: boolean;
}

const COOPERATIVE = new Set<PloverType>(['AGREE', 'CONSULT', 'SUPPORT', 'COOPERATE', 'AID', 'CONCEDE', 'RETREAT']);
const CONFLICT = new Set<PloverType>(['SANCTION', 'COERCE', 'ASSAULT', 'MOBILIZE', 'PROTEST']);
/** Verbal types whose complement ("to …", "that …", "of …") is content, not a second event. */
const GOVERNING = new Set<PloverType>(['AGREE', 'REQUEST', 'REJECT', 'THREATEN', 'ACCUSE']);
/** Event nouns a place or time alone anchors ("Thursday's meeting", "the attack in Kabul"); others need an actor. */
const SCENE_TYPES = new Set<PloverType>(['CONSULT', 'ASSAULT', 'PROTEST', 'MOBILIZE', 'COERCE']);
const LOCATIVE = new Set(['in', 'at', 'near', 'along', 'across', 'inside', 'outside', 'within', 'throughout', 'around', 'over', 'during', 'after', 'before', 'since', 'from', 'into', 'about', 'like', 'as', 'than', 'by', 'of', 'for', 'between', 'among', 'under', 'despite']);
const TARGET_PREPS = new Set(['to', 'with', 'against', 'on', 'toward', 'towards', 'upon']);
const NUMBERS = /^(two|three|four|five|six|seven|eight|nine|ten|several|\d+)$/;
const POSSESSIVE_PRON = new Map([['his', 'person'], ['her', 'person'], ['its', 'thing'], ['their', 'thing']]);
const SCOPE_BREAK_NEXT = new Set(['has', 'have', 'had', 'is', 'are', 'was', 'were', 'will', 'also', 'then', 'later', 'it', 'he', 'she', 'they']);

/** Per-document state the sentence rules share. */
interface DocCtx {
  readonly text: string;
  readonly words: Word[];
  readonly places: readonly Place[];
  readonly times: readonly TimeExpr[];
  readonly published: string | null;
  /** The last person and the last state/organisation seen as a subject, for pronouns. */
  lastPerson?: ActorMention;
  lastThing?: ActorMention;
}

/**
 * Events of a document that has been through the default pipeline.
 *
 * @example extractEvents(doc).map((e) => e.type) // ['CONSULT', 'REJECT', 'ACCUSE', ...]
 */
export function extractEvents(doc: Document): Event[] {
  const text = doc.text;
  const sentences = doc.layer('sentences');
  const tokens = doc.layer('tokens');
  const spans = conllTokens(text, tokens);
  const words: Word[] = spans.map((s) => {
    const t = text.slice(s.start, s.end);
    const lower = t.toLowerCase();
    return { start: s.start, end: s.end, text: t, lower: lower === '’s' ? "'s" : lower, punct: isPunct(t) };
  });
  const ctx: DocCtx = {
    text,
    words,
    places: doc.layer('places'),
    times: doc.layer('times').filter((t) => (t.type === 'DATE' || t.type === 'TIME') && /^\d{4}/.test(t.value)),
    published: doc.layer('meta').published.value,
  };
  const actors = doc.has('entities') ? actorsFromEntities(doc.layer('entities'), words) : actorsFromMentions(doc, words);
  const raw: RawEvent[] = [];
  let w0 = 0;
  let a0 = 0;
  sentences.forEach((s, si) => {
    while (w0 < words.length && words[w0]!.start < s.start) w0++;
    let w1 = w0;
    while (w1 < words.length && words[w1]!.end <= s.end) w1++;
    const local = words.slice(w0, w1);
    while (a0 < actors.length && actors[a0]!.start < s.start) a0++;
    const inSentence: ActorMention[] = [];
    for (let k = a0; k < actors.length && actors[k]!.start < s.end; k++) {
      const a = actors[k]!;
      if (a.end <= s.end) inSentence.push({ ...a, first: a.first - w0, last: a.last - w0 });
    }
    const mentions = groupNps(local, inSentence);
    raw.push(...sentenceEvents(ctx, si, s, local, mentions));
    w0 = w1;
  });
  if (doc.has('quotes')) linkQuotes(ctx, doc.layer('quotes'), raw);
  return mergeEvents(raw).map((e, i) => finish(e, i, text));
}

function finish(e: RawEvent, i: number, text: string): Event {
  const { sentence: _s, keys: _k, anaphoric: _a, ...rest } = e;
  for (const ev of e.evidence) if (text.slice(ev.start, ev.end) !== ev.text) throw new Error(`events: evidence span ${ev.start}-${ev.end} does not match the text`);
  return { ...rest, id: `ev${i + 1}`, prov: { stage: EVENTS_STAGE, version: EVENTS_VERSION, rule: e.rule, confidence: e.confidence } };
}

/** Actor mentions from the entities layer (metonyms and demonyms resolved there). */
function actorsFromEntities(entities: readonly Entity[], words: readonly Word[]): ActorMention[] {
  resolver ??= new ActorResolver(loadKb());
  const res = resolver;
  const out: ActorMention[] = [];
  for (const e of entities) {
    const actor = fromEntity(e);
    for (const m of e.mentions) {
      if (m.kind === 'pronoun') continue;
      const r = wordRange(words, m.start, m.end);
      if (!r) continue;
      // "NATO-Russia Council": the two sides it brings together take part in its meetings
      const head = m.text.split(/\s+/)[0] ?? '';
      const parts = /[-‐]/.test(head) ? head.split(/[-‐]/).map((p) => res.state(p) ?? res.org(p)).filter((p): p is Actor => !!p) : [];
      out.push({ ...r, start: m.start, end: m.end, text: m.text, actor: parts.length >= 2 ? { ...actor, parts } : actor });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

let resolver: ActorResolver | undefined;

/** Actor mentions from NER + KB, plus capitalised state names and demonyms NER missed. */
function actorsFromMentions(doc: Document, words: readonly Word[]): ActorMention[] {
  resolver ??= new ActorResolver(loadKb());
  const res = resolver;
  const text = doc.text;
  const places = new Map(doc.layer('places').map((p) => [p.start, p]));
  const sentences = doc.layer('sentences');
  let si = 0;
  const out: ActorMention[] = [];
  const covered = new Uint8Array(words.length);
  const persons: Actor[] = [];
  for (const m of doc.layer('mentions')) {
    while (si < sentences.length - 1 && sentences[si]!.end <= m.start) si++;
    const s = sentences[si];
    const context = s ? text.slice(s.start, s.end) : '';
    let actor = res.fromMention(m, places.get(m.start), context);
    if (!actor) continue;
    if (actor.kind === 'person') {
      // "Grushko" after "Alexander Grushko": the same person
      const full = persons.find((p) => p.name !== m.text && p.name.endsWith(' ' + m.text));
      if (full) actor = full;
      else persons.push(actor);
    }
    const r = wordRange(words, m.start, m.end);
    if (!r) continue;
    covered.fill(1, r.first, r.last + 1);
    out.push({ ...r, start: m.start, end: m.end, text: m.text, actor });
  }
  words.forEach((w, k) => {
    const c = w.text.charCodeAt(0);
    if (covered[k] || w.punct || w.text.length < 3 || !(c >= 65 && c <= 90)) return;
    const a = res.state(w.text);
    if (a) out.push({ first: k, last: k, start: w.start, end: w.end, text: w.text, actor: a });
  });
  return out.sort((a, b) => a.start - b.start);
}

/** No letter or digit in it. */
function isPunct(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return false;
    if (c > 127 && /[\p{L}\p{N}]/u.test(t[i]!)) return false;
  }
  return true;
}

function wordRange(words: readonly Word[], start: number, end: number): { first: number; last: number } | undefined {
  let lo = 0;
  let hi = words.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= words.length || words[lo]!.start >= end) return undefined;
  let last = lo;
  while (last + 1 < words.length && words[last + 1]!.start < end) last++;
  return { first: lo, last };
}

interface Found {
  readonly m: TriggerMatch;
  readonly entry: TriggerEntry & { readonly type: PloverType };
  /** The governing trigger whose object this speech-act noun is ("denies allegations by Kiev"). */
  governor?: Found;
  type: PloverType;
  negated: boolean;
  modality?: string;
  intent?: PloverType;
  absorbed: boolean;
  rule: string[];
}

function sentenceEvents(ctx: DocCtx, si: number, sent: Span, words: Word[], mentions: ActorMention[]): RawEvent[] {
  if (/\?\s*["”’]?$/.test(ctx.text.slice(sent.start, sent.end))) return []; // a question asserts nothing
  const segs = segments(words);
  const actorAt = new Map<number, ActorMention>();
  for (const m of mentions) for (let k = m.first; k <= m.last; k++) actorAt.set(k, m);
  const matches = matchTriggers(words, (i, j) => mentions.some((m) => m.first >= i && m.last <= j));
  const found: Found[] = [];
  const inActor = (k: number): boolean => {
    const a = actorAt.get(k);
    return !!a && a.actor.kind !== 'place' && a.last > a.first;
  };
  for (const m of matches) {
    const type = m.entry.type;
    if (type === null) continue; // "press conference": not an event
    const e = { ...m.entry, type };
    if (inActor(m.headFirst)) continue; // "Organization for Security and Cooperation in Europe"
    if (e.pos === 'verb' && /^(a|an|the)$/.test(words[m.first - 1]?.lower ?? '')) continue; // "a back seat"
    // "… troops were spotted" is one phrase; a bare "call" is a phone call only with "phone" or "with"
    if (e.trigger === 'call' && !/^(with|between)$/.test(words[m.last + 1]?.lower ?? '')) continue;
    if (isHypothetical(words, segs, m.headFirst)) continue;
    if (e.pos === 'noun' && isSummary(words, m.first)) continue;
    const f: Found = { m, entry: e, type: e.type, negated: isNegated(words, m.headFirst, e.pos), absorbed: false, rule: [`lexicon:${e.pos}`] };
    const mod = modalityOf(words, m.headFirst, e.pos, segs.starts[segs.seg[m.headFirst]!]!);
    if (mod) f.modality = mod.modality;
    if (f.negated && COOPERATIVE.has(e.type) && e.pos === 'verb') {
      // "will never give way", "refused …": declining to cooperate is a REJECT (CAMEO 12)
      f.rule.push('negated-cooperation→REJECT');
      f.intent = e.type;
      f.type = 'REJECT';
      f.negated = false;
    } else if (mod?.intent && !f.negated && e.type !== 'AGREE' && e.type !== 'THREATEN') {
      if (COOPERATIVE.has(e.type)) {
        f.rule.push('intent→AGREE');
        f.intent = e.type;
        f.type = 'AGREE';
      } else if (CONFLICT.has(e.type)) {
        f.rule.push('intent→THREATEN');
        f.intent = e.type;
        f.type = 'THREATEN';
      }
    }
    found.push(f);
  }
  // "A said B must …": a demand by A on B (CAMEO 10), though no demand verb is written
  const must = reportedObligation(words, mentions, found);
  if (must) {
    found.push(must);
    found.sort((a, b) => a.m.first - b.m.first);
  }
  // content of a governing trigger ("denies … planning an invasion", "called on NATO to scale down")
  for (let a = 0; a < found.length; a++) {
    const gov = found[a]!;
    if (gov.absorbed || !GOVERNING.has(gov.entry.type)) continue;
    for (let b = a + 1; b < found.length; b++) {
      const dep = found[b]!;
      if (scopeBreak(words, segs, gov.m.last, dep.m.first)) break;
      if (dep.entry.pos === 'noun' && GOVERNING.has(dep.entry.type) && ownAgent(words, dep.m, mentions)) {
        dep.governor ??= gov;
        continue;
      }
      dep.absorbed = true;
    }
  }
  const out: RawEvent[] = [];
  const starts = found.filter((f) => !f.absorbed).map((f) => words[f.m.headFirst]!.start);
  const built = new Map<Found, RawEvent>();
  for (const f of found) {
    if (f.absorbed) continue;
    let ev = buildEvent(ctx, si, sent, words, segs, mentions, actorAt, f, starts);
    const gov = f.governor && built.get(f.governor);
    // "Moscow denies allegations by Kiev": the allegations are aimed at the one who denies them
    if (ev && gov?.source && !ev.target && gov.source.name !== ev.source?.name) ev = { ...ev, target: gov.source, keys: [...ev.keys, ...(gov.keys.slice(0, 1))], rule: ev.rule + ' target:denier' };
    if (ev) {
      built.set(f, ev);
      out.push(ev);
    }
  }
  // a source-less event after one with a source in the same sentence ("has sent a wish list") shares the subject
  const subj = subjectOf(words, segs, mentions, 0, words.length);
  if (subj) {
    if (subj.actor.kind === 'person') ctx.lastPerson = subj;
    else ctx.lastThing = subj;
  }
  return out;
}

const SAY = /^(said|says|say|reiterated|declared|insisted|stressed|added|warned|concluded|told|announced)$/;
const OBLIGATION_ENTRY: TriggerEntry & { type: PloverType } = {
  trigger: 'say … must',
  head: 0,
  pos: 'verb',
  type: 'REQUEST',
  polarity: '+',
  words: [],
  gaps: [],
  source: 'CAMEO 10 demand: "A said B must …" (PLOVER GSR DEMAND records)',
  line: 0,
};

/** "Russia said on Tuesday that Sudan must return a helicopter": REQUEST by the speaker on the one who must act. */
function reportedObligation(words: readonly Word[], mentions: readonly ActorMention[], found: readonly Found[]): Found | undefined {
  for (let k = 1; k < words.length; k++) {
    if (words[k]!.lower !== 'must' && words[k]!.lower !== 'should') continue;
    const obliged = mentions.find((a) => a.last < k && a.last >= k - 2);
    if (!obliged) continue;
    for (let j = obliged.first - 1; j >= Math.max(0, obliged.first - 8); j--) {
      if (!SAY.test(words[j]!.lower)) continue;
      if (found.some((f) => f.m.first < k && f.m.first > j && GOVERNING.has(f.type))) return undefined;
      const m: TriggerMatch = { entry: OBLIGATION_ENTRY, first: j, last: j, headFirst: j, headLast: j, slot: [obliged.first, obliged.last] };
      return { m, entry: OBLIGATION_ENTRY, type: 'REQUEST', negated: false, absorbed: false, rule: ['reported-obligation→REQUEST'] };
    }
  }
  return undefined;
}

/** "Three important meetings …": a count of several events, not one. */
function isSummary(words: readonly Word[], i: number): boolean {
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) if (NUMBERS.test(words[k]!.lower)) return true;
  return false;
}

function scopeBreak(words: readonly Word[], segs: Segments, from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) {
    const w = words[k]!.lower;
    if (w === ';') return true;
    if (segs.seg[k] !== segs.seg[k - 1] && segs.hardBefore[segs.seg[k]!]) return true;
    if ((w === 'and' || w === ',') && SCOPE_BREAK_NEXT.has(words[k + 1]?.lower ?? '')) return true;
    if (w === ',' && /^(and|but)$/.test(words[k + 1]?.lower ?? '')) return true;
  }
  return false;
}

/** A speech-act noun with its own agent ("allegations by Kiev", "Russia's demands") is an event of its own. */
function ownAgent(words: readonly Word[], m: TriggerMatch, mentions: readonly ActorMention[]): boolean {
  const prev = words[m.first - 1]?.lower ?? '';
  if (prev === "'s" || POSSESSIVE_PRON.has(prev)) return true;
  if (mentions.some((a) => a.last === m.first - 1)) return true;
  return words[m.last + 1]?.lower === 'by' && mentions.some((a) => a.first === m.last + 2 || a.first === m.last + 3);
}

function notInPp(words: readonly Word[], m: ActorMention): boolean {
  let k = m.first - 1;
  if (words[k]?.lower === 'the') k--;
  const p = words[k]?.lower ?? '';
  return !LOCATIVE.has(p) && !TARGET_PREPS.has(p);
}

/** The subject noun phrase of the clause before word `before`: the leftmost actor not inside a prepositional phrase. */
function subjectOf(words: readonly Word[], segs: Segments, mentions: readonly ActorMention[], segFrom: number, before: number): ActorMention | undefined {
  const seg = segs.seg[Math.min(before, words.length - 1)] ?? 0;
  for (let s = seg; s >= 0; s--) {
    const a = segs.starts[s]!;
    const b = s === seg ? before : (segs.starts[s + 1] ?? words.length);
    if (s < seg && appositive(words, a)) continue;
    const cand = mentions.find((m) => m.first >= a && m.last < b && m.first >= segFrom && notInPp(words, m));
    if (cand) {
      // "Wendy Sherman, Deputy US Secretary of State, complained": the name, not its appositive
      const prev = s > 0 ? soleMention(words, mentions, segs.starts[s - 1]!, a) : undefined;
      return s < seg && prev ? prev : cand;
    }
    if (s < seg && segs.hardBefore[s + 1]) break;
    if (s === seg || !appositive(words, a)) {
      // a clause of its own with a pronoun subject
      for (let k = a; k < b; k++) if (isPronoun(words[k]!.lower)) return undefined;
    }
  }
  return undefined;
}

/** The one actor a segment consists of ("”Josep Borrell,"), if it is nothing else. */
function soleMention(words: readonly Word[], mentions: readonly ActorMention[], a: number, b: number): ActorMention | undefined {
  const inside = mentions.filter((m) => m.first >= a && m.last < b);
  if (inside.length !== 1) return undefined;
  const m = inside[0]!;
  for (let k = a; k < b; k++) if ((k < m.first || k > m.last) && !words[k]!.punct) return undefined;
  return m;
}

function appositive(words: readonly Word[], start: number): boolean {
  let k = start;
  if (words[k]?.punct) k++;
  return /^(the|a|an|who|which|whose|its|his|her|their|former|named)$/.test(words[k]?.lower ?? '');
}

/** The pronoun subject of the clause, resolved to the last person or state seen. */
function pronounSubject(ctx: DocCtx, words: readonly Word[], segs: Segments, before: number): ActorMention | undefined {
  const seg = segs.seg[before]!;
  for (let k = segs.starts[seg]!; k < before; k++) {
    const w = words[k]!.lower;
    if (w === 'he' || w === 'she') return ctx.lastPerson;
    if (w === 'it' || w === 'they') return ctx.lastThing;
  }
  return undefined;
}

function nextActor(words: readonly Word[], mentions: readonly ActorMention[], from: number, to: number, preps: ReadonlySet<string> | 'any'): ActorMention | undefined {
  for (const m of mentions) {
    if (m.first < from || m.first > to) continue;
    let k = m.first - 1;
    if (words[k]?.lower === 'the') k--;
    const p = words[k]?.lower ?? '';
    if (preps === 'any' || preps.has(p) || (k < from && !LOCATIVE.has(p))) return m;
    if (LOCATIVE.has(p) || TARGET_PREPS.has(p)) continue;
    return m;
  }
  return undefined;
}

function toEventActor(m: ActorMention | undefined, a?: Actor): EventActor | undefined {
  if (!m) return undefined;
  const actor = a ?? m.actor;
  const country = actor.country ?? undefined;
  return {
    name: actor.name,
    ...(actor.entity ? { entity: actor.entity } : {}),
    ...(actor.kbId ? { kbId: actor.kbId } : actor.org ? { kbId: actor.org } : {}),
    ...(country ? { country } : {}),
    start: m.start,
    end: m.end,
  };
}

function keysOf(a: EventActor | undefined, m?: ActorMention): string[] {
  if (!a) return [];
  const keys = [a.kbId ?? a.entity ?? a.name.toLowerCase()];
  for (const p of m?.actor.parts ?? []) keys.push(p.kbId ?? p.name.toLowerCase());
  return keys;
}

function buildEvent(
  ctx: DocCtx,
  si: number,
  sent: Span,
  words: readonly Word[],
  segs: Segments,
  mentions: readonly ActorMention[],
  actorAt: ReadonlyMap<number, ActorMention>,
  f: Found,
  triggerStarts: readonly number[],
): RawEvent | undefined {
  const { m } = f;
  const e = f.entry;
  const head = words[m.headFirst]!;
  const headEnd = words[m.headLast]!;
  const seg = segs.seg[m.headFirst]!;
  const segEnd = (segs.starts[seg + 1] ?? words.length) - 1;
  const window = Math.min(words.length - 1, m.last + 10);
  let sourceM: ActorMention | undefined;
  let targetM: ActorMention | undefined;
  let coM: ActorMention | undefined;
  let anaphoric = false;
  let weakSource = false;
  const rule = [...f.rule];
  if (e.pos === 'noun') {
    const prev = words[m.first - 1];
    const prevActor = actorAt.get(m.first - 1) ?? (words[m.first - 1]?.lower === "'s" ? actorAt.get(m.first - 2) : undefined);
    let attached = false;
    if (prevActor) {
      sourceM = prevActor;
      attached = true;
      rule.push('noun:modifier');
    } else if (prev && POSSESSIVE_PRON.has(prev.lower)) {
      sourceM =
        POSSESSIVE_PRON.get(prev.lower) === 'person'
          ? (mentions.find((a) => a.actor.kind === 'person' && a.last < m.first) ?? ctx.lastPerson)
          : (subjectOf(words, segs, mentions, 0, m.first) ?? ctx.lastThing);
      attached = true;
      rule.push('noun:possessive');
    }
    const after = words[m.last + 1]?.lower ?? '';
    if (after === 'by' || after === 'from') {
      const a = nextActor(words, mentions, m.last + 2, m.last + 4, 'any');
      if (a) {
        sourceM = a;
        attached = true;
        rule.push('noun:by');
      }
    }
    if (after === 'between' || (after === 'of' && e.type === 'CONSULT')) {
      const a = nextActor(words, mentions, m.last + 2, m.last + 4, 'any');
      if (a) {
        sourceM ??= a;
        const b = mentions.find((x) => x.first > a.last && x.first <= a.last + 6 && /^(and|,)$/.test(words[a.last + 1]?.lower ?? '') );
        if (b && sourceM === a) coM = b;
        else if (sourceM !== a) targetM = a;
        attached = true;
        rule.push(`noun:${after}`);
      }
    }
    if (!targetM) {
      for (let k = m.last + 1; k <= Math.min(window, segEnd + 1); k++) {
        const w = words[k]!.lower;
        if (TARGET_PREPS.has(w) || (w === 'of' && e.type !== 'CONSULT') || w === 'against') {
          const a = nextActor(words, mentions, k + 1, k + 3, 'any');
          if (a && a !== sourceM) {
            targetM = a;
            attached = true;
            break;
          }
        }
      }
    }
    const pl = placeFor(ctx, words, sent, m.last + 1, Math.min(window, m.last + 4), head.start);
    const tm = ctx.times.find((t) => (t.end <= head.start && t.end >= head.start - 4 - (prev?.text.length ?? 0) - 3) || (t.start >= headEnd.end && t.start <= headEnd.end + 5));
    if ((pl || tm) && SCENE_TYPES.has(e.type)) attached = true;
    if (!attached) return undefined; // a generic mention ("the importance of dialogue"), not an event
    const det = words[m.first - 1]?.lower ?? '';
    anaphoric = det === 'the' || det === "'s" || e.trigger === 'event';
    if (e.trigger === 'event') rule.push('anaphor-only');
    if (!sourceM) {
      sourceM = subjectOf(words, segs, mentions, 0, m.first) ?? pronounSubject(ctx, words, segs, m.first);
      if (sourceM) {
        rule.push('source:clause-subject');
        // the subject of "kicked off Thursday's meeting" is no evidence of which meeting it was
        if (anaphoric) weakSource = true;
      }
    }
  } else {
    const passive = isPassive(words, m.headLast);
    const slot = m.slot ? mentions.find((a) => a.first >= m.slot![0] && a.last <= m.slot![1]) : undefined;
    if (passive) {
      rule.push('passive');
      const by = words[m.headLast + 1]?.lower === 'by' ? nextActor(words, mentions, m.headLast + 2, m.headLast + 4, 'any') : undefined;
      const subj = subjectOf(words, segs, mentions, 0, m.first) ?? mentions.find((a) => a.first >= m.first && a.last < m.headFirst);
      if (by) {
        sourceM = by;
        targetM = subj;
      } else {
        // "100,000 Russian troops were spotted": the demonym inside the subject is the source
        sourceM = mentions.find((a) => a.first >= m.first && a.last < m.headFirst) ?? subj;
      }
    } else {
      sourceM = subjectOf(words, segs, mentions, 0, m.first);
      if (!sourceM) {
        sourceM = pronounSubject(ctx, words, segs, m.first);
        if (sourceM) rule.push('source:pronoun');
      }
      if (!sourceM) {
        // a participle clause ("after visiting …"): the sentence's subject
        sourceM = subjectOf(words, segs, mentions, 0, segs.starts[seg]!) ?? mentions.find((a) => a.last < m.first && notInPp(words, a));
        if (sourceM) rule.push('source:sentence-subject');
      }
      if (sourceM) {
        const nx = mentions.find((a) => a.first > sourceM!.last && a.first <= sourceM!.last + 3);
        if (nx && nx.first < m.first && /^(and|,)$/.test(words[sourceM.last + 1]?.lower ?? '')) coM = nx;
      }
    }
    targetM ??= slot ?? nextActor(words, mentions, m.last + 1, Math.min(segEnd, m.last + 8), TARGET_PREPS);
  }
  // "NATO-Russia Council meeting": the compound's sides are the participants
  let source = toEventActor(sourceM);
  let target = toEventActor(targetM);
  const participants: EventActor[] = [];
  if (sourceM?.actor.parts && sourceM.actor.parts.length >= 2 && (e.type === 'CONSULT' || !target)) {
    const [p0, p1] = sourceM.actor.parts;
    if (e.type === 'CONSULT' || e.type === 'AGREE' || e.type === 'COOPERATE') {
      source = toEventActor(sourceM, p0);
      target ??= toEventActor(sourceM, p1);
    }
  }
  if (!targetM && (e.type === 'MOBILIZE' || e.type === 'ASSAULT')) {
    // "troops … along the Ukraine-Russia border", "at its border with Ukraine"
    targetM = mentions.find((a) => a.first > m.last && a.first <= segEnd + 1 && (/^border/.test(words[a.last + 1]?.lower ?? '') || /^border/.test(words[a.first - 2]?.lower ?? '')));
    if (targetM) target = toEventActor(targetM);
  }
  if (targetM?.actor.parts && targetM.actor.parts.length >= 2) {
    // "along the Ukraine-Russia border": the side that is not the source
    const other = targetM.actor.parts.find((p) => p.country !== source?.country && p.kbId !== source?.kbId);
    if (other) target = toEventActor(targetM, other);
  }
  const co = toEventActor(coM);
  if (co && (e.type === 'CONSULT' || e.type === 'AGREE' || e.type === 'COOPERATE') && !target) target = co;
  let weakTarget = false;
  if (!target && (e.pos === 'verb' || !anaphoric)) {
    // "arrived in Amman", "evacuate settlements in the Gaza Strip": the place's state, as PLOVER codes it
    const loc = mentions.find(
      (a) =>
        a.first > m.last &&
        a.first <= segEnd + 1 &&
        a !== sourceM &&
        !(e.type === 'CONSULT' && e.mode !== 'visit' && /^(in|at)$/.test(words[a.first - 1]?.lower ?? '')) &&
        (a.actor.country ?? a.actor.kbId) !== (sourceM?.actor.country ?? sourceM?.actor.kbId),
    );
    if (loc) {
      targetM = loc;
      target = toEventActor(loc);
      weakTarget = true;
      rule.push('target:after-trigger');
    }
  }
  if (source) participants.push(source);
  if (co && co !== target) participants.push(co);
  if (target) participants.push(target);
  if (target && source && (target.kbId ?? target.name) === (source.kbId ?? source.name) && target.country === source.country) target = undefined;
  // place and date
  const place = placeFor(ctx, words, sent, segs.starts[seg]!, Math.min(words.length - 1, segEnd + 6), head.start) ?? placeFor(ctx, words, sent, 0, words.length - 1, head.start);
  const date = dateFor(ctx, words, segs, sent, m, f, triggerStarts);
  const evStart = Math.min(head.start, sourceM && sourceM.start >= sent.start && head.start - sourceM.start < 160 ? sourceM.start : head.start);
  const evEnd = Math.max(headEnd.end, targetM && targetM.end - headEnd.end < 160 ? targetM.end : headEnd.end, words[m.last]!.end);
  const conf = Math.min(0.95, (e.words.length > 1 ? 0.75 : e.pos === 'verb' ? 0.7 : 0.6) + (source ? 0.1 : -0.1) + (target ? 0.05 : 0) - (f.modality ? 0.1 : 0));
  const keys = new Set<string>([...(weakSource ? [] : keysOf(source, sourceM)), ...(weakTarget ? [] : keysOf(target, targetM)), ...keysOf(co, coM)]);
  return {
    type: f.type,
    ...(e.mode ? { mode: e.mode } : {}),
    ...(source ? { source } : {}),
    ...(target ? { target } : {}),
    ...(participants.length > 1 ? { participants } : {}),
    ...(place ? { place } : {}),
    ...(date ? { date } : {}),
    negated: f.negated,
    ...(f.modality ? { modality: f.modality } : {}),
    ...(f.intent ? { intent: f.intent } : {}),
    evidence: [{ start: evStart, end: evEnd, text: ctx.text.slice(evStart, evEnd) }],
    trigger: { start: head.start, end: headEnd.end, text: ctx.text.slice(head.start, headEnd.end), lemma: e.trigger },
    rule: [e.line ? `triggers.tsv#L${e.line}` : e.trigger, ...rule].join(' '),
    confidence: Math.round(conf * 100) / 100,
    sentence: si,
    keys: [...keys],
    anaphoric,
  };
}

function placeFor(ctx: DocCtx, words: readonly Word[], sent: Span, from: number, to: number, anchor: number): EventPlace | undefined {
  if (from > to || !words[from]) return undefined;
  const a = words[from].start;
  const b = words[Math.min(to, words.length - 1)]!.end;
  const near = [...ctx.places].filter((p) => p.start >= a && p.end <= b).sort((x, y) => Math.abs(x.start - anchor) - Math.abs(y.start - anchor));
  for (const p of near) {
    if (p.start < Math.max(a, sent.start) || p.end > Math.min(b, sent.end)) continue;
    const before = ctx.text.slice(Math.max(sent.start, p.start - 8), p.start).toLowerCase();
    if (!/\b(in|at)\s+(the\s+)?$/.test(before)) continue;
    const country = p.country ? iso3(p.country) : null;
    return { name: p.name, country: country ?? null, start: p.start, end: p.end };
  }
  return undefined;
}

let iso3Cache: Map<string, string> | undefined;
function iso3(iso2: string): string | undefined {
  iso3Cache ??= new Map(loadKb().allStates().map((s) => [s.iso2, s.id]));
  return iso3Cache.get(iso2);
}

function dateFor(ctx: DocCtx, words: readonly Word[], segs: Segments, sent: Span, m: TriggerMatch, f: Found, triggerStarts: readonly number[]): EventDate | undefined {
  const head = words[m.headFirst]!;
  const seg = segs.seg[m.headFirst]!;
  const segA = words[segs.starts[seg]!]!.start;
  const segB = words[(segs.starts[seg + 1] ?? words.length) - 1]!.end;
  let best: TimeExpr | undefined;
  let bestScore = Infinity;
  for (const t of ctx.times) {
    if (t.start < sent.start || t.end > sent.end) continue;
    const dist = Math.abs(t.end <= head.start ? head.start - t.end : t.start - head.end);
    const inSeg = t.start >= segA && t.end <= segB;
    // a time in another clause belongs to the trigger nearest to it ("discussed … on Monday … and … a meeting")
    if (!inSeg && triggerStarts.some((s) => Math.abs(s - t.start) < Math.abs(head.start - t.start))) continue;
    const score = dist + (inSeg ? 0 : 200);
    if (score < bestScore) {
      bestScore = score;
      best = t;
    }
  }
  if (best) return { value: best.value, from: 'time-expression', start: best.start, end: best.end, confidence: 0.8 };
  if (!ctx.published || f.modality) return undefined;
  const clause = ctx.text.slice(sent.start, sent.end);
  if (isBackground(clause)) return undefined; // "after the Cold War": not on the document date
  return { value: ctx.published.slice(0, 10), from: 'document-date', confidence: 0.4 };
}

/** A quote whose cue is a trigger (condemned, demanded, accused) yields that event, linked to the quote. */
function linkQuotes(ctx: DocCtx, quotes: readonly QuoteLike[], raw: RawEvent[]): void {
  const lex = lexicon();
  quotes.forEach((q, qi) => {
    const lemma = q.cue?.lemma?.toLowerCase();
    if (!lemma || typeof q.start !== 'number') return;
    const entry = lex.entries.find((e) => e.pos === 'verb' && e.words.length === 1 && e.trigger === lemma);
    const inQuote = (s: Span): boolean => s.start >= q.start && s.end <= q.end && !(q.content && s.start >= q.content.start && s.end <= q.content.end);
    const existing = raw.find((r) => inQuote(r.trigger));
    if (existing) {
      raw[raw.indexOf(existing)] = { ...existing, quote: qi };
      return;
    }
    if (!entry || entry.type === null) return;
    const type = entry.type;
    const cue = ctx.words.find((w) => inQuote(w) && entry.words[0]!.has(w.lower));
    if (!cue) return;
    const source: EventActor | undefined = q.speaker?.name ? { name: q.speaker.name, ...(q.speaker.entity ? { entity: q.speaker.entity } : {}) } : undefined;
    raw.push({
      type,
      ...(entry.mode ? { mode: entry.mode } : {}),
      ...(source ? { source } : {}),
      negated: false,
      evidence: [{ start: q.start, end: q.end, text: ctx.text.slice(q.start, q.end) }],
      trigger: { start: cue.start, end: cue.end, text: cue.text, lemma: entry.trigger },
      quote: qi,
      rule: `triggers.tsv#L${entry.line} quote-cue`,
      confidence: 0.7,
      sentence: -1,
      keys: source ? [source.entity ?? source.name.toLowerCase()] : [],
      anaphoric: false,
    });
  });
}

export const eventsStage: Stage<'events'> = {
  name: EVENTS_STAGE,
  version: EVENTS_VERSION,
  requires: ['meta', 'sentences', 'tokens', 'mentions', 'times', 'places'],
  provides: ['events'],
  run(doc) {
    return { layers: { events: extractEvents(doc) } };
  },
};

