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
import { actorWithin, isQuestion, mayTellObligation, sentenceEvents, sentenceSubject } from './sentence.ts';
import { matchTriggers, type PloverType, type TriggerMatch, type Word } from './triggers.ts';
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
  const mentionActors = actorsFromMentions(doc, words);
  const actors = doc.has('entities') ? mergeActors(actorsFromEntities(doc.layer('entities'), words), mentionActors) : mentionActors;
  // each sentence's words and first actor mention, so that a sentence can be read out of turn
  const n = sentences.length;
  // (plain arrays of their size: a typed array this size is allocated outside the heap, which costs more)
  const wordsFrom = new Array<number>(n);
  const wordsTo = new Array<number>(n);
  const actorsFrom = new Array<number>(n);
  let w0 = 0;
  let a0 = 0;
  for (let si = 0; si < n; si++) {
    const s = sentences[si]!;
    while (w0 < words.length && words[w0]!.start < s.start) w0++;
    let w1 = w0;
    while (w1 < words.length && words[w1]!.end <= s.end) w1++;
    while (a0 < actors.length && actors[a0]!.start < s.start) a0++;
    wordsFrom[si] = w0;
    wordsTo[si] = w1;
    actorsFrom[si] = a0;
    w0 = w1;
  }
  /** Sentence si's words, and its actor mentions as noun phrases indexed within it. */
  const read = (si: number): { words: Word[]; mentions: readonly ActorMention[] } => {
    const s = sentences[si]!;
    const from = wordsFrom[si]!;
    // the mentions wholly inside the sentence, in a list of their number
    let count = 0;
    let k = actorsFrom[si]!;
    for (; k < actors.length && actors[k]!.start < s.end; k++) if (actors[k]!.end <= s.end) count++;
    const inSentence = new Array<ActorMention>(count);
    for (let j = actorsFrom[si]!, i = 0; j < k; j++) {
      const a = actors[j]!;
      if (a.end <= s.end) inSentence[i++] = { first: a.first - from, last: a.last - from, start: a.start, end: a.end, text: a.text, actor: a.actor };
    }
    const local = words.slice(from, wordsTo[si]);
    return { words: local, mentions: groupNps(local, inSentence) };
  };
  const ctx: DocCtx = {
    text,
    words,
    times,
    published: doc.layer('meta').published.value,
    placesIn: bySentence(sentences, doc.layer('places')),
    timesIn: bySentence(sentences, times),
    background: new Array<boolean | undefined>(n),
    locative: new Map(),
    subjects: new Array<ActorMention | null | undefined>(n),
    readSubject(si) {
      const s = sentences[si]!;
      if (isQuestion(text, s.start, s.end)) return null;
      const view = read(si);
      return sentenceSubject(view.words, view.mentions) ?? null;
    },
  };
  const raw: RawEvent[] = [];
  for (let si = 0; si < n; si++) {
    const s = sentences[si]!;
    if (isQuestion(text, s.start, s.end)) continue; // a question asserts nothing
    const from = wordsFrom[si]!;
    const to = wordsTo[si]!;
    // the triggers are matched in the document's words: a sentence with none that is an event (and
    // no obligation, the one event told without a trigger) is not read, unless a later pronoun asks
    // for its subject
    let view: { words: Word[]; mentions: readonly ActorMention[] } | undefined;
    const matches = matchTriggers(words, (i, j) => actorWithin((view ??= read(si)).mentions, i, j), from, to);
    if (!matches.some(isEvent) && !mayTellObligation(words, from, to)) continue;
    view ??= read(si);
    sentenceEvents(ctx, si, s, view.words, view.mentions, matches, raw);
  }
  if (doc.has('quotes')) linkQuotes(ctx, doc.layer('quotes'), raw);
  const merged = mergeEvents(raw);
  const out: Event[] = [];
  for (let i = 0; i < merged.length; i++) out.push(finish(merged[i]!, i, text));
  return out;
}

/** A match of an event trigger, not of a phrase that only blocks the triggers inside it ("press conference"). */
const isEvent = (m: TriggerMatch): boolean => m.entry.type !== null;

/** The event as the record shows it: without the merging fields, with its id and provenance. */
function finish(e: RawEvent, i: number, text: string): Event {
  for (const ev of e.evidence) if (text.slice(ev.start, ev.end) !== ev.text) throw new Error(`events: evidence span ${ev.start}-${ev.end} does not match the text`);
  // the merging fields are the last three keys of every raw event (merge.ts withChanges): deleted
  // from the end, they leave the object's layout as it was before them, where copying the rest into
  // a new object would go key by key. The raw event is this stage's own, and in no other event.
  const out = e as unknown as Record<string, unknown>;
  delete out.anaphoric;
  delete out.keys;
  delete out.sentence;
  out.id = `ev${i + 1}`;
  out.prov = { stage: EVENTS_STAGE, version: EVENTS_VERSION, rule: e.rule, confidence: e.confidence };
  return out as unknown as Event;
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

