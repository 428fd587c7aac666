import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Document } from '../../doc/document.ts';
import type { Meta } from '../../doc/types.ts';
import { extractTimes, timesStage } from './times.ts';
import { isoWeek, dayNumber } from './timex.ts';

const REF = '2022-01-14'; // a Friday
const seedPath = fileURLToPath(new URL('../../../examples/seed-article.txt', import.meta.url));
const seed = readFileSync(seedPath, 'utf8');

/** The time expression overlapping `phrase` in `text` (first occurrence). */
function timeIn(text: string, phrase: string, ref: string | null = REF) {
  const at = text.indexOf(phrase);
  if (at < 0) throw new Error(`phrase not in text: ${phrase}`);
  return extractTimes(text, ref).find((t) => t.start < at + phrase.length && at < t.end);
}

describe('seed article, published 2022-01-14', () => {
  const gold = (JSON.parse(readFileSync(fileURLToPath(new URL('../../../../shared/fixtures/seed/expected.json', import.meta.url)), 'utf8')) as {
    dates_if_published_2022_01_14: { expression: string; value: string }[];
  }).dates_if_published_2022_01_14;

  it('has the 8 gold expressions', () => expect(gold).toHaveLength(8));
  it.each(gold.map((g) => [g.expression, g.value]))('%s → %s', (expression, value) => {
    const t = timeIn(seed, expression);
    expect(t?.value).toBe(value);
  });

  it('keeps text === doc.text.slice(start, end) for every result', () => {
    for (const t of extractTimes(seed, REF)) expect(seed.slice(t.start, t.end)).toBe(t.text);
  });
});

