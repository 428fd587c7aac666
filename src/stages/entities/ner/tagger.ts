/**
 * Greedy left-to-right BILOU decoding with the two previous predicted classes and a document-level
 * label history as features (Ratinov & Roth 2009: as accurate as Viterbi here, and much faster).
 * The same decoder scores in training (with float weights being learned) and at inference.
 */
import {
  allowed, dynamicFeatures, FeatureExtractor, N_CLASSES, N_DYNAMIC, N_STATIC, TYPES, type DocFeatures, type EntityType, type WordInfo,
} from './features.ts';
import type { HashIndex, NerModel } from './model.ts';

export interface Weights {
  readonly index: HashIndex;
  readonly weights: Float32Array;
}

/** Called for each token in training: the feature rows used (−1 = unknown) and the class predicted. */
export type Learner = (rows: Int32Array, nRows: number, predicted: number, token: number) => void;

/** The previous class before a sentence's first token. */
export const START = 17;

/** ALLOWED[((prev + 1) * 2 + last) * N_CLASSES + c]: 1 when class c may follow prev (−1 = sentence start). */
export const ALLOWED = new Uint8Array((N_CLASSES + 1) * 2 * N_CLASSES);
for (let prev = -1; prev < N_CLASSES; prev++) {
  for (let last = 0; last < 2; last++) {
    for (let c = 0; c < N_CLASSES; c++) ALLOWED[((prev + 1) * 2 + last) * N_CLASSES + c] = allowed(prev, c, last === 1) ? 1 : 0;
  }
}

// Scratch buffers reused by every call: decoding is synchronous and never re-entered.
const ROWS = new Int32Array(N_STATIC + N_DYNAMIC);
const DYN = new Uint32Array(N_DYNAMIC);
const SCORES = new Float64Array(N_CLASSES);

/** Per-document decoding state: which type each word was last given. */
export class History {
  private readonly last = new Map<number, number>();
  get(inf: WordInfo): number {
    return this.last.get(inf.lower) ?? 0;
  }
  note(inf: WordInfo, cls: number): void {
    if (cls > 0) this.last.set(inf.lower, 1 + ((cls - 1) >> 2));
    else if ((inf.cap === 1 || inf.cap === 2) && !this.last.has(inf.lower)) this.last.set(inf.lower, 5);
  }
}

/**
 * Decodes one sentence. `staticRows` holds N_STATIC rows per token (−1 = feature unknown).
 * Writes classes and, when `conf` is given, the softmax probability of each chosen class.
 */
export function decodeSentence(
  infos: readonly WordInfo[],
  staticRows: Int32Array,
  w: Weights,
  hist: History,
  out: Uint8Array,
  conf?: Float32Array,
  temperature = 1,
  learn?: Learner,
  gold?: Uint8Array,
): void {
  const C = N_CLASSES;
  const weights = w.weights;
  const rows = ROWS;
  const dyn = DYN;
  const scores = SCORES;
  const n = infos.length;
  let prev1 = START;
  let prev2 = START;
  for (let i = 0; i < n; i++) {
    const inf = infos[i]!;
    scores.fill(0);
    let nr = 0;
    const so = i * N_STATIC;
    for (let k = 0; k < N_STATIC; k++) {
      const r = staticRows[so + k]!;
      if (r < 0) continue;
      rows[nr++] = r;
      const base = r * C;
      for (let c = 0; c < C; c++) scores[c]! += weights[base + c]!;
    }
    dynamicFeatures(inf, prev1, prev2, hist.get(inf), dyn);
    for (let k = 0; k < N_DYNAMIC; k++) {
      const h = dyn[k]!;
      if (h === 0) continue;
      const r = w.index.get(h);
      if (r < 0) continue;
      rows[nr++] = r;
      const base = r * C;
      for (let c = 0; c < C; c++) scores[c]! += weights[base + c]!;
    }
    const mask = ((prev1 === START ? 0 : prev1 + 1) * 2 + (i === n - 1 ? 1 : 0)) * C;
    let best = -1;
    let bestScore = -Infinity;
    for (let c = 0; c < C; c++) {
      if (scores[c]! > bestScore && ALLOWED[mask + c] === 1) {
        best = c;
        bestScore = scores[c]!;
      }
    }
    if (conf) {
      let z = 0;
      const inv = 1 / temperature;
      for (let c = 0; c < C; c++) if (ALLOWED[mask + c] === 1) z += Math.exp((scores[c]! - bestScore) * inv);
      conf[i] = 1 / z;
    }
    if (learn) learn(rows, nr, best, i);
    // In training the history follows the gold classes when given (teacher forcing), else the predictions.
    const cls = gold ? gold[i]! : best;
    out[i] = best;
    hist.note(inf, cls);
    prev2 = prev1;
    prev1 = cls;
  }
}

