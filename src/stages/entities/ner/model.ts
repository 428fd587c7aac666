/**
 * The NER model file: feature-hash keyed weights quantised to int16, plus the word lexicon and
 * gazetteer the features read. Gzipped binary with a small JSON header:
 *
 *   "ATNER001" | u32 header length | header JSON | pad to 4 |
 *   feature keys (u32, sorted, delta-coded) | weights (i16, features × classes) | pad |
 *   word keys (u32, delta) | word values (u16) | pad | phrase keys (u32, delta) | phrase values (u16) | pad
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FEATURE_VERSION, N_CLASSES, type Lexicon } from './features.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** Where the committed model lives. */
export const DEFAULT_MODEL_PATH = resolve(here, '..', '..', '..', '..', 'data', 'models', 'ner', 'ner.bin.gz');

const MAGIC = 'ATNER001';

export interface ModelHeader {
  readonly format: 'attache-ner';
  readonly featureVersion: number;
  readonly classes: readonly string[];
  readonly nFeatures: number;
  /** Weight = stored int16 / scale. */
  readonly scale: number;
  /** Softmax temperature for token confidences, in weight units. */
  readonly temperature: number;
  /** Free-form training record: data, epochs, dev scores. */
  readonly trained: Readonly<Record<string, unknown>>;
}

/**
 * Open-addressing map from a 32-bit feature hash (never 0) to a row. Faster than a Map
 * for millions of lookups per second, and it holds no objects.
 */
export class HashIndex {
  private keys: Uint32Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 1024;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get(h: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === h) return this.vals[i]!;
      if (k === 0) return -1;
      i = (i + 1) & mask;
    }
  }

  set(h: number, v: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const mask = this.mask;
    let i = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === h) {
        this.vals[i] = v;
        return;
      }
      if (k === 0) {
        keys[i] = h;
        this.vals[i] = v;
        this.size++;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /** Calls fn for every key and value, in table order. */
  forEach(fn: (key: number, value: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i]) fn(this.keys[i]!, this.vals[i]!);
  }

  private grow(): void {
    const oldK = this.keys;
    const oldV = this.vals;
    this.keys = new Uint32Array(oldK.length * 2);
    this.vals = new Int32Array(oldK.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < oldK.length; i++) if (oldK[i]) this.set(oldK[i]!, oldV[i]!);
  }
}

export interface NerModel {
  readonly header: ModelHeader;
  /** feature hash → row of `weights` and `q` (N_CLASSES values per row). */
  readonly index: HashIndex;
  /** Float weights (q / scale), for the reference path; computed on first read. */
  readonly weights: Float32Array;
  /** The stored int16 weights (weights × scale), which the fast tagger sums exactly. */
  readonly q: Int16Array;
  readonly lexicon: Lexicon;
}

/** What the training script hands over to be written. */
export interface ModelParts {
  readonly header: Omit<ModelHeader, 'format' | 'featureVersion' | 'nFeatures' | 'scale' | 'classes'>;
  readonly classes: readonly string[];
  readonly keys: Uint32Array;
  /** Float weights, keys.length × N_CLASSES. */
  readonly weights: Float32Array;
  readonly lexicon: Lexicon;
}

