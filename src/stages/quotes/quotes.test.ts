import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultPipeline } from '../../pipeline/analyze.ts';
import { normalize } from '../normalize/normalize.ts';
import { findDirect } from './marks.ts';
import type { Quote } from './quotes.ts';
import { QuoteSchema } from './schema.ts';

const pipeline = defaultPipeline();

function quotesOf(body: string): { text: string; quotes: Quote[] } {
  const doc = pipeline.run(normalize({ id: 't', kind: 'text', body, published: '2022-01-14' }));
  return { text: doc.text, quotes: doc.layer('quotes') as Quote[] };
}

function checkSpans(text: string, quotes: readonly Quote[]): void {
  for (const q of quotes) {
    expect(q.text).toBe(text.slice(q.start, q.end));
    expect(q.content.start).toBeGreaterThanOrEqual(q.start);
    if (q.cue) expect(q.cue.text).toBe(text.slice(q.cue.start, q.cue.end));
    if (q.speaker.text !== undefined) expect(q.speaker.text).toBe(text.slice(q.speaker.start, q.speaker.end));
    expect(QuoteSchema.safeParse(q).success).toBe(true);
  }
}

const find = (text: string, quotes: readonly Quote[], contains: string): Quote | undefined =>
  quotes.find((q) => text.slice(q.content.start, q.content.end).includes(contains));

