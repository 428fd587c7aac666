/**
 * The PLOVER trigger lexicon (data/events/triggers.tsv) and modality cues (data/events/modality.tsv),
 * compiled on first use into form → entries maps, and the matcher that finds triggers in a sentence.
 * Regular inflections are generated here; irregular ones come from the `forms` column.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Form } from './words.ts';

export const EVENTS_DATA_DIR = fileURLToPath(new URL('../../../data/events/', import.meta.url));

export const PLOVER_TYPES = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
] as const;
export type PloverType = (typeof PLOVER_TYPES)[number];

/** What lies between two words of a phrase: nothing, any few words, or a gap that must hold an actor. */
export type Gap = 'none' | 'any' | 'actor';

export interface TriggerEntry {
  readonly trigger: string;
  /** Index of the word the trigger span covers. */
  readonly head: number;
  readonly pos: 'verb' | 'noun';
  /** null: a phrase that is not an event and blocks the triggers inside it. */
  readonly type: PloverType | null;
  readonly mode?: string;
  readonly polarity: '+' | '-';
  /** Lower-case forms accepted at each word of the phrase. */
  readonly words: readonly ReadonlySet<string>[];
  /** gaps[i] is the gap between words[i] and words[i + 1]. */
  readonly gaps: readonly Gap[];
  readonly source: string;
  /** Line in triggers.tsv, for provenance. */
  readonly line: number;
  /** How an event's rule names the entry: "triggers.tsv#L<line>", or the trigger for an entry of no line. */
  readonly ref: string;
}

export interface ModalityCue {
  readonly cue: string;
  readonly kind: 'aux' | 'verb' | 'noun' | 'adj';
  readonly modality: string;
  readonly intent: boolean;
  readonly line: number;
}

export interface Lexicon {
  /** First-word form → entries starting with it, longest phrase first. */
  readonly byFirst: ReadonlyMap<string, readonly TriggerEntry[]>;
  /** Word form → modality cue. */
  readonly modality: ReadonlyMap<string, readonly ModalityCue[]>;
  readonly entries: readonly TriggerEntry[];
}

/** Rows of a TSV whose '#' comment lines precede the header; each row keeps its 1-based line. */
export function readEventsTsv(file: string): (Record<string, string> & { line: string })[] {
  const lines = readFileSync(EVENTS_DATA_DIR + file, 'utf8').split(/\r?\n/);
  let header: string[] | undefined;
  const rows: (Record<string, string> & { line: string })[] = [];
  lines.forEach((raw, i) => {
    if (!raw.trim() || raw.startsWith('#')) return;
    const cells = raw.split('\t');
    if (!header) {
      header = cells.map((c) => c.trim());
      return;
    }
    const row: Record<string, string> = { line: String(i + 1) };
    header.forEach((h, j) => (row[h] = (cells[j] ?? '').trim()));
    rows.push(row as Record<string, string> & { line: string });
  });
  return rows;
}

const VOWEL = /[aeiou]/;

/**
 * Regular inflections of an English word as verb and/or noun.
 * @example inflect('ban', 'verb') // ['ban', 'bans', 'banned', 'banning', 'baned', 'baning', ...]
 */
export function inflect(word: string, pos: 'verb' | 'noun'): string[] {
  const out = new Set<string>([word]);
  const sib = /(s|x|z|ch|sh)$/.test(word);
  if (/[^aeiou]y$/.test(word)) out.add(word.slice(0, -1) + 'ies');
  else out.add(word + (sib ? 'es' : 's'));
  if (pos === 'verb') {
    if (word.endsWith('e')) {
      out.add(word + 'd');
      out.add(word.slice(0, -1) + 'ing');
    } else if (/[^aeiou]y$/.test(word)) {
      out.add(word.slice(0, -1) + 'ied');
      out.add(word + 'ing');
    } else {
      out.add(word + 'ed');
      out.add(word + 'ing');
      const last = word[word.length - 1]!;
      // consonant-vowel-consonant: ban → banned, plan → planning (over-generation is harmless)
      if (word.length >= 3 && !VOWEL.test(last) && !/[wxy]/.test(last) && VOWEL.test(word[word.length - 2]!) && !VOWEL.test(word[word.length - 3]!)) {
        out.add(word + last + 'ed');
        out.add(word + last + 'ing');
      }
    }
  }
  return [...out];
}

let cached: Lexicon | undefined;

/** The compiled lexicon, loaded once per process on first use. */
export function lexicon(): Lexicon {
  // kept apart from the loader: a function with closures allocates their context on every call
  return (cached ??= loadLexicon());
}

