import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.ts';
import { tokenize } from './tokenize.ts';

describe('sentences', () => {
  it.each([
    ['Theresa May said it. They left.', ['Theresa May said it.', 'They left.']],
    ['Mr. Smith went to Washington on Jan. 5. He said "no."', ['Mr. Smith went to Washington on Jan. 5.', 'He said "no."']],
    ['Ukraine map\n\nIn the first place, Russia wants NATO to act.', ['Ukraine map', 'In the first place, Russia wants NATO to act.']],
    ['The U.S. and the E.U. met. Talks ended.', ['The U.S. and the E.U. met.', 'Talks ended.']],
    ['"Really?" she asked. He left.', ['"Really?" she asked.', 'He left.']],
    ['He spoke at 5 p.m. Then he left.', ['He spoke at 5 p.m.', 'Then he left.']],
    ['The U.S. Army and Gen. Mark Milley met. Vladimir V. Putin did not.', ['The U.S. Army and Gen. Mark Milley met.', 'Vladimir V. Putin did not.']],
    ['"We are ready." Lavrov said so.', ['"We are ready."', 'Lavrov said so.']],
    ['He said “no.” Then he left.', ['He said “no.”', 'Then he left.']],
    ['(See above.) Next one.', ['(See above.)', 'Next one.']],
    ['It rose 3.5% in 2021. 2022 was worse.', ['It rose 3.5% in 2021.', '2022 was worse.']],
    ['Wed. Jan 26th, 2022', ['Wed. Jan 26th, 2022']],
    ['He sat. The talks began.', ['He sat.', 'The talks began.']],
    ['It ended .\n`` We left , \'\' he said .', ['It ended .', "`` We left , '' he said ."]],
    ['Visit bbc.co.uk. It is free.', ['Visit bbc.co.uk.', 'It is free.']],
    ['Highway No. 1 was closed.', ['Highway No. 1 was closed.']],
    ['Are you sure?! Yes.', ['Are you sure?!', 'Yes.']],
  ])('%j', (text, want) => {
    const { sentences } = splitSentences(text);
    expect(sentences.map((s) => text.slice(s.start, s.end))).toEqual(want);
  });

  it('the seed has dozens of sentences and every token spans text', () => {
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

  it.each([
    ["Russia's envoy didn't go", ['Russia', "'s", 'envoy', 'did', "n't", 'go']],
    ['I’m sure they’ll say can’t', ['I', '’m', 'sure', 'they', '’ll', 'say', 'ca', 'n’t']],
    ["O'Brien and rock'n'roll", ["O'Brien", 'and', "rock'n'roll"]],
    ["the countries' leaders", ['the', 'countries', "'", 'leaders']],
    ['NATO-Russia talks', ['NATO', '-', 'Russia', 'talks']],
    ['1,000.5 troops at 10:30 on 2022-01-14', ['1,000.5', 'troops', 'at', '10:30', 'on', '2022-01-14']],
    ['U.S. and U.K. at 5 p.m. i.e. now', ['U.S.', 'and', 'U.K.', 'at', '5', 'p.m.', 'i.e.', 'now']],
    ['Gen. Milley met Dr. Smith on Jan. 12.', ['Gen.', 'Milley', 'met', 'Dr.', 'Smith', 'on', 'Jan.', '12', '.']],
    ['he said no. No. 5 is here', ['he', 'said', 'no', '.', 'No.', '5', 'is', 'here']],
    ['mail a.b@c.com or see https://x.com/a?b=1. Or www.kremlin.ru, bbc.co.uk!', ['mail', 'a.b@c.com', 'or', 'see', 'https://x.com/a?b=1', '.', 'Or', 'www.kremlin.ru', ',', 'bbc.co.uk', '!']],
    ['#Ukraine @NATO $5 5% 3rd 1990s', ['#Ukraine', '@NATO', '$', '5', '5', '%', '3rd', '1990s']],
    ['Wait... what — now -- fine…', ['Wait', '...', 'what', '—', 'now', '--', 'fine', '…']],
    ['Zürich, Київ and 北京 👍', ['Zürich', ',', 'Київ', 'and', '北京', '👍']],
    ["America 's war", ['America', "'s", 'war']],
  ])('tokenize %j', (text, want) => {
    expect(tokenize(text).map((t) => text.slice(t.start, t.end))).toEqual(want);
  });

  it('token kinds', () => {
    const text = 'Putin 1,000 a@b.com https://a.org #x @y $ % . 3rd 1990s';
    expect(tokenize(text).map((t) => t.kind)).toEqual(['word', 'number', 'email', 'url', 'hashtag', 'mention', 'currency', 'symbol', 'punctuation', 'ordinal', 'decade']);
  });

  it('never loops or loses text on hostile input: every non-space character is in exactly one token', () => {
    const samples = ["'''", '....', '@@@', '##', 'a.', '.a', "n't", "'s", 'http://', 'www.', 'a@', '\uD83D', '\uDC4D', 'U.S.A.', 'x'.repeat(5000), '\u0000\u0301'];
    for (const text of [...samples, samples.join(' '), samples.join('')]) {
      const toks = tokenize(text);
      let last = 0;
      for (const t of toks) {
        expect(t.end).toBeGreaterThan(t.start);
        expect(t.start).toBeGreaterThanOrEqual(last);
        expect(text.slice(last, t.start).trim()).toBe('');
        last = t.end;
      }
      expect(text.slice(last).trim()).toBe('');
    }
  });
});
