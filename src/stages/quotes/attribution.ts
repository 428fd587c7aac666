/**
 * The pieces of an attribution around a cue: which cue belongs to a direct quote, where an indirect
 * quote's content starts and ends, and the outlet and setting of a statement.
 */
import type { Sentence } from '../../doc/types.ts';
import { cueOf, lexicon, type CueEntry } from './lexicon.ts';
import type { DirectSpan } from './marks.ts';
import { firstEndingAfter } from '../../doc/spans.ts';

export interface CueHit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly entry: CueEntry;
}

const DETERMINER_BEFORE = /\b(?:the|a|an|his|her|their|its|our|my|your|these|those|this|such|any|no|whose|of|to|was|were|been|be|being|is|are|should|would|could|will|can|may|might|must|did|does|do|not)\s+$/i;
/** Forms that are as often plural nouns ("security claims"): taken as verbs only after a name or pronoun, or before "that". */
const NOUN_LIKE = new Set(['claims', 'reports', 'fears', 'hopes', 'comments', 'notes', 'protests', 'states', 'posts', 'questions', 'tweets', 'remarks', 'charges', 'estimates', 'worries', 'promises', 'pledges', 'vows', 'responds', 'replies', 'report', 'claim', 'fear', 'hope', 'comment', 'note', 'protest', 'state', 'question', 'tweet', 'remark', 'estimate', 'worry', 'promise', 'pledge', 'vow', 'reply', 'post', 'stress', 'charge', 'agree', 'respond', 'continued', 'demand', 'demands', 'show', 'shows', 'echo', 'echoes', 'find', 'finds', 'urge', 'call for', 'calls for', 'cite', 'proposes', 'threatens']);

/** A whole word of the text found by a wordSetRe, lower-cased. */
export interface WordHit {
  readonly start: number;
  readonly word: string;
}

const isAsciiWord = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/** Every match of a wordSetRe (lexicon.ts) in the text, in order. */
export function wordHits(text: string, re: RegExp): WordHit[] {
  const out: WordHit[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, word: m[0].toLowerCase() });
  return out;
}

/**
 * The matches, in order, of a global scan of a non-unicode pattern that can only match starting
 * with a whole word from a set: its sticky form, `stickyFor(word)`, is tried only at the `hits` of
 * those words, never inside a match already taken. One scan for the words (wordHits) then serves
 * every such pattern, instead of one scan of the whole text per pattern.
 */
export function matchesAtWords(text: string, hits: readonly WordHit[], stickyFor: (word: string) => RegExp | undefined): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let from = 0;
  for (const h of hits) {
    if (h.start < from) continue;
    const sticky = stickyFor(h.word);
    if (!sticky) continue;
    sticky.lastIndex = h.start;
    const m = sticky.exec(text);
    if (!m) continue;
    out.push(m);
    from = m.index + m[0].length;
  }
  return out;
}

/**
 * Cue verbs in the text, outside direct-quote content, that look like verbs: not after a
 * determiner ("his claims"), an infinitive "to" ("declined to say") or a passive ("was told").
 * `hits` are the words of the text that include every cue's first word: the cues are the matches
 * of lexicon().cueRe, found by trying at each such word only the forms that start with it.
 */
