/**
 * The fast inference path of the NER tagger (the reference path, decodeSentence and ReferenceTagger,
 * is in tagger.ts; ner.test.ts checks the two agree).
 */
import {
  BOUNDARY, capRuns, contextFeatures, docCodeOf, dynamicGlobal, dynamicWord, GAZ_BITS, gazFeature, lexNeighbourFeature, markGazetteer, modeOf,
  N_CLASSES, N_CONTEXT, N_DYN_GLOBAL, N_DYN_WORD, N_NEIGHBOUR, N_SHAPE_TRI, N_WORD_PAIR, neighbourFeatures, PHRASE_SEED, phraseStep, runFeatures,
  runPos, shapeFeatures, START_PAIR, wordInfo, wordPairFeatures, type WordInfo,
} from './features.ts';
import type { NerModel } from './model.ts';
import { Entry, LowerSlot } from './entry.ts';
import { ALLOWED, START, type TaggedSentence } from './tagger.ts';

//
// Every static feature group is a function of few inputs (a word; a word at an offset; a word with
// its sentence mode, position and document code; a neighbour's lexicon code with the word's
// capitalisation; a window of five collapsed shapes), and the tag-dependent ones split into a part
// that depends on the word only through its capitalisation and a part that depends on the word, the
// previous class and the label history. Each group's int16 weights are summed once per distinct
// input into an int32 vector of N_CLASSES, kept in one growing pool, so a token costs about ten
// vector additions plus the hash probes of its word bigrams (behind a Bloom filter: most are not in
// the model), capitalised runs and gazetteer hits. Integer sums are exact, so the classes are those
// of the reference path (up to float rounding of exact ties there); confidences agree to ~1e-6.

const C = N_CLASSES;
/** Values of a previous class: 0..16 and START. */
const N_PREV = START + 1;
/** Values of the label history: 0 none, 1..4 type, 5 capitalised and untagged. */
const N_HIST = 6;
/** Int32s per slot of Tagger.table: the feature hash, then its C int16 weights (8.5 int32s), padded. */
const SLOT = 10;
/** Size of Tagger.exps (32 kB): score gaps up to ~3 × scale × temperature, beyond which they are rare. */
const N_EXPS = 4096;
/** Cached static vectors per token (see Tagger.vecs). */
const N_VEC = 6;
/** Vectors per word in the pool (see Entry.off). */
const BLOCK = 12;
/**
 * Index in a block of the word's vector as neighbour at −2, −1, +1, +2. At −1 and +1 there are four,
 * one per capitalisation of the centre word, each with the lexNeighbourFeature of the word's lexicon
 * code on that side folded in (two fewer vectors to sum per token; a token only reads the variant it needs).
 */
const NB = [1, 2, 6, 10] as const;

/**
 * The classes ALLOWED after each (prev + 1) * 2 + last, ascending: ALLOWED_LIST[m * C .. m * C + ALLOWED_COUNT[m]).
 * Decoding scores only these (after B-x only I-x and L-x may follow), in the order the full loop would.
 */
const ALLOWED_LIST = new Uint8Array(ALLOWED.length);
const ALLOWED_COUNT = new Uint8Array(ALLOWED.length / C);
for (let m = 0; m < ALLOWED_COUNT.length; m++) {
  for (let c = 0; c < C; c++) if (ALLOWED[m * C + c] === 1) ALLOWED_LIST[m * C + ALLOWED_COUNT[m]!++] = c;
}

/** Tags documents with a loaded model (the fast path; see above). Not re-entrant: one call at a time. */
export class Tagger {
  /** Distinct words cached before all caches are dropped (checked between documents); ~1 kB each. */
  cacheLimit = 16_000;
  /** Compute confidences of O tokens too (off: spans never read them, and each costs an exp per class). */
  allConf = false;

