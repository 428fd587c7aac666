/**
 * Entity mention candidates: the NER mentions, corrected, plus lexicon hits (media outlets,
 * groups, nominals like "the bloc"), each classified against the KB as a person, state,
 * organisation, media outlet, city, region, group or nothing.
 *
 * Corrections of NER errors (each leaves its rule in `rules`):
 * - title-split: a leading title inside a name ("MEP Viola Von Cramon-Taubadel" tagged ORG) is cut
 *   off and the rest is a PER;
 * - org-head: a name followed by a capitalised organisation head is extended ("NATO-Russia" +
 *   "Council"), and "X Institute" + for/of + capitalised words is merged ("National Institute
 *   for Strategic Studies", tagged ORG + LOC);
 * - media: listed outlets (media.tsv) replace what NER made of them ("Dozhd" tagged PER); a name
 *   after "channel"/"newspaper", starting with "Radio" or ending in "TV", or told something is an outlet;
 * - pair: "Ukraine-Russia" is one mention of each state.
 *
 * Decisions:
 * - A demonym is an actor mention of its state only before an actor noun ("Russian troops",
 *   "Russian officials"). Before a title ("Russian Deputy Foreign Minister") it gives the
 *   role's country and is not a mention; elsewhere ("Russian proposals") it is nothing.
 * - A capital or seat of power is a metonym (an actor mention of its state or organisation)
 *   unless it is used as a place: after a locative preposition ("met in Brussels"), after a
 *   motion verb + "to", in the dateline, or before ", Country".
 */
import type { EntityMentionKind, EntityType, Span } from '../../doc/types.ts';
import type { Kb } from '../../kb/kb.ts';
import { foldKey, isAcronym } from '../../kb/text.ts';
import { getGazetteer } from '../places/gazetteer.ts';
import type { Mention } from './ner/ner.ts';
import type { Cluster } from './resolve.ts';
import { ACTOR_START, fold, NOMINAL_START, normApos, TITLE_START, trieLongest, WORD_SET, type Lexicon, type TitleRow, type Words } from './lexicon.ts';

export type CandLabel = 'PER' | 'ORG' | 'LOC' | 'MISC' | 'NOM';

/** A candidate entity mention over words [w0, w1). */
export interface Cand {
  start: number;
  end: number;
  w0: number;
  w1: number;
  label: CandLabel;
  confidence: number;
  readonly rules: string[];
  /** Undefined: not an entity mention (an adjective, a title word, an event name). */
  type?: EntityType;
  kind: EntityMentionKind;
  kbId?: string;
  /** Canonical name, for clustering and output. */
  name: string;
  /** ISO3 of the state an organisation or city belongs to. */
  country?: string;
  /** The state a state name or demonym names, even when it is not a mention ("Russian" before a title). */
  stateId?: string;
  /** For nominals ("the bloc"): KB org types it may refer to, best first. */
  nominal?: readonly string[];
  /** An unresolved organisation name that needs support (a role, a second mention) to count. */
  weak?: boolean;
  /** The entity it was clustered into (resolve.ts). */
  cluster?: Cluster;
}

export interface TitleHit {
  readonly start: number;
  /** Exclusive word index. */
  readonly end: number;
  readonly row: TitleRow;
}

export interface WordContext {
  readonly text: string;
  readonly words: Words;
  readonly lex: Lexicon;
  readonly kb: Kb;
  /** Longest title starting at each word. */
  readonly titleAt: readonly (TitleHit | undefined)[];
  /** The words where a lexicon phrase may start (phraseStarts). */
  readonly starts: readonly number[];
  readonly dateline?: Span | undefined;
}

/** The words where a title, an outlet or group, or a nominal may start (Lexicon.phraseStart), in order. */
export function phraseStarts(words: Words, lex: Lexicon): number[] {
  const out: number[] = [];
  const slot = words.slot;
  const any = lex.phraseAny;
  for (let i = 0; i < words.length; i++) {
    const sl = slot[i]!;
    if (any[sl >> 5]! & (1 << (sl & 31))) out.push(i);
  }
  return out;
}

