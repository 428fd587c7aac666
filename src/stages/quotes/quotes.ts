/**
 * The quotes stage: direct, indirect and mixed quotations with speaker, cue (lemma and stance),
 * outlet and setting. Rules over marks, a cue lexicon (data/quotes/cues.tsv) and the actors from
 * the entities layer (or NER mentions when entities are absent); linear in the text.
 *
 * Order of work: (1) pair quote marks; (2) attach to each direct quote the cue right after it
 * ("…,” he said) or right before it (X said: “…”); (3) read every other cue as an indirect quote
 * (X said (that) CLAUSE / CLAUSE, X said / according to X, CLAUSE / X's view is that CLAUSE),
 * absorbing quoted fragments inside the clause as mixed quotes; (4) resolve speakers in text order
 * so pronouns and quote-only paragraphs can lean on the speakers before them.
 */
import type { Document } from '../../doc/document.ts';
import type { Entity, Provenance, Span } from '../../doc/types.ts';
import type { Stage } from '../../pipeline/stage.ts';
import { ADVERBIAL_WORDS, contentEndFrom, contentStartAfter, findCues, matchesAtWords, outletOf, sentenceAt, settingOf, wordCount, wordCountIn, wordHits, type CueHit } from './attribution.ts';
import { lexicon, wordSetRe, type Stance } from './lexicon.ts';
import { findDirect, paragraphs, type DirectSpan } from './marks.ts';
import { actorsOf, groupOrNominal, resolvePronoun, speakerContext, subjectAfter, subjectBefore, type Speaker } from './speakers.ts';
import { firstStartingAt, indexContaining } from '../../doc/spans.ts';

export const QUOTES_STAGE = 'quotes';
export const QUOTES_VERSION = '1.0.0';

export type { Speaker, SpeakerKind, SpeakerVia } from './speakers.ts';

export interface QuoteCue extends Span {
  readonly text: string;
  readonly lemma: string;
  readonly stance: Stance;
}

export interface Quote extends Span {
  /** Direct: the quotation with its marks. Indirect and mixed: the reported clause (= content). */
  readonly text: string;
  /** The quoted or reported words without marks. */
  readonly content: Span;
  readonly kind: 'direct' | 'indirect' | 'mixed';
  readonly speaker: Speaker;
  readonly cue?: QuoteCue;
  readonly outlet?: { readonly name: string; readonly entity?: string; readonly start: number; readonly end: number };
  /** "press conference", "interview", "statement", "reporters", ... */
  readonly setting?: string;
  /** A quote with no cue of its own that continues the previous speaker (a paragraph that is only a quotation). */
  readonly continuation?: boolean;
  readonly confidence: number;
  readonly prov: Provenance;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Draft {
  anchor: number;
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  kind: Quote['kind'];
  cue?: CueHit;
  /** Where to look for the speaker. */
  find: 'before' | 'after' | 'participle' | 'none' | 'according' | 'possessive' | 'unattributed';
  from: number;
  limit: number;
  rule: string;
  direct?: DirectSpan;
  speakerSpan?: Span;
}

const TITLE_BEFORE = /\b(?:book|film|movie|novel|song|album|documentary|play|show|series|programme|program|article|op-ed|column|essay|poem|titled|entitled|called|dubbed|named|nicknamed|so-called|headlined|slogan|hashtag|memoir|report)\s*$/i;
const SO_CALLED = /\bso-called\s*$/i;

const TITLE_CASE = /^(?:\p{Lu}[\p{L}'’-]*|of|the|and|a|an|in|on|for|to|at)(?:\s+(?:\p{Lu}[\p{L}'’-]*|of|the|and|a|an|in|on|for|to|at|with))*[,]?$/u;

