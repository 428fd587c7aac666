import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Document } from '../../../doc/document.ts';
import { sentencesStage } from '../../sentences/sentences.ts';
import { entitySpans, readConll, scoreEntities } from '../../../eval/conll.ts';
import { FEATURE_VERSION, lowerKey, normWord, wordShape } from './features.ts';
import { DEFAULT_MODEL_PATH, HashIndex, loadModel } from './model.ts';
import { conllTokens, nerStage, tagTokens, type Mention } from './ner.ts';
import { Tagger } from './fast.ts';
import { ReferenceTagger, type TaggedSentence } from './tagger.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..', '..', '..');
const SEED_GOLD = resolve(ROOT, '..', 'shared', 'fixtures', 'seed', 'expected.json');
const CONLL_DEV = resolve(ROOT, '..', 'shared', 'data', 'conll2003', 'data', 'conllpp_dev.txt');

function docOf(text: string): Document {
  const doc = Document.create({ id: 't', text, hints: { kind: 'text' }, boilerplate: [], captions: [], warnings: [] });
  return doc.with(sentencesStage.run(doc, { options: {} }).layers);
}

function mentions(text: string): Mention[] {
  return nerStage.run(docOf(text), { options: {} }).layers.mentions as Mention[];
}

const has = (ms: readonly Mention[], text: string, label: string): boolean => ms.some((m) => m.text === text && m.label === label);

describe('upstream layers', () => {
  // Every stage-level case below reads the sentences layer; when this fails, look there first.
  it('the sentences stage splits a two-sentence text into two sentences with tokens', () => {
    const doc = docOf('Olvar Kresk left. Tarnland stayed.');
    expect(doc.layer('sentences')).toHaveLength(2);
    expect(doc.layer('tokens').length).toBeGreaterThanOrEqual(7);
  });
});

describe('ner model file', () => {
  it('is committed, small, and of the feature version the code computes', () => {
    expect(existsSync(DEFAULT_MODEL_PATH)).toBe(true);
    expect(statSync(DEFAULT_MODEL_PATH).size).toBeLessThan(5e6);
    const model = loadModel();
    expect(model.header.featureVersion).toBe(FEATURE_VERSION);
    expect(model.header.classes).toHaveLength(17);
    expect(model.weights.length).toBe(model.header.nFeatures * 17);
  });
});

describe('features', () => {
  it.each([
    ['Stoltenberg', false, 'Xxxxx'],
    ['Stoltenberg', true, 'Xx'],
    ['1996-08-30', false, 'dddd-dd-dd'],
    ['U.S.', true, 'X.X.'],
    ['NATO-Russia', true, 'X-Xx'],
  ] as const)('shape of %s (collapsed %s) is %s', (w, collapse, shape) => {
    expect(wordShape(w, collapse)).toBe(shape);
  });

  it('maps curly quotes and dashes onto CoNLL characters', () => {
    expect(normWord('’s')).toBe("'s");
    expect(normWord('“')).toBe('"');
    expect(lowerKey('Route66')).toBe('route00');
  });

  it('hash index finds what was set and nothing else', () => {
    const ix = new HashIndex(4);
    for (let i = 1; i < 5000; i++) ix.set(i * 7919, i);
    expect(ix.get(7919 * 4321)).toBe(4321);
    expect(ix.get(12345)).toBe(-1);
  });
});