  /**
   * The model's weights as one open-addressing table (Int32 view: key at slot * SLOT; Int16 view: the
   * weights right after it), so a feature costs one or two cache lines, not three (HashIndex keys,
   * its values, then the row of q).
   */
  private readonly tkeys: Int32Array;
  private readonly tw: Int16Array;
  private readonly tmask: number;
  private readonly phrases: ReadonlyMap<number, number>;
  /** 1 / (scale × temperature): the confidence softmax in int weight units. */
  private readonly invTemp: number;
  /** EXPS[k] = Math.exp(−k × invTemp) for k < N_EXPS: the same doubles as computing them, for a load. */
  private readonly exps = new Float64Array(N_EXPS);
  /** Bloom filter over the model's feature hashes (2 bits of 2^19). */
  private readonly bloom = new Int32Array(1 << 14);
  private readonly hs = new Uint32Array(16);
  /** Fixed tables, filled lazily: lexNeighbourFeature sums by (side, lex, cap); dynamicGlobal sums by (prev2, prev1, hist, cap). */
  private readonly lexVecs = new Int32Array(2 * 256 * 4 * C);
  private readonly lexDone = new Uint8Array(2 * 256 * 4);
  private readonly globVecs = new Int32Array(N_PREV * N_PREV * N_HIST * 4 * C);
  private readonly globDone = new Uint8Array(N_PREV * N_PREV * N_HIST * 4);
  /** Cached weight sums (offsets held by entries and maps below); the boundary vectors sit at 0. */
  private pool = new Int32Array(1 << 16);
  private top = 0;
  /** Word strings: open addressing on an FNV hash of the characters, so no word is sliced out of the text to be looked up. */
  private wkeys = new Int32Array(1 << 12);
  private wvals = new Int32Array(1 << 12);
  private entries: Entry[] = [];
  private slots = new Map<number, LowerSlot>();
  /** Collapsed-shape hash → small id; window of five ids (6 bits each) → pool offset of its shape-trigram sum. */
  private shapeIds = new Map<number, number>();
  /** The window table: open addressing, key + 1 (0 = empty slot) and pool offset. A Map lookup cost more. */
  private winKeys = new Int32Array(1 << 12);
  private winOffs = new Int32Array(1 << 12);
  private winSize = 0;
  private stamp = 0;
  private readonly scores = new Int32Array(C);
  // Per-document scratch, grown as needed.
  private ents: Entry[] = [];
  private modes = new Uint8Array(64);
  /** Per token: the sparse static features (word pairs, runs, gazetteer) summed over all classes. */
  private stat = new Int32Array(256 * C);
  /** Per token: the pool offsets of its N_VEC cached static vectors. */
  private vecs = new Int32Array(256 * N_VEC);
  private lowers = new Int32Array(256);
  private caps = new Int32Array(256);
  private first = new Int32Array(256);
  private runStart = new Int32Array(256);
  private runEnd = new Int32Array(256);
  private gaz = new Int32Array(256 * GAZ_BITS);

  constructor(readonly model: NerModel) {
    let slots = 1024;
    while (slots < model.index.size * 2) slots *= 2;
    const buf = new ArrayBuffer(slots * SLOT * 4);
    const tkeys = new Int32Array(buf);
    const tw = new Int16Array(buf);
    this.tkeys = tkeys;
    this.tw = tw;
    this.tmask = slots - 1;
    const q = model.q;
    model.index.forEach((h, r) => {
      let i = (h ^ (h >>> 15)) & (slots - 1);
      while (tkeys[i * SLOT] !== 0) i = (i + 1) & (slots - 1);
      tkeys[i * SLOT] = h | 0;
      for (let c = 0; c < C; c++) tw[i * SLOT * 2 + 2 + c] = q[r * C + c]!;
    });
    this.phrases = model.lexicon.phrases;
    this.invTemp = 1 / (model.header.scale * model.header.temperature);
    for (let k = 0; k < N_EXPS; k++) this.exps[k] = Math.exp(-k * this.invTemp);
    const bloom = this.bloom;
    model.index.forEach((h) => {
      const b1 = h >>> 13;
      const b2 = h & 0x7ffff;
      bloom[b1 >>> 5]! |= 1 << (b1 & 31);
      bloom[b2 >>> 5]! |= 1 << (b2 & 31);
    });
    this.resetCaches();
  }

