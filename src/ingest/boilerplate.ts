/**
 * Plain text → article body: takes page chrome (date widgets, bylines, share and comment
 * blocks), picture captions and a headline off a text that was saved from a web page, and
 * keeps them apart so an analyst can see what was cut. The phrase lists live in
 * data/ingest/boilerplate.json; this file holds only the heuristics.
 */
import rules from '../../data/ingest/boilerplate.json' with { type: 'json' };

export interface CleanedText {
  /** Body paragraphs joined with "\n\n". */
  text: string;
  /** Paragraphs removed as page chrome, exactly as they were (whitespace collapsed). */
  boilerplate: string[];
  /** Picture captions and graphic titles removed from the body. */
  captions: string[];
  /** A date-widget line from the top of the page, raw ("Wed. Jan 26th, 2022"). */
  pageHeaderDate?: string;
  /** A byline line from the top or bottom of the page ("By admin"). */
  bylineLine?: string;
  /** A headline-like first paragraph. */
  headline?: string;
}

export interface CleanOptions {
  /** The page's title when known (HTML): a first paragraph is then a headline only if it matches it. */
  readonly title?: string;
}

/** Why a paragraph left the body; exported so tests and the HTML path can share it. */
export type ParagraphKind = 'body' | 'boilerplate' | 'caption' | 'date' | 'byline' | 'headline';

/** A regex from the phrase lists with a cheap test that must hold wherever it can match. */
interface Guarded {
  re: RegExp;
  may?: (p: string) => boolean;
}

interface Compiled {
  exact: Set<string>;
  prefixes: readonly { pre: string; endsAlnum: boolean }[];
  patterns: readonly Guarded[];
  edgePatterns: readonly RegExp[];
  captionPrefix: RegExp;
  /** First characters a captionPrefix match can start with (the prefixes are case-sensitive). */
  captionPrefixFirst: Set<number>;
  captionLabel: RegExp;
  /** First characters a captionLabel match can start with, any case (the match is /iu). */
  captionLabelFirst: Set<number>;
  mediaWords: Set<string>;
  credits: readonly Guarded[];
  maxPrefixWords: number;
  maxPatternWords: number;
}

let compiled: Compiled | undefined;

// Compiled on first use, not on import.
function lists(): Compiled {
  if (compiled) return compiled;
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  compiled = {
    exact: new Set(rules.exact.map(normKey)),
    prefixes: rules.prefixes.map((p) => ({ pre: p.toLowerCase(), endsAlnum: /[\p{L}\p{N}]$/u.test(p) })),
    patterns: rules.patterns.map(guarded),
    edgePatterns: rules.edgePatterns.map((p) => new RegExp(p, 'iu')),
    captionPrefix: new RegExp(`^(?:${rules.captionPrefixes.map(esc).join('|')})(?:\\s*[-–—:|]|$)`, 'u'),
    captionPrefixFirst: new Set(rules.captionPrefixes.map((p) => p.charCodeAt(0))),
    captionLabel: new RegExp(`^(?:${rules.captionLabelPrefixes.map(esc).join('|')})\\s*:`, 'iu'),
    captionLabelFirst: new Set(rules.captionLabelPrefixes.flatMap((p) => foldVariants(p[0]!))),
    mediaWords: new Set(rules.captionMediaWords),
    credits: rules.captionCreditPatterns.map(guarded),
    maxPrefixWords: rules.maxPrefixWords,
    maxPatternWords: rules.maxPatternWords,
  };
  return compiled;
}

/** Character codes a character matches under /iu (ASCII letters; ſ and the Kelvin sign fold to s and k). */
function foldVariants(ch: string): number[] {
  const out = new Set([ch.toLowerCase().charCodeAt(0), ch.toUpperCase().charCodeAt(0), ch.charCodeAt(0)]);
  if (/^[sS]$/.test(ch)) out.add(0x17f);
  if (/^[kK]$/.test(ch)) out.add(0x212a);
  return [...out];
}

const code = (s: string): number => s.charCodeAt(0);
const firstIn =
  (...cs: string[]) =>
  (p: string): boolean =>
    cs.some((c) => p.charCodeAt(0) === code(c));