/** Static feature hashes → rows of the model (−1 where the feature was never kept). */
export function staticRows(statics: Uint32Array, index: HashIndex): Int32Array {
  const rows = new Int32Array(statics.length);
  for (let i = 0; i < statics.length; i++) rows[i] = statics[i] ? index.get(statics[i]!) : -1;
  return rows;
}

export interface TaggedSpan {
  /** Token indices, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly label: EntityType;
  readonly confidence: number;
}

/** BILOU classes → entity spans; confidence is the least sure token's probability. */
export function spansOf(classes: Uint8Array, conf?: Float32Array): TaggedSpan[] {
  const spans: TaggedSpan[] = [];
  let open = -1;
  let p = 1;
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    if (c === 0) {
      open = -1;
      continue;
    }
    const pos = (c - 1) & 3;
    const type = (c - 1) >> 2;
    const pc = conf ? conf[i]! : 1;
    if (pos === 0) {
      open = i;
      p = pc;
    } else if (pos === 3) {
      spans.push({ start: i, end: i + 1, label: TYPES[type]!, confidence: pc });
      open = -1;
    } else if (open >= 0) {
      p = Math.min(p, pc);
      if (pos === 2) {
        spans.push({ start: open, end: i + 1, label: TYPES[type]!, confidence: p });
        open = -1;
      }
    }
  }
  return spans;
}

/** IOB2 tags ("B-PER", "I-PER", "O") from BILOU classes, as CoNLL writes them. */
export function iob2(classes: Uint8Array): string[] {
  const out: string[] = [];
  for (const c of classes) {
    if (c === 0) out.push('O');
    else {
      const pos = (c - 1) & 3;
      out.push(`${pos === 0 || pos === 3 ? 'B' : 'I'}-${TYPES[(c - 1) >> 2]!}`);
    }
  }
  return out;
}

export interface TaggedSentence {
  readonly classes: Uint8Array;
  /** Softmax probability of each token's class (computed for entity tokens only; 1 on O tokens, see Tagger.allConf). */
  readonly conf: Float32Array;
}

/**
 * The reference path: the features as training computes them (FeatureExtractor, one hash per
 * slot, float weights). Slow; kept to check the fast Tagger against (ner.test.ts).
 */
export class ReferenceTagger {
  readonly extractor: FeatureExtractor;

  constructor(readonly model: NerModel) {
    this.extractor = new FeatureExtractor(model.lexicon);
  }

  tagDocument(doc: readonly (readonly string[])[]): TaggedSentence[] {
    const feats: DocFeatures = this.extractor.extract(doc);
    const hist = new History();
    const w: Weights = this.model;
    return feats.sentences.map((s) => {
      const classes = new Uint8Array(s.infos.length);
      const conf = new Float32Array(s.infos.length);
      decodeSentence(s.infos, staticRows(s.statics, w.index), w, hist, classes, conf, this.model.header.temperature);
      return { classes, conf };
    });
  }
}