/** Longest title phrase starting at every word: one Map lookup per word that may start one. */
export function findTitles(words: Words, lex: Lexicon, starts: readonly number[] = phraseStarts(words, lex)): (TitleHit | undefined)[] {
  const out: (TitleHit | undefined)[] = new Array<TitleHit | undefined>(words.length);
  const table = lex.phraseStart;
  const slot = words.slot;
  for (const i of starts) {
    if (!(table[slot[i]!]! & TITLE_START) || !lex.titles.next.has(words.lower(i))) continue;
    const hit = trieLongest(lex.titles, words, i, true);
    // Title words in a capitalised title-only row ("MEP") must be written as listed.
    if (hit && !(hit.value.capitals && words.text(i) !== hit.value.title)) out[i] = { start: i, end: hit.end, row: hit.value };
  }
  return out;
}

/** KB and gazetteer answers depend only on the string: kept across documents (bounded). */
export function memoised<T>(f: (s: string) => T): (s: string) => T {
  const memo = new Map<string, T>();
  return (s) => {
    let v = memo.get(s);
    if (v === undefined && !memo.has(s)) {
      if (memo.size > 20_000) memo.clear();
      v = f(s);
      memo.set(s, v);
    }
    return v as T;
  };
}

interface StateHit {
  id: string;
  name: string;
  demonym: boolean;
  acronym: boolean;
}
interface OrgHit {
  id: string;
  name: string;
  type: string;
}
/**
 * What the KB says of a name (organisation, state, metonym), read together the first time the
 * name is asked about and kept, so a candidate costs one lookup, not one per question; and the
 * gazetteer's reading, added when first asked for.
 */
interface NameFacts {
  readonly org: OrgHit | null;
  readonly state: StateHit | null;
  readonly metonym: boolean;
  /** Undefined until read. */
  gaz: GazHit | null | undefined;
}
let factsMemo: { kb: Kb; facts: (s: string) => NameFacts } | undefined;
/** The facts of a name in one KB (a fresh KB gets fresh facts). */
function factsOf(kb: Kb, name: string): NameFacts {
  if (factsMemo?.kb !== kb) {
    factsMemo = {
      kb,
      facts: memoised((s) => {
        const r = kb.resolveState(s, { strict: true });
        const o = kb.org(s, { strict: true });
        return {
          org: o ? { id: o.id, name: o.name, type: o.type } : null,
          state: r ? { id: r.record.id, name: r.record.name, demonym: r.via === 'demonym', acronym: isAcronym(s) } : null,
          metonym: kb.metonym(s) !== undefined,
          gaz: undefined,
        };
      }),
    };
  }
  return factsMemo.facts(name);
}
const stateOf = (kb: Kb, s: string): StateHit | null => factsOf(kb, s).state;
const orgOf = (kb: Kb, s: string): OrgHit | null => factsOf(kb, s).org;
/** The gazetteer's reading of the name the facts are of. */
function gazOfFacts(f: NameFacts, name: string): GazHit | null {
  if (f.gaz === undefined) f.gaz = gazOf(name);
  return f.gaz;
}

interface GazHit {
  type: 'city' | 'region' | 'state' | 'demonym';
  name: string;
  /** ISO2. */
  country: string | null;
}
const gazOf = memoised((s: string): GazHit | null => {
    const cands = getGazetteer().lookup(s, 5);
    if (!cands.length) return null;
    if (cands.some((c) => c.via === 'demonym')) return { type: 'demonym', name: s, country: null };
    const major = cands.find((c) => c.kind === 'city' && c.major);
    const pick = major ?? cands.find((c) => c.kind === 'region' || c.kind === 'state') ?? cands.find((c) => c.kind === 'admin') ?? cands[0]!;
    return { type: pick.kind === 'admin' ? 'region' : pick.kind, name: pick.name, country: pick.country };
});
/** isAcronym, remembered: names recur. */
const acronym = memoised(isAcronym);
const iso3 = (kb: Kb, iso2: string | null): string | undefined => (iso2 ? (stateOf(kb, iso2)?.id ?? undefined) : undefined);