const lastIn =
  (...cs: string[]) =>
  (p: string): boolean =>
    cs.some((c) => p.charCodeAt(p.length - 1) === code(c));

// Cheap necessary conditions for the shipped patterns, keyed by their source: a test that is
// false means the pattern cannot match, so it is not run. A pattern not listed here always runs.
// Under /iu only ASCII letters, ſ (s) and K (Kelvin, k) match an ASCII letter; the guards
// avoid depending on s and k or include those code points. `.` under /u matches a code point,
// so a lookahead `.{0,n}$` allows at most 2n code units.
const GUARDS: Record<string, (p: string) => boolean> = {
  '^(?=.{0,160}$)(?:©|\\(c\\)\\s*\\d{4}|copyright\\s*(?:©|\\(c\\)|\\d{4}))': (p) => p.length <= 320 && firstIn('©', '(', 'c', 'C')(p),
  '^(?=.{0,200}$).*\\ball rights reserved\\b': (p) => p.length <= 400 && /rved/i.test(p),
  '^(?:we|this (?:web)?site|our (?:web)?site|by (?:continuing|using|clicking))\\b.{0,200}\\bcookies?\\b': (p) => firstIn('w', 'W', 't', 'T', 'o', 'O', 'b', 'B')(p) && /coo/i.test(p),
  '^(?:this|our) (?:web)?site uses\\b': firstIn('t', 'T', 'o', 'O'),
  '^\\d+\\s+comments?$': (p) => p.charCodeAt(0) >= 48 && p.charCodeAt(0) <= 57,
  '^\\(\\s*(?:photo|image|picture|credit|getty|ap|afp|reuters|epa|file|courtesy|pool|anadolu|tass|sputnik|xinhua)\\b[^()]{0,80}\\)$': (p) => firstIn('(')(p) && lastIn(')')(p),
  "[(\\[]\\s*(?:(?:photos?|images?|pictures?|credits?)\\s*(?:by|:|/)|getty images|ap photo|afp(?: via getty images| photo)?|reuters(?:/| photo)|epa(?:/|-efe)|file photo|courtesy of)[^()\\[\\]]{0,100}[)\\]]$": (p) => lastIn(')', ']')(p),
  // The tail after the slash holds no slash, so the slash is the last one, 2 to 61 code units from the end.
  "\\b(?:REUTERS|AFP|EPA|AP|EPA-EFE|ANADOLU|SPUTNIK)/[A-Z][\\w .'’-]{1,60}$": (p) => {
    const at = p.lastIndexOf('/');
    return at >= 0 && p.length - at - 1 >= 2 && p.length - at - 1 <= 61;
  },
  '\\b(?:Getty Images|AP Photo|AFP via Getty Images)$': (p) => {
    const c = p.charCodeAt(p.length - 1);
    return c === 115 || c === 83 || c === 0x17f || c === 111 || c === 79;
  },
};

function guarded(src: string): Guarded {
  const may = GUARDS[src];
  return may ? { re: new RegExp(src, 'iu'), may } : { re: new RegExp(src, 'iu') };
}

const matches = (g: Guarded, p: string): boolean => (!g.may || g.may(p)) && g.re.test(p);

/**
 * Cleans a text saved from a web page.
 *
 * @example cleanText('Wed. Jan 26th, 2022\n\nBRUSSELS – NATO met on Wednesday.\n\nSource link\n\nBy admin')
 * // { text: 'BRUSSELS – NATO met on Wednesday.', boilerplate: ['Source link'], captions: [],
 * //   pageHeaderDate: 'Wed. Jan 26th, 2022', bylineLine: 'By admin' }
 */