describe('news refiners (ref 2022-01-14, Friday)', () => {
  const rows: [string, string, string, string][] = [
    ['Officials met on Monday in Geneva.', 'Monday', 'Monday', '2022-01-10'],
    ['On Wednesday the council met in Brussels.', 'Wednesday', 'Wednesday', '2022-01-12'],
    ["The chairman opened Thursday's meeting.", 'Thursday', 'Thursday', '2022-01-13'],
    ['The chairman opened Thursday’s meeting.', 'Thursday', 'Thursday', '2022-01-13'],
    ['On Friday, the minister adopted a tough tone.', 'Friday', 'Friday', '2022-01-14'],
    ['The ministers will meet on Monday.', 'Monday', 'Monday', '2022-01-17'],
    ['They met last Friday.', 'last Friday', 'last Friday', '2022-01-07'],
    ['She visited the front in early January.', 'early January', 'early January', '2022-01'],
    ['Talks resumed in mid-January.', 'mid-January', 'mid-January', '2022-01'],
    ['Troops massed in late January.', 'late January', 'late January', '2022-01'],
    ['Troops were spotted at the end of last year.', 'end of last year', 'the end of last year', '2021-12'],
    ['Sales fell by the end of last year.', 'end of last year', 'the end of last year', '2021-12'],
    ['They spoke last month.', 'last month', 'last month', '2021-12'],
    ['There will be no results this week.', 'this week', 'this week', '2022-W02'],
    ['Prices rose last week.', 'last week', 'last week', '2022-W01'],
    ['He must respond within days.', 'within days', 'days', 'PXD'],
    ['the highest in 30 years', '30 years', '30 years', 'P30Y'],
    ['greater than ever in the last 30 years', 'the last 30 years', 'the last 30 years', 'P30Y'],
    ['It lasted two years.', 'two years', 'two years', 'P2Y'],
    ['They met after more than two years.', 'more than two years', 'more than two years', 'P2Y'],
    ['The storm lasted three days.', 'three days', 'three days', 'P3D'],
    ['The vote took two hours.', 'two hours', 'two hours', 'PT2H'],
    ['Experts waited for the past week.', 'the past week', 'the past week', 'P1W'],
    ['The minister spoke today.', 'today', 'today', '2022-01-14'],
    ['Protests are planned tonight.', 'tonight', 'tonight', '2022-01-14TNI'],
    ['The minister spoke yesterday.', 'yesterday', 'yesterday', '2022-01-13'],
    ['The talks are now over.', 'now', 'now', 'PRESENT_REF'],
    ['Troops are currently deployed.', 'currently', 'currently', 'PRESENT_REF'],
    ['He recently resigned.', 'recently', 'recently', 'PAST_REF'],
    ['Growth slowed in 2021.', '2021', '2021', '2021'],
    ['The pact was signed in 1990.', '1990', '1990', '1990'],
    ['Reforms of the 1990s failed.', 'the 1990s', 'the 1990s', '199'],
    ['Markets boomed in the ’80s.', 'the ’80s', 'the ’80s', '198'],
    ["The '10s were calm.", "The '10s", "The '10s", '201'],
    ['Profit rose in the third quarter.', 'the third quarter', 'the third quarter', '2021-Q3'],
    ['Output rose in Q1 2022.', 'Q1 2022', 'Q1 2022', '2022-Q1'],
    ['Fighting may resume this summer.', 'this summer', 'this summer', '2022-SU'],
    ['Talks were held this morning.', 'this morning', 'this morning', '2022-01-14TMO'],
    ['Shots were fired on Monday night.', 'Monday night', 'Monday night', '2022-01-10TNI'],
    ['The treaty was signed on Jan. 10, 2022.', 'Jan. 10, 2022', 'Jan. 10, 2022', '2022-01-10'],
    ['The talks began at 10:30 a.m. on Monday.', '10:30 a.m.', '10:30 a.m.', '2022-01-14T10:30'],
    ['The election was held in January.', 'January', 'January', '2022-01'],
    ['The cut took effect in December.', 'December', 'December', '2021-12'],
    ['The vote was held on May 5.', 'May 5', 'May 5', '2022-05-05'],
    ['The accord dates from March 2020.', 'March 2020', 'March 2020', '2020-03'],
    ['The summit met two years ago.', 'two years ago', 'two years ago', '2020'],
    ['Inspectors visit every week.', 'every week', 'every week', 'P1W'],
  ];
  it.each(rows)('%s', (text, phrase, span, value) => {
    const t = timeIn(text, phrase);
    expect(t?.text).toBe(span);
    expect(t?.value).toBe(value);
  });

  it('marks values taken from the reference as anchored', () => {
    expect(timeIn('They met on Monday.', 'Monday')?.anchored).toBe(true);
    expect(timeIn('They met in 1990.', '1990')?.anchored).toBe(false);
  });

  it('gives types', () => {
    expect(timeIn('It lasted two years.', 'two years')?.type).toBe('DURATION');
    expect(timeIn('at 10:30 a.m.', '10:30')?.type).toBe('TIME');
    expect(timeIn('Inspectors visit every week.', 'every week')?.type).toBe('SET');
    expect(timeIn('They met on Monday.', 'Monday')?.type).toBe('DATE');
  });

  it('records the rule in the provenance', () => {
    const t = timeIn('They met on Monday.', 'Monday');
    expect(t?.prov).toMatchObject({ stage: 'times', version: '1.0.0', rule: 'weekday-past' });
  });

  it('uses ISO weeks across the year boundary', () => {
    expect(isoWeek(dayNumber(2021, 1, 3))).toEqual({ year: 2020, week: 53 });
    expect(isoWeek(dayNumber(2022, 1, 3))).toEqual({ year: 2022, week: 1 });
    expect(timeIn('Prices rose last week.', 'last week', '2022-01-07')?.value).toBe('2021-W52');
  });

  it('resolves against a month-precise reference', () => {
    expect(timeIn('They spoke last month.', 'last month', '2022-01')?.value).toBe('2021-12');
    expect(timeIn('They spoke yesterday.', 'yesterday', '2022-01')?.value).toBe('XXXX-XX-XX');
    expect(timeIn('They spoke today.', 'today', '2022-01-14T09:30')?.value).toBe('2022-01-14');
  });
});

describe('bug: "the \'80s" with a 1989 reference became 208 (the 2080s)', () => {
  it.each([
    ['1989-11-02', 'the last half of the ’80s', '198'],
    ['1989-11-02', "since the '20s", '192'],
    ['2019-06-01', "in the '20s", '202'],
  ])('ref %s: %s → %s', (ref, text, value) => {
    expect(extractTimes(text, ref).map((t) => t.value)).toEqual([value]);
  });
});