/** Metonym rows written with "the" ("the Kremlin"): a preceding "the" joins the mention. */
let theMetonyms: Set<string> | undefined;
function metonymWithThe(kb: Kb): Set<string> {
  theMetonyms ??= new Set(kb.data.metonyms.filter((m) => /^the /i.test(m.mention)).map((m) => foldKey(m.mention.slice(4))));
  return theMetonyms;
}

/**
 * A candidate built by a constructor: every field set from the start, so all candidates share
 * one object shape, and no allocation site, which V8 would pretenure (candidates live through the
 * stage, so a scavenge finds them all alive) and so fill the old generation with dead candidates.
 */
class CandRecord implements Cand {
  type: EntityType | undefined = undefined;
  kind: EntityMentionKind = 'name';
  kbId: string | undefined = undefined;
  country: string | undefined = undefined;
  stateId: string | undefined = undefined;
  nominal: readonly string[] | undefined = undefined;
  weak: boolean | undefined = undefined;
  cluster: Cluster | undefined = undefined;
  readonly rules: string[];
  constructor(
    public start: number,
    public end: number,
    public w0: number,
    public w1: number,
    public label: CandLabel,
    public confidence: number,
    rule: string,
    public name: string,
  ) {
    // A copy of an empty array, not a literal: a literal's allocation site gets pretenured too.
    this.rules = NO_RULES.slice();
    this.rules.push(rule);
  }
}
const NO_RULES: readonly string[] = [];
const newCand = (ctx: WordContext, w0: number, w1: number, label: CandLabel, confidence: number, rule: string): Cand => {
  const start = ctx.words.start[w0]!;
  const end = ctx.words.end[w1 - 1]!;
  const name = w1 - w0 === 1 ? ctx.words.text(w0) : normApos(ctx.text.slice(start, end));
  return new CandRecord(start, end, w0, w1, label, confidence, rule, name);
};

/**
 * The corrected, classified candidates of a document, in text order. Candidates with no
 * `type` are kept: roles read countries from demonyms that are not mentions.
 */
export function buildCandidates(ctx: WordContext, mentions: readonly Mention[], sentenceText: (w: number) => string): Cand[] {
  const { words, lex } = ctx;
  let cands: Cand[] = [];
  let w = 0;
  const nw = words.length;
  const ws = words.start;
  const we = words.end;
  for (const m of mentions) {
    while (w < nw && ws[w]! < m.start) w++;
    if (w >= nw || ws[w] !== m.start) continue;
    let e = w;
    while (e < nw && we[e]! < m.end) e++;
    if (e >= nw || we[e] !== m.end) continue;
    cands.push(newCand(ctx, w, e + 1, m.label, m.confidence, nerRule(m.label)));
  }

  // Lexicon outlets and groups, and nominals: they win over overlapping NER spans.
  const lexical: Cand[] = [];
  const slot = words.slot;
  const table = lex.phraseStart;
  let next = 0;
  for (const i of ctx.starts) {
    if (i < next) continue;
    const bits = table[slot[i]!]!;
    if (bits & ACTOR_START && lex.actors.next.has(words.text(i))) {
      const hit = trieLongest(lex.actors, words, i, false);
      if (hit) {
        const c = newCand(ctx, i, hit.end, 'ORG', 1, `lexicon:${hit.value.type}`);
        c.type = hit.value.type;
        c.name = hit.value.name;
        if (hit.value.country) c.country = hit.value.country;
        c.kind = acronym(ctx.text.slice(c.start, c.end)) ? 'acronym' : 'name';
        lexical.push(c);
        next = hit.end;
        continue;
      }
    }
    if (bits & NOMINAL_START && lex.nominals.next.has(words.lower(i))) {
      const hit = trieLongest(lex.nominals, words, i, true);
      if (hit) {
        const c = newCand(ctx, i, hit.end, 'NOM', 1, 'nominal');
        c.kind = 'nominal';
        c.nominal = hit.value;
        lexical.push(c);
        next = hit.end;
      }
    }
  }
  if (lexical.length) cands = mergeLexical(cands, lexical, nw);

  cands = correct(ctx, cands);
  const placeUse = new Set<Cand>();
  const out: Cand[] = [];
  for (let k = 0; k < cands.length; k++) {
    const c = cands[k]!;
    const d = classify(ctx, c, k > 0 ? cands[k - 1] : undefined, placeUse, sentenceText);
    if (Array.isArray(d)) for (const part of d) out.push(part);
    else out.push(d);
  }
  return defineAcronyms(ctx, out);
}