describe('fast tagger', () => {
  // The fast path caches weight sums per word, context and shape window; it must tag exactly as the
  // reference path (the features as training computes them, one hash lookup per slot).
  const sentencesOf = (text: string): string[][] => {
    const doc = docOf(text);
    const toks = doc.layer('tokens');
    return doc
      .layer('sentences')
      .map((s) => conllTokens(text, toks.filter((t) => t.start >= s.start && t.end <= s.end)).map((t) => text.slice(t.start, t.end)))
      .filter((s) => s.length);
  };
  const seedDoc = sentencesOf(readFileSync(join(ROOT, 'examples', 'seed-article.txt'), 'utf8'));
  const smallDocs = [
    seedDoc,
    sentencesOf('RUSSIA WARNS OF NEW SANCTIONS. Russia Warns Of New Sanctions As Talks Stall In Geneva. Olvar Kresk met Brenna Waldt in Varsholm.'),
    [['Theresa', 'May', 'said'], [], ['“', 'Paris', '”', '–', 'PARIS', 'paris', 'Route66', '’s']],
  ];

  const expectSame = (fast: TaggedSentence[], ref: TaggedSentence[], allConf: boolean): void => {
    expect(fast.map((s) => [...s.classes])).toEqual(ref.map((s) => [...s.classes]));
    fast.forEach((s, i) =>
      s.classes.forEach((c, t) => {
        if (c !== 0 || allConf) expect(Math.abs(s.conf[t]! - ref[i]!.conf[t]!)).toBeLessThan(1e-5);
        else expect(s.conf[t]).toBe(1);
      }),
    );
  };

  it('tags as the reference path, confidences included, also with caches dropped between documents', () => {
    const model = loadModel();
    const ref = new ReferenceTagger(model);
    const fast = new Tagger(model);
    const tiny = new Tagger(model);
    tiny.cacheLimit = 5;
    tiny.allConf = true;
    for (let round = 0; round < 2; round++) {
      for (const doc of smallDocs) {
        const r = ref.tagDocument(doc);
        expectSame(fast.tagDocument(doc), r, false);
        expectSame(tiny.tagDocument(doc), r, true);
      }
    }
  });

  it.skipIf(!existsSync(CONLL_DEV))('tags CoNLL dev as the reference path', () => {
    const model = loadModel();
    const ref = new ReferenceTagger(model);
    const fast = new Tagger(model);
    for (const doc of readConll(CONLL_DEV)) {
      const words = doc.map((s) => s.words);
      expectSame(fast.tagDocument(words), ref.tagDocument(words), false);
    }
  });
});

describe('tokens in CoNLL manner', () => {
  it('merges hyphenated words the tokenizer splits, and leaves spaced dashes alone', () => {
    const text = 'Viola Von Cramon-Taubadel and the NATO-Russia Council – not here';
    const doc = docOf(text);
    const words = conllTokens(text, doc.layer('tokens')).map((s) => text.slice(s.start, s.end));
    expect(words).toContain('Cramon-Taubadel');
    expect(words).toContain('NATO-Russia');
    expect(words).toContain('–');
  });
});

