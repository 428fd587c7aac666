import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildKb, type CountryInput } from './build.ts';
import { KbError } from './errors.ts';
import { KB_JSON, readTables, serializeKb } from './files.ts';
import { loadKb } from './kb.ts';
import { editDistance, foldKey, parseFuzzyDate, queryDateProblem } from './text.ts';

const kb = loadKb();
const require = createRequire(import.meta.url);
const countries = require('world-countries/countries.json') as CountryInput[];
const SEED = JSON.parse(readFileSync(new URL('../../../shared/fixtures/seed/expected.json', import.meta.url), 'utf8')) as {
  memberships_on_2022_01_12: { state: string; in?: string[]; not_in?: string[] }[];
  metonyms: { mention: string; refers_to: string }[];
};

describe('compiled kb.json', () => {
  it('is up to date with the TSV tables and world-countries (run scripts/build-kb.ts when this fails)', () => {
    const wc = (require('world-countries/package.json') as { version: string }).version;
    expect(readFileSync(KB_JSON, 'utf8')).toBe(serializeKb(buildKb(countries, readTables(), wc)));
  });

  it('gives every membership row a source and a valid date', () => {
    for (const r of kb.data.memberships) {
      expect(r.source, `memberships.tsv:${r.line}`).not.toBe('');
      expect(parseFuzzyDate(r.from), `memberships.tsv:${r.line}`).not.toBeNull();
    }
  });

  it('has every UN member of world-countries, bar the Holy See (an observer world-countries marks as member)', () => {
    const ours = new Set(kb.members('UN', '2024-01-01').members.map((m) => m.id));
    const theirs = new Set(countries.filter((c) => c.unMember && c.cca3 !== 'VAT').map((c) => c.cca3));
    expect(ours).toEqual(theirs);
    expect(ours.size).toBe(193);
  });

  it.each([
    ['NATO', '2022-01-12', 30],
    ['NATO', '2024-03-07', 32],
    ['EU', '2019-06-01', 28],
    ['EU', '2020-02-01', 27],
    ['OSCE', '2022-01-12', 57],
    ['Council of Europe', '2022-01-12', 47],
    ['Council of Europe', '2022-03-16', 46],
    ['UNSC', '2022-01-12', 15],
    ['UNSC', '2017-06-01', 15],
    ['UNSC', '2018-06-01', 15],
    ['G7', '2010-01-01', 8],
    ['G7', '2015-01-01', 7],
    ['G20', '2024-01-01', 21],
    ['AU', '2024-01-01', 55],
    ['Arab League', '2015-01-01', 22],
    ['ASEAN', '2024-01-01', 10],
    ['BRICS', '2024-06-01', 9],
  ])('%s on %s has %i members', (org, date, n) => {
    expect(kb.members(org, date).members).toHaveLength(n);
  });

  it('loads fast (measured, not asserted: benchmarks measure, tests assert behaviour)', () => {
    const k = loadKb({ fresh: true });
    expect(k.loadMs).toBeGreaterThan(0);
  });
});

describe('seed gold: memberships on 2022-01-12', () => {
  for (const row of SEED.memberships_on_2022_01_12) {
    for (const org of row.in ?? []) it(`${row.state} in ${org}`, () => expect(kb.isMember(row.state, org, '2022-01-12').member).toBe(true));
    for (const org of row.not_in ?? []) it(`${row.state} not in ${org}`, () => expect(kb.isMember(row.state, org, '2022-01-12').member).toBe(false));
  }
});