  /** Drops every per-word cache (the fixed tables stay: they do not grow). */
  private resetCaches(): void {
    this.top = 0;
    if (this.pool.length > 1 << 16) this.pool = new Int32Array(1 << 16);
    this.wkeys = new Int32Array(1 << 12);
    this.wvals = new Int32Array(1 << 12);
    this.entries = [];
    this.slots = new Map();
    this.shapeIds = new Map(BOUNDARY.map((h, d) => [h, d]));
    this.winKeys = new Int32Array(1 << 12);
    this.winOffs = new Int32Array(1 << 12);
    this.winSize = 0;
    // The sentence boundaries as neighbours: a block at offset 0 (its other vectors stay unused).
    this.neighbourVectors(this.alloc(BLOCK), undefined);
  }

  /** Fills the neighbour vectors (NB) of the block at off, for a word or (undefined) the sentence boundaries. */
  private neighbourVectors(off: number, inf: WordInfo | undefined): void {
    const hs = this.hs;
    for (let d = 0; d < 4; d++) {
      neighbourFeatures(d, inf ? inf.lower : BOUNDARY[d]!, inf ? inf.sshape : BOUNDARY[d]!, hs, 0);
      for (let k = 0; k < N_NEIGHBOUR; k++) this.add(hs[k]!, this.pool, off + NB[d]! * C);
    }
    const lex = inf ? inf.lex : 255;
    const lexVecs = this.lexVecs;
    const P = this.pool;
    for (let side = 0; side < 2; side++) {
      const o = off + NB[side + 1]! * C;
      // Variant 0 is the base vector itself, so it is done last.
      for (let cap = 3; cap >= 0; cap--) {
        const l = this.lexVec(side, lex, cap);
        for (let c = 0; c < C; c++) P[o + cap * C + c] = P[o + c]! + lexVecs[l + c]!;
      }
    }
  }

  /** Room for `vectors` zeroed vectors in the pool; returns the offset. May replace this.pool. */
  private alloc(vectors: number): number {
    const o = this.top;
    const end = o + vectors * C;
    if (end > this.pool.length) {
      const bigger = new Int32Array(Math.max(end, this.pool.length * 2));
      bigger.set(this.pool.subarray(0, o));
      this.pool = bigger;
    } else this.pool.fill(0, o, end);
    this.top = end;
    return o;
  }

