/**
 * Who said it: the actors of a document (from the `entities` layer when present, else NER mentions
 * with our own surname linking), the subject phrase left of a cue, and pronoun/nominal resolution.
 *
 * Pronoun resolution is a salience heuristic, not coreference: he/she goes to the most recent
 * speaker of compatible gender, else the most recent compatible person mention. Gender comes from
 * a small given-name list, gendered role words ("spokeswoman", "Mrs.") and earlier pronoun
 * resolutions; an unknown name is compatible with any pronoun. Limits are listed in data/quotes/README.md.
 */
import type { Entity, EntityType, Mention } from '../../doc/types.ts';
import { lexicon } from './lexicon.ts';
import { firstEndingAfter } from '../../doc/spans.ts';

export type SpeakerKind = 'person' | 'organisation' | 'state' | 'media' | 'group' | 'unnamed' | 'unknown';
/** How a speaker's name was reached from the words in the sentence. */
export type SpeakerVia = 'name' | 'surname' | 'pronoun' | 'nominal' | 'continuation' | 'sentence-subject' | 'group' | 'none';

export interface Speaker {
  /** Resolved name: "Jens Stoltenberg", "EU diplomats", "a senior official". */
  readonly name: string;
  /** Entity id when the entities layer is present. */
  readonly entity?: string;
  /** The words in the text that name the speaker here ("he", "Grushko", "the minister"). */
  readonly start?: number;
  readonly end?: number;
  readonly text?: string;
  readonly kind: SpeakerKind;
  readonly via: SpeakerVia;
}

export interface Actor {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  readonly kind: SpeakerKind;
  readonly entity?: string;
  gender: 'f' | 'm' | '?';
  /** Lower-case role words read next to the mention ("minister", "spokeswoman"). */
  readonly roles: readonly string[];
}

const ENTITY_KIND: Record<EntityType, SpeakerKind> = {
  person: 'person',
  state: 'state',
  organisation: 'organisation',
  media: 'media',
  city: 'state',
  region: 'state',
  group: 'group',
  other: 'organisation',
};

const MALE_A = new Set(['Mykola', 'Nikita', 'Luca', 'Andrea', 'Joshua', 'Ilya', 'Kostya', 'Sasha', 'Garcia', 'Costa']);

const genders = new Map<string, 'f' | 'm' | '?'>();
/** Gender from a given name: the list first, then the "-a" ending common to female Slavic/Romance names. */
export function nameGender(name: string): 'f' | 'm' | '?' {
  // Names repeat within and across documents: remembered (bounded).
  let g = genders.get(name);
  if (g === undefined) {
    if (genders.size > 20_000) genders.clear();
    g = readGender(name);
    genders.set(name, g);
  }
  return g;
}
function readGender(name: string): 'f' | 'm' | '?' {
  const first = name.split(/\s+/)[0] ?? '';
  const g = lexicon().firstNames.get(first);
  if (g) return g;
  if (first.length > 3 && /a$/.test(first) && !MALE_A.has(first) && /^\p{Lu}\p{Ll}+$/u.test(first)) return 'f';
  return '?';
}

/** Drops title words from the front of a name: "MEP Viola Von Cramon-Taubadel" → "Viola Von Cramon-Taubadel". */
export function stripTitles(name: string): string {
  const words = name.split(/\s+/);
  const roles = lexicon().roles;
  let i = 0;
  while (i < words.length - 1 && roles.get(words[i]!.toLowerCase())?.title) i++;
  return words.slice(i).join(' ');
}

function rolesNear(text: string, start: number, end: number): string[] {
  const roles = lexicon().roles;
  const window = text.slice(Math.max(0, start - 60), Math.min(text.length, end + 100)).toLowerCase();
  const out: string[] = [];
  for (const w of window.split(/[^\p{L}.-]+/u)) if (roles.has(w) && !out.includes(w)) out.push(w);
  return out;
}

/**
 * The actors of a document in text order. With entities: every name-like mention of every entity.
 * Without: NER PER/ORG/LOC mentions; a one-word PER that matches the last word of an earlier PER
 * ("Grushko") takes that person's full name.
 */