describe('isMember: dates that news depends on', () => {
  it.each([
    ['Finland', 'NATO', '2022-01-12', 'no', 'none'],
    ['Finland', 'NATO', '2023-04-03', 'no', 'none'],
    ['Finland', 'NATO', '2023-04-04', 'yes', 'member'],
    ['Sweden', 'NATO', '2024-03-06', 'no', 'none'],
    ['Sweden', 'NATO', '2024-03-07', 'yes', 'member'],
    ['Poland', 'NATO', '1999-03-12', 'yes', 'member'],
    ['Spain', 'NATO', '1982-05-29', 'no', 'none'],
    ['France', 'NATO', '1970-01-01', 'yes', 'member'], // left the integrated command, not the alliance
    ['Germany', 'NATO', '1955-05-06', 'yes', 'member'],
    // The UK left at 23:00 GMT on 2020-01-31: it was a member for most of that day, its last.
    ['UK', 'EU', '2020-01-30', 'yes', 'member'],
    ['UK', 'EU', '2020-01-31', 'yes', 'member'],
    ['UK', 'EU', '2020-02-01', 'no', 'none'],
    ['Ukraine', 'EU', '2022-06-23', 'no', 'candidate'],
    ['Russia', 'Council of Europe', '2022-02-24', 'yes', 'member'],
    ['Russia', 'Council of Europe', '2022-03-15', 'yes', 'suspended'],
    ['Russia', 'Council of Europe', '2022-03-16', 'no', 'none'],
    ['Russia', 'Council of Europe', '2022-03-17', 'no', 'none'],
    ['Greece', 'Council of Europe', '1972-01-01', 'no', 'none'],
    ['Greece', 'Council of Europe', '1975-01-01', 'yes', 'member'],
    ['Syria', 'Arab League', '2015-06-01', 'yes', 'suspended'],
    ['Syria', 'Arab League', '2023-05-07', 'yes', 'member'],
    ['Georgia', 'CIS', '2009-08-17', 'yes', 'member'],
    ['Georgia', 'CIS', '2009-08-18', 'no', 'none'],
    ['Uzbekistan', 'CSTO', '2010-01-01', 'yes', 'member'],
    ['Uzbekistan', 'CSTO', '2013-01-01', 'no', 'none'],
    ['Armenia', 'CSTO', '2024-06-01', 'yes', 'suspended'],
    ['India', 'SCO', '2017-06-09', 'yes', 'member'],
    ['Iran', 'SCO', '2023-07-03', 'no', 'none'],
    ['Belarus', 'SCO', '2024-07-04', 'yes', 'member'],
    ['Egypt', 'BRICS', '2024-01-01', 'yes', 'member'],
    ['Saudi Arabia', 'BRICS', '2024-06-01', 'no', 'invited'],
    ['Indonesia', 'BRICS', '2025-01-06', 'yes', 'member'],
    ['Morocco', 'AU', '2000-01-01', 'no', 'none'],
    ['Morocco', 'AU', '2017-01-30', 'yes', 'member'],
    ['Niger', 'AU', '2024-01-01', 'yes', 'suspended'],
    ['Russia', 'G8', '2010-01-01', 'yes', 'member'],
    ['Russia', 'G7', '2015-01-01', 'no', 'none'],
    ['China', 'UNSC', '2022-01-12', 'yes', 'permanent'],
    ['Germany', 'UNSC', '2020-12-31', 'yes', 'elected'],
    ['Germany', 'UNSC', '2021-01-01', 'no', 'none'],
    ['Russia', 'NATO-Russia Council', '2022-01-12', 'yes', 'member'],
    ['Finland', 'NATO-Russia Council', '2022-01-12', 'no', 'none'],
    ['Finland', 'NATO-Russia Council', '2024-01-01', 'yes', 'member'],
    ['Finland', 'Partnership for Peace', '2022-01-12', 'yes', 'member'],
    ['Finland', 'Partnership for Peace', '2023-04-04', 'no', 'none'],
    ['European Union', 'G20', '2022-01-12', 'yes', 'member'],
    ['Holy See', 'UN', '2022-01-12', 'no', 'observer'],
    ['Holy See', 'OSCE', '2022-01-12', 'yes', 'member'],
  ] as const)('%s in %s on %s: %s (%s)', (state, org, date, answer, status) => {
    const a = kb.isMember(state, org, date);
    expect(a.answer).toBe(answer);
    expect(a.status).toBe(status);
    expect(a.member).toBe(answer === 'yes');
    if (answer === 'yes') expect(a.evidence[0]?.source).toBeTruthy();
  });

  it('says when a non-member joined later, and when a member left', () => {
    expect(kb.isMember('Finland', 'NATO', '2022-01-12').joined).toBe('2023-04-04');
    const uk = kb.isMember('UK', 'EU', '2021-01-01');
    expect(uk.left).toBe('2020-01-31');
    expect(uk.leftBy).toBe('withdrawal');
  });

  it('answers unknown rather than guessing inside a year-precise date (Uzbekistan left the CSTO in 2012)', () => {
    const a = kb.isMember('Uzbekistan', 'CSTO', '2012-05-01');
    expect(a.answer).toBe('unknown');
    expect(a.member).toBe(false);
    // On the last day of the coarse start period the accession has certainly happened.
    expect(kb.isMember('Botswana', 'AU', '1966-12-31').answer).toBe('yes');
    expect(kb.isMember('Botswana', 'AU', '1966-06-01').answer).toBe('unknown');
    expect(kb.isMember('Botswana', 'AU', '1965-12-31').answer).toBe('no');
  });

  it('lists memberships of a state on a day', () => {
    const ids = kb.memberships('Poland', '2022-01-12').filter((a) => a.member).map((a) => a.org).sort();
    expect(ids).toEqual(['coe', 'eu', 'nato', 'nrc', 'osce', 'un']);
  });
});

