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
  /** Pre-filters of the first words of titles (lower case), actors (as written) and nominals. */
  readonly titleFirst: FirstWordFilter;
  readonly actorFirst: FirstWordFilter;
  readonly nominalFirst: FirstWordFilter;
}

/** Rows of a TSV after its leading '#' provenance lines, keyed by the header. */
export function readTsv(file: string, dir: URL = ROLES_DATA_DIR): Record<string, string>[] {
  return readTsvFile(new URL(file, dir));
}

/** Straight apostrophes, so "Poland’s" and "Poland's" are one key. */
export const normApos = (s: string): string => s.replace(/[’‘ʼ]/g, "'");

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

/** The longest phrase of the trie starting at word i; `key` picks the word form to match. */
export function trieLongest<T>(root: Trie<T>, words: readonly Word[], i: number, key: (w: Word) => string): { value: T; end: number } | undefined {
  let node: Trie<T> | undefined = root;
  let best: { value: T; end: number } | undefined;
  for (let j = i; j < words.length && node; j++) {
    node = node.next.get(key(words[j]!));
    if (node?.value !== undefined) best = { value: node.value, end: j + 1 };
    if (node && j + 1 < words.length && words[j + 1]!.sent !== words[j]!.sent) break;
  }
  return best;
}

function filterOf<T>(t: Trie<T>): FirstWordFilter {
  const f = new FirstWordFilter();
  for (const k of t.next.keys()) f.add(k);
  return f;
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
    const row: TitleRow = { title: r.title!, normalised: r.normalised!, category: r.category!, defaultOrg: r.default_org ?? '' };
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
    titleFirst: filterOf(titles),
    actorFirst: filterOf(actors),
    nominalFirst: filterOf(nominals),
  };
}

/** A word of the document: hyphenated runs kept whole ("Cramon-Taubadel"), "then-"/"ex-" split off. */
export class Word {
  private str: string | undefined;
  private low: string | undefined;
  constructor(
    private readonly src: string,
    readonly start: number,
    readonly end: number,
    /** Starts with an upper-case letter. */
    readonly cap: boolean,
    /** Index of its sentence. */
    readonly sent: number,
    /** Its slot in a FirstWordFilter: first letters (ASCII case folded) and length. */
    readonly slot: number,
  ) {}
  /** As written, apostrophes straightened; sliced on first use (most words are never read). */
  get text(): string {
    if (this.str === undefined) {
      const raw = this.src.slice(this.start, this.end);
      this.str = /[’‘ʼ]/.test(raw) ? normApos(raw) : raw;
    }
    return this.str;
  }
  /** Lower case, made on first use: the text is often two-byte, slow to case-fold. */
  get lower(): string {
    return (this.low ??= lowerFast(this.text));
  }
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
 * @example buildWords('then-Secretary of State', tokens, sentences).map(w => w.text) // ['then', 'Secretary', 'of', 'State']
 */
export function buildWords(text: string, tokens: readonly Token[], sentences: readonly Sentence[]): Word[] {
  const words: Word[] = [];
  let s = 0;
  const last = sentences.length - 1;
  const push = (start: number, end: number): void => {
    while (s < last && start >= sentences[s]!.end) s++;
    const c0 = text.charCodeAt(start);
    const cap = c0 >= 65 && c0 <= 90 ? true : c0 < 128 ? false : UPPER.test(text.slice(start, end));
    words.push(new Word(text, start, end, cap, s, slotOf(c0, end - start > 1 ? text.charCodeAt(start + 1) : 0, end - start)));
  };
  // As conllTokens (ner.ts) does: word-hyphen-word runs written without spaces are one word.
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const tok = tokens[i]!;
    const start = tok.start;
    let end = tok.end;
    if (alnum(text.charCodeAt(start))) {
      while (i + 2 < n) {
        const h = tokens[i + 1]!;
        const b = tokens[i + 2]!;
        if (h.start !== end || b.start !== h.end || h.end - h.start !== 1 || text.charCodeAt(h.start) !== 45 || !alnum(text.charCodeAt(b.start))) break;
        end = b.end;
        i += 2;
      }
    }
    // "then-Secretary", "ex-Prime": the marker is a word of its own.
    const c0 = text.charCodeAt(start) | 32;
    const dash = c0 === 116 ? start + 4 : c0 === 101 ? start + 2 : c0 === 102 ? start + 6 : -1;
    if (dash > 0 && dash < end - 1 && text.charCodeAt(dash) === 45) {
      const m = FORMER_PREFIX.exec(text.slice(start, end));
      if (m) {
        push(start, start + m[1]!.length);
        push(start + m[0].length, end);
        continue;
      }
    }
    push(start, end);
  }
  return words;
}

/** The FirstWordFilter slot of a word from its first two character codes and length, ASCII case folded. */
export function slotOf(c0: number, c1: number, length: number): number {
  const a = c0 >= 65 && c0 <= 90 ? c0 + 32 : c0;
  const b = c1 >= 65 && c1 <= 90 ? c1 + 32 : c1;
  return (Math.imul(Math.imul(a, 31) + b, 31) + Math.min(length, 31)) & 0xffff;
}

/** Letters, digits and anything beyond ASCII start a word (wink's word, number, email, hashtag… tokens). */
const alnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127 || c === 35 || c === 64;

/**
 * A cheap pre-filter for trie lookups: a phrase can start at a word only if some entry's first
 * word has the same first character and length, so most words skip hashing.
 */
export class FirstWordFilter {
  private readonly bits = new Uint8Array(1 << 16);
  add(word: string): void {
    this.bits[slotOf(word.charCodeAt(0), word.length > 1 ? word.charCodeAt(1) : 0, word.length)] = 1;
  }
  /** Whether a phrase may start at a word with this slot (see Word.slot). */
  has(slot: number): boolean {
    return this.bits[slot] === 1;
  }
}

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
