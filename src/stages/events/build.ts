/**
 * One event from one trigger match: its source and target actors (subject, modifier, "by" and
 * prepositional phrases, passives, compounds such as "NATO-Russia"), place, date and confidence.
 */
import type { Span } from '../../doc/types.ts';
import { mentionAt, type Actor, type ActorMention } from './arguments.ts';
import { isPassive, segOf, type Segments } from './clause.ts';
import { lastSubject, type DocCtx } from './context.ts';
import type { EventActor, EventDate, EventPlace, Evidence, RawEvent } from './events.ts';
import { dateFor, placeFor } from './scene.ts';
import { nextActor, notInPp, POSSESSIVE_PRON, pronounSubject, subjectOf, TARGET_PREP, TARGET_PREPS } from './subjects.ts';
import type { PloverType, TriggerEntry, TriggerMatch, Word } from './triggers.ts';

/** Event nouns a place or time alone anchors ("Thursday's meeting", "the attack in Kabul"); others need an actor. */
const SCENE_TYPES = new Set<PloverType>(['CONSULT', 'ASSAULT', 'PROTEST', 'MOBILIZE', 'COERCE']);

/** A trigger match kept for a sentence, with what the clause rules made of it. */
export interface Found {
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
  /** The event built from it, once built. */
  event?: RawEvent;
}

function toEventActor(m: ActorMention | undefined, a?: Actor): EventActor | undefined {
  if (!m) return undefined;
  const actor = a ?? m.actor;
  // in the order the record lists the fields, an absent one undefined (left out of the record), so
  // that every event actor has one layout (as BuiltEvent)
  return {
    name: actor.name,
    entity: actor.entity ? actor.entity : undefined,
    kbId: actor.kbId ? actor.kbId : actor.org ? actor.org : undefined,
    country: actor.country ? actor.country : undefined,
    start: m.start,
    end: m.end,
  };
}


// word tests written out (a regular expression per test costs more than the test)
const isAndOrComma = (w: string | undefined): boolean => w === 'and' || w === ',';
const isInOrAt = (w: string | undefined): boolean => w === 'in' || w === 'at';
/** /^border/ */
const isBorder = (w: string | undefined): boolean => w !== undefined && w.startsWith('border');

/** Whether a time expression ends in [from, to] or starts within 5 characters after `after` ("Thursday's meeting", "talks on Monday"). */
function timeNextTo(ctx: DocCtx, from: number, to: number, after: number): boolean {
  for (const t of ctx.times) if ((t.end <= to && t.end >= from) || (t.start >= after && t.start <= after + 5)) return true;
  return false;
}

/**
 * An event's identity keys as they are gathered, each once, in order (what [...set] gives): in a
 * reused array, copied out at its size (a list grown by push from empty gets room for 17).
 */
const keyScratch: string[] = [];
let keyCount = 0;

/** Adds the identity keys of an event actor (and of the sides of a compound such as "NATO-Russia"). */
function addKeys(a: EventActor | undefined, m?: ActorMention): void {
  if (!a) return;
  addKey(a.kbId ?? a.entity ?? a.name.toLowerCase());
  for (const p of m?.actor.parts ?? []) addKey(p.kbId ?? p.name.toLowerCase());
}

function addKey(k: string): void {
  for (let i = 0; i < keyCount; i++) if (keyScratch[i] === k) return;
  keyScratch[keyCount++] = k;
}

/** The rule names joined by spaces after the entry's: `ref + ' ' + rule.join(' ')` (a join costs more for a few names). */
function ruleText(ref: string, rule: readonly string[]): string {
  let out = ref;
  for (const r of rule) out += ' ' + r;
  return out;
}

/** The defined ones of a, b, c as a list of its size (a list grown by push from empty gets room for 17). */
function definedOf<T>(a: T | undefined, b: T | undefined, c: T | undefined): T[] {
  const n = (a ? 1 : 0) + (b ? 1 : 0) + (c ? 1 : 0);
  const out = new Array<T>(n);
  let i = 0;
  if (a) out[i++] = a;
  if (b) out[i++] = b;
  if (c) out[i++] = c;
  return out;
}

/** The first mention starting at a word in from..to. */
function firstStartingIn(mentions: readonly ActorMention[], from: number, to: number): ActorMention | undefined {
  for (const a of mentions) if (a.first >= from && a.first <= to) return a;
  return undefined;
}