describe('state()', () => {
  it.each([
    ['Finland', 'FIN'], ['FI', 'FIN'], ['fin', 'FIN'], ['Russia', 'RUS'], ['Russian Federation', 'RUS'], ['Russian', 'RUS'], ['Russians', 'RUS'],
    ['Ukrainian', 'UKR'], ['American', 'USA'], ['Americans', 'USA'], ['British', 'GBR'], ['Polish', 'POL'], ['the US', 'USA'], ['U.S.', 'USA'],
    ['America', 'USA'], ['Britain', 'GBR'], ['Great Britain', 'GBR'], ['UK', 'GBR'], ['South Korea', 'KOR'], ['North Korea', 'PRK'], ['DPRK', 'PRK'],
    ['Ivory Coast', 'CIV'], ["Côte d'Ivoire", 'CIV'], ["Cote d'Ivoire", 'CIV'], ['Turkey', 'TUR'], ['Türkiye', 'TUR'], ['Turkiye', 'TUR'],
    ['Czechia', 'CZE'], ['Czech Republic', 'CZE'], ['Burma', 'MMR'], ['Swaziland', 'SWZ'], ['Macedonia', 'MKD'], ['North Macedonia', 'MKD'],
    ['Georgia', 'GEO'], ['Jordan', 'JOR'], ['Chad', 'TCD'], ['the Netherlands', 'NLD'], ['Holland', 'NLD'], ['Holy See', 'VAT'],
    ['Guinea Bissau', 'GNB'], ['Congolese', 'COD'], ['Dominican', 'DOM'], ['Deutschland', 'DEU'], ['ROSSIYA', undefined],
  ])('%s → %s', (name, id) => {
    expect(kb.state(name)?.id).toBe(id);
  });

  it('names the other states an ambiguous demonym can mean', () => {
    expect(kb.resolveState('Congolese')?.alternatives).toEqual(['COG']);
  });

  it('strict mode matches codes and acronyms only in capitals: "us" in running text is a pronoun', () => {
    expect(kb.state('us', { strict: true })).toBeUndefined();
    expect(kb.state('US', { strict: true })?.id).toBe('USA');
    expect(kb.state('U.S.', { strict: true })?.id).toBe('USA');
    expect(kb.state('us')?.id).toBe('USA');
  });

  it.each(['Kiev', 'Moscow', 'the Kremlin', 'Europe', 'Soviet Union', 'England', 'Washington'])('%s is not a state name', (n) => {
    expect(kb.state(n)).toBeUndefined();
  });

  it('requireState throws a KbError with suggestions', () => {
    try {
      kb.requireState('Finnland');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KbError);
      expect((e as KbError).suggestions[0]).toBe('Finland');
      expect((e as KbError).message).toContain('did you mean Finland');
    }
  });
});

describe('org()', () => {
  it.each([
    ['NATO', 'nato'], ['the North Atlantic Treaty Organization', 'nato'], ['North Atlantic Treaty Organisation', 'nato'], ['nato', 'nato'],
    ['OSCE', 'osce'], ['Organization for Security and Cooperation in Europe', 'osce'], ['Organisation for Security and Co-operation in Europe', 'osce'],
    ['CSCE', 'osce'], ['EU', 'eu'], ['European Union', 'eu'], ['EEC', 'eu'], ['Council of Europe', 'coe'], ['UN Security Council', 'unsc'],
    ['Security Council', 'unsc'], ['G8', 'g7'], ['G-20', 'g20'], ['Arab League', 'arab-league'], ['OAU', 'au'], ['African Union', 'au'],
    ['NATO-Russia Council', 'nrc'], ['NATO–Russia Council', 'nrc'], ['PfP', 'pfp'], ['Eurasian Economic Union', 'eaeu'], ['CIS', 'cis'],
    ['the bloc', undefined], ['EC', undefined], ['the alliance', undefined],
  ])('%s → %s', (name, id) => {
    expect(kb.org(name)?.id).toBe(id);
  });
});

