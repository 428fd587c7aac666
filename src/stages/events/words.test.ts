import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { metadataStage } from '../metadata/metadata.ts';
import { normalize } from '../normalize/normalize.ts';
import { sentencesStage } from '../sentences/sentences.ts';
import { conllTokens } from '../entities/ner/ner.ts';
import { Pipeline } from '../../pipeline/pipeline.ts';
import { bySentence } from './context.ts';
import { isQuestion } from './sentence.ts';
import { buildWords, firstWordFrom, isPunct, wordRange } from './words.ts';

const seedText = readFileSync(fileURLToPath(new URL('../../../examples/seed-article.txt', import.meta.url)), 'utf8');

describe('the words the event rules read', () => {
  const doc = new Pipeline([metadataStage, sentencesStage]).run(normalize({ id: 'seed', kind: 'text', body: seedText }));
  const text = doc.text;
  const tokens = doc.layer('tokens');
  const words = buildWords(text, tokens);

  it('are the NER stage\'s CoNLL-style words ("NATO-Russia" one word), with their forms', () => {
    expect(words.map((w) => [w.start, w.end])).toEqual(conllTokens(text, tokens).map((s) => [s.start, s.end]));
    for (const w of words) {
      const t = text.slice(w.start, w.end);
      expect(w.text).toBe(t);
      expect(w.lower).toBe(t.toLowerCase() === '’s' ? "'s" : t.toLowerCase());
      expect(w.punct).toBe(!/[\p{L}\p{N}]/u.test(t));
    }
    // a second document reuses the interned forms and gives the same words
    expect(buildWords(text, tokens)).toEqual(words);
  });

  it('are found by character span', () => {
    const k = words.findIndex((w) => w.lower === 'nato-russia');
    expect(k).toBeGreaterThan(0);
    expect(wordRange(words, words[k]!.start, words[k + 1]!.end)).toEqual({ first: k, last: k + 1 });
    expect(firstWordFrom(words, words[k]!.start)).toBe(k);
    expect(firstWordFrom(words, words[k]!.start + 1)).toBe(k + 1);
    expect(isPunct('“')).toBe(true);
    expect(isPunct('Ö')).toBe(false);
  });

  it('group places and times by the sentence that wholly holds them', () => {
    const sentences = [{ start: 0, end: 10 }, { start: 11, end: 20 }];
    const spans = [{ start: 2, end: 4 }, { start: 9, end: 12 }, { start: 12, end: 20 }, { start: 15, end: 16 }];
    expect(bySentence(sentences, spans)).toEqual([[spans[0]], [spans[2], spans[3]]]);
  });
});

describe('isQuestion', () => {
  const QUESTION = /\?\s*["”’]?$/;
  it('agrees with /\\?\\s*["”’]?$/ on the sentence text', () => {
    for (const s of ['Will Russia attack?', 'Will it? ”', 'He asked “why?”', 'Why? ’’', 'No.', '?', '', 'Is it ?\u00a0"', 'a?b', '"?', '? x']) {
      expect(isQuestion(`xx${s}yy`, 2, 2 + s.length)).toBe(QUESTION.test(s));
    }
  });
});