/** The event of trigger match `f` in sentence `si`, or undefined for a generic mention ("the importance of dialogue"). */
export function buildEvent(
  ctx: DocCtx,
  si: number,
  sent: Span,
  words: readonly Word[],
  segs: Segments,
  mentions: readonly ActorMention[],
  f: Found,
  triggerStarts: readonly number[],
): RawEvent | undefined {
  const { m } = f;
  const e = f.entry;
  const head = words[m.headFirst]!;
  const headEnd = words[m.headLast]!;
  const seg = segOf(segs, m.headFirst);
  const segEnd = (segs.starts[seg + 1] ?? words.length) - 1;
  const window = Math.min(words.length - 1, m.last + 10);
  let sourceM: ActorMention | undefined;
  let targetM: ActorMention | undefined;
  let coM: ActorMention | undefined;
  let anaphoric = false;
  let weakSource = false;
  // the rule names this function adds, each after a space (joined to the match's at the end)
  let ruleTail = '';
  if (e.pos === 'noun') {
    const prev = words[m.first - 1];
    const prevActor = (m.first >= 1 ? mentionAt(mentions, m.first - 1) : undefined) ?? (words[m.first - 1]?.lower === "'s" && m.first >= 2 ? mentionAt(mentions, m.first - 2) : undefined);
    let attached = false;
    if (prevActor) {
      sourceM = prevActor;
      attached = true;
      ruleTail += ' noun:modifier';
    } else if (prev && POSSESSIVE_PRON.has(prev.lower)) {
      sourceM =
        POSSESSIVE_PRON.get(prev.lower) === 'person'
          ? (mentions.find((a) => a.actor.kind === 'person' && a.last < m.first) ?? lastSubject(ctx, si, true))
          : (subjectOf(words, segs, mentions, 0, m.first) ?? lastSubject(ctx, si, false));
      attached = true;
      ruleTail += ' noun:possessive';
    }
    const after = words[m.last + 1]?.lower ?? '';
    if (after === 'by' || after === 'from') {
      const a = nextActor(words, mentions, m.last + 2, m.last + 4, 'any');
      if (a) {
        sourceM = a;
        attached = true;
        ruleTail += ' noun:by';
      }
    }
    if (after === 'between' || (after === 'of' && e.type === 'CONSULT')) {
      const a = nextActor(words, mentions, m.last + 2, m.last + 4, 'any');
      if (a) {
        sourceM ??= a;
        const b = mentions.find((x) => x.first > a.last && x.first <= a.last + 6 && isAndOrComma(words[a.last + 1]?.lower));
        if (b && sourceM === a) coM = b;
        else if (sourceM !== a) targetM = a;
        attached = true;
        ruleTail += ` noun:${after}`;
      }
    }
    if (!targetM) {
      for (let k = m.last + 1; k <= Math.min(window, segEnd + 1); k++) {
        const w = words[k]!.lower;
        if (words[k]!.bits & TARGET_PREP || (w === 'of' && e.type !== 'CONSULT') || w === 'against') {
          const a = nextActor(words, mentions, k + 1, k + 3, 'any');
          if (a && a !== sourceM) {
            targetM = a;
            attached = true;
            break;
          }
        }
      }
    }
    const pl = placeFor(ctx, si, words, sent, m.last + 1, Math.min(window, m.last + 4), head.start);
    const tm = timeNextTo(ctx, head.start - 4 - (prev?.text.length ?? 0) - 3, head.start, headEnd.end);
    if ((pl || tm) && SCENE_TYPES.has(e.type)) attached = true;
    if (!attached) return undefined; // a generic mention ("the importance of dialogue"), not an event
    const det = words[m.first - 1]?.lower ?? '';
    anaphoric = det === 'the' || det === "'s" || e.trigger === 'event';
    if (e.trigger === 'event') ruleTail += ' anaphor-only';
    if (!sourceM) {
      sourceM = subjectOf(words, segs, mentions, 0, m.first) ?? pronounSubject(ctx, si, words, segs, m.first);
      if (sourceM) {
        ruleTail += ' source:clause-subject';
        // the subject of "kicked off Thursday's meeting" is no evidence of which meeting it was
        if (anaphoric) weakSource = true;
      }
    }
  } else {
    const passive = isPassive(words, m.headLast);
    const slot = m.slot ? mentions.find((a) => a.first >= m.slot![0] && a.last <= m.slot![1]) : undefined;
    if (passive) {
      ruleTail += ' passive';
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
        sourceM = pronounSubject(ctx, si, words, segs, m.first);
        if (sourceM) ruleTail += ' source:pronoun';
      }
      if (!sourceM) {
        // a participle clause ("after visiting …"): the sentence's subject
        sourceM = subjectOf(words, segs, mentions, 0, segs.starts[seg]!) ?? mentions.find((a) => a.last < m.first && notInPp(words, a));
        if (sourceM) ruleTail += ' source:sentence-subject';
      }
      if (sourceM) {
        const nx = firstStartingIn(mentions, sourceM.last + 1, sourceM.last + 3);
        if (nx && nx.first < m.first && isAndOrComma(words[sourceM.last + 1]?.lower)) coM = nx;
      }
    }
    targetM ??= slot ?? nextActor(words, mentions, m.last + 1, Math.min(segEnd, m.last + 8), TARGET_PREPS);
  }
  // "NATO-Russia Council meeting": the compound's sides are the participants
  let source = toEventActor(sourceM);
  let target = toEventActor(targetM);
  if (sourceM?.actor.parts && sourceM.actor.parts.length >= 2 && (e.type === 'CONSULT' || !target)) {
    const [p0, p1] = sourceM.actor.parts;
    if (e.type === 'CONSULT' || e.type === 'AGREE' || e.type === 'COOPERATE') {
      source = toEventActor(sourceM, p0);
      target ??= toEventActor(sourceM, p1);
    }
  }
  if (!targetM && (e.type === 'MOBILIZE' || e.type === 'ASSAULT')) {
    // "troops … along the Ukraine-Russia border", "at its border with Ukraine"
    targetM = mentions.find((a) => a.first > m.last && a.first <= segEnd + 1 && (isBorder(words[a.last + 1]?.lower) || isBorder(words[a.first - 2]?.lower)));
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
    const sourceState = sourceM?.actor.country ?? sourceM?.actor.kbId;
    let loc: ActorMention | undefined;
    for (const a of mentions) {
      if (a.first <= m.last || a.first > segEnd + 1 || a === sourceM) continue;
      if (e.type === 'CONSULT' && e.mode !== 'visit' && isInOrAt(words[a.first - 1]?.lower)) continue;
      if ((a.actor.country ?? a.actor.kbId) === sourceState) continue;
      loc = a;
      break;
    }
    if (loc) {
      targetM = loc;
      target = toEventActor(loc);
      weakTarget = true;
      ruleTail += ' target:after-trigger';
    }
  }
  const participants = definedOf(source, co && co !== target ? co : undefined, target);
  if (target && source && (target.kbId ?? target.name) === (source.kbId ?? source.name) && target.country === source.country) target = undefined;
  // place and date
  const place = placeFor(ctx, si, words, sent, segs.starts[seg]!, Math.min(words.length - 1, segEnd + 6), head.start) ?? placeFor(ctx, si, words, sent, 0, words.length - 1, head.start);
  const date = dateFor(ctx, si, words, segs, sent, m, f.modality, triggerStarts);
  const evStart = Math.min(head.start, sourceM && sourceM.start >= sent.start && head.start - sourceM.start < 160 ? sourceM.start : head.start);
  const evEnd = Math.max(headEnd.end, targetM && targetM.end - headEnd.end < 160 ? targetM.end : headEnd.end, words[m.last]!.end);
  const conf = Math.min(0.95, (e.words.length > 1 ? 0.75 : e.pos === 'verb' ? 0.7 : 0.6) + (source ? 0.1 : -0.1) + (target ? 0.05 : 0) - (f.modality ? 0.1 : 0));
  keyCount = 0;
  if (!weakSource) addKeys(source, sourceM);
  if (!weakTarget) addKeys(target, targetM);
  addKeys(co, coM);
  const keys = keyScratch.slice(0, keyCount);
  return new BuiltEvent(
    f,
    source,
    target,
    participants,
    place,
    date,
    [{ start: evStart, end: evEnd, text: ctx.text.slice(evStart, evEnd) }],
    { start: head.start, end: headEnd.end, text: ctx.text.slice(head.start, headEnd.end), lemma: e.trigger },
    ruleText(e.ref, f.rule) + ruleTail,
    Math.round(conf * 100) / 100,
    si,
    keys,
    anaphoric,
  );
}

