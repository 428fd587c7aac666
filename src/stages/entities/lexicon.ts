/**
 * The entities stage's lexicons (data/roles, see its README): titles, closed word classes,
 * media outlets and groups, read once on first use and compiled into word tries.
 * Also the word view of a document that roles.ts and resolve.ts share.
 */
import { readTsvFile } from '../../data/tsv.ts';
import type { Sentence, Token } from '../../doc/types.ts';
import { foldKey } from '../../kb/text.ts';

/** data/roles, resolved from this module so tests, eval and CLI agree on the location. */
export const ROLES_DATA_DIR = new URL('../../../data/roles/', import.meta.url);

export interface TitleRow {
  readonly title: string;
  readonly normalised: string;
  readonly category: string;
  readonly defaultOrg: string;
  /** The title is written in capitals ("MEP"): then it must be written as listed. */
  readonly capitals: boolean;
}

export interface ActorRow {
  readonly name: string;
  readonly type: 'media' | 'group';
  /** ISO3 or ''. */
  readonly country: string;
}

/** A word trie: children by word key, and the value of a phrase ending here. */
export interface Trie<T> {
  readonly next: Map<string, Trie<T>>;
  value?: T;
  /** The slots (see slotOf) of the children's keys, when every key is ASCII: a word of another slot is none of them. */
  childSlots?: ReadonlySet<number>;
}

export interface Lexicon {
  /** Titles keyed by lower-case words. */
  readonly titles: Trie<TitleRow>;
  /** Media outlets and groups keyed by words as written (case-sensitive). */
  readonly actors: Trie<ActorRow>;
  /** Nominal descriptions ("the bloc") keyed by lower-case words → KB org types, best first. */
  readonly nominals: Trie<readonly string[]>;
  readonly rank: ReadonlySet<string>;
  readonly drop: ReadonlySet<string>;
  readonly former: ReadonlySet<string>;
  readonly actorNouns: ReadonlySet<string>;
  readonly orgHeads: ReadonlySet<string>;
  readonly mediaBefore: ReadonlySet<string>;
  readonly mediaFirst: ReadonlySet<string>;
  readonly mediaLast: ReadonlySet<string>;
  readonly locative: ReadonlySet<string>;
  readonly motion: ReadonlySet<string>;
  /**
   * A pre-filter of the first words of titles (lower case), actors (as written) and nominals, by
   * slot (see slotOf): TITLE_START, ACTOR_START and NOMINAL_START bits. A phrase of a trie can
   * start at a word only if some entry's first word has the word's first letters and length, so
   * most words are never read.
   */
  readonly phraseStart: Uint8Array;
  /** phraseStart as one bit per slot (any phrase): small enough to stay in the first-level cache while every word is tested. */
  readonly phraseAny: Int32Array;
  /**
   * By slot: the WORD_SET bits of the word sets that have a word of that slot (a set with a
   * non-ASCII word has its bit on every slot). A plain word (Words.plain) whose slot lacks a set's
   * bit is not in that set, lower-cased: it need not be read.
   */
  readonly setSlot: Uint16Array;
}

/** Bits of Lexicon.setSlot. */
export const WORD_SET = { rank: 1, former: 2, orgHeads: 4, mediaBefore: 8, mediaFirst: 16, mediaLast: 32, actorNouns: 64, told: 128 } as const;

/** Rows of a TSV after its leading '#' provenance lines, keyed by the header. */
export function readTsv(file: string, dir: URL = ROLES_DATA_DIR): Record<string, string>[] {
  return readTsvFile(new URL(file, dir));
}

/** Straight apostrophes, so "Poland’s" and "Poland's" are one key. */
export const normApos = (s: string): string => (hasCurlyApos(s) ? s.replace(/[’‘ʼ]/g, "'") : s);

/**
 * A lexicon phrase as the words the document view makes: whitespace-split, possessive 's apart.
 * @example phraseWords("People's Daily") // ['People', "'s", 'Daily']
 */