// [construction, input, words in the content, speaker, kind, extra expectations]
const CASES: [string, string, string, string, Quote['kind'], Partial<{ lemma: string; stance: string; outlet: string; setting: string; continuation: boolean; speakerKind: string }>][] = [
  ['said X after', '“We will not yield to pressure from anyone,” said Olvar Kresk.', 'not yield to pressure', 'Olvar Kresk', 'direct', { lemma: 'say', stance: 'neutral' }],
  ['X said after', '“We will not yield to pressure from anyone,” Olvar Kresk said.', 'not yield to pressure', 'Olvar Kresk', 'direct', {}],
  ['X said: before', 'Olvar Kresk said: “We will not yield to pressure from anyone.”', 'not yield to pressure', 'Olvar Kresk', 'direct', {}],
  ['straight marks', '"We will not yield to pressure from anyone," said Olvar Kresk.', 'not yield to pressure', 'Olvar Kresk', 'direct', {}],
  ['guillemets', 'Olvar Kresk said: «We will not yield to pressure from anyone.»', 'not yield to pressure', 'Olvar Kresk', 'direct', {}],
  ['em-dash dialogue', '— We will not yield to pressure from anyone, — said Olvar Kresk.', 'not yield to pressure', 'Olvar Kresk', 'direct', {}],
  ['appositive + told reporters', '“The border stays closed for now,” Maren Tolsa, the Tarnish foreign minister, told reporters.', 'border stays closed', 'Maren Tolsa', 'direct', { setting: 'reporters', lemma: 'tell' }],
  ['told OUTLET', '“We will not yield to pressure from anyone,” Olvar Kresk told Radio Tarn.', 'not yield', 'Olvar Kresk', 'direct', { outlet: 'Radio Tarn' }],
  ['interview with OUTLET', 'Olvar Kresk said in an interview with Tarn Today that the talks had failed to produce a result.', 'talks had failed', 'Olvar Kresk', 'indirect', { outlet: 'Tarn Today', setting: 'interview' }],
  ['indirect no that', 'Olvar Kresk said the talks had failed to produce any result.', 'talks had failed', 'Olvar Kresk', 'indirect', {}],
  ['mixed', 'Olvar Kresk complained that there was “no serious offer on the table”.', 'no serious offer', 'Olvar Kresk', 'mixed', { stance: 'complaint', lemma: 'complain' }],
  ['according to X,', 'According to Olvar Kresk, the talks had failed to produce any result.', 'talks had failed', 'Olvar Kresk', 'indirect', { lemma: 'according to' }],
  ['CLAUSE, X said', 'The talks had failed to produce any result, Olvar Kresk said.', 'talks had failed', 'Olvar Kresk', 'indirect', {}],
  ['possessive view', "Olvar Kresk's view is that the talks had failed to produce any result.", 'talks had failed', 'Olvar Kresk', 'indirect', {}],
  ['denial stance', 'Olvar Kresk denied that his government had moved troops to the border.', 'moved troops', 'Olvar Kresk', 'indirect', { stance: 'denial' }],
  ['assertive stance', 'Maren Tolsa insisted that the border would stay closed until spring.', 'border would stay', 'Maren Tolsa', 'indirect', { stance: 'assertive' }],
  ['question stance', 'Maren Tolsa asked whether the border would stay closed until spring.', 'border would stay', 'Maren Tolsa', 'indirect', { stance: 'question' }],
  ['pronoun he', 'Olvar Kresk arrived in Vellin on Monday.\n\n“We will not yield to pressure from anyone,” he said.', 'not yield', 'Olvar Kresk', 'direct', {}],
  ['pronoun she skips a man', 'Ilvana Tolsa met Olvar Kresk in Vellin.\n\n“The border stays closed for now,” she said.', 'border stays', 'Ilvana Tolsa', 'direct', {}],
  ['surname to full name', 'Olvar Kresk arrived in Vellin on Monday.\n\nKresk said the talks had failed to produce any result.', 'talks had failed', 'Olvar Kresk', 'indirect', {}],
  ['continuation paragraph', '“We will not yield,” said Olvar Kresk.\n\n“Nobody in this government will ever accept such terms.”', 'Nobody in this government', 'Olvar Kresk', 'direct', { continuation: true }],
  ['multi-paragraph quote', 'Olvar Kresk said: “We will not yield to pressure from anyone.\n\n“Nobody here will accept these terms,” he added.', 'Nobody here will accept', 'Olvar Kresk', 'direct', {}],
  ['stray reopen mark', '“The plan does not solve anything. “It only moves the line,” Olvar Kresk said.', 'only moves the line', 'Olvar Kresk', 'direct', {}],
  ['misdirected closing mark', '“The plan does not solve anything at all, “Olvar Kresk said.', 'does not solve anything', 'Olvar Kresk', 'direct', {}],
  ['group speaker', 'Some Tarnish diplomats say they are being ignored by the larger states.', 'being ignored', 'Tarnish diplomats', 'indirect', { speakerKind: 'group' }],
  ['unnamed source', 'A senior official said the ceasefire would hold through the winter.', 'ceasefire would hold', 'A senior official', 'indirect', { speakerKind: 'unnamed' }],
  ['headline single quotes', "Kresk: 'We will not yield to anyone'", 'not yield', 'Kresk', 'direct', {}],
];

describe('quotes: constructions (made-up names)', () => {
  it.each(CASES)('%s', (_name, body, contains, speaker, kind, extra) => {
    const { text, quotes } = quotesOf(body);
    checkSpans(text, quotes);
    const q = find(text, quotes, contains);
    expect(q, JSON.stringify(quotes.map((x) => [x.kind, x.speaker.name, x.text]))).toBeDefined();
    expect(q!.speaker.name).toBe(speaker);
    expect(q!.kind).toBe(kind);
    if (extra.lemma) expect(q!.cue?.lemma).toBe(extra.lemma);
    if (extra.stance) expect(q!.cue?.stance).toBe(extra.stance);
    if (extra.outlet) expect(q!.outlet?.name).toBe(extra.outlet);
    if (extra.setting) expect(q!.setting).toBe(extra.setting);
    if (extra.continuation) expect(q!.continuation).toBe(true);
    if (extra.speakerKind) expect(q!.speaker.kind).toBe(extra.speakerKind);
  });
});