describe('metonym()', () => {
  for (const m of SEED.metonyms) {
    it(`seed gold: ${m.mention} → ${m.refers_to}`, () => expect(kb.metonym(m.mention)?.name).toBe(kb.state(m.refers_to)?.name));
  }
  it.each([
    ['the Kremlin', '', 'RUS'], ['Kremlin', '', 'RUS'], ['Moscow', '', 'RUS'], ['Washington', '', 'USA'], ['the White House', '', 'USA'],
    ['Downing Street', '', 'GBR'], ['Beijing', '', 'CHN'], ['Kiev', '', 'UKR'], ['Kyiv', '', 'UKR'], ['Brussels', '', 'eu'],
    ['Brussels', 'Brussels has warned Minsk', 'eu'], ['Brussels', 'NATO allies told Brussels', 'nato'], ['Brussels', 'Brussels and the alliance', 'nato'],
    ['Brussels', 'the nato of the story', 'eu'], ['Vienna', 'OSCE talks in Vienna', 'osce'], ['Vienna', '', 'AUT'], ['Tallinn', '', 'EST'],
    ['Peking', '', 'CHN'], ['New York', '', undefined], ['New York', 'at the UN in New York', 'un'], ['Finland', '', undefined],
  ])('%s (context "%s") → %s', (mention, context, id) => {
    expect(kb.metonym(mention, context)?.id).toBe(id);
  });

  it('says why: default reading or the context cue', () => {
    expect(kb.metonym('Brussels', 'NATO said')?.reason).toBe('context mentions "NATO"');
    expect(kb.metonym('Brussels')?.reason).toBe('default reading');
  });
});

describe('suggest()', () => {
  it.each([
    ['Finnland', 'state', 'Finland'], ['Ukriane', 'state', 'Ukraine'], ['Azerbajan', 'state', 'Azerbaijan'], ['Kazakstan', 'state', 'Kazakhstan'],
    ['NATOO', 'org', 'North Atlantic Treaty Organization'], ['OCSE', 'org', 'Organization for Security and Co-operation in Europe'], ['Counsil of Europe', 'org', 'Council of Europe'],
  ] as const)('%s → %s', (input, kind, name) => {
    expect(kb.suggest(input, kind)[0]?.name).toBe(name);
  });
  it('offers nothing for gibberish', () => expect(kb.suggest('Qqqqqqqqqq')).toEqual([]));
});

describe('dates', () => {
  it.each([
    ['2022-01-12', null], ['2022-13-01', 'month 13 does not exist'], ['2022-02-30', '2022-02 has no day 30'], ['2022-1-12', 'write it as 2022-01-12'],
    ['12/01/2022', 'slashed dates are ambiguous; did you mean 2022-01-12 (day/month) or 2022-12-01 (month/day)?'], ['2022', 'give a day, e.g. 2022-01-01'], ['yesterday', 'expected YYYY-MM-DD'],
  ])('%s → %s', (raw, problem) => expect(queryDateProblem(raw)).toBe(problem));

  it('rejects a malformed query date with ATT-E051', () => {
    expect(() => kb.isMember('Finland', 'NATO', '2022-13-01')).toThrow(/ATT-E051/);
  });

  it('reads table dates at their precision', () => {
    expect(parseFuzzyDate('1999')).toMatchObject({ precision: 'year', lo: '1999-01-01', hi: '1999-12-31' });
    expect(parseFuzzyDate('2024-02')).toMatchObject({ precision: 'month', hi: '2024-02-29' });
    expect(parseFuzzyDate('2023-02-29')).toBeNull();
  });
});

describe('text helpers', () => {
  it('folds accents, case, articles, punctuation and -isation spellings', () => {
    expect(foldKey('Türkiye')).toBe('turkiye');
    expect(foldKey('the U.S.')).toBe('us');
    expect(foldKey('Organisation for Security and Co-operation in Europe')).toBe(foldKey('Organization for Security and Cooperation in Europe'));
  });
  it('counts a transposition as one edit', () => {
    expect(editDistance('ukriane', 'ukraine')).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});