export function cleanText(text: string, opts: CleanOptions = {}): CleanedText {
  const paras = splitParagraphs(text);
  const kinds = classifyParagraphs(paras, opts);
  const out: CleanedText = { text: '', boilerplate: [], captions: [] };
  const body: string[] = [];
  for (let i = 0; i < paras.length; i++) {
    const p = paras[i]!;
    switch (kinds[i]) {
      case 'body':
        body.push(p);
        break;
      case 'caption':
        out.captions.push(p);
        break;
      case 'date':
        out.pageHeaderDate = p;
        break;
      case 'byline':
        out.bylineLine = p;
        break;
      case 'headline':
        out.headline = p;
        break;
      default:
        out.boilerplate.push(p);
    }
  }
  out.text = body.join('\n\n');
  return out;
}

/**
 * Paragraphs of a plain text: blocks between blank lines; inside a block each line is a
 * paragraph unless the block looks hard-wrapped, when its lines are joined with a space.
 * Runs of spaces and tabs collapse to one space; other characters are kept.
 */
export function splitParagraphs(text: string): string[] {
  const out: string[] = [];
  // Blocks end at a line of only spaces, tabs, form and vertical feeds (a line that trims to
  // nothing otherwise, such as one of no-break spaces, is dropped but does not end the block).
  const all = (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).split('\n');
  let lines: string[] = [];
  for (const raw of all) {
    if (isBlankLine(raw)) {
      if (lines.length > 0) {
        pushBlock(lines, out);
        lines = [];
      }
      continue;
    }
    const l = collapse(raw);
    if (l !== '') lines.push(l);
  }
  if (lines.length > 0) pushBlock(lines, out);
  return out;
}

function pushBlock(lines: string[], out: string[]): void {
  if (lines.length > 1 && looksWrapped(lines)) out.push(lines.join(' '));
  else for (const l of lines) out.push(l);
}

/** Only spaces, tabs, form and vertical feeds (or nothing). */
function isBlankLine(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 12 && c !== 11) return false;
  }
  return true;
}

/** Assigns each paragraph a kind; the decisions depend on position, so it sees them all. */
export function classifyParagraphs(paras: readonly string[], opts: CleanOptions = {}): ParagraphKind[] {
  const n = paras.length;
  const kinds: ParagraphKind[] = new Array<ParagraphKind>(n);
  // The article proper runs from the first to the last long sentence-like paragraph;
  // dates, bylines and headlines are looked for only outside it (the edges).
  let first = n;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const p = paras[i]!;
    const words = wordCount(p);
    const kind: ParagraphKind = boilerplateByWords(p, words) ? 'boilerplate' : captionByWords(p, words) ? 'caption' : 'body';
    kinds[i] = kind;
    // Substantive: a long paragraph that reads as running text, the article proper.
    if (kind === 'body' && (words >= 25 || (words >= 10 && endsLikeSentence(p)))) {
      if (first > i) first = i;
      last = i;
    }
  }
  let haveDate = false;
  let haveByline = false;
  paras.forEach((p, i) => {
    if (kinds[i] !== 'body' || (i >= first && i <= last)) return;
    if (isDateLine(p)) {
      kinds[i] = i < first && !haveDate ? 'date' : 'boilerplate';
      haveDate ||= i < first;
    } else if (/^by\s/i.test(p) && isDateLine(p.slice(3))) {
      kinds[i] = 'boilerplate'; // "By 2 March 2022": the name went elsewhere, the date stays chrome
    } else if (isBylineLine(p)) {
      kinds[i] = haveByline ? 'boilerplate' : 'byline';
      haveByline = true;
    } else if (lists().edgePatterns.some((re) => re.test(p))) {
      kinds[i] = 'boilerplate';
    }
  });
  const h = kinds.indexOf('body');
  if (h >= 0 && h <= first && kinds.indexOf('body', h + 1) > h && isHeadlineLike(paras[h]!) && (!opts.title || similar(paras[h]!, opts.title))) kinds[h] = 'headline';
  return kinds;
}

// ---------------------------------------------------------------- the tests on one paragraph

/** Page chrome by the phrase lists: exact phrases, short prefixes, patterns. */
export function isBoilerplate(p: string): boolean {
  return boilerplateByWords(p, wordCount(p));
}