export function phraseWords(s: string): string[] {
  const out: string[] = [];
  for (const w of normApos(s).split(/\s+/)) {
    if (!w) continue;
    if (/.'s$/.test(w)) out.push(w.slice(0, -2), "'s");
    else out.push(w);
  }
  return out;
}

export function trieAdd<T>(root: Trie<T>, words: readonly string[], value: T): void {
  let node = root;
  for (const w of words) {
    let n = node.next.get(w);
    if (!n) node.next.set(w, (n = { next: new Map() }));
    node = n;
  }
  node.value ??= value;
}

/** The longest phrase of the trie starting at word i; `lower` picks the word form to match (else as written). */
export function trieLongest<T>(root: Trie<T>, words: Words, i: number, lower: boolean): { value: T; end: number } | undefined {
  let node: Trie<T> | undefined = root;
  let value: T | undefined;
  let end = -1;
  const sent = words.sent;
  for (let j = i; j < words.length && node; j++) {
    // A plain word (see Words.plain) whose slot no child key has is no key: not read at all.
    if (node.childSlots && words.plain[j] && !node.childSlots.has(words.slot[j]!)) break;
    node = node.next.get(lower ? words.lower(j) : words.text(j));
    if (node !== undefined && node.value !== undefined) {
      value = node.value;
      end = j + 1;
    }
    if (node && j + 1 < words.length && sent[j + 1] !== sent[j]) break;
  }
  return end < 0 ? undefined : { value: value as T, end };
}

/** Sets childSlots on every node whose keys are all ASCII. */
function indexSlots<T>(node: Trie<T>): void {
  if (!node.next.size) return;
  const slots = new Set<number>();
  let ascii = true;
  for (const [k, child] of node.next) {
    for (let i = 0; i < k.length; i++) if (k.charCodeAt(i) > 127) ascii = false;
    slots.add(slotOf(k.charCodeAt(0), k.length > 1 ? k.charCodeAt(1) : 0, k.length));
    indexSlots(child);
  }
  if (ascii) node.childSlots = slots;
}

export const TITLE_START = 1;
export const ACTOR_START = 2;
export const NOMINAL_START = 4;
function markStarts<T>(table: Uint8Array, t: Trie<T>, bit: number): void {
  for (const k of t.next.keys()) table[slotOf(k.charCodeAt(0), k.length > 1 ? k.charCodeAt(1) : 0, k.length)]! |= bit;
}

let cached: Lexicon | undefined;

/** The lexicon, read from data/roles on first use and kept. */
export function getLexicon(): Lexicon {
  cached ??= loadLexicon();
  return cached;
}

export function loadLexicon(dir: URL = ROLES_DATA_DIR): Lexicon {
  const titles: Trie<TitleRow> = { next: new Map() };
  for (const r of readTsv('titles.tsv', dir)) {
    const row: TitleRow = { title: r.title!, normalised: r.normalised!, category: r.category!, defaultOrg: r.default_org ?? '', capitals: r.title! === r.title!.toUpperCase() };
    trieAdd(titles, phraseWords(row.title.toLowerCase()), row);
  }
  const actors: Trie<ActorRow> = { next: new Map() };
  for (const file of ['media.tsv', 'groups.tsv']) {
    for (const r of readTsv(file, dir)) {
      const row: ActorRow = { name: r.name!, type: r.type === 'group' ? 'group' : 'media', country: r.country ?? '' };
      for (const form of [r.name!, ...(r.aliases ? r.aliases.split('|') : [])]) trieAdd(actors, phraseWords(form), row);
    }
  }
  const sets: Record<string, Set<string>> = {};
  const nominals: Trie<readonly string[]> = { next: new Map() };
  for (const r of readTsv('words.tsv', dir)) {
    const cls = r.class!;
    if (cls === 'nominal') {
      trieAdd(nominals, phraseWords(r.word!.toLowerCase()), r.value!.split(/\s+/));
      continue;
    }
    (sets[cls] ??= new Set()).add(r.word!.toLowerCase());
  }
  const set = (k: string): ReadonlySet<string> => sets[k] ?? new Set();
  indexSlots(titles);
  indexSlots(actors);
  indexSlots(nominals);
  const setSlot = new Uint16Array(1 << 16);
  const wordSets: [ReadonlySet<string>, number][] = [
    [set('rank'), WORD_SET.rank],
    [set('former'), WORD_SET.former],
    [set('org-head'), WORD_SET.orgHeads],
    [set('media-before'), WORD_SET.mediaBefore],
    [set('media-first'), WORD_SET.mediaFirst],
    [set('media-last'), WORD_SET.mediaLast],
    [set('actor-noun'), WORD_SET.actorNouns],
    [new Set(['told']), WORD_SET.told],
  ];
  for (const [words, bit] of wordSets) {
    if ([...words].some((w) => [...w].some((ch) => ch.charCodeAt(0) > 127))) {
      for (let i = 0; i < setSlot.length; i++) setSlot[i]! |= bit;
    } else for (const w of words) setSlot[slotOf(w.charCodeAt(0), w.length > 1 ? w.charCodeAt(1) : 0, w.length)]! |= bit;
  }
  const phraseStart = new Uint8Array(1 << 16);
  markStarts(phraseStart, titles, TITLE_START);
  markStarts(phraseStart, actors, ACTOR_START);
  markStarts(phraseStart, nominals, NOMINAL_START);
  const phraseAny = new Int32Array(phraseStart.length >> 5);
  for (let i = 0; i < phraseStart.length; i++) if (phraseStart[i]) phraseAny[i >> 5]! |= 1 << (i & 31);
  return {
    titles,
    actors,
    nominals,
    rank: set('rank'),
    drop: set('drop'),
    former: set('former'),
    actorNouns: set('actor-noun'),
    orgHeads: set('org-head'),
    mediaBefore: set('media-before'),
    mediaFirst: set('media-first'),
    mediaLast: set('media-last'),
    locative: set('locative'),
    motion: set('motion'),
    phraseStart,
    phraseAny,
    setSlot,
  };
}

/** Buffers of the last Words, reused by the next document (runs are synchronous, one at a time). */
const cache = {
  str: [] as (string | undefined)[],
  low: [] as (string | undefined)[],
  start: new Int32Array(0),
  end: new Int32Array(0),
  sent: new Int32Array(0),
  slot: new Uint16Array(0),
  cap: new Uint8Array(0),
  plain: new Uint8Array(0),
};

/**
 * The words of a document as parallel arrays (one allocation per field, not one object per word):
 * hyphenated runs kept whole ("Cramon-Taubadel"), "then-"/"ex-" split off.
 */
export class Words {
  readonly length: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Index of its sentence. */
  readonly sent: Int32Array;
  /** Its slot (see slotOf): first letters (ASCII case folded) and length. */
  readonly slot: Uint16Array;
  /** 1 when it starts with an upper-case letter. */
  readonly cap: Uint8Array;
  /**
   * 1 when its first two characters are ASCII: then its straightened and lower-cased forms have the
   * same slot as it has, so a slot filter of ASCII keys (Trie.childSlots) can turn it away unread.
   */
  readonly plain: Uint8Array;
  private readonly str: (string | undefined)[];
  private readonly low: (string | undefined)[];
  constructor(
    private readonly src: string,
    start: Int32Array,
    end: Int32Array,
    sent: Int32Array,
    slot: Uint16Array,
    cap: Uint8Array,
    plain: Uint8Array,
    length: number,
  ) {
    this.length = length;
    this.start = start;
    this.end = end;
    this.sent = sent;
    this.slot = slot;
    this.cap = cap;
    this.plain = plain;
    // The caches are reused across documents (one document at a time): cleared, not reallocated.
    if (cache.str.length < length) {
      cache.str = new Array<string | undefined>(length * 2);
      cache.low = new Array<string | undefined>(length * 2);
    } else {
      cache.str.fill(undefined, 0, length);
      cache.low.fill(undefined, 0, length);
    }
    this.str = cache.str;
    this.low = cache.low;
  }
  /** Word i as written, apostrophes straightened; sliced on first use (most words are never read). */
  text(i: number): string {
    let t = this.str[i];
    if (t === undefined) {
      const raw = this.src.slice(this.start[i], this.end[i]);
      t = hasCurlyApos(raw) ? normApos(raw) : raw;
      this.str[i] = t;
    }
    return t;
  }
  /** Lower case, made on first use. */
  lower(i: number): string {
    let l = this.low[i];
    if (l === undefined) {
      l = lowerFast(this.text(i));
      this.low[i] = l;
    }
    return l;
  }
  /** text(i), or undefined past either end. */
  textAt(i: number): string | undefined {
    return i >= 0 && i < this.length ? this.text(i) : undefined;
  }
  /** lower(i), or undefined past either end. */
  lowerAt(i: number): string | undefined {
    return i >= 0 && i < this.length ? this.lower(i) : undefined;
  }
  /** Whether word i exists and starts with a capital. */
  capAt(i: number): boolean {
    return i >= 0 && i < this.length && this.cap[i] === 1;
  }
}

function hasCurlyApos(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2019 || c === 0x2018 || c === 0x2bc) return true;
  }
  return false;
}

