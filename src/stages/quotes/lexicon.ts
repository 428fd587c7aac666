/**
 * The quotes stage's lexicons, read from data/quotes/*.tsv once and compiled into lookup maps and
 * regular expressions (see data/quotes/README.md for what each file holds and where it came from).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const QUOTES_DATA_DIR = fileURLToPath(new URL('../../../data/quotes/', import.meta.url));

export type Stance =
  | 'neutral'
  | 'assertive'
  | 'contested'
  | 'denial'
  | 'complaint'
  | 'question'
  | 'agreement'
  | 'hedged'
  | 'promise'
  | 'announcement'
  | 'belief';

export interface CueEntry {
  readonly lemma: string;
  readonly stance: Stance;
  readonly kind: 'speech' | 'cognition';
  /** Takes an addressee before its clause: "told reporters that ...". */
  readonly addressee: boolean;
  /**
   * What may follow the cue (cues.tsv, column 6): a clause; a noun phrase or clause ("called for the
   * repeal"); a clause or to-infinitive ("vowed to"); an addressee then a to-infinitive ("urged X to");
   * only "that" (or a noun phrase after a research subject: "the study found", "polls show").
   */
  readonly complement?: 'clause' | 'np' | 'inf' | 'obj-inf' | 'that';
}

export interface Lexicon {
  /** Lower-case inflected form (possibly multiword) → cue. */
  readonly forms: ReadonlyMap<string, CueEntry>;
  /**
   * Matches any cue form as a whole word; global, case-insensitive. The definition of a cue
   * match: findCues finds the same matches through cueAt, without scanning the text with it.
   */
  readonly cueRe: RegExp;
  /**
   * Lower-case first word of a cue form → the cueRe alternatives that start with it, in cueRe's
   * order, as one sticky pattern: tried where that word stands it matches what cueRe matches there.
   */
  readonly cueAt: ReadonlyMap<string, RegExp>;
  readonly settings: readonly { readonly re: RegExp; readonly setting: string }[];
  /** Any setting phrase, global: used to find the setting nearest a cue. */
  readonly settingRe: RegExp;
  /**
   * The lower-case words every setting phrase ends with, each after a space ("conference",
   * "reporters"): a text span without one holds no setting. Undefined when a pattern of
   * settings.tsv does not end that way (then every span is searched).
   */
  readonly settingLast?: ReadonlySet<string>;
  /** Lower-case role word → gender ('f' | 'm' | '-') and whether it may stand before a name. */
  readonly roles: ReadonlyMap<string, { readonly gender: string; readonly title: boolean }>;
  /** Given name → 'f' | 'm'. */
  readonly firstNames: ReadonlyMap<string, 'f' | 'm'>;
}

/** Rows of a data TSV: comment lines (#) and the header line are skipped. */
function rows(file: string): string[][] {
  const lines = readFileSync(QUOTES_DATA_DIR + file, 'utf8').split('\n');
  const out: string[][] = [];
  let header = true;
  for (const line of lines) {
    if (!line.trim() || line.startsWith('#')) continue;
    if (header) {
      header = false;
      continue;
    }
    out.push(line.split('\t').map((c) => c.trim()));
  }
  return out;
}

/**
 * Matches any of `words` (lower-case ASCII letters) as a whole word, case-insensitively; global.
 * The same matches as `\b(?:w1|w2|…)\b`, but with the alternation factored into a letter trie:
 * irregexp tries a flat alternation one word after another at every word start, the trie one
 * letter at a time.
 */
export function wordSetRe(words: Iterable<string>): RegExp {
  interface Node {
    readonly next: Map<string, Node>;
    end: boolean;
  }
  const root: Node = { next: new Map(), end: false };
  for (const w of words) {
    if (!/^[a-z]+$/.test(w)) throw new Error(`quotes: "${w}" is not a lower-case ASCII word`);
    let node = root;
    for (const c of w) {
      let n = node.next.get(c);
      if (!n) node.next.set(c, (n = { next: new Map(), end: false }));
      node = n;
    }
    node.end = true;
  }
  const source = (node: Node): string => {
    const alts = [...node.next].map(([c, n]) => c + source(n));
    if (!alts.length) return '';
    const body = alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
    return node.end ? `(?:${body})?` : body;
  };
  return new RegExp(`\\b${source(root)}\\b`, 'gi');
}

