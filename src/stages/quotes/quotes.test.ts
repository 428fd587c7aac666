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

// Constructions added for recall: noun-phrase and infinitive complements, adverbials in every
// position, noun cues, parentheticals, transcript lines, relative and "spokesperson for" speakers.
const MORE: [string, string, string, string, Quote['kind'], Partial<{ lemma: string; speakerKind: string; notContains: string }>][] = [
  ['called for NP', 'Maren Tolsa called for the repeal of the border levy on Tuesday.', 'repeal of the border levy', 'Maren Tolsa', 'indirect', { lemma: 'call for' }],
  ['urged X to', 'Olvar Kresk urged the Tarnish parliament to reject the treaty.', 'to reject the treaty', 'Olvar Kresk', 'indirect', { lemma: 'urge', notContains: 'parliament' }],
  ['called on X to', 'Ilvana Tolsa called on Vellin to withdraw its troops from the border.', 'to withdraw its troops', 'Ilvana Tolsa', 'indirect', { lemma: 'call on' }],
  ['promised to', 'Olvar Kresk promised to lift the export ban before the winter.', 'to lift the export ban', 'Olvar Kresk', 'indirect', { lemma: 'promise' }],
  ['vowed to', 'Maren Tolsa vowed to keep the border crossing open.', 'keep the border crossing open', 'Maren Tolsa', 'indirect', { lemma: 'vow' }],
  ['announced a plan to', 'Olvar Kresk announced a plan to rebuild the port of Vellin.', 'plan to rebuild the port', 'Olvar Kresk', 'indirect', { lemma: 'announce' }],
  ['study found that', 'A study by the Vellin Institute found that exports had fallen by a third.', 'exports had fallen', 'Vellin Institute', 'indirect', { lemma: 'find' }],
  ['polls show NP', 'Recent polls show a close race between the two parties.', 'close race', 'polls', 'indirect', { lemma: 'show' }],
  ['according to X, mid-sentence', 'The treaty, according to Olvar Kresk, would collapse within a year.', 'would collapse within a year', 'Olvar Kresk', 'indirect', { lemma: 'according to' }],
  ['CLAUSE, according to X', 'The treaty would collapse within a year, according to Olvar Kresk.', 'would collapse within a year', 'Olvar Kresk', 'indirect', { lemma: 'according to' }],
  ['as X put it', 'As Maren Tolsa put it, the border had become a wall of paper.', 'wall of paper', 'Maren Tolsa', 'indirect', { lemma: 'put it' }],
  ['parenthetical X said', 'The treaty, Olvar Kresk said, would collapse within a year.', 'would collapse within a year', 'Olvar Kresk', 'indirect', {}],
  ['parenthetical he said', 'Olvar Kresk arrived in Vellin on Monday.\n\nBut to avoid a crisis, he said, the ministers should meet again.', 'ministers should meet again', 'Olvar Kresk', 'indirect', {}],
  ['inverted with appositive', 'The talks could resume next week, said Ilvana Tolsa, a senior adviser who oversees the file.', 'talks could resume', 'Ilvana Tolsa', 'indirect', {}],
  ['appositive subject, indirect', 'Ilvana Tolsa, a senior adviser to the ministry, said farmers still want the border open.', 'farmers still want', 'Ilvana Tolsa', 'indirect', { notContains: 'senior adviser' }],
  ['has argued that', 'Olvar Kresk has argued that the sanctions hurt only farmers.', 'sanctions hurt only farmers', 'Olvar Kresk', 'indirect', { lemma: 'argue' }],
  ['told X that', 'Maren Tolsa told the committee that the army was ready.', 'army was ready', 'Maren Tolsa', 'indirect', { notContains: 'committee' }],
  ["X's statement that", "Olvar Kresk's statement that the border would reopen surprised the envoys.", 'border would reopen', 'Olvar Kresk', 'indirect', { lemma: 'statement' }],
  ['his claim that', 'Olvar Kresk arrived in Vellin on Monday.\n\nHe repeated his claim that the vote had been rigged.', 'vote had been rigged', 'Olvar Kresk', 'indirect', { lemma: 'claim' }],
  ['who said', 'The plan was backed by Olvar Kresk, who said the port would reopen in May.', 'port would reopen', 'Olvar Kresk', 'indirect', {}],
  ['spokesperson for X', 'A spokeswoman for the Vellin Port Authority said the cranes would stay idle.', 'cranes would stay idle', 'Vellin Port Authority spokeswoman', 'indirect', { speakerKind: 'unnamed' }],
  ['issued a statement saying', 'Olvar Kresk issued a statement saying the talks had collapsed.', 'talks had collapsed', 'Olvar Kresk', 'indirect', {}],
  ['transcript line', 'KRESK: We will not sign this treaty under any circumstances.', 'not sign this treaty', 'KRESK', 'indirect', {}],
];

describe('quotes: recall constructions (made-up names)', () => {
  it.each(MORE)('%s', (_name, body, contains, speaker, kind, extra) => {
    const { text, quotes } = quotesOf(body);
    checkSpans(text, quotes);
    const q = find(text, quotes, contains);
    expect(q, JSON.stringify(quotes.map((x) => [x.kind, x.speaker.name, text.slice(x.content.start, x.content.end)]))).toBeDefined();
    expect(q!.speaker.name).toBe(speaker);
    expect(q!.kind).toBe(kind);
    if (extra.lemma) expect(q!.cue?.lemma).toBe(extra.lemma);
    if (extra.speakerKind) expect(q!.speaker.kind).toBe(extra.speakerKind);
    if (extra.notContains) expect(text.slice(q!.content.start, q!.content.end)).not.toContain(extra.notContains);
  });
});

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
  ['called as a name', 'His nonprofit group, called the Vellin Conservation Fund, bought the land.'],
  ['show as a verb of display', 'The museum will show paintings by Tarnish artists next spring.'],
  ['found an object', 'The police found a car near the border crossing.'],
  ['the point is that', 'The point is that the border is closed.'],
  ['according to inside scare quotes', 'The so-called “according to plan” strategy failed.'],
  ['colon after a non-name', 'Update: the border crossing reopened on Monday morning.'],
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