/** toLowerCase only when the string has something to lower. */
export function lowerFast(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return s.toLowerCase();
  }
  return s;
}

const FORMER_PREFIX = /^(then|ex|former)-(?=\p{L})/iu;
const UPPER = /^\p{Lu}/u;

/**
 * The words of a document in order, with their sentence index.
 * @example buildWords('then-Secretary of State', tokens, sentences).text(0) // 'then'
 */
export function buildWords(text: string, tokens: readonly Token[], sentences: readonly Sentence[]): Words {
  // At most two words per token ("then-" split off).
  const n = tokens.length;
  if (cache.start.length < n * 2) {
    const size = n * 3;
    cache.start = new Int32Array(size);
    cache.end = new Int32Array(size);
    cache.sent = new Int32Array(size);
    cache.slot = new Uint16Array(size);
    cache.cap = new Uint8Array(size);
    cache.plain = new Uint8Array(size);
  }
  const starts = cache.start;
  const ends = cache.end;
  const sents = cache.sent;
  const slots = cache.slot;
  const caps = cache.cap;
  const plains = cache.plain;
  let count = 0;
  let s = 0;
  const last = sentences.length - 1;
  let sentEnd = last >= 0 ? sentences[0]!.end : 0;
  for (let i = 0; i < n; i++) {
    const tok = tokens[i]!;
    const start = tok.start;
    let end = tok.end;
    const first = text.charCodeAt(start);
    // As conllTokens (ner.ts) does: word-hyphen-word runs written without spaces are one word.
    if (alnum(first)) {
      while (i + 2 < n) {
        const h = tokens[i + 1]!;
        const b = tokens[i + 2]!;
        if (h.start !== end || b.start !== h.end || h.end - h.start !== 1 || text.charCodeAt(h.start) !== 45 || !alnum(text.charCodeAt(b.start))) break;
        end = b.end;
        i += 2;
      }
    }
    // "then-Secretary", "ex-Prime": the marker is a word of its own.
    const c0 = first | 32;
    const dash = c0 === 116 ? start + 4 : c0 === 101 ? start + 2 : c0 === 102 ? start + 6 : -1;
    let wStart = start;
    if (dash > 0 && dash < end - 1 && text.charCodeAt(dash) === 45) {
      const m = FORMER_PREFIX.exec(text.slice(start, end));
      if (m) {
        const mEnd = start + m[1]!.length;
        while (s < last && start >= sentEnd) sentEnd = sentences[++s]!.end;
        starts[count] = start;
        ends[count] = mEnd;
        sents[count] = s;
        caps[count] = capOf(text, start, mEnd);
        slots[count] = slotOf(text.charCodeAt(start), mEnd - start > 1 ? text.charCodeAt(start + 1) : 0, mEnd - start);
        plains[count] = plainOf(text.charCodeAt(start), mEnd - start > 1 ? text.charCodeAt(start + 1) : 0);
        count++;
        wStart = start + m[0].length;
      }
    }
    while (s < last && wStart >= sentEnd) sentEnd = sentences[++s]!.end;
    starts[count] = wStart;
    ends[count] = end;
    sents[count] = s;
    // The first two characters, read once for the capital, the slot and plainness.
    const w0 = wStart === start ? first : text.charCodeAt(wStart);
    const w1 = end - wStart > 1 ? text.charCodeAt(wStart + 1) : 0;
    caps[count] = w0 >= 65 && w0 <= 90 ? 1 : w0 < 128 ? 0 : capOf(text, wStart, end);
    slots[count] = slotOf(w0, w1, end - wStart);
    plains[count] = plainOf(w0, w1);
    count++;
  }
  return new Words(text, starts, ends, sents, slots, caps, plains, count);
}