describe('negative cases: not time expressions', () => {
  const rows: [string, string][] = [
    ['Prime Minister Theresa May said the talks failed.', 'May'],
    ['Protesters joined a march on the capital.', 'march'],
    ['Thousands March on Washington demanding reform.', 'March'],
    ['The Sun reported the story.', 'Sun'],
    ['He won 2,000 votes and 1,500 seats.', '2,000'],
    ['About 2000 troops crossed the border.', '2000'],
    ['The police found 12 rifles.', '12'],
    ['It was the second round of talks.', 'second'],
    ['He came second in the vote.', 'second'],
    ['Russia may not yet be prepared.', 'may'],
    ['NATO expanded after the Cold War.', 'Cold War'],
    ['Minister Olvar Kresk told Radio Tarn.', 'Kresk'],
    ['Fritz Fried spoke to Frida.', 'Fri'],
    ['Upgrade to version 2.1.3 today.', '2.1.3'],
    ['Tarn beat Kresk 2-1 in the final.', '2-1'],
    ['Anders Fogh Rasmussen, a former NATO chief, spoke.', 'former'],
    ['The 3/4 majority was reached.', '3/4'],
    ['A 30-year-old man was arrested.', '30-year-old'],
    ['Iraq imports about three-quarters of its food.', 'three-quarters'],
    ['Prices fall in the market.', 'fall'],
    ['He paid $1990 for the car.', '1990'],
  ];
  it.each(rows)('%s', (text, phrase) => {
    expect(timeIn(text, phrase)).toBeUndefined();
  });
});

describe('reference date null: underspecified TIMEX3', () => {
  const rows: [string, string, string][] = [
    ['The election was held in January.', 'January', 'XXXX-01'],
    ['They met on Monday.', 'Monday', 'XXXX-WXX-1'],
    ['They spoke yesterday.', 'yesterday', 'XXXX-XX-XX'],
    ['They spoke last month.', 'last month', 'XXXX-XX'],
    ['They spoke last year.', 'last year', 'XXXX'],
    ['They spoke last week.', 'last week', 'XXXX-WXX'],
    ['It lasted two years.', 'two years', 'P2Y'],
    ['The treaty was signed on Jan. 10, 2022.', 'Jan. 10, 2022', '2022-01-10'],
    ['The treaty was signed on Jan. 10.', 'Jan. 10', 'XXXX-01-10'],
    ['The talks are now over.', 'now', 'PRESENT_REF'],
  ];
  it.each(rows)('%s', (text, phrase, value) => {
    const t = timeIn(text, phrase, null);
    expect(t?.value).toBe(value);
    expect(t?.anchored).toBe(false);
  });
});

describe('timesStage', () => {
  const meta = (value: string | null): Meta => ({
    title: null, byline: null, dateline: null, url: null, siteName: null, lang: 'en',
    published: { value, source: value ? 'user' : 'none', confidence: value ? 1 : 0 },
  });
  const make = (text: string, published: string | null) =>
    Document.create({ id: 't', text, hints: { kind: 'text' }, boilerplate: [], captions: [], warnings: [] }).with({ meta: meta(published), sentences: [] });

  it('declares its contract', () => {
    expect(timesStage).toMatchObject({ name: 'times', version: '1.0.0', requires: ['meta', 'sentences'], provides: ['times'] });
  });

  it('reads the reference date from meta.published', () => {
    const { layers } = timesStage.run(make(seed, REF), { options: {} });
    const monday = layers.times.find((t) => t.text === 'Monday');
    expect(monday?.value).toBe('2022-01-10');
    for (const t of layers.times) expect(seed.slice(t.start, t.end)).toBe(t.text);
  });

  it('keeps the span invariant on awkward text', () => {
    const text = 'On Friday’s “talks” — held 10–13 January 2022 — ended\u00a0today; next week?\n\nSun. Jan. 2, 2022';
    const doc = make(text, null);
    for (const t of timesStage.run(doc, { options: {} }).layers.times) expect(text.slice(t.start, t.end)).toBe(t.text);
  });
});