function boilerplateByWords(p: string, words: number): boolean {
  const l = lists();
  // The phrase lists hold short lines: a long paragraph is never one of them (and normKey is costly).
  if (words > l.maxPrefixWords && words > l.maxPatternWords) return false;
  if (words <= l.maxPrefixWords) {
    const key = normKey(p);
    if (key === '' || l.exact.has(key)) return true;
    for (const { pre, endsAlnum } of l.prefixes) {
      // "share on" must not match "share only": the prefix ends at a word boundary.
      if (key.startsWith(pre) && (!endsAlnum || !/^[\p{L}\p{N}]/u.test(key.slice(pre.length)))) return true;
    }
  }
  // Every pattern is for a short line (copyright, cookie notice): skip long paragraphs cheaply.
  if (words > l.maxPatternWords || p.length > 400) return false;
  for (const g of l.patterns) if (matches(g, p)) return true;
  return false;
}

/** A picture caption, credit or graphic title: never a sentence of the body. */
export function isCaption(p: string): boolean {
  return captionByWords(p, wordCount(p));
}

function captionByWords(p: string, words: number): boolean {
  const l = lists();
  const c0 = p.charCodeAt(0);
  if (words <= 80 && ((l.captionPrefixFirst.has(c0) && l.captionPrefix.test(p)) || (l.captionLabelFirst.has(c0) && p.includes(':') && l.captionLabel.test(p)))) return true;
  if (words <= 60) for (const g of l.credits) if (matches(g, p)) return true;
  // A short label that is not a sentence, led or closed by a media word: "Ukraine map".
  if (words <= 10 && !endsLikeSentence(p)) {
    const ws = p.toLowerCase().match(/[\p{L}]+/gu) ?? [];
    if (ws.length > 0 && (l.mediaWords.has(ws[0]!) || l.mediaWords.has(ws[ws.length - 1]!))) return true;
  }
  return false;
}

const WEEKDAY = /^(?:mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday)$/;
const MONTH = /^(?:jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december)$/;
const DATE_WORD = /^(?:\d{1,4}(?:st|nd|rd|th)?|\d{1,2}:\d{2}(?::\d{2})?(?:am|pm)?|am|pm|a|p|m|at|on|of|the|gmt|utc|bst|cet|cest|eet|eest|msk|est|edt|cst|cdt|mst|mdt|pst|pdt|et|pt|ist|[+-]\d{2}:?\d{2}|z)$/;

/**
 * A line that is only a date and/or time, as a site's date widget prints it.
 *
 * @example isDateLine('Wed. Jan 26th, 2022') // true
 * @example isDateLine('Updated: 12:03 GMT') // true
 */
export function isDateLine(p: string): boolean {
  const s = p.replace(/^(?:published|updated|last updated|posted|date|modified)(?:\s+on)?\s*:?\s*/i, '').trim();
  if (s === '' || !/\d/.test(s) || s.length > 80) return false;
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return true;
  const tokens = s.toLowerCase().split(/[\s,./|–—-]+/).filter((t) => t !== '');
  if (tokens.length === 0 || tokens.length > 12) return false;
  let anchor = /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/.test(s) || /\b\d{1,2}:\d{2}\b/.test(s);
  for (const t of tokens) {
    if (MONTH.test(t)) anchor = true;
    else if (!WEEKDAY.test(t) && !DATE_WORD.test(t)) return false;
  }
  return anchor;
}

const BYLINE_SMALL = new Set(['admin', 'staff', 'editor', 'editors', 'team', 'desk', 'correspondent', 'reporter', 'reporters', 'our', 'and', 'the', 'of', 'in', 'for', 'de', 'da', 'di', 'del', 'van', 'von', 'der', 'den', 'al', 'el', 'bin', 'la', 'le', 'y', 'news', 'agencies', 'wire', 'with', 'at']);

/**
 * A byline: "By admin", "By Jane Doe, Reuters", "Posted by admin".
 *
 * @example isBylineLine('By Jane Doe, Reuters') // true
 * @example isBylineLine('By contrast, the talks failed.') // false
 */