function loadLexicon(): Lexicon {
  const entries: TriggerEntry[] = [];
  for (const r of readEventsTsv('triggers.tsv')) {
    const type = r.type === '-' ? null : (r.type as PloverType);
    if (type !== null && !PLOVER_TYPES.includes(type)) throw new Error(`data/events/triggers.tsv line ${r.line}: unknown PLOVER type "${r.type}"`);
    const pos = r.pos === 'noun' ? 'noun' : 'verb';
    const irregular = (r.forms ?? '').split('|').filter(Boolean).map((f) => f.toLowerCase());
    const parts = (r.trigger ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const words: Set<string>[] = [];
    const gaps: Gap[] = [];
    let headAt = 0;
    for (const raw of parts) {
      const p = raw.replace(/^\*/, '');
      if (raw.startsWith('*')) headAt = words.length;
      if (p === '…' || p === '<x>') {
        if (gaps.length === words.length - 1 && words.length > 0) gaps.push(p === '…' ? 'any' : 'actor');
        continue;
      }
      if (words.length > gaps.length) gaps.push('none');
      const forms = new Set<string>();
      // a phrase's words may inflect either way ("troops were spotted", "held talks")
      for (const f of inflect(p, pos)) forms.add(f);
      if (parts.length > 1) for (const f of inflect(p, pos === 'verb' ? 'noun' : 'verb')) forms.add(f);
      words.push(forms);
    }
    for (const f of irregular) words[0]?.add(f);
    if (words.length === 0) continue;
    entries.push({
      trigger: r.trigger!.replace('*', ''),
      head: headAt,
      pos,
      type,
      ...(r.mode ? { mode: r.mode } : {}),
      polarity: r.polarity === '-' ? '-' : '+',
      words,
      gaps,
      source: r.source ?? '',
      line: Number(r.line),
      ref: `triggers.tsv#L${r.line}`,
    });
  }
  const byFirst = new Map<string, TriggerEntry[]>();
  for (const e of entries) {
    for (const f of e.words[0]!) {
      const list = byFirst.get(f) ?? [];
      list.push(e);
      byFirst.set(f, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  const modality = new Map<string, ModalityCue[]>();
  for (const r of readEventsTsv('modality.tsv')) {
    const kind = (r.kind ?? 'verb') as ModalityCue['kind'];
    const cue: ModalityCue = { cue: r.cue!, kind, modality: r.modality!, intent: r.intent === 'yes', line: Number(r.line) };
    const forms = kind === 'aux' || kind === 'adj' ? [r.cue!] : inflect(r.cue!, kind === 'noun' ? 'noun' : 'verb');
    for (const f of [...forms, ...(r.forms ?? '').split('|').filter(Boolean)]) {
      const list = modality.get(f) ?? [];
      list.push(cue);
      modality.set(f, list);
    }
  }
  return { byFirst, modality, entries };
}

/** A word of a sentence as the matcher sees it. */
export interface Word {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly lower: string;
  /** Punctuation and symbols. */
  readonly punct: boolean;
  /** The interned form, which keeps per-form answers of the rules. */
  readonly form: Form;
  /** The word classes of its form (bits defined in clause.ts, triggers.ts, subjects.ts, arguments.ts, words.ts), decided once per form. */
  readonly bits: number;
}

export interface TriggerMatch {
  readonly entry: TriggerEntry;
  /** Index of the first and last word matched (inclusive), and of the head word the trigger span covers. */
  readonly first: number;
  readonly last: number;
  readonly headFirst: number;
  readonly headLast: number;
  /** For `<X>` gaps: the word range that held the actor. */
  readonly slot?: readonly [number, number];
}

const DETERMINERS = new Set(['a', 'an', 'the', 'his', 'her', 'its', 'their', 'our', 'my', 'your', 'this', 'that', 'these', 'those', 'no', 'any', 'new', 'further', "'s", '’s']);
const GAP_MAX = 6;
const GAP_STOP = new Set([',', ';', ':', '.', '“', '”', '"', '–', '—', 'that', 'which', 'who', 'while', 'but']);

/** Word class bits (a word's `bits`, see clause.ts): some lexicon entry starts with the word; it is a modality cue. */
export const TRIGGER_WORD = 1 << 6;
export const MODAL_CUE = 1 << 11;

/** The lexicon's word classes of a word form (the bits above). */
export function lexiconClass(lower: string, punct: boolean): number {
  const lex = lexicon();
  return (!punct && lex.byFirst.has(lower) ? TRIGGER_WORD : 0) | (lex.modality.has(lower) ? MODAL_CUE : 0);
}

/**
 * The entries whose first word is `w`, longest phrase first; looked up once per form, not per word,
 * and only for a word with the TRIGGER_WORD bit (which the word carries: most words are not read further).
 */
export function triggersAt(w: Word): readonly TriggerEntry[] | null {
  if (!(w.bits & TRIGGER_WORD)) return null;
  const f = w.form;
  let t = f.triggers;
  if (t === undefined) f.triggers = t = f.punct ? null : (lexicon().byFirst.get(f.lower) ?? null);
  return t;
}

/**
 * Trigger matches in a sentence's words, longest first at each position, non-overlapping.
 * `isActor(i, j)` says whether words i..j hold an actor (for `<X>` gaps). With `from` and `to`, the
 * sentence is words from..to-1 of a longer list (the document's), and every index, in the matches
 * and to isActor, counts from `from`.
 *
 * @example matchTriggers(words('Moscow denies allegations'), () => false).map((m) => m.entry.type) // ['REJECT', 'ACCUSE']
 */
export function matchTriggers(words: readonly Word[], isActor: (i: number, j: number) => boolean, from = 0, to = words.length): readonly TriggerMatch[] {
  // (made on the first match: most sentences have none)
  let out: TriggerMatch[] | undefined;
  let i = from;
  while (i < to) {
    const w = words[i]!;
    const cands = triggersAt(w);
    let best: TriggerMatch | undefined;
    if (cands) {
      for (const e of cands) {
        const m = matchAt(words, i, e, isActor, from, to);
        if (!m) continue;
        if (e.words.length === 1 && !best) {
          // the same single word as verb and noun ("demands", "attack"): pick by the word before it
          const alt = otherReading(cands, e, w.lower);
          if (alt) {
            const prev = i > from ? words[i - 1]!.lower : '';
            const wantNoun = DETERMINERS.has(prev) || /’s$|'s$/.test(prev) || /(ing|ed|ive|al|ary|ic|ful)$/.test(prev) && prev.length > 4;
            const chosen = (wantNoun ? 'noun' : 'verb') === e.pos ? e : alt;
            best = chosen === e ? m : { ...m, entry: chosen };
            break;
          }
        }
        if (!best || m.last - m.first > best.last - best.first) best = m;
        if (e.words.length > 1) break;
      }
    }
    if (best) {
      (out ??= []).push(best);
      i = from + best.last + 1;
    } else i++;
  }
  return out ?? NO_MATCHES;
}

const NO_MATCHES: readonly TriggerMatch[] = [];

/** Another single-word entry of `form` with the other part of speech ("demands" as noun and verb). */
function otherReading(cands: readonly TriggerEntry[], e: TriggerEntry, form: string): TriggerEntry | undefined {
  for (const c of cands) if (c !== e && c.words.length === 1 && c.pos !== e.pos && c.words[0]!.has(form)) return c;
  return undefined;
}

/** Entry `e` at word i, reading no word at or after `end`; indices in the match (and to isActor) count from `base`. */
function matchAt(words: readonly Word[], i: number, e: TriggerEntry, isActor: (i: number, j: number) => boolean, base: number, end: number): TriggerMatch | undefined {
  let pos = i;
  let slot: [number, number] | undefined;
  let headFirst = i;
  let headLast = i;
  for (let k = 1; k < e.words.length; k++) {
    const gap = e.gaps[k - 1] ?? 'none';
    const forms = e.words[k]!;
    if (gap === 'none') {
      if (pos + 1 >= end || !forms.has(words[pos + 1]!.lower)) return undefined;
      pos++;
      if (e.head === 0 && noGaps(e)) headLast = pos;
      continue;
    }
    let found = -1;
    for (let j = pos + 1; j <= Math.min(end - 1, pos + 1 + GAP_MAX); j++) {
      const wj = words[j]!;
      if (forms.has(wj.lower) && j > pos + 1) {
        if (gap === 'actor' && !isActor(pos + 1 - base, j - 1 - base)) continue;
        found = j;
        break;
      }
      if (GAP_STOP.has(wj.lower)) break;
    }
    if (found < 0) return undefined;
    if (gap === 'actor') slot = [pos + 1 - base, found - 1 - base];
    pos = found;
    // "troops … spotted": the head is the word marked '*'; "lift … curfew", "want <X> to": the first
    if (k === e.head) {
      headFirst = found;
      headLast = found;
    }
  }
  if (slot) return { entry: e, first: i - base, last: pos - base, headFirst: headFirst - base, headLast: headLast - base, slot };
  return { entry: e, first: i - base, last: pos - base, headFirst: headFirst - base, headLast: headLast - base };
}

function noGaps(e: TriggerEntry): boolean {
  for (const g of e.gaps) if (g !== 'none') return false;
  return true;
}