function capOf(text: string, start: number, end: number): number {
  const c0 = text.charCodeAt(start);
  return c0 >= 65 && c0 <= 90 ? 1 : c0 < 128 ? 0 : UPPER.test(text.slice(start, end)) ? 1 : 0;
}

const plainOf = (c0: number, c1: number): number => (c0 < 128 && c1 < 128 ? 1 : 0);

/** The pre-filter slot of a word from its first two character codes and length, ASCII case folded. */
export function slotOf(c0: number, c1: number, length: number): number {
  const a = c0 >= 65 && c0 <= 90 ? c0 + 32 : c0;
  const b = c1 >= 65 && c1 <= 90 ? c1 + 32 : c1;
  return (Math.imul(Math.imul(a, 31) + b, 31) + Math.min(length, 31)) & 0xffff;
}

/** Letters, digits and anything beyond ASCII start a word (the tokenizer's word, number, email, hashtag… tokens). */
const alnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127 || c === 35 || c === 64;

const folded = new Map<string, string>();
/** foldKey, remembered: names repeat within and across documents. */
export function fold(s: string): string {
  let k = folded.get(s);
  if (k === undefined) {
    if (folded.size > 50_000) folded.clear();
    k = foldKey(s);
    folded.set(s, k);
  }
  return k;
}
