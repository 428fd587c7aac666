/**
 * The events of one sentence: trigger matches filtered and recoded by clause cues (negation,
 * modality, hypotheticals), reported obligations, the content of governing triggers absorbed, then
 * one event built per remaining match.
 */
import type { Span } from '../../doc/types.ts';
import { mentionAt, type ActorMention } from './arguments.ts';
import { buildEvent, type Found } from './build.ts';
import { ARTICLE, isHypothetical, isNegated, isSpace, modalityOf, OBLIGATION, segments, segOf, type Segments } from './clause.ts';
import type { DocCtx } from './context.ts';
import type { RawEvent } from './events.ts';
import { withChanges } from './merge.ts';
import { POSSESSIVE_PRON, subjectOf } from './subjects.ts';
import { type PloverType, type TriggerEntry, type TriggerMatch, type Word } from './triggers.ts';

const COOPERATIVE = new Set<PloverType>(['AGREE', 'CONSULT', 'SUPPORT', 'COOPERATE', 'AID', 'CONCEDE', 'RETREAT']);
const CONFLICT = new Set<PloverType>(['SANCTION', 'COERCE', 'ASSAULT', 'MOBILIZE', 'PROTEST']);
/** Verbal types whose complement ("to …", "that …", "of …") is content, not a second event. */
const GOVERNING = new Set<PloverType>(['AGREE', 'REQUEST', 'REJECT', 'THREATEN', 'ACCUSE']);
const NUMBERS = /^(two|three|four|five|six|seven|eight|nine|ten|several|\d+)$/;
const SCOPE_BREAK_NEXT = new Set(['has', 'have', 'had', 'is', 'are', 'was', 'were', 'will', 'also', 'then', 'later', 'it', 'he', 'she', 'they']);

/**
 * The events told in one sentence (words and mentions indexed within it), before merging, from its
 * trigger matches (matchTriggers, with isActor as actorWithin reads the mentions): added to `out`
 * (the document's list), which is returned.
 */
export function sentenceEvents(ctx: DocCtx, si: number, sent: Span, words: readonly Word[], mentions: readonly ActorMention[], matches: readonly TriggerMatch[], out: RawEvent[] = []): RawEvent[] {
  if (isQuestion(ctx.text, sent.start, sent.end)) return out; // a question asserts nothing
  const segs = segments(words);
  const found: Found[] = [];
  for (const m of matches) {
    if (m.entry.type === null) continue; // "press conference": not an event
    const e = m.entry as TriggerEntry & { readonly type: PloverType };
    const inActor = mentionAt(mentions, m.headFirst);
    if (inActor && inActor.actor.kind !== 'place' && inActor.last > inActor.first) continue; // "Organization for Security and Cooperation in Europe"
    if (e.pos === 'verb' && (words[m.first - 1]?.bits ?? 0) & ARTICLE) continue; // "a back seat"
    // "… troops were spotted" is one phrase; a bare "call" is a phone call only with "phone" or "with"
    if (e.trigger === 'call' && !isWithOrBetween(words[m.last + 1]?.lower)) continue;
    if (isHypothetical(words, segs, m.headFirst)) continue;
    if (e.pos === 'noun' && isSummary(words, m.first)) continue;
    // every field set here, the optional ones undefined, so that setting them later does not grow the object
    const f: Found = {
      m,
      entry: e,
      governor: undefined,
      type: e.type,
      negated: isNegated(words, m.headFirst, e.pos),
      modality: undefined,
      intent: undefined,
      absorbed: false,
      rule: [e.pos === 'verb' ? 'lexicon:verb' : 'lexicon:noun'],
      event: undefined,
    };
    const mod = modalityOf(words, m.headFirst, e.pos, segs.starts[segOf(segs, m.headFirst)]!);
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
  const starts: number[] = [];
  for (const f of found) if (!f.absorbed) starts.push(words[f.m.headFirst]!.start);
  for (const f of found) {
    if (f.absorbed) continue;
    let ev = buildEvent(ctx, si, sent, words, segs, mentions, f, starts);
    const gov = f.governor?.event;
    // "Moscow denies allegations by Kiev": the allegations are aimed at the one who denies them
    if (ev && gov?.source && !ev.target && gov.source.name !== ev.source?.name) ev = withChanges(ev, { target: gov.source, keys: [...ev.keys, ...gov.keys.slice(0, 1)], rule: ev.rule + ' target:denier' });
    if (ev) {
      f.event = ev;
      out.push(ev);
    }
  }
  // the sentence's subject, for pronouns in the sentences after it, is read when one asks (lastSubject)
  return out;
}

/** Whether some mention lies wholly within words i..j: the `<X>` gap test of matchTriggers. */
export function actorWithin(mentions: readonly ActorMention[], i: number, j: number): boolean {
  for (const m of mentions) if (m.first >= i && m.last <= j) return true;
  return false;
}

/** The subject of a sentence's main clause, which later pronouns may stand for. */
export function sentenceSubject(words: readonly Word[], mentions: readonly ActorMention[]): ActorMention | undefined {
  return subjectOf(words, segments(words), mentions, 0, words.length);
}

/** Whether "must" or "should" follows the first word of words from..to-1: a reported obligation may be told. */
export function mayTellObligation(words: readonly Word[], from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) if (words[k]!.bits & OBLIGATION) return true;
  return false;
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
  ref: 'say … must',
};

/** "Russia said on Tuesday that Sudan must return a helicopter": REQUEST by the speaker on the one who must act. */
function reportedObligation(words: readonly Word[], mentions: readonly ActorMention[], found: readonly Found[]): Found | undefined {
  for (let k = 1; k < words.length; k++) {
    if (!(words[k]!.bits & OBLIGATION)) continue;
    const obliged = mentionEndingIn(mentions, k - 2, k - 1);
    if (!obliged) continue;
    for (let j = obliged.first - 1; j >= Math.max(0, obliged.first - 8); j--) {
      if (!SAY.test(words[j]!.lower)) continue;
      if (governedBetween(found, j, k)) return undefined;
      const m: TriggerMatch = { entry: OBLIGATION_ENTRY, first: j, last: j, headFirst: j, headLast: j, slot: [obliged.first, obliged.last] };
      return { m, entry: OBLIGATION_ENTRY, type: 'REQUEST', negated: false, absorbed: false, rule: ['reported-obligation→REQUEST'] };
    }
  }
  return undefined;
}

/** The first mention whose last word lies in from..to (closures in a loop over words would allocate per word). */
function mentionEndingIn(mentions: readonly ActorMention[], from: number, to: number): ActorMention | undefined {
  for (const a of mentions) if (a.last <= to && a.last >= from) return a;
  return undefined;
}

function governedBetween(found: readonly Found[], j: number, k: number): boolean {
  for (const f of found) if (f.m.first < k && f.m.first > j && GOVERNING.has(f.type)) return true;
  return false;
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
    // a segment starting at word k, after a hard boundary
    const seg = segOf(segs, k);
    if (segs.starts[seg] === k && segs.hardBefore[seg]) return true;
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

const isWithOrBetween = (w: string | undefined): boolean => w === 'with' || w === 'between';

/** The sentence ends in a question mark, perhaps before a closing quote: /\?\s*["”’]?$/ without slicing. */
export function isQuestion(text: string, start: number, end: number): boolean {
  let k = end - 1;
  if (k < start) return false;
  const last = text.charCodeAt(k);
  if (last === 0x22 || last === 0x201d || last === 0x2019) k--;
  while (k >= start && isSpace(text.charCodeAt(k))) k--;
  return k >= start && text.charCodeAt(k) === 0x3f;
}