/** Not a quotation: a scare-quoted word, a title, a nickname, a "so-called" term. */
function isNonQuote(text: string, d: DirectSpan): boolean {
  const before = text.slice(Math.max(0, d.start - 30), d.start);
  if (SO_CALLED.test(before)) return true;
  const words = wordCountIn(text, d.contentStart, d.contentEnd, 6);
  // The title-case test reads the whole content: only made after a title word, for a long content.
  if (TITLE_BEFORE.test(before) && (words <= 6 || TITLE_CASE.test(text.slice(d.contentStart, d.contentEnd).trim()))) return true;
  if (words <= 4 && /\p{Lu}[\p{L}.]*\s$/u.test(before) && /^\s\p{Lu}/u.test(text.slice(d.end, d.end + 3))) return true; // Olvar “The Hammer” Kresk
  if (d.style === 'single' && words < 2) return true;
  return false;
}

const LN_RUN = /[\p{L}\p{N}]+/gu;
/** Whether every letter-or-number run of s is an adverbial word (true when there is none). */
function allAdverbial(s: string): boolean {
  LN_RUN.lastIndex = 0;
  for (let m = LN_RUN.exec(s); m; m = LN_RUN.exec(s)) if (!ADVERBIAL_WORDS.has(m[0].toLowerCase())) return false;
  return true;
}

function cueOfHit(h: CueHit): QuoteCue {
  return { start: h.start, end: h.end, text: h.text, lemma: h.entry.lemma, stance: h.entry.stance };
}

const TERMINATOR = /[.!?](?=\s|$)/g;

// Noun cues ("X's view is that", "his claim that"), tried only at the words that can begin one.
const NOUN_CUE_VIEW = ['view', 'position', 'argument', 'assessment', 'belief', 'contention', 'message', 'point'];
const NOUN_CUE_THAT = ['statement', 'claim', 'assertion', 'argument', 'warning', 'promise', 'pledge', 'allegation', 'accusation', 'suggestion', 'insistence', 'assurance', 'prediction', 'announcement', 'complaint', 'contention', 'belief', 'conclusion', 'comments?', 'remarks?', 'charge'];
const NOUN_CUE_STICKY = new RegExp(`\\b(?:(${NOUN_CUE_VIEW.join('|')})\\s+(?:is|was|has been|had been|remains)|(${NOUN_CUE_THAT.join('|')})s?)\\s+that\\s+`, 'iy');
const NOUN_CUE_WORDS: ReadonlySet<string> = new Set([
  ...NOUN_CUE_VIEW,
  ...NOUN_CUE_THAT.flatMap((w) => (w.endsWith('s?') ? [w.slice(0, -2), w.slice(0, -1), w.slice(0, -1) + 's'] : [w, w + 's'])),
]);
const ACCORDING_TO = /according to\s+/iy;
const PUTS_IT = /puts? it\b/y;

let triggerRe: RegExp | undefined;
/**
 * Every word that can begin an attribution: the first words of the cue forms, the noun cues,
 * "according" and "put(s)"; and the last words of the setting phrases. One scan of the text for
 * them (wordHits) replaces a scan per pattern.
 */
function triggerWords(): RegExp {
  triggerRe ??= wordSetRe(new Set([...lexicon().cueAt.keys(), ...NOUN_CUE_WORDS, 'according', 'put', 'puts', ...(lexicon().settingLast ?? [])]));
  return triggerRe;
}

/** The first entity with a mention overlapping the span. */
function entityOver(entities: readonly Entity[], span: Span): Entity | undefined {
  for (const e of entities) for (const m of e.mentions) if (m.start < span.end && m.end > span.start) return e;
  return undefined;
}