export function actorsOf(text: string, mentions: readonly Mention[], entities: readonly Entity[] | undefined): Actor[] {
  const out: Actor[] = [];
  if (entities) {
    for (const e of entities) {
      const kind = ENTITY_KIND[e.type];
      // Read once per entity: every mention's actor has the same gender and roles (never mutated).
      let gender: Actor['gender'] | undefined;
      let roles: string[] | undefined;
      for (const m of e.mentions) {
        if (m.kind === 'pronoun' || m.kind === 'demonym') continue;
        gender ??= kind === 'person' ? nameGender(e.name) : '?';
        roles ??= e.roles.length ? e.roles.map((r) => r.title.toLowerCase().split(/\s+/).pop() ?? '') : NO_ROLES;
        out.push({ start: m.start, end: m.end, name: e.name, kind, entity: e.id, gender, roles });
      }
    }
    return sortByStart(out);
  }
  const persons: Actor[] = [];
  for (const m of mentions) {
    if (m.label !== 'PER' && m.label !== 'ORG' && m.label !== 'LOC') continue;
    let name = stripTitles(m.text);
    const firstKnown = lexicon().firstNames.has(name.split(/\s+/)[0] ?? '');
    let kind: SpeakerKind = m.label === 'PER' || firstKnown ? 'person' : m.label === 'ORG' ? 'organisation' : 'state';
    if (kind === 'person' && !name.includes(' ')) {
      const full = [...persons].reverse().find((p) => p.name.endsWith(' ' + name));
      if (full) name = full.name;
    }
    const start = m.start + m.text.length - name.length >= m.start && m.text.endsWith(name) ? m.start + m.text.length - name.length : m.start;
    if (kind === 'person' && /^(?:TV|Radio|Channel)\b/i.test(name)) kind = 'media';
    const a: Actor = { start, end: m.end, name, kind, gender: kind === 'person' ? nameGender(name) : '?', roles: kind === 'person' ? rolesNear(text, m.start, m.end) : [] };
    if (kind === 'person') {
      const earlier = persons.find((p) => p.name === name);
      if (earlier && a.gender === '?') a.gender = earlier.gender;
      if (a.gender === '?') {
        const g = a.roles.map((r) => lexicon().roles.get(r)?.gender).find((x) => x === 'f' || x === 'm');
        if (g === 'f' || g === 'm') a.gender = g;
      }
      persons.push(a);
    }
    out.push(a);
  }
  return out;
}

let sortKeys = new Float64Array(256);
/**
 * The actors in order of start, ties in their given order: what a stable sort by start gives, by
 * sorting numbers (start and index packed in one double) instead of calling a comparator per pair.
 */
function sortByStart(actors: Actor[]): Actor[] {
  const n = actors.length;
  if (n > 1 << 20) return actors.sort((a, b) => a.start - b.start);
  if (sortKeys.length < n) sortKeys = new Float64Array(n * 2);
  const keys = sortKeys.subarray(0, n);
  for (let i = 0; i < n; i++) keys[i] = actors[i]!.start * 1048576 + i;
  keys.sort();
  const out = new Array<Actor>(n);
  for (let i = 0; i < n; i++) out[i] = actors[keys[i]! % 1048576]!;
  return out;
}

const NO_ROLES: string[] = [];