/**
 * The NER candidates no lexical one overlaps, and the lexical ones, in order of start: a stable
 * sort of the two lists by start, made as a merge (both are in text order, and spans overlap
 * exactly when their word ranges do).
 */
function mergeLexical(cands: readonly Cand[], lexical: readonly Cand[], nw: number): Cand[] {
  if (!byStart(cands) || !byStart(lexical)) return [...cands.filter((c) => !lexical.some((l) => l.start < c.end && c.start < l.end)), ...lexical].sort((a, b) => a.start - b.start);
  const taken = lexicalWords.length >= nw ? lexicalWords.fill(0, 0, nw) : (lexicalWords = new Uint8Array(nw * 2));
  for (const l of lexical) taken.fill(1, l.w0, l.w1);
  const out: Cand[] = [];
  let j = 0;
  for (const c of cands) {
    if (hasOne(taken, c.w0, c.w1)) continue;
    while (j < lexical.length && lexical[j]!.start < c.start) out.push(lexical[j++]!);
    out.push(c);
  }
  while (j < lexical.length) out.push(lexical[j++]!);
  return out;
}
let lexicalWords = new Uint8Array(0);
const byStart = (cs: readonly Cand[]): boolean => cs.every((c, i) => i === 0 || cs[i - 1]!.start <= c.start);
function hasOne(marks: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (marks[i]) return true;
  return false;
}

const ACRONYM = /^[A-Z][A-Z0-9&]{1,7}$/;

/** "Tarnland Institute for Regional Studies (TIRS)": every "TIRS" after it is that organisation, tagged or not. */
function defineAcronyms(ctx: WordContext, cands: Cand[]): Cand[] {
  const { words } = ctx;
  let defined: Map<string, Cand> | undefined;
  for (const c of cands) {
    // KB organisations need no definition: the KB knows their acronyms ("(OSCE)").
    if ((c.type === 'organisation' || c.type === 'media' || c.type === 'group') && !c.kbId && words.textAt(c.w1) === '(' && words.textAt(c.w1 + 2) === ')') {
      const a = words.text(c.w1 + 1);
      if (ACRONYM.test(a) && a !== c.name) (defined ??= new Map()).set(a, c);
    }
  }
  if (!defined) return cands;
  const covered = new Uint8Array(words.length);
  for (const c of cands) covered.fill(1, c.w0, c.w1);
  const added: Cand[] = [];
  let lengths = 0;
  for (const a of defined.keys()) lengths |= 1 << a.length;
  for (let i = 0; i < words.length; i++) {
    if (covered[i] || !words.cap[i] || !(lengths & (1 << (words.end[i]! - words.start[i]!)))) continue;
    const long = defined.get(words.text(i));
    if (!long || long.w1 > i) continue;
    const a = newCand(ctx, i, i + 1, 'ORG', long.confidence, 'acronym-defined');
    a.type = long.type;
    a.kbId = long.kbId;
    a.name = long.name;
    a.country = long.country;
    a.kind = 'acronym';
    added.push(a);
  }
  return added.length ? [...cands, ...added].sort((x, y) => x.start - y.start) : cands;
}