export function isBylineLine(p: string): boolean {
  const m = /^(?:(?:posted|written|reported|story|words|text|report)\s+)?by[:\s]\s*(.+)$/i.exec(p);
  if (!m) return false;
  const rest = m[1]!;
  if (/[.!?]$/.test(rest) && !/\b(?:Jr|Sr|[A-Z])\.$/.test(rest)) return false;
  if (isDateLine(rest)) return false;
  const words = rest.match(/[\p{L}\p{N}][\p{L}\p{N}.'’-]*/gu) ?? [];
  if (words.length === 0 || words.length > 12) return false;
  let lower = 0;
  for (const w of words) {
    if (/^\p{Ll}/u.test(w) && !BYLINE_SMALL.has(w.toLowerCase())) lower++;
  }
  return lower === 0 || (lower === 1 && words.length >= 4);
}

/** Short, no closing period, not a date or dateline: the title of a saved page. */
export function isHeadlineLike(p: string): boolean {
  const words = wordCount(p);
  if (words < 3 || words > 25 || p.length > 200) return false;
  if (/[.,;:–—-]$/.test(p) || /[.!?…]["”’'»]$/.test(p)) return false;
  if (isDateLine(p) || isBylineLine(p)) return false;
  // Datelines: "MOSCOW (Reuters)", "BRUSSELS, BELGIUM", "Brussels, Belgium".
  if (/\((?:Reuters|AP|AFP|UPI|dpa|DPA|Xinhua|TASS|IANS|PTI|ANI|Bloomberg|CNN|BBC|Al Jazeera)\)/.test(p)) return false;
  if (words <= 4 && (p === p.toUpperCase() || (p.includes(',') && /^(?:\p{Lu}[\p{L}'’.-]*,?\s*)+$/u.test(p)))) return false;
  return true;
}

// ---------------------------------------------------------------- helpers

/** Two titles share most of their words ("Talks end - Site" and "Talks end"). */
function similar(a: string, b: string): boolean {
  const ta = new Set(a.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const tb = new Set(b.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  let both = 0;
  for (const t of ta) if (tb.has(t)) both++;
  return both > 0 && both / Math.min(ta.size, tb.size) >= 0.8;
}

function endsLikeSentence(p: string): boolean {
  return /[.!?…:;"”’»'„)\]]$/.test(p);
}

/** Whitespace-separated words, counted without allocating (it runs on every paragraph several times). */
function wordCount(p: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000;
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      n++;
    }
  }
  return n;
}

function collapse(s: string): string {
  // Most lines have no tab, form or vertical feed and no double space: trimming is all they need.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 9 || c === 12 || c === 11 || (c === 32 && s.charCodeAt(i + 1) === 32)) return s.replace(/[ \t\f\v]+/g, ' ').trim();
  }
  return s.trim();
}

/** The key a paragraph is looked up by in the phrase lists. */
function normKey(p: string): string {
  // Trim leading bullets and trailing punctuation by scanning: end-anchored regexes scan the whole line.
  let a = 0;
  let b = p.length;
  while (a < b && LEAD.has(p[a]!)) a++;
  while (b > a && TRAIL.has(p[b - 1]!)) b--;
  let key = p.slice(a, b).toLowerCase();
  if (key.includes('‘') || key.includes('’')) key = key.replace(/[‘’]/g, "'");
  // Replacing whitespace runs changes nothing when every whitespace is a lone plain space.
  return MESSY_SPACE.test(key) ? key.replace(/\s+/g, ' ') : key;
}

/** Whitespace other than a space, or two spaces in a row. */
const MESSY_SPACE = /[^\S ]| {2}/;

const LEAD = new Set([...' \t\n\r\f\v\u00a0•·|»›>*–—-']);
const TRAIL = new Set([...' \t\n\r\f\v\u00a0*:.…|»›>!–—-']);

/** A block whose lines run on (long, mostly without closing punctuation) was hard-wrapped. */
function looksWrapped(lines: readonly string[]): boolean {
  const head = lines.slice(0, -1);
  if (head.some((l) => l.length < 40)) return false;
  const open = head.filter((l) => !/[.!?:"”’»)]$/.test(l)).length;
  return open * 2 >= head.length;
}
