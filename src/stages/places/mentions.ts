/**
 * What the text says around each place name, for resolve.ts: the trimmed span and its lookup
 * key, a "City, Container" after it, cues for the division reading ("upstate New York"), use
 * as an actor ("Moscow denies"), names listed together, and whether a name the gazetteer lacks
 * may still be a place.
 *
 * These run on every mention of every document, so each regex is guarded by a cheap test of
 * the characters it needs (a comma, a space, a letter) and runs only when they are there; the
 * regex alone still decides, so the answers are those of the regexes.
 */
import type { Span } from '../../doc/types.ts';
import { isAbbreviation, type Candidate, type Gazetteer } from './gazetteer.ts';
import { readingsOf, type Readings } from './readings.ts';
import { readActorVerbs } from './tables.ts';

export interface PlaceCandidate extends Span {
  readonly text: string;
}

export interface Mention extends Span {
  readonly text: string;
  readonly key: string;
  /** What the name means on its own (its readings are those of its first mention's text). */
  readonly readings: Readings;
  /** Where a "City, Container" container after the name starts; null when there is none. */
  readonly containerAt: number | null;
  /** The states or divisions that container names ("Paris, Texas"). */
  readonly containers: readonly Candidate[];
  /** "New York state", "upstate New York", "New York Gov. …": the division, not the city. */
  readonly divisionCue: boolean;
  /** A speech or action verb follows ("Moscow denies"): the name is used as an actor. */
  readonly actor: boolean;
}

export function toMention(text: string, c: PlaceCandidate, gaz: Gazetteer): Mention | null {
  let { start, end } = c;
  // Trim what NER may leave on a name: spaces, a possessive, closing punctuation.
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (mayTrimEnd(text, start, end)) {
    const s = text.slice(start, end);
    const m = TRAILING.exec(s);
    if (!m || m[0].length === 0 || m[0].length >= s.length) break;
    // Keep the dot of an abbreviation ("Ill.", "N.Y."), drop any other trailing punctuation.
    end -= m[0].length;
  }
  const surface = text.slice(start, end);
  const readings = readingsOf(surface, gaz);
  const key = readings.key;
  if (!key || key === 'abbr:') return null;
  const divisionCue = divisionBefore(text, start) || divisionAfter(text, end);
  const container = text.charCodeAt(end) === COMMA ? AFTER_COMMA.exec(text.slice(end, end + 60)) : null;
  const phrase = container?.[1];
  return {
    start,
    end,
    text: surface,
    key,
    readings,
    containerAt: phrase ? end + (container?.[0].length ?? 0) - phrase.length : null,
    containers: phrase ? containersNamed(phrase, gaz) : NO_CONTAINERS,
    divisionCue,
    actor: actorAfter(text, end),
  };
}