const PRONOUNS: Record<string, 'f' | 'm' | 'pl' | 'it'> = { he: 'm', she: 'f', they: 'pl', it: 'it' };
const GROUP_HEAD = /^(?:officials|diplomats|sources|analysts|experts|lawmakers|legislators|aides|critics|observers|residents|people|leaders|ministers|members|authorities|protesters|activists|supporters|voters|advisers|advisors|investigators|prosecutors|officers|researchers|economists|scientists|witnesses|allies|democrats|republicans|spokespeople|insiders|negotiators|envoys|governments|countries|states|polls|surveys|studies|reports|documents)$/i;
const SINGLE_HEAD = /^(?:official|diplomat|source|analyst|expert|lawmaker|aide|spokesman|spokeswoman|spokesperson|minister|president|secretary|ambassador|envoy|chairman|chairwoman|chief|senator|governor|mayor|general|commander|director|leader|adviser|advisor|officer|candidate|nominee|negotiator|statement|report|poll|survey|study|memo|document|campaign|government|ministry|department|agency|committee|court|spokesperson)$/i;
const DETERMINERS = /^(?:the|a|an|recent|new|latest|some|many|several|other|most|few|two|three|four|five|numerous|various|certain|senior|top|two|unnamed|anonymous)\s+/i;
const AUX_WORDS = ['also', 'has', 'have', 'had', 'will', 'would', 'was', 'were', 'is', 'are', 'later', 'then', 'again', 'further', 'previously', 'recently', 'once', 'repeatedly', 'publicly', 'privately', 'reportedly', 'flatly', 'simply', 'quickly', 'strongly', 'separately', 'already', 'often', 'long', 'never', 'not', 'did', 'does', 'do', 'could', 'may', 'might', 'should', 'must', 'rather', 'once', 'even', 'just', 'only', 'still', 'originally', 'initially', 'first', 'had\\s+earlier', 'has\\s+since', 'earlier'];
const AUX_TAIL = new RegExp(`(?:\\s+(?:${AUX_WORDS.join('|')}|told\\s+\\w+))+\\s*$`, 'i');
/** The words AUX_TAIL can end with (besides the word after "told"). */
const AUX_LAST = new Set(AUX_WORDS.map((w) => w.split('\\s+').pop()!));

export interface SpeakerContext {
  readonly text: string;
  readonly actors: readonly Actor[];
  /** Most recent speakers resolved so far, newest last. */
  readonly history: Speaker[];
  /** The first person actor of each name (pronouns look speakers up by name). */
  readonly firstPerson: ReadonlyMap<string, Actor>;
}

/** A speaker context over a document's actors, with no speakers yet. */
export function speakerContext(text: string, actors: readonly Actor[]): SpeakerContext {
  const firstPerson = new Map<string, Actor>();
  for (const a of actors) if (a.kind === 'person' && !firstPerson.has(a.name)) firstPerson.set(a.name, a);
  return { text, actors, history: [], firstPerson };
}

/** The last actor that ends at or before `pos`, by binary search then a backward walk. */
function actorsBefore(actors: readonly Actor[], pos: number): number {
  return firstEndingAfter(actors, pos) - 1;
}

function fromActor(a: Actor, start: number, end: number, text: string, via: SpeakerVia): Speaker {
  return { name: a.name, ...(a.entity ? { entity: a.entity } : {}), start, end, text: text.slice(start, end), kind: a.kind, via };
}

/**
 * Resolves he/she/they at [start, end) to the most recent compatible speaker, then person.
 * Returns undefined when nothing fits (the caller keeps the pronoun as an unknown speaker).
 */
export function resolvePronoun(ctx: SpeakerContext, word: string, start: number, end: number): Speaker | undefined {
  const p = PRONOUNS[word.toLowerCase()];
  if (!p) return undefined;
  const compatible = (kind: SpeakerKind, gender: 'f' | 'm' | '?'): boolean =>
    p === 'pl' ? kind === 'group' || kind === 'organisation' || kind === 'state' : p === 'it' ? kind === 'organisation' || kind === 'state' || kind === 'media' : kind === 'person' && (gender === '?' || gender === p);
  // Two tiers: a speaker or person whose gender is known to match, then one whose gender is unknown.
  for (const strict of [true, false]) {
    const ok = (kind: SpeakerKind, gender: 'f' | 'm' | '?'): boolean => compatible(kind, gender) && (!strict || p === 'pl' || p === 'it' || gender === p);
    for (let i = ctx.history.length - 1, seen = 0; i >= 0 && seen < 4; i--, seen++) {
      const h = ctx.history[i]!;
      if (h.start !== undefined && start - h.start > 3000) break;
      const actor = ctx.firstPerson.get(h.name);
      if (ok(h.kind, actor?.gender ?? '?')) {
        if (actor && actor.gender === '?' && (p === 'f' || p === 'm')) actor.gender = p;
        return { name: h.name, ...(h.entity ? { entity: h.entity } : {}), start, end, text: ctx.text.slice(start, end), kind: h.kind, via: 'pronoun' };
      }
    }
    for (let i = actorsBefore(ctx.actors, start); i >= 0; i--) {
      const a = ctx.actors[i]!;
      if (start - a.end > 2000) break;
      if (ok(a.kind, a.gender)) return { ...fromActor(a, start, end, ctx.text, 'pronoun') };
    }
  }
  return undefined;
}

