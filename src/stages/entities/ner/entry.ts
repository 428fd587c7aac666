/** Per-word state of the fast Tagger (fast.ts). */
import type { WordInfo } from './features.ts';

/** Label history and document evidence shared by all spellings of one lowercase word ("Paris", "PARIS"). */
export class LowerSlot {
  /** Document stamp when `hist` was set; the history is 0 in any other document. */
  histDoc = 0;
  hist = 0;
  /** Document stamps when the word was last seen lowercase / capitalised mid-sentence in ordinary text. */
  lowerDoc = 0;
  capMidDoc = 0;
}

/** What the fast path keeps per distinct word string. Vectors are offsets into Tagger.pool (fast.ts). */
export class Entry {
  /** Context code of the first vector of the block (−1: not claimed yet, it holds the intrinsic features alone). */
  ctx0 = -1;
  /** The last context code asked for and its offset (most words are always seen in one context). */
  lastCtx = -1;
  lastCtxOff = 0;
  /** Further context codes → offsets of the word's intrinsic + context features. */
  readonly ctxKeys: number[] = [];
  readonly ctxOffs: number[] = [];
  /** prev1 * N_HIST + hist of the block's last vector (−1: not claimed yet). */
  dyn0 = -1;
  /** Further prev1 * N_HIST + hist → offsets of the word's dynamicWord features. */
  readonly dyn: number[] = [];
  // Copies of the info fields the per-token loops read, saving a dependent load each.
  readonly lower: number;
  readonly cap: number;
  readonly sshape: number;
  readonly lex: number;
  readonly isAlpha: boolean;
  constructor(
    readonly word: string,
    readonly info: WordInfo,
    readonly slot: LowerSlot,
    /** Gazetteer value of the word as a one-word phrase start (−1: none). */
    readonly gaz1: number,
    /**
     * Block of BLOCK (fast.ts) vectors, contiguous so a token's reads stay close: the intrinsic + context features
     * for context ctx0; the word as neighbour at −2, −1, +1, +2 (see NB); the dynamicWord features for dyn0.
     */
    readonly off: number,
    /** Small id of the collapsed shape (ids 0–3 are the sentence boundaries), for the shape-window cache. */
    readonly shapeId: number,
  ) {
    this.lower = info.lower;
    this.cap = info.cap;
    this.sshape = info.sshape;
    this.lex = info.lex;
    this.isAlpha = info.isAlpha;
  }
}