const TRAILING = /(?:['’]s?|[\s,;:!?)"”]+)$/;
/** The characters TRAILING can end on besides spaces and the possessive's "s". */
const TRAILING_LAST = new Set([..."'’,;:!?)\"”"].map((ch) => ch.charCodeAt(0)));

/** Whether TRAILING may match the end of text[start, end): it ends in a space, punctuation or "'s". */
function mayTrimEnd(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  const last = text.charCodeAt(end - 1);
  if (TRAILING_LAST.has(last) || isSpace(last)) return true;
  if (last !== 0x73 || end - 2 < start) return false;
  const before = text.charCodeAt(end - 2);
  return before === 0x27 || before === 0x2019;
}

const DIVISION_BEFORE = /\b(?:upstate|downstate)\s+$/i;
const DIVISION_AFTER = /^\s+(?:[Ss]tate\b(?!\s+(?:University|College|Park|Fair))|[Gg]overnor\b|Gov\.|[Ll]egislature\b|[Ss]tatehouse\b)/;

/** "upstate New York": DIVISION_BEFORE on the 12 characters before the name, when they end in a word in "e" and spaces. */
function divisionBefore(text: string, start: number): boolean {
  const lo = Math.max(0, start - 12);
  let k = start;
  while (k > lo && isSpace(text.charCodeAt(k - 1))) k--;
  if (k === start || k - lo < 'upstate'.length || (text.charCodeAt(k - 1) | 0x20) !== 0x65) return false;
  return DIVISION_BEFORE.test(text.slice(lo, start));
}

/** "New York state", "New York Gov.": DIVISION_AFTER on the 14 characters after the name, when spaces and an s, g or l follow it. */
function divisionAfter(text: string, end: number): boolean {
  const hi = Math.min(text.length, end + 14);
  let k = end;
  while (k < hi && isSpace(text.charCodeAt(k))) k++;
  if (k === end || k === hi) return false;
  const c = text.charCodeAt(k) | 0x20;
  if (c !== 0x73 && c !== 0x67 && c !== 0x6c) return false;
  return DIVISION_AFTER.test(text.slice(end, end + 14));
}

const COMMA = 0x2c;
const NO_CONTAINERS: readonly Candidate[] = [];
const AFTER_COMMA = /^,\s*((?:[A-Z]\.(?:[A-Z]\.?)+|[A-Z][\p{L}'’-]*\.?)(?:\s+(?:[A-Z][\p{L}'’-]*\.?|of|and)){0,3})/u;

/** Containers per phrase after a comma, per gazetteer: the answer depends on nothing else, and "Ill.", "Texas" recur. Read-only. */
const containersMemo = new WeakMap<Gazetteer, Map<string, readonly Candidate[]>>();
/** Phrases whose containers are kept between calls; the memo starts over when full. */
const MEMO_MAX = 20_000;

/** States or divisions named right after a comma: "Paris, Texas", "Geneva, N.Y.", "Kyiv, Ukraine". */
function containersNamed(phrase: string, gaz: Gazetteer): readonly Candidate[] {
  let memo = containersMemo.get(gaz);
  if (!memo) containersMemo.set(gaz, (memo = new Map<string, readonly Candidate[]>()));
  const hit = memo.get(phrase);
  if (hit) return hit;
  if (memo.size >= MEMO_MAX) memo.clear();
  const found = containersNamedUncached(phrase, gaz);
  memo.set(phrase, found);
  return found;
}

function containersNamedUncached(text: string, gaz: Gazetteer): readonly Candidate[] {
  const words = text.split(/\s+/);
  for (let n = words.length; n > 0; n--) {
    const phrase = words.slice(0, n).join(' ');
    const found = [
      ...(isAbbreviation(phrase) ? gaz.lookupAbbreviation(phrase) : []),
      ...gaz.lookup(phrase, 0).filter((c) => c.kind === 'state' || c.kind === 'admin'),
    ];
    if (found.length > 0) return found;
    // "N.Y." may have lost its final dot to the sentence end.
    if (n === 1 && /^(?:[A-Z]\.)+[A-Z]$/.test(phrase)) {
      const dotted = gaz.lookupAbbreviation(`${phrase}.`);
      if (dotted.length > 0) return dotted;
    }
  }
  return [];
}

const AUXILIARIES = ['has', 'have', 'had', 'will', 'would', 'is', 'was', 'also', 'again', 'now', 'then', 'quickly'];

let actor: { readonly re: RegExp; readonly firstWords: readonly string[][] | null } | null = null;

/** "Moscow denies", "Washington has also warned": a place name used as an actor. */
function actorAfter(text: string, end: number): boolean {
  if (!actor) {
    const verbs = readActorVerbs();
    actor = {
      re: new RegExp(`^\\s+(?:(?:${AUXILIARIES.join('|')})\\s+){0,2}(?:${verbs.join('|')})\\b`, 'i'),
      // With verbs of plain letters (the table's), the first word after the spaces must be an
      // auxiliary or a verb, whole: the regex needs a space or a word boundary after either.
      firstWords: verbs.every((v) => /^[a-z]+$/i.test(v)) ? byFirstLetter([...AUXILIARIES, ...verbs.map((v) => v.toLowerCase())]) : null,
    };
  }
  if (!isSpace(text.charCodeAt(end))) return false;
  if (actor.firstWords) {
    // The regex reads 40 characters: so does this.
    const hi = Math.min(text.length, end + 40);
    let k = end + 1;
    while (k < hi && isSpace(text.charCodeAt(k))) k++;
    let w = k;
    while (w < hi && isWordChar(text.charCodeAt(w))) w++;
    if (w === k || !isListed(text, k, w, actor.firstWords)) return false;
  }
  return actor.re.test(text.slice(end, end + 40));
}

/** Lower-case words of ASCII letters by first letter (a = 0). */
function byFirstLetter(words: readonly string[]): string[][] {
  const out: string[][] = Array.from({ length: 26 }, () => []);
  for (const w of words) out[w.charCodeAt(0) - 0x61]?.push(w);
  return out;
}

/** Whether text[from, to) (word characters) is one of `words` in any case: `words` has it lower-cased, by first letter. */
function isListed(text: string, from: number, to: number, words: readonly string[][]): boolean {
  const bucket = words[(text.charCodeAt(from) | 0x20) - 0x61];
  if (!bucket) return false;
  for (const w of bucket) {
    if (w.length !== to - from) continue;
    let k = 1;
    // ASCII case folding: | 0x20 maps A–Z to a–z and leaves no other word character on a letter.
    while (k < w.length && (text.charCodeAt(from + k) | 0x20) === w.charCodeAt(k)) k++;
    if (k === w.length) return true;
  }
  return false;
}

/** A character of the regex `\w`: ASCII letter, digit or underscore. */
function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

const LIST_SEPARATOR = /^\s*(?:,|,?\s*(?:and|or))\s*$/;

/** Whether only a comma, "and" or "or" stand between two names: "Ohio, New York and Texas". */
export function isListSeparator(text: string, from: number, to: number): boolean {
  // At most four characters besides spaces (",and"): most gaps are clauses, turned down here without a slice.
  let other = 0;
  for (let k = from; k < to; k++) if (!isSpace(text.charCodeAt(k)) && ++other > 4) return false;
  return LIST_SEPARATOR.test(text.slice(from, to));
}

/**
 * Words of institutions, programmes and abstractions: a capitalised phrase with one of them
 * ("Strategic Studies", "Security Policy", "Foreign Affairs") is a name of something else.
 * Facilities that stand somewhere (University, Museum, Airport) are not listed.
 */
const GENERIC = new Set(
  `studies study institute institution policy policies affairs security council committee commission group center centre foundation
  association organization organisation agency department ministry office service services program programme project initiative forum
  network alliance party movement force forces army command court bank fund trust company corporation media news times post review
  journal report war crisis summit conference talks agreement accord treaty act law strategy strategic research development international
  national federal global foreign public health human rights relations cooperation economic economy political politics defense defence
  intelligence administration government governance management education science sciences technology energy finance financial trade
  commerce justice peace democracy freedom union federation league society board bureau authority fellowship council cabinet
  parliament congress senate assembly secretary minister president director chief general deputy`.split(/\s+/),
);

/** Words inside a name of an institution: "Institute *for* Strategic Studies". */
const CONNECTOR = new Set(['of', 'for', 'on', 'de', 'du', 'des']);

/** Heads of names of institutions and bodies, besides the GENERIC words. */
const INSTITUTION = new Set('institute university college school academy centre center council ministry department office agency commission committee foundation society association bank court'.split(' '));

/**
 * Whether a name the gazetteer lacks may be an unknown place (and so be guessed near the
 * story's other places). Not when
 * - a word of it is a demonym or an adjective of a place ("Eastern European", "Russian");
 * - it is a generic phrase: a word of institutions or abstractions (GENERIC);
 * - every mention of it is a piece of a longer name of an institution: "Strategic Studies" in
 *   "National Institute for Strategic Studies", "X Studies Institute".
 */
export function mayBeUnknownPlace(text: string, mentions: readonly Mention[], gaz: Gazetteer): boolean {
  return nameMayBePlace(mentions[0]?.text ?? '', gaz) && !mentions.every((m) => inInstitutionName(text, m));
}

/** A word of the name of an institution: GENERIC or INSTITUTION. */
const isInstitutionWord = (w: string | undefined): boolean => w !== undefined && (GENERIC.has(w.toLowerCase()) || INSTITUTION.has(w.toLowerCase()));

/**
 * Whether a mention is a piece of a longer name of an institution: the word right before it
 * (past a connector: "Institute *for* Strategic Studies"), or one of up to three capitalised
 * words right after it ("X Studies Institute"), is an institution's. Words are what lies
 * between spaces and tabs, within 40 characters before the name and 60 after it.
 */
function inInstitutionName(text: string, m: Mention): boolean {
  const lo = Math.max(0, m.start - 40);
  // Only spaces and tabs between the word and the name; scanned back, as a split of those 40 characters on them would cut it.
  if (m.start === lo || !isBlank(text.charCodeAt(m.start - 1))) return false;
  let [from, to] = wordBefore(text, lo, m.start);
  let word: string | undefined = text.slice(from, to);
  if (CONNECTOR.has(word)) {
    if (from === lo) word = undefined;
    else {
      [from, to] = wordBefore(text, lo, from);
      word = text.slice(from, to);
    }
  }
  if (isInstitutionWord(word)) return true;
  if (!isBlank(text.charCodeAt(m.end))) return false;
  const after = /^(?:[ \t]+\p{Lu}\p{L}*){1,3}/u.exec(text.slice(m.end, m.end + 60));
  return after !== null && after[0].trim().split(/[ \t]+/).some(isInstitutionWord);
}

/** The word (maybe empty) before the spaces and tabs that end at `end`, not before `lo`: [from, to). */
function wordBefore(text: string, lo: number, end: number): [number, number] {
  let to = end;
  while (to > lo && isBlank(text.charCodeAt(to - 1))) to--;
  let from = to;
  while (from > lo && !isBlank(text.charCodeAt(from - 1))) from--;
  return [from, to];
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

/** The name-only part of mayBeUnknownPlace, per gazetteer: the same unknown names ("Al Jazeera") recur. */
const nameMemo = new WeakMap<Gazetteer, Map<string, boolean>>();

function nameMayBePlace(name: string, gaz: Gazetteer): boolean {
  let memo = nameMemo.get(gaz);
  if (!memo) nameMemo.set(gaz, (memo = new Map<string, boolean>()));
  const hit = memo.get(name);
  if (hit !== undefined) return hit;
  if (memo.size >= MEMO_MAX) memo.clear();
  const ok = nameMayBePlaceUncached(name, gaz);
  memo.set(name, ok);
  return ok;
}

// Apart from nameMayBePlace so that its memo hits allocate nothing: the closures here need a context.
function nameMayBePlaceUncached(name: string, gaz: Gazetteer): boolean {
  const words = name.split(/[\s-]+/).filter(Boolean);
  return !words.some((w) => GENERIC.has(w.toLowerCase())) && !words.some((w) => /^\p{Lu}/u.test(w) && gaz.lookup(w, 0).some((c) => c.via === 'demonym'));
}

/** JavaScript's \s, by UTF-16 code unit. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