export function findCues(text: string, directs: readonly DirectSpan[], hits: readonly WordHit[]): CueHit[] {
  const { cueAt } = lexicon();
  const out: CueHit[] = [];
  let d = 0;
  for (const m of matchesAtWords(text, hits, (w) => cueAt.get(w))) {
    const s = m.index;
    while (d < directs.length && directs[d]!.contentEnd <= s) d++;
    const dq = directs[d];
    if (dq && dq.contentStart <= s && s < dq.contentEnd) continue;
    const before = text.slice(Math.max(0, s - 12), s);
    if (DETERMINER_BEFORE.test(before)) continue;
    const form = m[0].toLowerCase();
    // A form written with single spaces is its own key; cueOf folds other whitespace first.
    const entry = lexicon().forms.get(form) ?? cueOf(form);
    if (!entry) continue;
    if (NOUN_LIKE.has(form) && !/(?:\b(?:he|she|they|we|I|it)|\p{Lu}[\p{L}.’'-]*)\s+$/u.test(before) && !RESEARCH_SUBJECT.test(before) && !/^\s+that\b/i.test(text.slice(s + m[0].length, s + m[0].length + 7))) continue;
    out.push({ start: s, end: s + m[0].length, text: m[0], entry });
  }
  return out;
}

/** Index of the sentence containing pos (binary search); -1 if none. */
export function sentenceAt(sentences: readonly Sentence[], pos: number): number {
  // The containing sentence, or in a gap the next one.
  const i = firstEndingAfter(sentences, pos);
  return i < sentences.length ? i : -1;
}

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu;
const LN_RE = /^[\p{L}\p{N}]$/u;
const lnCache = new Map<number, boolean>();
/** Whether a code point is a letter or a number (\p{L} or \p{N}). */
function isLN(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  let v = lnCache.get(cp);
  if (v === undefined) {
    v = LN_RE.test(String.fromCodePoint(cp));
    lnCache.set(cp, v);
  }
  return v;
}
/**
 * The number of WORD_RE matches in text[start, end), counted without building the matches. The
 * callers compare it with a small number: with `max`, counting stops at max + 1 (the answer when
 * there are more), so a long clause is not read to its end.
 */
export function wordCountIn(text: string, start: number, end: number, max = Infinity): number {
  if (start < 0 || end > text.length) return Math.min(wordCount(text.slice(start, end)), max + 1);
  let n = 0;
  let inWord = false;
  for (let i = start; i < end; ) {
    let cp = text.charCodeAt(i);
    let w = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < end) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        w = 2;
      }
    }
    if (inWord) {
      if (cp !== 39 && cp !== 0x2019 && cp !== 46 && cp !== 45 && !isLN(cp)) inWord = false;
    } else if (isLN(cp)) {
      if (++n > max) return n;
      inWord = true;
    }
    i += w;
  }
  return n;
}
export function wordCount(s: string, max = Infinity): number {
  return wordCountIn(s, 0, s.length, max);
}

const ADVERBIAL_WORDS = new Set(
  (
    'on in at a an the his her their its last this earlier later late early week month year night morning afternoon evening ' +
    'yesterday today tonight recently repeatedly previously again also publicly privately statement interview conference press news ' +
    'briefing speech reporters journalists tv television radio with by phone written separately once twice pointedly flatly firmly ' +
    'bluntly simply then monday tuesday wednesday thursday friday saturday sunday during hearing rally email post tweet letter ' +
    'told them him her us me afterward afterwards'
  ).split(' '),
);
const CLAUSE_START = /^(?:he|she|they|it|we|i|you|there|this|these|those|his|her|their|its|our|the|a|an|some|no|many|most|all|both|every|each|any|one|if|mr|ms|mrs|dr|nobody|everyone|nothing|[\p{Lu}\p{N}])/u;
const QUESTION_START = /^(?:whether|if|why|how|what|who|when|where|which)\b/i;
const NOT_CLAUSE = /^(?:to|about|of|for|with|on|in|by|so|yes|goodbye|nothing|thanks|sorry|hello|as|at|from|into|after|before|during|over|under|up|out|off|is|was|are|were|be)\b/i;

/**
 * Where an indirect quote's content starts after a cue, or -1 when the cue has no clause after it:
 * "said (on Monday) (that) CLAUSE", "told OUTLET that CLAUSE", "asked whether …", "said: CLAUSE".
 */
export { ADVERBIAL_WORDS };

/** The research subjects whose findings are reported with "found"/"shows" and a noun phrase ("polls show a close race"). */
export const RESEARCH_SUBJECT = /\b(?:polls?|polling|surveys?|study|studies|analysis|analyses|data|report|reports|research|average|averages|figures|numbers|records|documents|video|footage|investigation|review|audit|tally|count|results)\s*$/i;
const NP_BLOCK = /^(?:by|as|at|in|on|during|after|before|with|from|into|up|out|off|over|under|about|upon|to|and|or|but|it|itself|themselves|himself|herself|last|this|next|yesterday|today)\b/i;

/**
 * Where an indirect quote's content starts after a cue, or -1 when the cue has no complement, by the
 * cue's complement class (cues.tsv): a clause ("said (that) CLAUSE"); a noun phrase ("called for
 * the repeal of …"); a to-infinitive ("vowed to …", "to" kept); an addressee and an infinitive
 * ("urged Congress to …", content from "to"); "that" only, or a noun phrase after a research subject
 * ("the study found that …", "polls show a close race"). `left` is the clause before the cue.
 */
