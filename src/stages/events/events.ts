/**
 * The events stage: PLOVER events from trigger words and phrases (data/events/triggers.tsv), with
 * source and target actors, place and date, negation and modality, linked quotes, and one event per
 * real-world happening (merge.ts). Rules, not a model: every event says which rule made it.
 *
 * The work is split by concern: words.ts (the words read), actors.ts (actor mentions), sentence.ts
 * (the events of a sentence), build.ts (one event's arguments), subjects.ts, scene.ts (place and
 * date), quotes-link.ts, merge.ts.
 */
import type { Document } from '../../doc/document.ts';
import type { Provenance, Span } from '../../doc/types.ts';
import type { Stage } from '../../pipeline/stage.ts';
import { actorsFromEntities, actorsFromMentions, mergeActors } from './actors.ts';
import { groupNps, type ActorMention } from './arguments.ts';
import { bySentence, type DocCtx } from './context.ts';
import { mergeEvents } from './merge.ts';
import { linkQuotes } from './quotes-link.ts';
import { sentenceEvents } from './sentence.ts';
import type { PloverType } from './triggers.ts';
import { buildWords } from './words.ts';


export const EVENTS_STAGE = 'events';
export const EVENTS_VERSION = '1.0.0';

export interface EventActor {
  readonly name: string;
  /** Entity id (entities layer) when there is one. */
  readonly entity?: string;
  /** KB id: ISO3 for a state, KB org id ("nato", as in the entities layer) for an organisation. */
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


/** An event as found in one sentence, before merging. */
export interface RawEvent extends Omit<Event, 'id' | 'prov'> {
  readonly sentence: number;
  /** Keys of every participant, for merging. */
  readonly keys: readonly string[];
  /** A definite reference to an event told before ("the meeting", "Thursday's meeting"). */
  readonly anaphoric: boolean;
}

/**
 * Events of a document that has been through the default pipeline.
 *
 * @example extractEvents(doc).map((e) => e.type) // ['CONSULT', 'REJECT', 'ACCUSE', ...]
 */
export function extractEvents(doc: Document): Event[] {
  const text = doc.text;
  const sentences = doc.layer('sentences');
  const words = buildWords(text, doc.layer('tokens'));
  const times = doc.layer('times').filter((t) => (t.type === 'DATE' || t.type === 'TIME') && /^\d{4}/.test(t.value));
  const ctx: DocCtx = {
    text,
    words,
    times,
    published: doc.layer('meta').published.value,
    placesIn: bySentence(sentences, doc.layer('places')),
    timesIn: bySentence(sentences, times),
    background: new Array<boolean | undefined>(sentences.length),
    locative: new Map(),
  };
  const mentionActors = actorsFromMentions(doc, words);
  const actors = doc.has('entities') ? mergeActors(actorsFromEntities(doc.layer('entities'), words), mentionActors) : mentionActors;
  const raw: RawEvent[] = [];
  let w0 = 0;
  let a0 = 0;
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si]!;
    while (w0 < words.length && words[w0]!.start < s.start) w0++;
    let w1 = w0;
    while (w1 < words.length && words[w1]!.end <= s.end) w1++;
    const local = words.slice(w0, w1);
    while (a0 < actors.length && actors[a0]!.start < s.start) a0++;
    const inSentence: ActorMention[] = [];
    for (let k = a0; k < actors.length && actors[k]!.start < s.end; k++) {
      const a = actors[k]!;
      if (a.end <= s.end) inSentence.push({ first: a.first - w0, last: a.last - w0, start: a.start, end: a.end, text: a.text, actor: a.actor });
    }
    const mentions = groupNps(local, inSentence);
    for (const ev of sentenceEvents(ctx, si, s, local, mentions)) raw.push(ev);
    w0 = w1;
  }
  if (doc.has('quotes')) linkQuotes(ctx, doc.layer('quotes'), raw);
  return mergeEvents(raw).map((e, i) => finish(e, i, text));
}

/** The event as the record shows it: without the merging fields, with its id and provenance. */
function finish(e: RawEvent, i: number, text: string): Event {
  for (const ev of e.evidence) if (text.slice(ev.start, ev.end) !== ev.text) throw new Error(`events: evidence span ${ev.start}-${ev.end} does not match the text`);
  const { sentence: _s, keys: _k, anaphoric: _a, ...rest } = e;
  return { ...rest, id: `ev${i + 1}`, prov: { stage: EVENTS_STAGE, version: EVENTS_VERSION, rule: e.rule, confidence: e.confidence } };
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