  /** Adds the weights of feature h (if the model has it) to acc[o..o+C). */
  private add(h: number, acc: Int32Array, o: number): void {
    const b1 = h >>> 13;
    const b2 = h & 0x7ffff;
    const bloom = this.bloom;
    if (h === 0 || (bloom[b1 >>> 5]! & (1 << (b1 & 31))) === 0 || (bloom[b2 >>> 5]! & (1 << (b2 & 31))) === 0) return;
    const keys = this.tkeys;
    const mask = this.tmask;
    const hk = h | 0;
    let i = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const k = keys[i * SLOT]!;
      if (k === hk) break;
      if (k === 0) return;
      i = (i + 1) & mask;
    }
    const w = this.tw;
    const b = i * SLOT * 2 + 2;
    for (let c = 0; c < C; c++) acc[o + c]! += w[b + c]!;
  }

  /** The entry of the word text[start..end). */
  private entry(text: string, start: number, end: number): Entry {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = h ^ (h >>> 15) || 1;
    const keys = this.wkeys;
    const mask = keys.length - 1;
    const len = end - start;
    let i = h & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === 0) break;
      if (k === h) {
        const e = this.entries[this.wvals[i]!]!;
        const w = e.word;
        if (w.length === len) {
          let j = 0;
          while (j < len && w.charCodeAt(j) === text.charCodeAt(start + j)) j++;
          if (j === len) return e;
        }
      }
      i = (i + 1) & mask;
    }
    const e = this.makeEntry(len === text.length ? text : text.slice(start, end));
    keys[i] = h;
    this.wvals[i] = this.entries.length;
    this.entries.push(e);
    if (this.entries.length * 2 > keys.length) this.rehash();
    return e;
  }

  private rehash(): void {
    const oldK = this.wkeys;
    const oldV = this.wvals;
    const keys = new Int32Array(oldK.length * 2);
    const vals = new Int32Array(oldK.length * 2);
    const mask = keys.length - 1;
    for (let j = 0; j < oldK.length; j++) {
      const h = oldK[j]!;
      if (h === 0) continue;
      let i = h & mask;
      while (keys[i] !== 0) i = (i + 1) & mask;
      keys[i] = h;
      vals[i] = oldV[j]!;
    }
    this.wkeys = keys;
    this.wvals = vals;
  }

  private makeEntry(word: string): Entry {
    const info = wordInfo(word, this.model.lexicon);
    let slot = this.slots.get(info.lower);
    if (slot === undefined) {
      slot = new LowerSlot();
      this.slots.set(info.lower, slot);
    }
    const off = this.alloc(BLOCK);
    const pool = this.pool;
    for (let k = 0; k < info.intrinsic.length; k++) this.add(info.intrinsic[k]!, pool, off);
    this.neighbourVectors(off, info);
    let shapeId = this.shapeIds.get(info.sshape);
    if (shapeId === undefined) {
      shapeId = this.shapeIds.size;
      this.shapeIds.set(info.sshape, shapeId);
    }
    return new Entry(word, info, slot, this.phrases.get(phraseStep(PHRASE_SEED, info.lower)) ?? -1, off, shapeId);
  }

  /** Pool offset of the word's intrinsic + context features under (mode, initial, docCode). */
  private centre(e: Entry, mode: number, initial: number, docCode: number): number {
    const key = (mode * 2 + initial) * 8 + docCode;
    if (e.lastCtx === key) return e.lastCtxOff;
    e.lastCtx = key;
    if (e.ctx0 === key) return (e.lastCtxOff = e.off);
    contextFeatures(e.info, mode, initial, docCode, this.hs, 0);
    if (e.ctx0 < 0) {
      e.ctx0 = key;
      for (let k = 0; k < N_CONTEXT; k++) this.add(this.hs[k]!, this.pool, e.off);
      return (e.lastCtxOff = e.off);
    }
    const keys = e.ctxKeys;
    for (let j = 0; j < keys.length; j++) {
      if (keys[j] === key) return (e.lastCtxOff = e.ctxOffs[j]!);
    }
    const o = this.alloc(1);
    const pool = this.pool;
    const intrinsic = e.info.intrinsic;
    for (let k = 0; k < intrinsic.length; k++) this.add(intrinsic[k]!, pool, o);
    for (let k = 0; k < N_CONTEXT; k++) this.add(this.hs[k]!, pool, o);
    keys.push(key);
    e.ctxOffs.push(o);
    return (e.lastCtxOff = o);
  }

  /** Offset into lexVecs of the lexNeighbourFeature sum for (side, lex, cap). */
  private lexVec(side: number, lex: number, cap: number): number {
    const key = ((side << 8) | (lex & 0xff)) * 4 + (cap & 3);
    const o = key * C;
    if (this.lexDone[key] === 0) {
      this.add(lexNeighbourFeature(side, lex, cap), this.lexVecs, o);
      this.lexDone[key] = 1;
    }
    return o;
  }

  /** Offset into globVecs of the dynamicGlobal sum for (prev1, prev2, hist, cap). */
  private globVec(prev1: number, prev2: number, hist: number, cap: number): number {
    const key = ((prev2 * N_PREV + prev1) * N_HIST + hist) * 4 + cap;
    const o = key * C;
    if (this.globDone[key] === 0) {
      dynamicGlobal(prev1, prev2, hist, cap, this.hs, 0);
      for (let k = 0; k < N_DYN_GLOBAL; k++) this.add(this.hs[k]!, this.globVecs, o);
      this.globDone[key] = 1;
    }
    return o;
  }

  /** Pool offset of the shape-trigram sum for the window of collapsed shapes sm2..sp2 (ids im2..ip2). */
  private shapeVec(sm2: number, sm1: number, ss: number, sp1: number, sp2: number, im2: number, im1: number, is: number, ip1: number, ip2: number): number {
    const small = (im2 | im1 | is | ip1 | ip2) < 64;
    const key = (((((((im2 << 6) | im1) << 6) | is) << 6) | ip1) << 6) | ip2;
    let slot = -1;
    if (small) {
      const keys = this.winKeys;
      const mask = keys.length - 1;
      let h = Math.imul(key ^ (key >>> 15), 0x2c1b3c6d);
      slot = (h ^ (h >>> 12)) & mask;
      for (;;) {
        h = keys[slot]!;
        if (h === key + 1) return this.winOffs[slot]!;
        if (h === 0) break;
        slot = (slot + 1) & mask;
      }
    }
    const o = this.alloc(1);
    shapeFeatures(sm2, sm1, ss, sp1, sp2, this.hs, 0);
    for (let k = 0; k < N_SHAPE_TRI; k++) this.add(this.hs[k]!, this.pool, o);
    if (slot >= 0) {
      this.winKeys[slot] = key + 1;
      this.winOffs[slot] = o;
      if (++this.winSize * 2 > this.winKeys.length) this.growWin();
    }
    return o;
  }

  private growWin(): void {
    const oldK = this.winKeys;
    const oldO = this.winOffs;
    const keys = new Int32Array(oldK.length * 2);
    const offs = new Int32Array(oldK.length * 2);
    const mask = keys.length - 1;
    for (let j = 0; j < oldK.length; j++) {
      const k = oldK[j]! - 1;
      if (k < 0) continue;
      const h = Math.imul(k ^ (k >>> 15), 0x2c1b3c6d);
      let i = (h ^ (h >>> 12)) & mask;
      while (keys[i] !== 0) i = (i + 1) & mask;
      keys[i] = k + 1;
      offs[i] = oldO[j]!;
    }
    this.winKeys = keys;
    this.winOffs = offs;
  }

  /** Pool offset of the word's dynamicWord sum after class prev1 with label history hist. */
  private wordDyn(e: Entry, prev1: number, hist: number): number {
    const key = prev1 * N_HIST + hist;
    if (e.dyn0 === key) return e.off + (BLOCK - 1) * C;
    if (e.dyn0 < 0) {
      e.dyn0 = key;
      dynamicWord(e.info, prev1, hist, this.hs, 0);
      for (let k = 0; k < N_DYN_WORD; k++) this.add(this.hs[k]!, this.pool, e.off + (BLOCK - 1) * C);
      return e.off + (BLOCK - 1) * C;
    }
    let o = e.dyn[key];
    if (o === undefined) {
      o = this.alloc(1);
      dynamicWord(e.info, prev1, hist, this.hs, 0);
      for (let k = 0; k < N_DYN_WORD; k++) this.add(this.hs[k]!, this.pool, o);
      e.dyn[key] = o;
    }
    return o;
  }

  private prepare(n: number, nSent: number): void {
    if (this.entries.length > this.cacheLimit) this.resetCaches();
    if (this.modes.length < nSent) this.modes = new Uint8Array(nSent * 2);
    if (this.lowers.length < n) {
      const m = n * 2;
      this.stat = new Int32Array(m * C);
      this.vecs = new Int32Array(m * N_VEC);
      this.lowers = new Int32Array(m);
      this.caps = new Int32Array(m);
      this.first = new Int32Array(m);
      this.runStart = new Int32Array(m);
      this.runEnd = new Int32Array(m);
      this.gaz = new Int32Array(m * GAZ_BITS);
    }
    this.ents.length = n;
  }

  /**
   * Tags one document given as word spans of `text`: word i is text[starts[i]..ends[i]), sentence s
   * ends (exclusive) at word sentEnds[s]. Writes each word's class and, for entity words (all words
   * with allConf), its confidence (1 elsewhere).
   */
  tagSpans(
    text: string, starts: ArrayLike<number>, ends: ArrayLike<number>, sentEnds: ArrayLike<number>, nSent: number, classes: Uint8Array, conf: Float32Array,
  ): void {
    const n = nSent ? sentEnds[nSent - 1]! : 0;
    this.prepare(n, nSent);
    const ents = this.ents;
    for (let i = 0; i < n; i++) ents[i] = this.entry(text, starts[i]!, ends[i]!);
    this.tagEntries(sentEnds, nSent, classes, conf);
  }

  /** Tags a document given as sentences of words. */
  tagDocument(doc: readonly (readonly string[])[]): TaggedSentence[] {
    const sentEnds = new Int32Array(doc.length);
    let n = 0;
    doc.forEach((s, i) => (sentEnds[i] = n += s.length));
    this.prepare(n, doc.length);
    const ents = this.ents;
    let i = 0;
    for (const s of doc) for (const w of s) ents[i++] = this.entry(w, 0, w.length);
    const classes = new Uint8Array(n);
    const conf = new Float32Array(n);
    this.tagEntries(sentEnds, doc.length, classes, conf);
    return doc.map((_, s) => {
      const a = s ? sentEnds[s - 1]! : 0;
      return { classes: classes.subarray(a, sentEnds[s]), conf: conf.subarray(a, sentEnds[s]) };
    });
  }

  private tagEntries(sentEnds: ArrayLike<number>, nSent: number, classes: Uint8Array, conf: Float32Array): void {
    const stamp = ++this.stamp;
    const ents = this.ents;
    // Sentence modes, then document evidence: is the word written lowercase somewhere, or capitalised mid-sentence in ordinary text?
    const modes = this.modes;
    for (let s = 0, a = 0; s < nSent; a = sentEnds[s++]!) {
      const b = sentEnds[s]!;
      let alpha = 0;
      let capsN = 0;
      let titled = 0;
      for (let i = a; i < b; i++) {
        const e = ents[i]!;
        if (!e.isAlpha) continue;
        alpha++;
        if (e.cap === 2) capsN++;
        else if (e.cap === 1) titled++;
      }
      const mode = modeOf(alpha, capsN, titled);
      modes[s] = mode;
      for (let i = a; i < b; i++) {
        const e = ents[i]!;
        if (e.cap === 3) e.slot.lowerDoc = stamp;
        else if (e.cap === 1 && i > a && mode === 0) e.slot.capMidDoc = stamp;
      }
    }
    for (let s = 0, a = 0; s < nSent; a = sentEnds[s++]!) this.sentence(a, sentEnds[s]!, modes[s]!, stamp, classes, conf);
  }

  private sentence(a: number, b: number, mode: number, stamp: number, classes: Uint8Array, conf: Float32Array): void {
    const n = b - a;
    if (n === 0) return;
    const ents = this.ents;
    const lowers = this.lowers;
    const caps = this.caps;
    const first = this.first;
    for (let i = 0; i < n; i++) {
      const e = ents[a + i]!;
      lowers[i] = e.lower;
      caps[i] = e.cap;
      first[i] = e.gaz1;
    }
    const gaz = this.gaz;
    gaz.fill(0, 0, n * GAZ_BITS);
    markGazetteer(this.phrases, lowers, n, gaz, first);
    const runStart = this.runStart;
    const runEnd = this.runEnd;
    capRuns(caps, n, runStart, runEnd);
    const stat = this.stat;
    stat.fill(0, 0, n * C);
    const vecs = this.vecs;
    const hs = this.hs;
    // Static scores.
    for (let i = 0; i < n; i++) {
      const e = ents[a + i]!;
      const inf = e.info;
      const slot = e.slot;
      const o = i * C;
      const initial = i === 0 ? 1 : 0;
      const m2 = i >= 2 ? ents[a + i - 2]! : undefined;
      const m1 = i >= 1 ? ents[a + i - 1]! : undefined;
      const p1 = i + 1 < n ? ents[a + i + 1]! : undefined;
      const p2 = i + 2 < n ? ents[a + i + 2]! : undefined;
      // Only the offsets of the cached vectors here: decoding sums them for the allowed classes alone.
      const oc = this.centre(e, mode, initial, docCodeOf(e.cap, slot.lowerDoc === stamp, slot.capMidDoc === stamp));
      const os = this.shapeVec(
        m2 ? m2.sshape : BOUNDARY[0],
        m1 ? m1.sshape : BOUNDARY[1],
        e.sshape,
        p1 ? p1.sshape : BOUNDARY[2],
        p2 ? p2.sshape : BOUNDARY[3],
        m2 ? m2.shapeId : 0,
        m1 ? m1.shapeId : 1,
        e.shapeId,
        p1 ? p1.shapeId : 2,
        p2 ? p2.shapeId : 3,
      );
      // Absent neighbours (beyond the sentence) read the boundary block at 0.
      const om2 = (m2 ? m2.off : 0) + NB[0] * C;
      const om1 = (m1 ? m1.off : 0) + (NB[1] + e.cap) * C;
      const op1 = (p1 ? p1.off : 0) + (NB[2] + e.cap) * C;
      const op2 = (p2 ? p2.off : 0) + NB[3] * C;
      const v = i * N_VEC;
      vecs[v] = oc;
      vecs[v + 1] = os;
      vecs[v + 2] = om2;
      vecs[v + 3] = om1;
      vecs[v + 4] = op1;
      vecs[v + 5] = op2;
      wordPairFeatures(m1 ? m1.info : START_PAIR, inf, p1 ? p1.lower : BOUNDARY[2], hs, 0);
      for (let k = 0; k < N_WORD_PAIR; k++) this.add(hs[k]!, stat, o);
      const rs = runStart[i]!;
      if (rs >= 0) {
        const re = runEnd[i]!;
        runFeatures(re - rs, runPos(rs, re, i), mode, initial, re < n ? ents[a + re]!.lower : BOUNDARY[2], hs, 0);
        this.add(hs[0]!, stat, o);
        this.add(hs[1]!, stat, o);
      }
      const go = i * GAZ_BITS;
      for (let bit = 0; bit < GAZ_BITS; bit++) {
        const g = gaz[go + bit]!;
        if (g) this.add(gazFeature(bit, g, e.cap), stat, o);
      }
    }
    // Greedy decoding with the tag-dependent features.
    const scores = this.scores;
    const globVecs = this.globVecs;
    const invTemp = this.invTemp;
    const exps = this.exps;
    const allConf = this.allConf;
    let prev1 = START;
    let prev2 = START;
    for (let i = 0; i < n; i++) {
      const e = ents[a + i]!;
      const slot = e.slot;
      const hist = slot.histDoc === stamp ? slot.hist : 0;
      const og = this.globVec(prev1, prev2, hist, e.cap);
      const ow = this.wordDyn(e, prev1, hist);
      const P = this.pool;
      const o = i * C;
      const v = i * N_VEC;
      const oc = vecs[v]!;
      const os = vecs[v + 1]!;
      const om2 = vecs[v + 2]!;
      const om1 = vecs[v + 3]!;
      const op1 = vecs[v + 4]!;
      const op2 = vecs[v + 5]!;
      const m = (prev1 === START ? 0 : prev1 + 1) * 2 + (i === n - 1 ? 1 : 0);
      const la = m * C;
      const na = ALLOWED_COUNT[m]!;
      let best = -1;
      let bestScore = 0;
      // scores[j]: the score of the j-th allowed class.
      for (let j = 0; j < na; j++) {
        const c = ALLOWED_LIST[la + j]!;
        const sc =
          stat[o + c]! + P[oc + c]! + P[os + c]! + P[om2 + c]! + P[om1 + c]! + P[op1 + c]! + P[op2 + c]! +
          globVecs[og + c]! + P[ow + c]!;
        scores[j] = sc;
        if (best < 0 || sc > bestScore) {
          best = c;
          bestScore = sc;
        }
      }
      if (best !== 0 || allConf) {
        let z = 0;
        for (let j = 0; j < na; j++) {
          const d = bestScore - scores[j]!;
          z += d < N_EXPS ? exps[d]! : Math.exp(-d * invTemp);
        }
        conf[a + i] = 1 / z;
      } else conf[a + i] = 1;
      classes[a + i] = best;
      if (best > 0) {
        slot.histDoc = stamp;
        slot.hist = 1 + ((best - 1) >> 2);
      } else if ((e.cap === 1 || e.cap === 2) && slot.histDoc !== stamp) {
        slot.histDoc = stamp;
        slot.hist = 5;
      }
      prev2 = prev1;
      prev1 = best;
    }
  }
}