export function contentStartAfter(text: string, cue: CueHit, limit: number, left = ''): number {
  const comp = cue.entry.complement ?? 'clause';
  if (comp === 'clause') return clauseStartAfter(text, cue, limit);
  const rest = text.slice(cue.end, Math.min(limit, cue.end + 200));
  const lead = /^\s+/.exec(rest)?.[0].length ?? 0;
  const first = /^[\p{L}\p{N}$“"‘][\p{L}\p{N}'’-]*/u.exec(rest.slice(lead))?.[0] ?? '';
  if (!lead || !first) return comp === 'np' || comp === 'inf' ? clauseStartAfter(text, cue, limit) : -1;
  const at = cue.end + lead;
  if (/^that$/i.test(first)) {
    const m = /^that\s+/i.exec(rest.slice(lead));
    return m ? at + m[0].length : -1;
  }
  switch (comp) {
    case 'np':
      return NP_BLOCK.test(first) ? -1 : at;
    case 'inf':
      if (/^(?:not\s+)?to\s+\p{L}/u.test(rest.slice(lead))) return at;
      return clauseStartAfter(text, cue, limit);
    case 'obj-inf': {
      const m = /^([^.;:!?“”",]{1,80}?)\s+to\s+(?=\p{L})/u.exec(rest.slice(lead));
      if (!m || m[1]!.split(/\s+/).length > 8 || /\b(?:that|which|who)\b/i.test(m[1]!)) return -1;
      return at + m[1]!.length + m[0].slice(m[1]!.length).indexOf('to');
    }
    case 'that': {
      const m = /^(?:[^.;:!?“”"]{0,60}?\s)?that\s+/i.exec(rest.slice(lead));
      if (m && !/\b(?:which|who|and|but)\b/i.test(m[0])) return at + m[0].length;
      return RESEARCH_SUBJECT.test(left) && !NP_BLOCK.test(first) ? at : -1;
    }
  }
  return -1;
}

function clauseStartAfter(text: string, cue: CueHit, limit: number): number {
  const rest = text.slice(cue.end, limit);
  if (/^\s*:/.test(rest)) {
    const m = /^\s*:\s*/.exec(rest)!;
    return cue.end + m[0].length;
  }
  WORD_RE.lastIndex = 0;
  let tokens = 0;
  let firstClause = -1;
  // The words read stop at the first stop or quote mark before one (words may hold dots: "U.S.").
  const stop = rest.search(/[.;!?“”"]/);
  for (let m = WORD_RE.exec(rest); m && tokens < 8; m = WORD_RE.exec(rest), tokens++) {
    if (stop >= 0 && stop < m.index) break;
    const w = m[0].toLowerCase();
    if (w === 'that') return cue.end + m.index + m[0].length;
    if (firstClause < 0) {
      if (tokens === 0 && rest.lastIndexOf(',', m.index - 1) >= 0) return -1;
      const ok = cue.entry.stance === 'question' ? QUESTION_START.test(w) || CLAUSE_START.test(m[0]) : cue.entry.kind === 'speech' ? !NOT_CLAUSE.test(w) : CLAUSE_START.test(m[0]);
      if (tokens === 0 && NOT_CLAUSE.test(w) && !ADVERBIAL_WORDS.has(w)) return -1;
      if ((!ADVERBIAL_WORDS.has(w) || (tokens === 0 && /^(?:the|a|an|his|her|their|its)$/.test(w))) && ok && !cue.entry.addressee) firstClause = cue.end + m.index;
      if (cue.entry.addressee && tokens > 0 && /^(?:he|she|they|it|we|i)$/.test(w)) firstClause = cue.end + m.index;
    }
    if (!ADVERBIAL_WORDS.has(w) && !/^\p{Lu}/u.test(m[0]) && (!cue.entry.addressee || firstClause >= 0)) break;
  }
  return firstClause;
}

const CUT_RE = /,\s+(?:adding|saying|noting|arguing|explaining|insisting|warning|stressing|according)\b|,\s+(?:he|she|they)\s+(?:said|added|says|told|noted)\b/g;

/**
 * The end of the reported clause that starts at `from`: the sentence end, stretched over any direct
 * quote that opens inside it (mixed quotes), cut before ", adding that" and ", he said".
 */
export function contentEndFrom(text: string, sentences: readonly Sentence[], directs: readonly DirectSpan[], from: number, paraEnd: number): number {
  const si = sentenceAt(sentences, from);
  let end = si >= 0 ? Math.min(sentences[si]!.end, paraEnd) : paraEnd;
  for (const d of directs) {
    if (d.start >= end) break;
    if (d.end > end && d.start >= from) {
      const sj = sentenceAt(sentences, d.end - 1);
      end = Math.max(d.end, sj >= 0 ? Math.min(sentences[sj]!.end, paraEnd) : d.end);
    }
  }
  CUT_RE.lastIndex = from;
  const seg = text.slice(from, end);
  CUT_RE.lastIndex = 0;
  const cut = CUT_RE.exec(seg);
  if (cut) end = from + cut.index;
  // Drop the sentence's final stop, but keep a closing mark and what it closes.
  while (end > from && /[\s.;:,!?]/.test(text[end - 1]!)) end--;
  return end;
}

const MEDIA_WORDS = /\b(?:TV|television|channel|radio|newspaper|broadcaster|network|station|agency|daily|weekly|magazine|outlet|website|paper|news\s+site)\b/i;
const REPORTERS = /^(?:reporters|journalists|the\s+press|the\s+media|(?:a\s+)?(?:news|press)\s+(?:conference|briefing))\b/i;
const OUTLET_STOP = /\s*(?:[,:;.!?“”"]|\bthat\b|\bafter\b|\bon\b|\bin\b|\bat\b|\bduring\b|\bbefore\b|\bwhen\b|\bwhile\b|\bas\b|\bin\s+an?\b)/;
const CAP_RUN = /(?:(?:The|the)\s+)?(?:\p{Lu}[\p{L}\p{N}&.'’-]*)(?:\s+(?:of\s+|de\s+|al\s+|Al\s+)?\p{Lu}[\p{L}\p{N}&.'’-]*)*$/u;

export interface OutletHit {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The outlet a statement was given to: "told Al Jazeera", "told Russian TV channel Dozhd" (→ Dozhd),
 * "in an interview with CNN". "told reporters" is a setting, not an outlet. `isPerson` says whether
 * a span is a person, so "told Olvar Kresk" is an addressee, not an outlet.
 */
export function outletOf(text: string, cue: CueHit, region: { start: number; end: number }, isPerson: (s: number, e: number) => boolean): OutletHit | undefined {
  if (cue.entry.lemma === 'tell') {
    const rest = text.slice(cue.end, Math.min(region.end, cue.end + 120));
    const lead = /^\s+/.exec(rest)?.[0].length ?? 0;
    const stop = OUTLET_STOP.exec(rest.slice(lead));
    const obj = rest.slice(lead, lead + (stop ? stop.index : rest.length - lead)).trim();
    if (obj && !REPORTERS.test(obj)) {
      const run = CAP_RUN.exec(obj);
      if (run && run[0].length > 0) {
        const start = cue.end + lead + run.index;
        const end = start + run[0].length;
        if (MEDIA_WORDS.test(obj) || !isPerson(start, end)) return { name: run[0].replace(/^the\s+/, ''), start: run[0].startsWith('the ') ? start + 4 : start, end };
      }
    }
  }
  const seg = text.slice(region.start, region.end);
  const m = seg.includes('interview') ? /\binterview\s+(?:with|on|to)\s+((?:the\s+)?\p{Lu}[\p{L}\p{N}&.'’-]*(?:\s+\p{Lu}[\p{L}\p{N}&.'’-]*)*)/u.exec(seg) : null;
  if (m) {
    const name = m[1]!.replace(/^the\s+/, '');
    const end = region.start + m.index + m[0].length;
    return { name, start: end - name.length, end };
  }
  return undefined;
}

/**
 * Whether text[start, end) may hold a setting phrase, given `lastWords`, the sorted offsets of the
 * words of the text that end one (lexicon().settingLast). A phrase inside the span ends with such
 * a word, whole in the text too (it follows a space and precedes a non-word character) unless the
 * phrase ends at the span's end, where the span may cut a longer word ("conference|s").
 */
export function maySetting(text: string, start: number, end: number, lastWords: readonly number[]): boolean {
  let lo = 0;
  let hi = lastWords.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lastWords[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  if (lo < lastWords.length && lastWords[lo]! < end) return true;
  let ws = end;
  while (ws > start && isAsciiWord(text.charCodeAt(ws - 1))) ws--;
  return ws < end && lexicon().settingLast!.has(text.slice(ws, end).toLowerCase());
}

/**
 * The setting phrase nearest the cue in the attribution region: "press conference", "statement",
 * "reporters". With `lastWords` (see maySetting), a region that cannot hold one is not searched.
 */
export function settingOf(text: string, cue: CueHit | undefined, region: { start: number; end: number }, lastWords?: readonly number[]): string | undefined {
  if (lastWords && lexicon().settingLast && !maySetting(text, region.start, region.end, lastWords)) return undefined;
  const re = lexicon().settingRe;
  const seg = text.slice(region.start, region.end);
  re.lastIndex = 0;
  let best: { d: number; setting: string } | undefined;
  for (let m = re.exec(seg); m; m = re.exec(seg)) {
    const pos = region.start + m.index;
    const setting = lexicon().settings.find((s) => s.re.test(m[0]))?.setting;
    if (!setting) continue;
    const d = cue ? Math.abs(pos - cue.start) : 0;
    if (!best || d < best.d) best = { d, setting };
  }
  return best?.setting;
}