describe('tense picks the year of a bare month or month-day (strong cues only)', () => {
  const rows: [string, string, string, string][] = [
    // [ref, text, phrase, value]
    ['1989-10-25', 'Revenue was $76 million for the year ended March 31.', 'March 31', '1989-03-31'],
    ['1999-04-19', 'Police have searched for him since shortly after the Oct. 23 slaying, officials said.', 'Oct. 23', '1998-10-23'],
    ['1989-10-25', 'In March, American Medical received a $24-a-share offer.', 'March', '1989-03'],
    ['1998-05-04', 'He will fly the shuttle on a mission in December.', 'December', '1998-12'],
    ['1989-10-30', 'The dividend is payable Dec. 7 to holders of record.', 'Dec. 7', '1989-12-07'],
    ['2000-01-06', 'Elian must be returned to his father by Jan. 14.', 'Jan. 14', '2000-01-14'],
    ['1989-10-30', 'The offer was extended to Nov. 16.', 'Nov. 16', '1989-11-16'],
    ['1989-10-25', 'Shares rose to $42 in March.', 'March', '1990-03'], // no cue: the closest
    ['2022-01-14', 'The vote was held on May 5.', 'May 5', '2022-05-05'], // under five months ahead: closest
  ];
  it.each(rows)('ref %s: %s', (ref, text, phrase, value) => {
    expect(timeIn(text, phrase, ref)?.value).toBe(value);
  });
});

describe('"a year ago"/"last year" in a quarter or period sentence name that quarter a year back', () => {
  const rows: [string, string, string, string][] = [
    ['1989-10-25', 'Third-quarter profit was $31 million. Net in the quarter rose from $10 million a year ago.', 'a year ago', '1988-Q3'],
    ['1989-10-25', 'Net for the period fell to $5 million from $6.1 million a year earlier.', 'a year earlier', '1988-Q3'],
    ['1989-10-25', 'Sales in the quarter were up from last year’s $1.55 billion.', 'last year', '1988-Q3'],
    ['1989-10-25', 'The company was founded a year ago.', 'a year ago', '1988'],
    ['1989-10-25', 'The plant closed last year.', 'last year', '1988'],
  ];
  it.each(rows)('ref %s: %s', (ref, text, phrase, value) => {
    expect(timeIn(text, phrase, ref)?.value).toBe(value);
  });
});

describe('indefinite and approximate references', () => {
  const rows: [string, string, string, string][] = [
    // [text, phrase, span, value]
    ['Growth has slowed in recent years.', 'recent years', 'recent years', 'PAST_REF'],
    ['There were sell programs in past years, too.', 'past years', 'past years', 'PAST_REF'],
    ['He bought at the then current market price.', 'current', 'then current', 'PAST_REF'],
    ['The war ended nearly four years ago.', 'years ago', 'nearly four years ago', '2018'],
    ['He left about two weeks ago.', 'weeks ago', 'about two weeks ago', '2021-W52'],
    ['Prices were lower for the past few years.', 'years', 'the past few years', 'PXY'],
    ['Reporters met on Friday evening.', 'Friday evening', 'Friday evening', '2022-01-14TEV'],
    ['Shots were fired on Wednesday night.', 'Wednesday night', 'Wednesday night', '2022-01-12TNI'],
    ['On Friday, the minister adopted a tough tone.', 'Friday', 'Friday', '2022-01-14'],
    ['Prices doubled this month.', 'this month', 'this month', '2022-01'],
  ];
  it.each(rows)('%s', (text, phrase, span, value) => {
    const t = timeIn(text, phrase);
    expect(t?.text).toBe(span);
    expect(t?.value).toBe(value);
  });
});

describe('relative dates anchored to a weak publication date', () => {
  it('carry that date\'s low confidence and a warning', async () => {
    const { defaultPipeline } = await import('../../pipeline/analyze.ts');
    const { normalize } = await import('../normalize/normalize.ts');
    const doc = defaultPipeline().run(normalize({ id: 't', kind: 'text', body: 'Wed. Jan 26th, 2022\n\nBRUSSELS – NATO and Russian officials met on Monday, the alliance said in a statement.' }));
    const monday = doc.layer('times').find((t) => t.text === 'Monday');
    expect(monday?.value).toBe('2022-01-24');
    expect(monday?.prov.confidence).toBeLessThanOrEqual(0.3);
    expect(doc.warnings.map((w) => w.code)).toContain('ATT-W005');
  });
});