/** NER corrections: title split, organisation heads, media cues. */
function correct(ctx: WordContext, cands: Cand[]): Cand[] {
  const { words, lex, titleAt } = ctx;
  const out: Cand[] = [];
  for (let k = 0; k < cands.length; k++) {
    const c = cands[k]!;
    if (c.type) {
      out.push(c);
      continue;
    }
    // "MEP Viola Von Cramon-Taubadel": skip leading rank/former words, then a title, and keep the capitalised rest.
    let i = c.w0;
    while (i < c.w1 - 1 && (inSet(ctx, i, lex.rank, WORD_SET.rank) || inSet(ctx, i, lex.former, WORD_SET.former)) && !titleAt[i]) i++;
    const t = titleAt[i];
    if (t && t.end < c.w1 && allCap(words, t.end, c.w1)) {
      const p = newCand(ctx, t.end, c.w1, 'PER', c.confidence, 'title-split');
      p.rules.unshift(nerRule(c.label));
      out.push(p);
      continue;
    }
    if (c.label !== 'PER') {
      // "NATO-Russia" + "Council"
      let e = c.w1;
      while (e < words.length && words.cap[e] && inSet(ctx, e, lex.orgHeads, WORD_SET.orgHeads) && words.sent[e] === words.sent[c.w0]) e++;
      if (e > c.w1) {
        extend(ctx, c, e, 'org-head');
        while (cands[k + 1] && cands[k + 1]!.start < c.end) k++;
      }
      // "National Institute" + for + "Strategic Studies"
      const last = c.w1 - 1;
      const of = words.cap[last] && inSet(ctx, last, lex.orgHeads, WORD_SET.orgHeads) ? words.lowerAt(c.w1) : undefined;
      if ((of === 'for' || of === 'of' || of === 'on') && words.capAt(c.w1 + 1)) {
        let j = c.w1 + 1;
        let lastCap = j;
        const sent = words.sent[last];
        while (j < words.length && words.sent[j] === sent && (words.cap[j] || CONNECTORS.has(words.lower(j)))) {
          if (words.cap[j]) lastCap = j;
          j++;
        }
        extend(ctx, c, lastCap + 1, 'org-of');
        while (cands[k + 1] && cands[k + 1]!.start < c.end) k++;
      }
      mediaCue(ctx, c);
    } else if (c.w0 > 0 && inSet(ctx, c.w0 - 1, lex.mediaBefore, WORD_SET.mediaBefore)) mediaCue(ctx, c);
    out.push(c);
  }
  return out;
}

/**
 * Whether word i may be in a set of Lexicon.setSlot: false only for a plain word whose slot no
 * word of the set has (then its lower-cased form is not in the set, and it need not be read).
 */
function mayBeIn(ctx: WordContext, i: number, bits: number): boolean {
  return !ctx.words.plain[i] || (ctx.lex.setSlot[ctx.words.slot[i]!]! & bits) !== 0;
}
/** Whether word i, lower-cased, is in the set (bit: its WORD_SET bit). */
function inSet(ctx: WordContext, i: number, set: ReadonlySet<string>, bit: number): boolean {
  return mayBeIn(ctx, i, bit) && set.has(ctx.words.lower(i));
}

function allCap(words: Words, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!words.cap[i]) return false;
  return true;
}

/** Rule names as constants: interned strings hash once (and no keyed lookup per candidate). */
function nerRule(label: string): string {
  switch (label) {
    case 'PER':
      return 'ner:PER';
    case 'ORG':
      return 'ner:ORG';
    case 'LOC':
      return 'ner:LOC';
    case 'MISC':
      return 'ner:MISC';
    default:
      return label;
  }
}

const CONNECTORS = new Set(['and', 'of', 'for', 'the', 'in', 'on', '&']);

function extend(ctx: WordContext, c: Cand, w1: number, rule: string): void {
  c.w1 = w1;
  c.end = ctx.words.end[w1 - 1]!;
  c.name = normApos(ctx.text.slice(c.start, c.end));
  c.label = 'ORG';
  c.rules.push(rule);
}