// [what, input]: no quotation may come out of these.
const NEGATIVES: [string, string][] = [
  ['scare quotes around one word', 'The minister called the plan a “provocation” in parliament.'],
  ['so-called', 'The so-called “Tarn Accord Framework” expired last year.'],
  ['book title', 'Maren Tolsa read the novel “The Long Night of Vellin” last year.'],
  ['film title', 'The film “A Winter in Tarn” opens in Vellin on Friday.'],
  ['quoted nickname', 'Olvar “The Hammer” Kresk arrived in Vellin on Monday.'],
  ['passive cue', 'The offer was rejected by the government in Vellin.'],
  ['noun, not a cue', 'The security claims of the alliance grew over the year.'],
  ['infinitive cue', 'The government declined to say anything about the border.'],
];

describe('quotes: negative cases', () => {
  it.each(NEGATIVES)('%s', (_name, body) => {
    expect(quotesOf(body).quotes).toEqual([]);
  });
});

describe('quote marks', () => {
  it('does not swallow text after a stray opening mark at a paragraph end', () => {
    const text = '“NATO will never give way. “\n\nThe pursuit of diplomacy has accelerated.';
    const spans = findDirect(text);
    expect(spans).toHaveLength(1);
    expect(text.slice(spans[0]!.contentStart, spans[0]!.contentEnd)).toBe('NATO will never give way.');
  });
  it('closes an unclosed quote at the paragraph end when the next paragraph does not reopen', () => {
    const text = '“We will not yield, said nobody\n\nThe talks ended.';
    const spans = findDirect(text);
    expect(spans).toHaveLength(1);
    expect(spans[0]!.end).toBeLessThanOrEqual(text.indexOf('\n'));
  });
});

describe('quotes: the seed article (golden)', () => {
  const body = readFileSync(fileURLToPath(new URL('../../../examples/seed-article.txt', import.meta.url)), 'utf8');
  const gold = (
    JSON.parse(readFileSync(fileURLToPath(new URL('../../../../shared/fixtures/seed/expected.json', import.meta.url)), 'utf8')) as {
      quotes: { speaker: string; kind: Quote['kind']; contains: string; outlet?: string }[];
    }
  ).quotes;
  const { text, quotes } = quotesOf(body);

  it('keeps every span equal to its text', () => checkSpans(text, quotes));
  it('finds at least 25 of the 26 gold quotes with the right speaker and kind', () => {
    const right = gold.filter((g) => {
      const q = find(text, quotes, g.contains);
      return q && q.speaker.name.includes(g.speaker) && q.kind === g.kind;
    });
    expect(right.length).toBeGreaterThanOrEqual(25);
  });
  it.each([
    ['NATO will never give way', 'Fabrice Pothier'],
    ['anti-hybrid support teams', 'Ivana Stradner'],
  ])('continuation paragraph "%s" → %s', (contains, speaker) => {
    const q = find(text, quotes, contains)!;
    expect(q.speaker.name).toBe(speaker);
    expect(q.continuation).toBe(true);
  });
  it.each([
    ['may not yet be prepared', 'Wendy Sherman'],
    ['only shifts the dividing lines', 'Alexander Grushko'],
  ])('pronoun "%s" → %s', (contains, speaker) => {
    const q = find(text, quotes, contains)!;
    expect(q.speaker.name).toBe(speaker);
    expect(q.speaker.via).toBe('pronoun');
  });
  it('names Borrell after his quote and keeps "some EU diplomats" a group', () => {
    expect(find(text, quotes, 'no security in Europe')!.speaker.name).toBe('Josep Borrell');
    const g = find(text, quotes, 'being sidelined')!;
    expect(g.speaker.kind).toBe('group');
    expect(g.speaker.name).toBe('EU diplomats');
  });
  it('finds the outlets Al Jazeera and Dozhd and never makes Al Jazeera a speaker', () => {
    const outlets = new Set(quotes.map((q) => q.outlet?.name));
    expect(outlets.has('Al Jazeera')).toBe(true);
    expect(outlets.has('Dozhd')).toBe(true);
    expect(quotes.some((q) => q.speaker.name.includes('Al Jazeera'))).toBe(false);
  });
});