/**
 * An event as buildEvent makes it, its fields in the order the record lists them. Every one is set,
 * an absent optional field to undefined, which the record (JSON) leaves out, and which withChanges
 * and combine (merge.ts) take for absent: so every event has one layout, and code that reads or
 * sets a field finds the one it expects (with the optional fields set only when present, each
 * field after them sat where the ones before put it, and every access searched). A class rather
 * than an object literal, so that the fields lie inside the object.
 */
class BuiltEvent {
  declare type: PloverType;
  declare mode?: string;
  declare source?: EventActor;
  declare target?: EventActor;
  declare participants?: readonly EventActor[];
  declare place?: EventPlace;
  declare date?: EventDate;
  declare negated: boolean;
  declare modality?: string;
  declare intent?: PloverType;
  declare evidence: readonly Evidence[];
  declare trigger: Evidence & { readonly lemma: string };
  declare rule: string;
  declare confidence: number;
  declare sentence: number;
  declare keys: readonly string[];
  declare anaphoric: boolean;

  constructor(
    f: Found,
    source: EventActor | undefined,
    target: EventActor | undefined,
    participants: readonly EventActor[],
    place: EventPlace | undefined,
    date: EventDate | undefined,
    evidence: readonly Evidence[],
    trigger: Evidence & { readonly lemma: string },
    rule: string,
    confidence: number,
    sentence: number,
    keys: readonly string[],
    anaphoric: boolean,
  ) {
    this.type = f.type;
    this.mode = f.entry.mode ? f.entry.mode : undefined;
    this.source = source;
    this.target = target;
    this.participants = participants.length > 1 ? participants : undefined;
    this.place = place;
    this.date = date;
    this.negated = f.negated;
    this.modality = f.modality ? f.modality : undefined;
    this.intent = f.intent ? f.intent : undefined;
    this.evidence = evidence;
    this.trigger = trigger;
    this.rule = rule;
    this.confidence = confidence;
    this.sentence = sentence;
    this.keys = keys;
    this.anaphoric = anaphoric;
  }
}