/** "TV channel Dozhd", "Radio Tarn", "Tarn TV", "told Radio Tarn": an outlet. */
function mediaCue(ctx: WordContext, c: Cand): void {
  const { words, lex, kb } = ctx;
  // The word before is read only if it may be a media cue or "told".
  const prev = c.w0 > 0 && mayBeIn(ctx, c.w0 - 1, WORD_SET.mediaBefore | WORD_SET.told) ? words.lower(c.w0 - 1) : '';
  let rule = '';
  if (lex.mediaBefore.has(prev)) rule = `media-cue:${prev}`;
  else if (c.w1 - c.w0 >= 2 && (inSet(ctx, c.w0, lex.mediaFirst, WORD_SET.mediaFirst) || inSet(ctx, c.w1 - 1, lex.mediaLast, WORD_SET.mediaLast))) rule = 'media-name';
  else if (c.label === 'ORG' && prev === 'told' && !orgOf(kb, c.name) && !stateOf(kb, c.name)) rule = 'media-told';
  if (!rule) return;
  c.type = 'media';
  c.label = 'ORG';
  c.rules.push(rule);
}

const QUOTE_CHARS = '"“”\'';
const DETERMINERS = new Set(['a', 'an', 'the', 'this', 'that', 'our', 'my', 'your', 'roast', 'stuffed']);