describe('tagTokens', () => {
  it('returns IOB2 tags, one per word', () => {
    const tags = tagTokens(['Deputy', 'Minister', 'Olvar', 'Kresk', 'of', 'Tarnland', 'told', 'Radio', 'Tarn', '.']);
    expect(tags).toEqual(['O', 'O', 'B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'B-ORG', 'I-ORG', 'O']);
  });

  it('returns nothing for nothing', () => {
    expect(tagTokens([])).toEqual([]);
  });
});

describe('conlleval-style scoring', () => {
  it('reads spans as conlleval does (an I- after O opens a span)', () => {
    expect(entitySpans(['B-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC'])).toEqual(['0:2:PER', '3:4:LOC', '4:5:LOC']);
  });

  it('counts an entity only when span and type both match', () => {
    const gold = [['B-PER', 'I-PER', 'O', 'B-ORG']];
    const s = scoreEntities(gold, [['B-PER', 'O', 'O', 'B-ORG']]);
    expect(s.precision).toBe(0.5);
    expect(s.recall).toBe(0.5);
    expect(s.f1_ORG).toBe(1);
    expect(s.f1_PER).toBe(0);
    expect(scoreEntities(gold, gold).f1).toBe(1);
  });
});

describe('made-up names: patterns, not lexicons', () => {
  it.each([
    ['Deputy Minister Olvar Kresk of Tarnland told Radio Tarn on Monday.', [['Olvar Kresk', 'PER'], ['Tarnland', 'LOC'], ['Radio Tarn', 'ORG']]],
    ['Despite the rain, Olvar Kresk spoke to reporters in Tarnland.', [['Olvar Kresk', 'PER'], ['Tarnland', 'LOC']]],
    ['Prime Minister Brenna Waldt said the government in Tarnland would not sign.', [['Brenna Waldt', 'PER'], ['Tarnland', 'LOC']]],
    ['Brenna Waldt, the foreign minister of Tarnland, met Olvar Kresk in Varsholm.', [['Brenna Waldt', 'PER'], ['Tarnland', 'LOC'], ['Olvar Kresk', 'PER'], ['Varsholm', 'LOC']]],
    ["Officials of the Tarnland People's Front met in Varsholm.", [["Tarnland People's Front", 'ORG'], ['Varsholm', 'LOC']]],
  ] as const)('%s', (text, expected) => {
    const ms = mentions(text);
    for (const [t, label] of expected) expect(ms.map((m) => `${m.label}:${m.text}`)).toContain(`${label}:${t}`);
  });
});

describe('negative cases: what must not be tagged', () => {
  it.each([
    ['However, the talks in Geneva failed.', 'However'],
    ['Despite the sanctions, trade grew.', 'Despite'],
    ['The talks failed in May, officials said.', 'May'],
    ['They ate turkey for Thanksgiving.', 'turkey'],
  ])('%s — no mention of "%s"', (text, word) => {
    expect(mentions(text).filter((m) => m.text.includes(word))).toEqual([]);
  });

  it('tags only the names in a title-case headline', () => {
    const ms = mentions('Russia Warns Of New Sanctions As Talks Stall In Geneva');
    expect(ms.map((m) => `${m.label}:${m.text}`).sort()).toEqual(['LOC:Geneva', 'LOC:Russia']);
  });

  it('tells May the month from May the person', () => {
    const ms = mentions('The talks failed in May. British Prime Minister Theresa May said they would resume.');
    expect(has(ms, 'Theresa May', 'PER')).toBe(true);
    expect(ms.filter((m) => m.text === 'May')).toEqual([]);
  });

  // Known miss: "Theresa" never occurs in CoNLL-2003 and there is no first-name list yet, so a bare
  // sentence-initial "Theresa May said" reads as a company ("Ford Motor said"). Passing means it was fixed.
  it.fails('tags a bare sentence-initial "Theresa May said" as PER', () => {
    expect(has(mentions('Theresa May said they would resume.'), 'Theresa May', 'PER')).toBe(true);
  });

  it('tells turkey the bird from Turkey the country', () => {
    const ms = mentions('They ate turkey for Thanksgiving. Turkey said it would veto the bid.');
    expect(has(ms, 'Turkey', 'LOC')).toBe(true);
    expect(ms.filter((m) => m.text === 'turkey')).toEqual([]);
  });
});

describe('seed article', () => {
  const text = readFileSync(join(ROOT, 'examples', 'seed-article.txt'), 'utf8');
  const ms = mentions(text);
  const gold = existsSync(SEED_GOLD) ? (JSON.parse(readFileSync(SEED_GOLD, 'utf8')) as { people: { name: string }[] }) : undefined;

  it('keeps the span invariant and provenance on every mention', () => {
    expect(ms.length).toBeGreaterThan(50);
    for (const m of ms) {
      expect(text.slice(m.start, m.end)).toBe(m.text);
      expect(m.prov).toEqual({ stage: 'ner', version: nerStage.version, rule: 'perceptron' });
      expect(m.confidence).toBeGreaterThan(0);
      expect(m.confidence).toBeLessThanOrEqual(1);
    }
  });

  it.skipIf(!gold)('finds the people of the gold as PER mentions (at least 14 of 15)', () => {
    const people = new Set(ms.filter((m) => m.label === 'PER').map((m) => m.text));
    const missed = gold!.people.map((p) => p.name).filter((n) => !people.has(n));
    // Known miss: "MEP Viola Von Cramon-Taubadel" is read as one ORG span (all-caps acronym + title-case run).
    expect(missed.filter((n) => n !== 'Viola Von Cramon-Taubadel')).toEqual([]);
    expect(missed.length).toBeLessThanOrEqual(1);
  });

  it.each(['OSCE', 'NATO', 'Al Jazeera', 'International Crisis Group', 'American Enterprise Institute'])('finds %s as ORG', (name) => {
    expect(has(ms, name, 'ORG')).toBe(true);
  });

  it.each(['Brussels', 'Geneva', 'Vienna', 'Austria', 'Poland', 'Ukraine'])('finds %s as LOC', (name) => {
    expect(has(ms, name, 'LOC')).toBe(true);
  });

  it('does not tag sentence-initial function words', () => {
    for (const w of ['Despite', 'However', 'Addressing', 'Three', 'In', 'As', 'But', 'On']) {
      expect(ms.filter((m) => m.text === w || m.text.startsWith(`${w} `))).toEqual([]);
    }
  });
});