class Writer {
  private chunks: Buffer[] = [];
  private length = 0;
  push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
    const pad = (4 - (this.length % 4)) % 4;
    if (pad) {
      this.chunks.push(Buffer.alloc(pad));
      this.length += pad;
    }
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

const view = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function deltaSorted(keys: Uint32Array): Uint32Array {
  const out = new Uint32Array(keys.length);
  let prev = 0;
  for (let i = 0; i < keys.length; i++) {
    out[i] = keys[i]! - prev;
    prev = keys[i]!;
  }
  return out;
}

function undelta(d: Uint32Array): Uint32Array {
  const out = new Uint32Array(d.length);
  let acc = 0;
  for (let i = 0; i < d.length; i++) {
    acc = (acc + d[i]!) >>> 0;
    out[i] = acc;
  }
  return out;
}

function sortedMap(m: ReadonlyMap<number, number>): { keys: Uint32Array; vals: Uint16Array } {
  const keys = Uint32Array.from(m.keys()).sort();
  const vals = new Uint16Array(keys.length);
  for (let i = 0; i < keys.length; i++) vals[i] = m.get(keys[i]!)!;
  return { keys, vals };
}

/** Quantises and serialises a model; rows whose weights all round to 0 are dropped. */
export function encodeModel(parts: ModelParts): Buffer {
  const C = N_CLASSES;
  let max = 0;
  for (const w of parts.weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? 32767 / max : 1;
  const order = Array.from(parts.keys.keys()).sort((a, b) => parts.keys[a]! - parts.keys[b]!);
  const keep: number[] = [];
  for (const r of order) {
    for (let c = 0; c < C; c++) {
      if (Math.round(parts.weights[r * C + c]! * scale) !== 0) {
        keep.push(r);
        break;
      }
    }
  }
  const keys = new Uint32Array(keep.length);
  const q = new Int16Array(keep.length * C);
  keep.forEach((r, i) => {
    keys[i] = parts.keys[r]!;
    for (let c = 0; c < C; c++) q[i * C + c] = Math.round(parts.weights[r * C + c]! * scale);
  });
  const words = sortedMap(parts.lexicon.words);
  const phrases = sortedMap(parts.lexicon.phrases);
  const header: ModelHeader = {
    format: 'attache-ner',
    featureVersion: FEATURE_VERSION,
    classes: parts.classes,
    nFeatures: keys.length,
    scale,
    ...parts.header,
  };
  const hjson = Buffer.from(JSON.stringify({ ...header, nWords: words.keys.length, nPhrases: phrases.keys.length }), 'utf8');
  const w = new Writer();
  const len = Buffer.alloc(4);
  len.writeUInt32LE(hjson.length);
  w.push(Buffer.concat([Buffer.from(MAGIC, 'latin1'), len, hjson]));
  w.push(view(deltaSorted(keys)));
  w.push(view(q));
  w.push(view(deltaSorted(words.keys)));
  w.push(view(words.vals));
  w.push(view(deltaSorted(phrases.keys)));
  w.push(view(phrases.vals));
  return gzipSync(w.bytes(), { level: 9 });
}

/** Reads a model written by encodeModel. Throws on a wrong format or a feature-version mismatch. */
export function decodeModel(gz: Buffer): NerModel {
  const raw = gunzipSync(gz);
  const buf = new Uint8Array(raw.length);
  buf.set(raw);
  if (Buffer.from(buf.subarray(0, 8)).toString('latin1') !== MAGIC) throw new Error('ATT-E040: not an Attaché NER model file; retrain with `npm run train:ner`');
  const dv = new DataView(buf.buffer);
  const hlen = dv.getUint32(8, true);
  const header = JSON.parse(Buffer.from(buf.subarray(12, 12 + hlen)).toString('utf8')) as ModelHeader & { nWords: number; nPhrases: number };
  if (header.featureVersion !== FEATURE_VERSION) {
    throw new Error(`ATT-E041: NER model has feature version ${header.featureVersion}, code expects ${FEATURE_VERSION}; retrain with \`npm run train:ner\``);
  }
  let off = 12 + hlen;
  const align = (): void => {
    off += (4 - (off % 4)) % 4;
  };
  align();
  const take32 = (n: number): Uint32Array => {
    const a = new Uint32Array(buf.buffer, off, n);
    off += n * 4;
    align();
    return a;
  };
  const take16 = (n: number): Uint16Array => {
    const a = new Uint16Array(buf.buffer, off, n);
    off += n * 2;
    align();
    return a;
  };
  const C = header.classes.length;
  const keys = undelta(take32(header.nFeatures));
  const q = new Int16Array(buf.buffer, off, header.nFeatures * C).slice();
  off += header.nFeatures * C * 2;
  align();
  const index = new HashIndex(keys.length);
  for (let i = 0; i < keys.length; i++) index.set(keys[i]!, i);
  const wk = undelta(take32(header.nWords));
  const wv = take16(header.nWords);
  const pk = undelta(take32(header.nPhrases));
  const pv = take16(header.nPhrases);
  const words = new Map<number, number>();
  for (let i = 0; i < wk.length; i++) words.set(wk[i]!, wv[i]!);
  const phrases = new Map<number, number>();
  for (let i = 0; i < pk.length; i++) phrases.set(pk[i]!, pv[i]!);
  let weights: Float32Array | undefined;
  return {
    header,
    index,
    q,
    lexicon: { words, phrases },
    // Float weights serve the reference path only (training, tests): made on first use.
    get weights(): Float32Array {
      if (!weights) {
        weights = new Float32Array(q.length);
        for (let i = 0; i < q.length; i++) weights[i] = q[i]! / header.scale;
      }
      return weights;
    },
  };
}

export function saveModel(path: string, parts: ModelParts): number {
  const bytes = encodeModel(parts);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes.length;
}

const loaded = new Map<string, NerModel>();

/** The model at `path` (default: the committed one), read once per process on first use. */
export function loadModel(path: string = DEFAULT_MODEL_PATH): NerModel {
  let m = loaded.get(path);
  if (!m) {
    m = decodeModel(readFileSync(path));
    loaded.set(path, m);
  }
  return m;
}