/** Whether the pattern is an alternation at its top level ("a|b c"), or may be (it escapes something or has a class). */
function hasTopLevelBar(pattern: string): boolean {
  let depth = 0;
  for (const c of pattern) {
    if (c === '\\' || c === '[' || (c === '|' && depth === 0)) return true;
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return false;
}

/**
 * Whether every string the pattern fragment matches ends with a space, for the fragments of
 * settings.tsv: "told ", "at an? (?:news |press )", "in an? (?:written |joint )?". False (not
 * known) for anything else.
 */
function endsWithSpace(fragment: string): boolean {
  if (fragment.endsWith(' ')) return true;
  const optional = fragment.endsWith(')?');
  const close = fragment.length - (optional ? 2 : 1);
  if (fragment[close] !== ')' || fragment.includes('\\')) return false;
  // The group that closes there: its alternatives must all end with a space (and, when it may be
  // absent, what precedes it too).
  let depth = 0;
  let open = close;
  const bars: number[] = [];
  for (; open >= 0; open--) {
    const c = fragment[open];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) break;
    else if (c === '|' && depth === 1) bars.push(open);
  }
  if (open < 0 || fragment.slice(open, open + 3) !== '(?:') return false;
  bars.reverse(); // collected right to left
  const starts = [open + 3, ...bars.map((b) => b + 1)];
  const ends = [...bars, close];
  for (let i = 0; i < starts.length; i++) if (!endsWithSpace(fragment.slice(starts[i], ends[i]))) return false;
  return !optional || endsWithSpace(fragment.slice(0, open));
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let cached: Lexicon | undefined;

/** The compiled lexicon, loaded on first use and kept. */
export function lexicon(): Lexicon {
  if (cached) return cached;
  const forms = new Map<string, CueEntry>();
  for (const [lemma, formList, stance, kind, addressee, complement] of rows('cues.tsv')) {
    if (!lemma || !formList) continue;
    const comp = complement === 'np' || complement === 'inf' || complement === 'obj-inf' || complement === 'that' ? complement : undefined;
    const entry: CueEntry = { lemma, stance: (stance ?? 'neutral') as Stance, kind: kind === 'cognition' ? 'cognition' : 'speech', addressee: addressee === 'yes', ...(comp ? { complement: comp } : {}) };
    for (const f of formList.split(',')) forms.set(f.trim().toLowerCase(), entry);
  }
  // Longest first so "pointed out" wins over a shorter form at the same place.
  const alts = [...forms.keys()].sort((a, b) => b.length - a.length).map((f) => escape(f).replace(/ /g, '\\s+'));
  const cueRe = new RegExp(`\\b(?:${alts.join('|')})\\b`, 'gi');
  // cueRe tries ~300 alternatives at every position of the text. Every form is lower-case ASCII
  // words, so a form can only match where its first word is a whole word: scanning for the first
  // words (wordSetRe) and trying only their alternatives there finds the same matches much faster.
  const byFirst = new Map<string, string[]>();
  for (const alt of alts) {
    const first = alt.split('\\s+')[0]!;
    let list = byFirst.get(first);
    if (!list) byFirst.set(first, (list = []));
    list.push(alt);
  }
  const cueAt = new Map<string, RegExp>();
  for (const [first, list] of byFirst) cueAt.set(first, new RegExp(`(?:${list.join('|')})\\b`, 'iy'));
  const settings = rows('settings.tsv').map(([pattern, setting]) => ({ re: new RegExp(`\\b${pattern!}\\b`, 'i'), setting: setting! }));
  const settingRe = new RegExp(settings.map((s) => `(?:${s.re.source})`).join('|'), 'gi');
  let settingLast: Set<string> | undefined = new Set();
  for (const [pattern] of rows('settings.tsv')) {
    const last = /(?:\(\?:([A-Za-z|]+)\)|([A-Za-z]+))$/.exec(pattern!);
    if (!last || hasTopLevelBar(pattern!) || !endsWithSpace(pattern!.slice(0, last.index))) {
      settingLast = undefined;
      break;
    }
    for (const w of (last[1] ?? last[2]!).split('|')) settingLast.add(w.toLowerCase());
  }
  const roles = new Map<string, { gender: string; title: boolean }>();
  for (const [word, gender, title] of rows('roles.tsv')) if (word) roles.set(word, { gender: gender ?? '-', title: title === 'yes' });
  const firstNames = new Map<string, 'f' | 'm'>();
  for (const [name, gender] of rows('first-names.tsv')) if (name && (gender === 'f' || gender === 'm')) firstNames.set(name, gender);
  cached = { forms, cueRe, cueAt, settings, settingRe, ...(settingLast ? { settingLast } : {}), roles, firstNames };
  return cached;
}

/** The cue entry for a matched form ("Said", "pointed  out"). */
export function cueOf(form: string): CueEntry | undefined {
  return lexicon().forms.get(form.toLowerCase().replace(/\s+/g, ' '));
}