/** A definite role nominal ("the minister") → the most recent person read with that role word. */
function resolveNominal(ctx: SpeakerContext, head: string, start: number, end: number): Speaker | undefined {
  const h = head.toLowerCase();
  for (let i = actorsBefore(ctx.actors, start); i >= 0; i--) {
    const a = ctx.actors[i]!;
    if (start - a.end > 4000) break;
    if (a.kind === 'person' && a.roles.includes(h)) return fromActor(a, start, end, ctx.text, 'nominal');
  }
  return undefined;
}

const STATEMENT_TAIL = /\s+(?:(?:issued|released|put\s+out|posted|sent|published|wrote)\s+)?(?:in\s+)?(?:a|an)\s+(?:(?:written|brief|short|joint|lengthy|separate|emailed)\s+)?(?:statement|letter|tweet|release|post|email|memo)(?:\s+(?:on|late|early)?\s*\w+day)?\s*$/i;
const SPOKES_FOR = /(?:^|\s)(?:[Aa]n?|[Tt]he)\s+(?:\w+\s+)?(spokesperson|spokesman|spokeswoman|representative|aide|lawyer|attorney)\s+(?:for|to|at|with)\s+((?:the\s+)?(?:\p{Lu}[\p{L}.'’&-]*\s*){1,5}|(?:the|his|her|their)\s+(?:campaign|ministry|department|company|agency|embassy|government|committee))$/u;
/** What STATEMENT_TAIL's last word ends with; SPOKES_FOR's role words; the end of ", who". */
const STATEMENT_LAST = /(?:statement|letter|tweet|release|post|email|memo|day)$/i;
const SPOKES_WORDS = /spokes|representative|aide|lawyer|attorney/;
const WHO_WHICH_END = /(?:who|which)$/i;
const PRONOUN_END = /[eyt]/i;

/** A regular expression's \s, by code unit. */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
/** A regular expression's \w (ASCII letters, digits, underscore). */
const isAsciiWord = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
/** The length of s without its trailing whitespace. */
function trimmedEnd(s: string): number {
  let e = s.length;
  while (e > 0 && isSpace(s.charCodeAt(e - 1))) e--;
  return e;
}
/** Start of the run of \w characters that ends at e. */
function lastWordStart(s: string, e: number): number {
  let b = e;
  while (b > 0 && isAsciiWord(s.charCodeAt(b - 1))) b--;
  return b;
}
/** Whether the word at w follows "told" and whitespace ("told reporters"). */
function afterTold(s: string, w: number): boolean {
  let b = w;
  while (b > 0 && isSpace(s.charCodeAt(b - 1))) b--;
  return b < w && b >= 4 && s.slice(b - 4, b).toLowerCase() === 'told';
}
const CLAUSE_BOUNDARY = /(?:[,;:(—–]|\band\b|\bbut\b|\bwhile\b|\bbecause\b|\bthat\b|\bas\b|\bwhen\b|\bif\b|\bafter\b|\bbefore\b|\bwhich\b|\bwho\b)\s*/g;
const NAME_RUN = /(?:\p{Lu}[\p{L}.'’-]*\s+){0,4}\p{Lu}[\p{L}.'’-]*$/u;

/**
 * The speaker named by the words just left of a cue: `text.slice(from, cueStart)` is the clause so far.
 * Tries, in order: a pronoun; an appositive ("X, the ROLE, said"); an actor ending right at the cue;
 * a group or nominal noun phrase; a capitalised run NER missed; the sentence's first person.
 */
export function subjectBefore(ctx: SpeakerContext, from: number, cueStart: number): Speaker | undefined {
  const { text } = ctx;
  let left = text.slice(from, cueStart);
  // The end-anchored patterns below are tried from every position of the clause; each is run
  // only when the clause ends with a word it must end with, which is cheap to read.
  let e = trimmedEnd(left);
  let ws = lastWordStart(left, e);
  let last = left.slice(ws, e).toLowerCase();
  const aux = AUX_LAST.has(last) || afterTold(left, ws) ? AUX_TAIL.exec(left) : null;
  if (aux) {
    left = left.slice(0, aux.index);
    e = trimmedEnd(left);
    ws = lastWordStart(left, e);
    last = left.slice(ws, e).toLowerCase();
  }
  // "X issued a statement saying", "X said in a statement": the statement is X's.
  const vehicle = STATEMENT_LAST.test(last) ? STATEMENT_TAIL.exec(left) : null;
  if (vehicle && vehicle.index > 0) {
    left = left.slice(0, vehicle.index);
    e = trimmedEnd(left);
  }
  left = left.slice(0, e);
  const end = from + left.length;
  if (end <= from) return sentenceSubject(ctx, from, cueStart);
  // "X, who said …" / "X, which said …": the relative pronoun stands for the phrase before it.
  const rel = WHO_WHICH_END.test(left.slice(-5)) ? /,?\s*\b(?:who|which)$/i.exec(left) : null;
  if (rel && rel.index > 0) {
    const r = subjectBefore(ctx, from, from + rel.index);
    if (r) return r;
  }
  // "a spokesperson for X" / "a spokeswoman for the ministry": X's spokesperson, unnamed.
  const spk = SPOKES_WORDS.test(left) ? SPOKES_FOR.exec(left) : null;
  if (spk) {
    const s = from + spk.index + (spk[0].length - spk[0].trimStart().length);
    return { name: `${spk[2]!.replace(/^the\s+/i, '')} ${spk[1]!.toLowerCase()}`, start: s, end, text: text.slice(s, end), kind: 'unnamed', via: 'nominal' };
  }
  // Only a clause ending in e, y or t (he, she, they, it) is tried: the pattern is tried from every position.
  const pm = PRONOUN_END.test(left.slice(-1)) ? /\b(he|she|they|it)$/i.exec(left) : null;
  if (pm) {
    const ps = end - pm[1]!.length;
    const r = resolvePronoun(ctx, pm[1]!, ps, end);
    if (r) return r;
    if (pm[1]!.toLowerCase() === 'it') return undefined;
    return { name: pm[1]!, start: ps, end, text: pm[1]!, kind: 'unknown', via: 'pronoun' };
  }
  if (left.endsWith(',')) {
    // Appositive: the earliest actor in the clause that a comma follows, people first.
    let best: Actor | undefined;
    for (let i = actorsBefore(ctx.actors, end); i >= 0; i--) {
      const a = ctx.actors[i]!;
      if (a.start < from) break;
      if (!/^\s*,/.test(text.slice(a.end, a.end + 3))) continue;
      if (!best || a.kind === 'person' || best.kind !== 'person') best = a;
    }
    if (best) return fromActor(best, best.start, best.end, text, best.name.includes(' ') && text.slice(best.start, best.end) !== best.name ? 'surname' : 'name');
    return groupOrNominal(ctx, from, text.slice(from, end - 1).split(',')[0]!.length + from) ?? sentenceSubject(ctx, from, cueStart);
  }
  const ai = actorsBefore(ctx.actors, end);
  const a = ai >= 0 ? ctx.actors[ai] : undefined;
  if (a && a.end === end && a.start >= from) return fromActor(a, a.start, a.end, text, text.slice(a.start, a.end) === a.name ? 'name' : 'surname');
  // The noun phrase after the last clause boundary.
  let npStart = from;
  CLAUSE_BOUNDARY.lastIndex = 0;
  for (let m = CLAUSE_BOUNDARY.exec(left); m; m = CLAUSE_BOUNDARY.exec(left)) npStart = from + m.index + m[0].length;
  const gn = groupOrNominal(ctx, npStart, end);
  if (gn) return gn;
  const run = NAME_RUN.exec(text.slice(npStart, end));
  if (run && !/^(?:The|A|An|It|This|That|These|Those|There|Here|We|I|You)$/.test(run[0])) {
    const s = end - run[0].length;
    const name = stripTitles(run[0]);
    const fromStart = end - name.length;
    const known = ctx.actors.find((x) => x.kind === 'person' && x.name.endsWith(' ' + name));
    if (known) return fromActor(known, fromStart, end, text, 'surname');
    return { name, start: s > fromStart ? s : fromStart, end, text: text.slice(fromStart, end), kind: /\b(?:Party|Ministry|Council|Committee|Office|Department|Agency|Union|Institute|Campaign|Government|House|Post|Times|News)\b/.test(name) ? 'organisation' : 'person', via: 'name' };
  }
  return sentenceSubject(ctx, from, cueStart);
}

/** "some EU diplomats", "a senior official", "the minister" at [start, end). */
export function groupOrNominal(ctx: SpeakerContext, start: number, end: number): Speaker | undefined {
  const phrase = ctx.text.slice(start, end).trim();
  if (!phrase) return undefined;
  const words = phrase.split(/\s+/);
  if (words.length > 7) return undefined;
  const head = words[words.length - 1]!.replace(/[’']s?$/, '');
  const s = start + ctx.text.slice(start, end).indexOf(phrase);
  const e = s + phrase.length;
  if (GROUP_HEAD.test(head)) return { name: phrase.replace(DETERMINERS, '').replace(DETERMINERS, ''), start: s, end: e, text: phrase, kind: 'group', via: 'group' };
  if (SINGLE_HEAD.test(head)) {
    if (/^(?:the|this|that)\s/i.test(phrase)) {
      const r = resolveNominal(ctx, head, s, e);
      if (r) return r;
    }
    return { name: phrase, start: s, end: e, text: phrase, kind: 'unnamed', via: 'nominal' };
  }
  return undefined;
}

/** Fallback for a cue whose subject is far ("X kicked off the meeting by saying that …"): the clause's first person. */
function sentenceSubject(ctx: SpeakerContext, from: number, cueStart: number): Speaker | undefined {
  let firstOther: Actor | undefined;
  for (let i = actorsBefore(ctx.actors, cueStart); i >= 0; i--) {
    const a = ctx.actors[i]!;
    if (a.start < from) break;
    if (a.kind === 'person') firstOther = a;
  }
  if (firstOther) return fromActor(firstOther, firstOther.start, firstOther.end, ctx.text, 'sentence-subject');
  return undefined;
}

/** The speaker named right after a cue ("…,” said Olvar Kresk, the minister."). */
export function subjectAfter(ctx: SpeakerContext, cueEnd: number, limit: number): Speaker | undefined {
  const { text } = ctx;
  const m = /^\s+((?:the|a|an|some|many|several|senior|other|top)\s+)?([^,.;:!?“”"]{1,80})/i.exec(text.slice(cueEnd, limit));
  if (!m) return undefined;
  const s = cueEnd + m.index + m[0].length - m[0].trimStart().length;
  const e = s + m[0].trimStart().trimEnd().length;
  const pm = /^(he|she|they)\b/i.exec(text.slice(s, e));
  if (pm) return resolvePronoun(ctx, pm[1]!, s, s + pm[1]!.length);
  for (let i = Math.max(0, actorsBefore(ctx.actors, s)); i < ctx.actors.length; i++) {
    const a = ctx.actors[i]!;
    if (a.start >= e) break;
    if (a.start >= s) return fromActor(a, a.start, a.end, text, 'name');
  }
  return groupOrNominal(ctx, s, e);
}
