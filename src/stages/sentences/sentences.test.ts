import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.ts';

describe('sentences', () => {
  it.each([
    ['Theresa May said it. They left.', ['Theresa May said it.', 'They left.']],
    ['Mr. Smith went to Washington on Jan. 5. He said "no."', ['Mr. Smith went to Washington on Jan. 5.', 'He said "no."']],
    ['Ukraine map\n\nIn the first place, Russia wants NATO to act.', ['Ukraine map', 'In the first place, Russia wants NATO to act.']],
    ['The U.S. and the E.U. met. Talks ended.', ['The U.S. and the E.U. met.', 'Talks ended.']],
  ])('%j', (text, want) => {
    const { sentences } = splitSentences(text);
    expect(sentences.map((s) => text.slice(s.start, s.end))).toEqual(want);
  });

  it('bug: binding wink its-functions returned no sentences — the seed has dozens', () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'seed-article.txt'), 'utf8');
    const { sentences, tokens } = splitSentences(text);
    expect(sentences.length).toBeGreaterThan(40);
    expect(tokens.length).toBeGreaterThan(1000);
    for (const t of tokens) expect(t.end).toBeGreaterThan(t.start);
  });

  it('a sentence never crosses a paragraph break and is trimmed', () => {
    const text = '  Heading without stop\n\nBody sentence one. Body two.  ';
    const { sentences } = splitSentences(text);
    for (const s of sentences) {
      const t = text.slice(s.start, s.end);
      expect(t).not.toMatch(/\n\s*\n/);
      expect(t).toBe(t.trim());
    }
    expect(sentences).toHaveLength(3);
  });
  it('gives the same tokens and kinds on a second call (token types are memoised)', () => {
    const text = 'Zelenskyy-Qwertz met 3 envoys at 10:30.\n\nThe talks ended.';
    const first = splitSentences(text);
    expect(splitSentences(text)).toEqual(first);
    expect(first.tokens.map((t) => text.slice(t.start, t.end))).not.toContain('\n\n');
    expect(first.sentences.map((s) => text.slice(s.start, s.end))).toEqual(['Zelenskyy-Qwertz met 3 envoys at 10:30.', 'The talks ended.']);
  });
});
