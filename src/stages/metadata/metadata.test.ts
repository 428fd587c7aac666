import { describe, expect, it } from 'vitest';
import { findDateline } from './dateline.ts';
import { dateFromUrl, parseHumanDate, parseMachineDate, parseUserDate } from './dates.ts';
import { normalize } from '../normalize/normalize.ts';
import { metadataStage } from './metadata.ts';

const prov = { stage: 'metadata', version: 't' };

describe('dateline', () => {
  const rows: [string, string | null, string?][] = [
    ['Brussels, Belgium – Foreign policy experts have been waiting', 'Brussels, Belgium'],
    ['MOSCOW (Reuters) - Russia said on Monday', 'MOSCOW', 'Reuters'],
    ['WASHINGTON — The United States said', 'WASHINGTON'],
    ['KYIV, Ukraine, Jan 14 (Reuters) - Ukraine said', 'KYIV, Ukraine', 'Reuters'],
    ['NEW YORK (AP) — The UN Security Council', 'NEW YORK', 'AP'],
    ['LONDON: Britain said', 'LONDON'],
    ['Tarnholm, Tarnland – Minister Olvar Kresk told Radio Tarn', 'Tarnholm, Tarnland'],
    ['UNITED NATIONS (AP) — Diplomats said', 'UNITED NATIONS', 'AP'],
    // negative cases: sentences, not datelines
    ['Despite massive troops at its border – Moscow denies', null],
    ['Ukraine – the country at the centre of the crisis – said', null],
    ['The Kremlin said: “No.”', null],
    ['He said: Russia will respond', null],
    ['Foreign policy experts have been waiting anxiously', null],
    ['', null],
  ];
  it.each(rows)('%s', (text, place, agency) => {
    const d = findDateline(text, prov);
    if (place === null) return expect(d).toBeNull();
    expect(d?.text).toBe(place);
    expect(text.slice(d!.start, d!.end)).toBe(place);
    if (agency) expect(d?.agency).toBe(agency);
  });
});

describe('dates', () => {
  it.each([
    ['2022-01-14T10:00:00Z', '2022-01-14'],
    ['2022-01-14T23:30:00-05:00', '2022-01-14'],
    ['2022-01-14', '2022-01-14'],
    ['2022-01', '2022-01'],
    ['20220114', '2022-01-14'],
    ['1642154400', '2022-01-14'],
    ['Fri, 14 Jan 2022 10:00:00 GMT', '2022-01-14'],
    ['2022-02-30', null],
    ['not a date', null],
  ])('machine date %s', (raw, want) => expect(parseMachineDate(raw)).toBe(want));

  it.each([
    ['Wed. Jan 26th, 2022', '2022-01-26'],
    ['Published 14 January 2022', '2022-01-14'],
    ['January 2022', '2022-01'],
    ['Jan 26', null], // no year: not a publication date
  ])('human date %s', (raw, want) => expect(parseHumanDate(raw)).toBe(want));

  it.each([
    ['https://news.example.org/2022/01/14/nato-russia-talks', '2022-01-14'],
    ['https://example.com/world/2022-01-14-nato', '2022-01-14'],
    ['https://example.com/news/20220114_nato.html', '2022-01-14'],
    ['https://example.com/2022/01/nato-talks', '2022-01'],
    ['https://example.com/news/nato-talks-2022', null],
    ['not a url', null],
  ])('url date %s', (url, want) => expect(dateFromUrl(url)).toBe(want));

  it.each(['14/01/2022', '2022-13-01', '2022-02-29', 'yesterday', ''])('refuses the user date %j', (raw) => {
    expect(() => parseUserDate(raw)).toThrow(/ATT-E051/);
  });
});

describe('published: order of trust', () => {
  const meta = (body: string, extra: { published?: string; url?: string } = {}) =>
    metadataStage.run(normalize({ id: 't', kind: 'text', body, ...extra }), { options: {} });

  it('--published beats everything', () => {
    const r = meta('Wed. Jan 26th, 2022\n\nMOSCOW (Reuters) - Russia said on Monday it would respond.', { published: '2022-01-14', url: 'https://x.org/2022/01/20/a' });
    expect(r.layers.meta.published).toMatchObject({ value: '2022-01-14', source: 'user', confidence: 1 });
    expect(r.warnings ?? []).toHaveLength(0);
  });

  it('a date in the URL beats the page header', () => {
    const r = meta('Wed. Jan 26th, 2022\n\nMOSCOW (Reuters) - Russia said on Monday it would respond.', { url: 'https://x.org/2022/01/14/a' });
    expect(r.layers.meta.published).toMatchObject({ value: '2022-01-14', source: 'url' });
  });

  it('a site date widget is low confidence, with a warning', () => {
    const r = meta('Wed. Jan 26th, 2022\n\nMOSCOW (Reuters) - Russia said on Monday it would respond.');
    expect(r.layers.meta.published).toMatchObject({ value: '2022-01-26', source: 'page-header' });
    expect(r.layers.meta.published.confidence).toBeLessThan(0.5);
    expect(r.warnings?.map((w) => w.code)).toEqual(['ATT-W001']);
  });

  it('no date at all: null, with a warning that says what to do', () => {
    const r = meta('MOSCOW (Reuters) - Russia said on Monday it would respond.');
    expect(r.layers.meta.published).toMatchObject({ value: null, source: 'none', confidence: 0 });
    expect(r.warnings?.[0]?.message).toMatch(/--published/);
  });

  it('"By admin" is a site account, not a byline', () => {
    const r = meta('MOSCOW (Reuters) - Russia said on Monday it would respond to the demands.\n\nSource link\n\nBy admin');
    expect(r.layers.meta.byline).toBeNull();
    expect(r.warnings?.map((w) => w.code)).toContain('ATT-W003');
  });
});