/** Classifies one candidate; returns it (maybe untyped) or the parts it splits into ("Ukraine-Russia"). */
function classify(ctx: WordContext, c: Cand, prevCand: Cand | undefined, placeUse: Set<Cand>, sentenceText: (w: number) => string): Cand | Cand[] {
  const { words, kb, lex } = ctx;
  if (c.type || c.label === 'NOM') return c;
  const t = c.name;
  if (c.label === 'PER') {
    c.type = 'person';
    if (QUOTE_CHARS.includes(t[0]!) || QUOTE_CHARS.includes(t[t.length - 1]!)) c.name = t.replace(/^["“”']+|["“”']+$/g, '');
    return c;
  }
  const facts = factsOf(kb, t);
  const org = facts.org;
  if (org) {
    c.type = 'organisation';
    c.kbId = org.id;
    c.name = org.name;
    c.kind = acronym(t) ? 'acronym' : 'name';
    c.rules.push('kb:org');
    return c;
  }
  const st = facts.state;
  if (st) {
    c.stateId = st.id;
    if (st.demonym) {
      const next = c.w1 < words.length && mayBeIn(ctx, c.w1, WORD_SET.actorNouns) ? words.lower(c.w1) : undefined;
      if (next !== undefined && lex.actorNouns.has(next)) {
        setState(c, st.id, st.name, 'demonym', `demonym+${next}`);
      }
      return c;
    }
    const prev = c.w0 > 0 ? words.lower(c.w0 - 1) : '';
    // "the Turkey", "a Chad": a common noun, not the state (the US, the UK, the Netherlands pass).
    if (DETERMINERS.has(prev) && !st.acronym && c.w1 - c.w0 === 1 && !(prev === 'the' && /s$/.test(t))) {
      c.rules.push('not-a-state:determiner');
      return c;
    }
    setState(c, st.id, st.name, st.acronym ? 'acronym' : 'name', 'kb:state');
    return c;
  }
  // "the Kremlin": a preceding "the" belongs to the metonym.
  const theKey = c.w0 > 0 && words.lower(c.w0 - 1) === 'the' && metonymWithThe(kb).has(fold(t));
  const key = theKey ? `the ${t}` : t;
  if ((theKey ? factsOf(kb, key) : facts).metonym) {
    if (theKey) {
      c.w0--;
      c.start = words.start[c.w0]!;
    }
    if (isPlaceUse(ctx, c, prevCand, placeUse)) {
      placeUse.add(c);
      const g = gazOfFacts(facts, t);
      if (g && g.type === 'city') {
        c.type = 'city';
        c.name = g.name;
        const cc = iso3(kb, g.country);
        if (cc) c.country = cc;
      } else c.type = 'other';
      c.rules.push('place-use');
      return c;
    }
    // Only an actor use needs the sentence: it picks NATO or the EU for "Brussels".
    const met = kb.metonym(key, sentenceText(c.w0))!;
    if (met.kind === 'state') setState(c, met.id, met.name, 'metonym', `metonym:${met.metonymKind}`);
    else {
      c.type = 'organisation';
      c.kbId = met.id;
      c.name = met.name;
      c.kind = 'metonym';
      c.rules.push(`metonym:${met.metonymKind}`);
    }
    return c;
  }
  // "Ukraine-Russia border": one mention of each state.
  if (t.includes('-') && c.label !== 'ORG') {
    const parts = splitPair(ctx, c);
    if (parts) return parts;
  }
  // "Eastern and Central European" (tagged ORG), "Eastern European" (LOC): adjectives, not names.
  const lastWord = words.text(c.w1 - 1);
  const lastFacts = lastWord === t ? facts : factsOf(kb, lastWord);
  if (c.label !== 'MISC' && (lastFacts.state?.demonym || gazOfFacts(lastFacts, lastWord)?.type === 'demonym')) {
    c.rules.push('adjective');
    return c;
  }
  if (c.label === 'LOC') {
    const g = gazOfFacts(facts, t);
    if (!g) {
      c.type = 'other';
      c.rules.push('unresolved-place');
    } else if (g.type !== 'demonym') {
      c.type = g.type === 'state' ? 'state' : g.type;
      c.name = g.name;
      const cc = iso3(kb, g.country);
      if (g.type === 'state' && cc) c.kbId = cc;
      else if (cc) c.country = cc;
      c.rules.push(`gazetteer:${g.type}`);
    }
    return c;
  }
  if (c.label === 'ORG') {
    c.type = 'organisation';
    let heads = false;
    for (let i = c.w0; i < c.w1 && !heads; i++) heads = inSet(ctx, i, lex.orgHeads, WORD_SET.orgHeads);
    if (!heads && c.confidence < 0.5) c.weak = true;
    c.kind = acronym(t) ? 'acronym' : 'name';
    c.rules.push('unresolved-org');
    return c;
  }
  return c;
}

function setState(c: Cand, id: string, name: string, kind: EntityMentionKind, rule: string): void {
  c.type = 'state';
  c.kbId = id;
  c.stateId = id;
  c.name = name;
  c.kind = kind;
  c.rules.push(rule);
}

function splitPair(ctx: WordContext, c: Cand): Cand[] | null {
  const raw = ctx.text.slice(c.start, c.end);
  const pieces = raw.split('-');
  if (pieces.length < 2) return null;
  const out: Cand[] = [];
  let off = c.start;
  for (const p of pieces) {
    const st = stateOf(ctx.kb, p);
    if (!st || st.demonym) return null;
    const d: Cand = { ...c, rules: [...c.rules, 'pair'], start: off, end: off + p.length, name: p };
    setState(d, st.id, st.name, st.acronym ? 'acronym' : 'name', 'kb:state');
    out.push(d);
    off += p.length + 1;
  }
  return out;
}

/** A capital or seat of power written as a place ("met in Brussels"), not as an actor. */
function isPlaceUse(ctx: WordContext, c: Cand, prevCand: Cand | undefined, placeUse: Set<Cand>): boolean {
  const { words, lex, dateline } = ctx;
  if (dateline && c.start >= dateline.start && c.end <= dateline.end) return true;
  if (c.w0 === 0 || words.sent[c.w0 - 1] !== words.sent[c.w0]) return false;
  const prev = words.lower(c.w0 - 1);
  if (lex.locative.has(prev)) return true;
  if (prev === 'to') {
    for (let j = c.w0 - 2; j >= Math.max(0, c.w0 - 4); j--) if (lex.motion.has(words.lower(j))) return true;
  }
  // "in Geneva and Vienna"
  if ((prev === 'and' || prev === 'or' || prev === ',') && prevCand && prevCand.w1 === c.w0 - 1 && placeUse.has(prevCand)) return true;
  // "Brussels, Belgium"
  if (words.textAt(c.w1) === ',' && words.capAt(c.w1 + 1) && stateOf(ctx.kb, words.text(c.w1 + 1))) return true;
  return false;
}