/** Runs the stage over a document; exported for tests and the eval. */
export function extractQuotes(doc: Document): Quote[] {
  const text = doc.text;
  const sentences = doc.layer('sentences');
  const mentions = doc.layer('mentions');
  const entities = doc.has('entities') ? doc.layer('entities') : undefined;
  const paras = paragraphs(text);
  const paraAt = (pos: number): { start: number; end: number } => {
    const i = indexContaining(paras, pos);
    return i >= 0 ? paras[i]! : { start: pos, end: pos };
  };
  const allDirects = findDirect(text, paras);
  const directs = allDirects.filter((d) => !isNonQuote(text, d));
  const hits = wordHits(text, triggerWords());
  const cues = findCues(text, allDirects, hits);
  const settingLast = lexicon().settingLast;
  const settingWords = settingLast ? hits.filter((h) => settingLast.has(h.word)).map((h) => h.start) : undefined;
  const used = new Set<CueHit>();
  const cueIndex = (pos: number): number => firstStartingAt(cues, pos);
  const drafts: Draft[] = [];
  const absorbed = new Set<DirectSpan>();

  // (2) Cues attached to direct quotes.
  const directDraft = new Map<DirectSpan, Draft>();
  for (let k = 0; k < directs.length; k++) {
    const d = directs[k]!;
    const para = paraAt(d.end - 1);
    const nextStart = directs[k + 1]?.start ?? text.length;
    // The attribution after a quote runs to the end of the sentence it is in (the sentence layer
    // knows "Rep." and "(D-N.C.)" are not sentence ends), or to the next quote.
    let ai = d.end;
    while (ai < para.end && /\s/.test(text[ai]!)) ai++;
    const asi = sentenceAt(sentences, ai);
    TERMINATOR.lastIndex = d.end;
    const term = TERMINATOR.exec(text);
    const sentEndAfter = asi >= 0 && sentences[asi]!.start <= ai ? sentences[asi]!.end : term ? term.index + 1 : text.length;
    const limit = Math.min(para.end, nextStart, Math.max(sentEndAfter, ai + 1));
    let draft: Draft | undefined;
    const ci = cueIndex(d.end);
    const after = cues[ci];
    const contentText = text.slice(d.contentStart, d.contentEnd);
    if (after && after.start < limit && after.start - d.end <= 220) {
      const gap = text.slice(d.end, after.start);
      const restWords = wordCountIn(text, after.end, limit, 8);
      const softEnd = /[,?!…—–-]$/.test(contentText) || /^\s*[,—–-]/.test(gap) || /^\s*(?:\p{Ll}|$)/u.test(gap) || restWords <= 8;
      if (softEnd && !/[“"]/.test(gap)) draft = { anchor: after.start, start: d.start, end: d.end, contentStart: d.contentStart, contentEnd: d.contentEnd, kind: 'direct', cue: after, find: gap.trim().replace(/^[,—–-]\s*/, '') ? 'before' : 'after', from: d.end, limit, rule: 'direct-cue-after', direct: d };
    }
    if (!draft) {
      const prevEnd = directs[k - 1]?.end ?? 0;
      const si = sentenceAt(sentences, d.start);
      const from = Math.max(para.start, prevEnd, si >= 0 ? Math.min(sentences[si]!.start, d.start) : para.start);
      const before = cues[cueIndex(d.start) - 1];
      if (before && before.start >= from && !used.has(before)) {
        const gap = text.slice(before.end, d.start);
        if (gap.length <= 90 && /^[^“”".!?]*$/.test(gap) && !/\bthat\b/i.test(gap) && (/[:,]\s*$/.test(gap) || /^\s*$/.test(gap))) {
          draft = { anchor: before.start, start: d.start, end: d.end, contentStart: d.contentStart, contentEnd: d.contentEnd, kind: 'direct', cue: before, find: 'before', from, limit: d.start, rule: 'direct-cue-before', direct: d };
        }
      }
      const colon = !draft && from === para.start ? /^((?:\p{Lu}[\p{L}.'’-]*\s*){1,4}):\s*$/u.exec(text.slice(from, d.start)) : null;
      if (colon) {
        draft = { anchor: d.start, start: d.start, end: d.end, contentStart: d.contentStart, contentEnd: d.contentEnd, kind: 'direct', find: 'before', from, limit: from + colon[1]!.trimEnd().length, rule: 'headline-colon', direct: d, speakerSpan: { start: from, end: from + colon[1]!.trimEnd().length } };
      }
    }
    if (draft) {
      if (draft.cue) used.add(draft.cue);
      directDraft.set(d, draft);
    }
  }

  // (3) Indirect quotes from the remaining cues.
  for (const cue of cues) {
    if (used.has(cue)) continue;
    const para = paraAt(cue.start);
    const si = sentenceAt(sentences, cue.start);
    let from = si >= 0 ? Math.max(para.start, Math.min(sentences[si]!.start, cue.start)) : para.start;
    for (const d of directs) if (d.end <= cue.start && d.end > from && d.end >= para.start) from = d.end;
    const sentEnd = si >= 0 ? Math.min(para.end, Math.max(sentences[si]!.end, cue.end)) : para.end;
    const participle = /ing$/i.test(cue.text) && /,\s*$/.test(text.slice(from, cue.start));
    // CLAUSE, X said. / CLAUSE, said X. / PART, X said, REST.
    const tail = text.slice(cue.end, sentEnd);
    const leftText = text.slice(from, cue.start);
    const comma = leftText.lastIndexOf(',');
    const seg = leftText.slice(comma + 1);
    const inv = seg.trim() === '';
    // "Megan Hester, an organiser, said parents …": the commas set off an appositive of the subject.
    const appositiveSubject = leftText.indexOf(',') < comma && /^\s*(?:\p{Lu}[\p{L}.'’-]*\s+){0,4}\p{Lu}[\p{L}.'’-]*(?:\s+\([^)]{1,20}\))?\s*,/u.test(leftText);
    const parenthetical = !inv && /^\s*,\s*\S/.test(tail) && wordCount(tail, 3) >= 3 && !/^\s*,\s*(?:and|but|adding|saying|noting|according|who|which)\b/i.test(tail);
    const invTailOk = inv && (wordCount(tail, 8) <= 8 || /^\s+(?:\p{Lu}|(?:the|a|an)\s)[^,.;]{0,60},\s+(?:the|a|an|who|which|whose|\p{Lu})/u.test(tail)) && /^\s+(?:\p{Lu}|(?:the|a|an|one|some|another|two|three|several|many|other|senior|top|his|her|their|its)\s|(?:he|she|they|officials|analysts|experts|sources|aides|critics)\b)/u.test(tail);
    const tailOk = inv ? invTailOk : parenthetical || allAdverbial(tail);
    if (!participle && !appositiveSubject && comma > 0 && tailOk && !/\bthat\b/i.test(parenthetical ? tail.slice(0, 12) : tail) && wordCount(seg, 8) <= 8 && !/\b(?:that|and|which|who|to|should|would|could|will|can|if|when)\b/.test(seg) && wordCountIn(text, from, from + comma, 4) >= (parenthetical ? 1 : 4)) {
      let cs = from;
      while (cs < from + comma && /[\s“"‘]/.test(text[cs]!)) cs++;
      const ce = parenthetical ? contentEndFrom(text, sentences, directs, cue.end, para.end) : contentEndFrom(text, sentences, directs, cs, from + comma + 1);
      if (ce - cs > 0 && !directs.some((d) => d.start <= cs && d.end >= ce)) {
        const inverted = inv;
        drafts.push({ anchor: cue.start, start: cs, end: ce, contentStart: cs, contentEnd: ce, kind: 'indirect', cue, find: inverted ? 'after' : 'before', from: inverted ? cue.end : from + comma + 1, limit: inverted ? sentEnd : cue.start, rule: inverted ? 'indirect-trailing-inverted' : parenthetical ? 'indirect-parenthetical' : 'indirect-trailing' });
        used.add(cue);
        continue;
      }
    }
    const cs0 = contentStartAfter(text, cue, sentEnd, text.slice(from, cue.start));
    if (cs0 < 0) continue;
    let cs = cs0;
    while (cs < sentEnd && /\s/.test(text[cs]!)) cs++;
    // "X said: “…”" whose quote already has its own cue ("…,” he added) is not a second, indirect quote.
    if (directs.some((d) => d.start <= cs && cs < d.end && directDraft.get(d)?.cue)) continue;
    const ce = contentEndFrom(text, sentences, directs, cs, para.end);
    if (wordCountIn(text, cs, ce, 3) < (cue.entry.complement && cue.entry.complement !== 'clause' ? 2 : 3)) continue;
    drafts.push({ anchor: cue.start, start: cs, end: ce, contentStart: cs, contentEnd: ce, kind: 'indirect', cue, find: participle ? 'participle' : 'before', from, limit: cue.start, rule: participle ? 'indirect-participle' : 'indirect-that' });
    used.add(cue);
  }
  // Adverbial attributions anywhere in the sentence: "according to X, CLAUSE", "CLAUSE, according to
  // X", "PART, according to X, REST"; the same for "as X put it". The content is the sentence
  // without the adverbial: what follows it, what precedes it, or (in the middle) the whole sentence.
  const adverbial = (s: number, e: number, cue: CueHit, find: Draft['find'], from: number, limit: number, rule: string): void => {
    const para = paraAt(s);
    const si = sentenceAt(sentences, s);
    if (si < 0) return;
    const sent = sentences[si]!;
    const sentEnd = Math.min(sent.end, para.end);
    const lead = text.slice(Math.max(sent.start, para.start), s);
    const rest = text.slice(e, sentEnd);
    let cs: number;
    let ce: number;
    if (wordCount(lead.replace(/^\s*[“"‘]/, ''), 2) <= 2 || /^\s*(?:but|and|yet|so|still|also)?\s*$/i.test(lead)) {
      cs = e;
      while (cs < sentEnd && /[\s,:]/.test(text[cs]!)) cs++;
      ce = contentEndFrom(text, sentences, directs, cs, para.end);
    } else {
      cs = Math.max(sent.start, para.start);
      while (cs < s && /[\s“"‘]/.test(text[cs]!)) cs++;
      if (/^\s*,/.test(rest) && wordCount(rest, 3) >= 3 && !/^\s*,\s*(?:and|but|who|which|adding|saying|he|she|they)\b/i.test(rest)) ce = contentEndFrom(text, sentences, directs, e, para.end);
      else {
        ce = s;
        while (ce > cs && /[\s,(—–-]/.test(text[ce - 1]!)) ce--;
      }
    }
    if (wordCountIn(text, cs, ce, 3) < 3 || directs.some((d) => d.contentStart <= cs && d.contentEnd >= ce)) return;
    drafts.push({ anchor: s, start: cs, end: ce, contentStart: cs, contentEnd: ce, kind: 'indirect', cue, find, from, limit, rule });
  };
  const insideQuote = (pos: number): boolean => directs.some((d) => d.contentStart <= pos && pos < d.contentEnd);
  for (const m of matchesAtWords(text, hits, (w) => (w === 'according' ? ACCORDING_TO : undefined))) {
    const s = m.index;
    if (insideQuote(s)) continue;
    const para = paraAt(s);
    const si = sentenceAt(sentences, s);
    if (si < 0) continue;
    const sentEnd = Math.min(sentences[si]!.end, para.end);
    const xStart = s + m[0].length;
    const stop = /[,.;:)]|\s[—–]\s/.exec(text.slice(xStart, sentEnd));
    let xEnd = stop ? xStart + stop.index : sentEnd;
    while (xEnd > xStart && /[\s.]/.test(text[xEnd - 1]!) && !/\b\p{Lu}[\p{L}]?\.$/u.test(text.slice(xStart, xEnd))) xEnd--;
    if (wordCountIn(text, xStart, xEnd, 10) > 10) continue;
    const cue: CueHit = { start: s, end: s + 'according to'.length, text: text.slice(s, s + 'according to'.length), entry: { lemma: 'according to', stance: 'neutral', kind: 'speech', addressee: false } };
    adverbial(s, xEnd, cue, 'according', xStart, xEnd, 'according-to');
  }
  for (const m of !matchesAtWords(text, hits, (w) => (w === 'put' || w === 'puts' ? PUTS_IT : undefined)).length ? [] : text.matchAll(/\b[Aa]s\s+((?:\p{Lu}[\p{L}.'’-]*|the|he|she|they|one|another|a|an|[\p{Ll}-]+)(?:\s+[\p{L}.'’-]+){0,6}?)\s+((?:has\s+|had\s+)?put|puts)\s+it\b/gu)) {
    const s = m.index;
    if (insideQuote(s)) continue;
    const xStart = s + m[0].indexOf(m[1]!);
    const vStart = s + m[0].lastIndexOf(m[2]!);
    const cue: CueHit = { start: vStart, end: s + m[0].length, text: text.slice(vStart, s + m[0].length), entry: { lemma: 'put it', stance: 'neutral', kind: 'speech', addressee: false } };
    adverbial(s, s + m[0].length, cue, 'before', xStart, vStart, 'as-x-put-it');
  }
  // Transcript and headline lines: "NAME: what they said" at a paragraph start, the name a known
  // person or organisation (or an all-caps transcript name); the content runs to the paragraph end.
  const isActorSpan = (st: number, en: number): boolean => mentions.some((mm) => (mm.label === 'PER' || mm.label === 'ORG') && mm.start < en && mm.end > st);
  for (const p of paras) {
    const colonAt = text.indexOf(':', p.start);
    if (colonAt < 0 || colonAt >= Math.min(p.end, p.start + 60)) continue; // the pattern needs a colon
    const m = /^((?:\p{Lu}[\p{L}.'’-]*\s+){0,3}\p{Lu}[\p{L}.'’-]*)\s*:\s+(?=[^\s“"«‘'])/u.exec(text.slice(p.start, Math.min(p.end, p.start + 60)));
    if (!m) continue;
    const ne = p.start + m[1]!.length;
    const caps = /^[\p{Lu}.'’\s-]{3,}$/u.test(m[1]!) && m[1]!.length <= 30;
    if (/^(?:Update|Updated|Note|Editor|Correction|Photo|Video|Related|Read|Source|Watch|Listen|Share|Tags?|Posted|Published|Advertisement|Caption|Credit|Q|A)\b/i.test(m[1]!)) continue;
    if (!caps && !isActorSpan(p.start, ne) && !/^(?:Poll|Survey|Study|Report)s?$/.test(m[1]!)) continue;
    const cs = p.start + m[0].length;
    let ce = p.end;
    while (ce > cs && /[\s.]/.test(text[ce - 1]!)) ce--;
    if (wordCountIn(text, cs, ce, 3) < 3 || directs.some((d) => d.start <= cs && cs < d.end)) continue;
    drafts.push({ anchor: p.start, start: cs, end: ce, contentStart: cs, contentEnd: ce, kind: 'indirect', find: 'before', from: p.start, limit: ne, rule: 'name-colon', speakerSpan: { start: p.start, end: ne } });
  }

  // Noun cues: "X's view is that CLAUSE", "X's statement that CLAUSE", "his claim that CLAUSE",
  // "the allegation that CLAUSE" (speaker unknown unless a possessor names it).
  const NOUN_STANCE: Record<string, Stance> = { claim: 'contested', allegation: 'contested', accusation: 'complaint', charge: 'complaint', complaint: 'complaint', warning: 'assertive', insistence: 'assertive', promise: 'promise', pledge: 'promise', assurance: 'promise', suggestion: 'hedged', announcement: 'announcement', belief: 'belief', view: 'belief', assessment: 'belief', conclusion: 'belief', fear: 'belief', hope: 'belief', prediction: 'assertive' };
  for (const n of matchesAtWords(text, hits, (w) => (NOUN_CUE_WORDS.has(w) ? NOUN_CUE_STICKY : undefined))) {
    const back = /(['’]s|\b(?:his|her|their|its|the|a|an))\s+(?:(?:recent|earlier|latest|new|repeated|public|written|own|frequent|false|unfounded|baseless)\s+)?$/i.exec(text.slice(Math.max(0, n.index - 40), n.index));
    if (!back) continue;
    const at = Math.max(0, n.index - 40) + back.index;
    const m = { index: at, 0: text.slice(at, n.index + n[0].length), 1: back[1]!, 2: n[1], 3: n[2] };
    if (insideQuote(m.index)) continue;
    const det = m[1].toLowerCase();
    const noun = (m[2] ?? m[3]!).toLowerCase();
    if (m[2] && !/['’]s|his|her|their|its/.test(det)) continue; // "the point is that" is not attributed
    if (/^(?:the|a|an)$/.test(det) && /^(?:point|message|position)$/.test(noun)) continue;
    const para = paraAt(m.index);
    const si = sentenceAt(sentences, m.index);
    const cs = m.index + m[0].length;
    const ce = contentEndFrom(text, sentences, directs, cs, para.end);
    if (wordCountIn(text, cs, ce, 3) < 3) continue;
    const nounStart = m.index + m[0].toLowerCase().lastIndexOf(noun, m[0].length - 5);
    const nounEnd = nounStart + noun.length;
    const cue: CueHit = { start: nounStart, end: nounEnd, text: text.slice(nounStart, nounEnd), entry: { lemma: noun.replace(/s$/, ''), stance: NOUN_STANCE[noun.replace(/s$/, '')] ?? 'neutral', kind: /^(?:view|belief|assessment|conclusion|fear|hope)$/.test(noun) ? 'cognition' : 'speech', addressee: false } };
    const pron = /^(?:his|her|their|its)$/.test(det);
    const possessed = pron || !/^(?:the|a|an)$/.test(det);
    drafts.push({ anchor: m.index, start: cs, end: ce, contentStart: cs, contentEnd: ce, kind: 'indirect', cue, find: possessed ? 'possessive' : 'unattributed', from: si >= 0 ? Math.max(para.start, sentences[si]!.start) : para.start, limit: m.index, rule: 'noun-cue', ...(pron ? { speakerSpan: { start: m.index, end: m.index + det.length } } : {}) });
  }

  // Quoted fragments inside a reported clause make it mixed.
  for (const dr of drafts) {
    for (const d of directs) {
      if (d.start >= dr.contentEnd) break;
      if (d.start >= dr.contentStart && d.end <= dr.contentEnd + 1) {
        const own = directDraft.get(d);
        if (own && own.cue) continue;
        dr.kind = 'mixed';
        dr.contentEnd = Math.max(dr.contentEnd, d.end);
        dr.end = dr.contentEnd;
        absorbed.add(d);
      }
    }
  }
  // Direct quotes with no cue: kept when long enough to be a quotation, resolved by continuation.
  for (const d of directs) {
    if (absorbed.has(d)) continue;
    const own = directDraft.get(d);
    if (own) {
      drafts.push(own);
      continue;
    }
    if (wordCountIn(text, d.contentStart, d.contentEnd, 4) < 4) continue;
    drafts.push({ anchor: d.start, start: d.start, end: d.end, contentStart: d.contentStart, contentEnd: d.contentEnd, kind: 'direct', find: 'none', from: d.start, limit: d.start, rule: 'direct-continuation', direct: d });
  }
  drafts.sort((a, b) => a.anchor - b.anchor || a.start - b.start);

  // (4) Speakers, outlets and settings in text order.
  const actors = actorsOf(text, mentions, entities);
  const ctx = speakerContext(text, actors);
  const isPerson = (s: number, e: number): boolean => actors.some((a) => a.kind === 'person' && a.start < e && a.end > s && !/^(?:TV|Radio)/.test(a.name));
  const out: Quote[] = [];
  let last: { quote: Quote; para: { start: number; end: number } } | undefined;
  for (const dr of drafts) {
    const para = paraAt(dr.start);
    let speaker: Speaker | undefined;
    let continuation = false;
    let confidence = 0.85;
    const cueRegion = { start: Math.min(dr.from, dr.cue?.start ?? dr.from), end: Math.max(dr.limit, dr.cue?.end ?? dr.limit) };
    const outlet = dr.cue ? outletOf(text, dr.cue, { start: cueRegion.start, end: Math.min(para.end, (dr.cue.end) + 150) }, isPerson) : undefined;
    switch (dr.find) {
      case 'before':
        speaker = dr.speakerSpan ? (subjectBefore(ctx, dr.speakerSpan.start, dr.speakerSpan.end) ?? { name: text.slice(dr.speakerSpan.start, dr.speakerSpan.end), start: dr.speakerSpan.start, end: dr.speakerSpan.end, text: text.slice(dr.speakerSpan.start, dr.speakerSpan.end), kind: 'person', via: 'name' }) : subjectBefore(ctx, dr.from, dr.cue!.start);
        break;
      case 'after':
        speaker = subjectAfter(ctx, dr.cue!.end, dr.limit);
        break;
      case 'participle':
        speaker = last && last.para === para ? { ...last.quote.speaker, via: 'continuation' } : subjectBefore(ctx, dr.from, dr.cue!.start);
        break;
      case 'according': {
        speaker = subjectAfter(ctx, dr.from - 1, dr.limit) ?? groupOrNominal(ctx, dr.from, dr.limit);
        if (!speaker && dr.limit > dr.from) speaker = { name: text.slice(dr.from, dr.limit), start: dr.from, end: dr.limit, text: text.slice(dr.from, dr.limit), kind: 'unknown', via: 'name' };
        break;
      }
      case 'possessive':
        if (dr.speakerSpan) {
          const w = text.slice(dr.speakerSpan.start, dr.speakerSpan.end).toLowerCase();
          speaker = resolvePronoun(ctx, w === 'his' ? 'he' : w === 'her' ? 'she' : w === 'their' ? 'they' : 'it', dr.speakerSpan.start, dr.speakerSpan.end);
        } else speaker = subjectBefore(ctx, dr.from, dr.limit);
        break;
      case 'unattributed':
        break;
      case 'none': {
        const pi = paras.indexOf(para);
        const lastPi = last ? paras.indexOf(last.para) : -2;
        if (last && (lastPi === pi || (lastPi === pi - 1 && dr.start === para.start))) {
          speaker = { ...last.quote.speaker, via: 'continuation' };
          continuation = true;
          confidence = 0.75;
        } else if (last && dr.start - last.quote.end < 600) {
          speaker = { ...last.quote.speaker, via: 'continuation' };
          continuation = true;
          confidence = 0.45;
        }
        break;
      }
    }
    if (speaker && outlet && speaker.start !== undefined && speaker.start < outlet.end && (speaker.end ?? 0) > outlet.start) speaker = undefined;
    if (!speaker) {
      speaker = { name: 'unknown', kind: 'unknown', via: 'none' };
      confidence = 0.3;
    } else if (speaker.via === 'pronoun' || speaker.via === 'sentence-subject') confidence = Math.min(confidence, 0.7);
    if (dr.kind !== 'direct') confidence = Math.min(confidence, 0.75);
    const outletEntity = entities && outlet ? entityOver(entities, outlet)?.id : undefined;
    const setting = settingOf(text, dr.cue, { start: Math.max(para.start, Math.min(dr.from, dr.cue?.start ?? dr.from) - 120), end: Math.min(para.end, Math.max(dr.limit, dr.cue?.end ?? 0) + 120) }, settingWords);
    // Optional keys assigned in output order (the JSON record keeps insertion order): cheaper than
    // spreading conditional object literals, which copies each one.
    const quote: Mutable<Quote> = { start: dr.start, end: dr.end, text: text.slice(dr.start, dr.end), content: { start: dr.contentStart, end: dr.contentEnd }, kind: dr.kind, speaker } as Mutable<Quote>;
    if (dr.cue) quote.cue = cueOfHit(dr.cue);
    if (outlet) {
      const o: Mutable<NonNullable<Quote['outlet']>> = { name: outlet.name } as Mutable<NonNullable<Quote['outlet']>>;
      if (outletEntity) o.entity = outletEntity;
      o.start = outlet.start;
      o.end = outlet.end;
      quote.outlet = o;
    }
    if (setting) quote.setting = setting;
    if (continuation) quote.continuation = true;
    quote.confidence = confidence;
    quote.prov = { stage: QUOTES_STAGE, version: QUOTES_VERSION, rule: dr.rule + (dr.direct && dr.direct.rule !== 'closed' ? `+${dr.direct.rule}` : '') };
    out.push(quote);
    if (speaker.kind !== 'unknown') {
      ctx.history.push(speaker);
      last = { quote, para };
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Direct, indirect and mixed quotations with speaker, cue, outlet and setting. */
export const quotesStage: Stage<'quotes'> = {
  name: QUOTES_STAGE,
  version: QUOTES_VERSION,
  requires: ['sentences', 'tokens', 'mentions'],
  provides: ['quotes'],
  run(doc) {
    return { layers: { quotes: extractQuotes(doc) } };
  },
};
