import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanText, isBoilerplate, isBylineLine, isCaption, isDateLine, isHeadlineLike, splitParagraphs } from './boilerplate.ts';

const SEED = '/work/shared/fixtures/seed/article.txt';
const seedText = readFileSync(new URL('../../../shared/fixtures/seed/article.txt', import.meta.url), 'utf8');
const gold = JSON.parse(readFileSync(new URL('../../../shared/fixtures/seed/expected.json', import.meta.url), 'utf8')) as {
  document: { boilerplate_not_in_body: string[]; captions_not_in_body: string[] };
};

describe('cleanText on the seed article', () => {
  const out = cleanText(seedText);
  const body = out.text.split('\n\n');

  it('takes out the chrome and the captions the gold names', () => {
    for (const s of [...gold.document.boilerplate_not_in_body, ...gold.document.captions_not_in_body]) {
      expect(body, s).not.toContain(s);
      expect(out.text.includes(s), s).toBe(false);
    }
    expect(out.captions).toEqual(['Ukraine map', 'INTERACTIVE- NATO, OSCE, EU member friend chart']);
    expect(out.boilerplate).toEqual(['Source link', 'Leave a Reply', 'Your email address will not be published.']);
    expect(out.pageHeaderDate).toBe('Wed. Jan 26th, 2022');
    expect(out.bylineLine).toBe('By admin');
    expect(out.headline).toBeUndefined();
  });

  it('keeps every other paragraph verbatim and in order', () => {
    const removed = new Set([...gold.document.boilerplate_not_in_body, ...gold.document.captions_not_in_body, 'Wed. Jan 26th, 2022']);
    const expected = seedText
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p !== '' && !removed.has(p));
    expect(expected.length).toBe(35);
    expect(body).toEqual(expected);
  });

  it(`reads ${SEED} without a headline: the dateline paragraph is body`, () => {
    expect(body[0]).toMatch(/^Brussels, Belgium – Foreign policy experts/);
  });
});

// [paragraph, expected kind] rows, each inside a made-up article so that position rules apply.
const LONG1 = 'Minister Olvar Kresk told Radio Tarn on Tuesday that the talks in Veldor had ended without any agreement on the border.';
const LONG2 = 'The delegation from Ostmark left the capital on Wednesday evening, officials said, and no new date was set for a meeting.';

function kindOf(p: string, where: 'top' | 'middle' | 'bottom'): string {
  const paras = where === 'top' ? [p, LONG1, LONG2] : where === 'middle' ? [LONG1, p, LONG2] : [LONG1, LONG2, p];
  const out = cleanText(paras.join('\n\n'));
  if (out.boilerplate.includes(p)) return 'boilerplate';
  if (out.captions.includes(p)) return 'caption';
  if (out.pageHeaderDate === p) return 'date';
  if (out.bylineLine === p) return 'byline';
  if (out.headline === p) return 'headline';
  expect(out.text.split('\n\n')).toContain(p);
  return 'body';
}

describe('cleanText paragraph by paragraph', () => {
  const rows: [string, 'top' | 'middle' | 'bottom', string][] = [
    // chrome
    ['Source link', 'bottom', 'boilerplate'],
    ['Leave a Reply', 'bottom', 'boilerplate'],
    ['Leave a Reply Cancel reply', 'bottom', 'boilerplate'],
    ['Your email address will not be published. Required fields are marked *', 'bottom', 'boilerplate'],
    ['Required fields are marked *', 'bottom', 'boilerplate'],
    ['Comment *', 'bottom', 'boilerplate'],
    ['Name *', 'bottom', 'boilerplate'],
    ['Email *', 'bottom', 'boilerplate'],
    ['Website', 'bottom', 'boilerplate'],
    ['Save my name, email, and website in this browser for the next time I comment.', 'bottom', 'boilerplate'],
    ['Post Comment', 'bottom', 'boilerplate'],
    ['Share this:', 'bottom', 'boilerplate'],
    ['Click to share on Twitter (Opens in new window)', 'bottom', 'boilerplate'],
    ['Related', 'bottom', 'boilerplate'],
    ['Advertisement', 'middle', 'boilerplate'],
    ['ADVERTISEMENT', 'middle', 'boilerplate'],
    ['Read more: Veldor and Ostmark sign a grain deal', 'middle', 'boilerplate'],
    ['Sign up for our newsletter', 'middle', 'boilerplate'],
    ['We use cookies to improve your experience. By continuing to browse you agree to our cookie policy.', 'top', 'boilerplate'],
    ['© 2022 World News Today. All rights reserved.', 'bottom', 'boilerplate'],
    ['Copyright 2022 Tarn Media Ltd', 'bottom', 'boilerplate'],
    ['Posted in World, Europe', 'bottom', 'boilerplate'],
    // dates, bylines
    ['Wed. Jan 26th, 2022', 'top', 'date'],
    ['January 26, 2022', 'top', 'date'],
    ['26/01/2022', 'top', 'date'],
    ['Updated: 12:03 GMT', 'top', 'date'],
    ['By admin', 'bottom', 'byline'],
    ['By Jane Doe', 'top', 'byline'],
    ['By Jane Doe, Reuters', 'top', 'byline'],
    ['By Jane Doe and Olvar Kresk', 'bottom', 'byline'],
    // captions
    ['Ukraine map', 'middle', 'caption'],
    ['INTERACTIVE- NATO, OSCE, EU member friend chart', 'middle', 'caption'],
    ['Photo: Reuters', 'middle', 'caption'],
    ['(Getty Images)', 'middle', 'caption'],
    ['FILE PHOTO: Minister Olvar Kresk attends a meeting in Veldor, Ostmark, March 3, 2021. REUTERS/Jane Doe', 'middle', 'caption'],
    ['Credit: AP', 'middle', 'caption'],
    ['Image: Tarn Ministry of Defence', 'middle', 'caption'],
    ['Map of the Veldor border crossings', 'middle', 'caption'],
    ['Soldiers patrol the border near Veldor. (AP Photo/Jane Doe)', 'middle', 'caption'],
    ['VIDEO: Kresk speaks after the talks', 'middle', 'caption'],
    // headline
    ['Ostmark and Tarn end border talks without a deal', 'top', 'headline'],
    ['Will the Veldor talks resume?', 'top', 'headline'],
    // negative cases: real short body lines stay
    ['What comes next', 'middle', 'body'],
    ['A fragile ceasefire', 'middle', 'body'],
    ['“We will not back down.”', 'middle', 'body'],
    ['“We will not back down,” Kresk said.', 'middle', 'body'],
    ['VELDOR, Ostmark —', 'top', 'body'],
    ['MOSCOW (Reuters) -', 'top', 'body'],
    ['BRUSSELS, BELGIUM', 'top', 'body'],
    ['Brussels, Belgium', 'top', 'body'],
    ['By contrast, Ostmark has refused to send any delegation to the talks in Veldor this year.', 'middle', 'body'],
    ['By Tuesday the delegations had left.', 'middle', 'body'],
    ['Copyright law in Ostmark was changed in 2019, the ministry said, after years of disputes with publishers.', 'middle', 'body'],
    ['Websites that use cookies must ask for consent, the court in Veldor ruled on Monday.', 'middle', 'body'],
    ['Share prices in Veldor fell on the news.', 'middle', 'body'],
    ['Related talks took place in Geneva last year, when both sides agreed to meet again.', 'middle', 'body'],
    ['The map matters', 'middle', 'body'],
    ['January 26, 2022', 'middle', 'body'],
    ['The talks began on January 10, 2022.', 'top', 'body'],
    ['Snopes writer David Emery asked if there were “any un-angry Trump supporters?”', 'top', 'body'],
  ];
  it.each(rows)('%s (%s) → %s', (p, where, kind) => {
    expect(kindOf(p, where)).toBe(kind);
  });
});

describe('the single-paragraph tests', () => {
  it.each([
    ['Wed. Jan 26th, 2022', true],
    ['Wednesday, 26 January 2022 09:30 CET', true],
    ['2022-01-26T10:00:00Z', true],
    ['Last updated on 26.01.2022', true],
    ['2022', false],
    ['May', false],
    ['Jan 26th summit in Veldor', false],
  ])('isDateLine(%s) = %s', (p, want) => expect(isDateLine(p)).toBe(want));
  it.each([
    ['By admin', true],
    ['Posted by admin', true],
    ['BY JANE DOE', true],
    ['By Jane Doe | Reuters', true],
    ['By contrast, the talks failed.', false],
    ['By the end of the week nothing had changed', false],
  ])('isBylineLine(%s) = %s', (p, want) => expect(isBylineLine(p)).toBe(want));
  it.each([
    ['Ukraine map', true],
    ['Picture: Olvar Kresk', true],
    ['The map matters', false],
    ['Watch the talks closely, Kresk said.', false],
  ])('isCaption(%s) = %s', (p, want) => expect(isCaption(p)).toBe(want));
  it.each([
    ['Ostmark and Tarn end talks', true],
    ['Talks end', false],
    ['MOSCOW (Reuters) -', false],
    ['The talks ended.', false],
  ])('isHeadlineLike(%s) = %s', (p, want) => expect(isHeadlineLike(p)).toBe(want));
});

describe('paragraph splitting and whitespace', () => {
  it('splits on blank lines and on single newlines', () => {
    expect(splitParagraphs('One.\n\nTwo.\nThree.\r\n\r\nFour.')).toEqual(['One.', 'Two.', 'Three.', 'Four.']);
  });
  it('joins a hard-wrapped block', () => {
    const wrapped = 'Minister Olvar Kresk told Radio Tarn on Tuesday that\nthe talks in Veldor had ended without any agreement on\nthe border, and that no date was set.';
    expect(splitParagraphs(wrapped)).toEqual([wrapped.replace(/\n/g, ' ')]);
  });
  it('collapses runs of spaces and tabs, keeps curly quotes', () => {
    expect(cleanText(`${LONG1}\n\n“Never  again,”\t\tKresk   said.`).text).toBe(`${LONG1}\n\n“Never again,” Kresk said.`);
  });
  it('takes a headline only with a body after it', () => {
    expect(cleanText('Ostmark and Tarn end border talks').headline).toBeUndefined();
    expect(cleanText(`Ostmark and Tarn end border talks\n\n${LONG1}`).headline).toBe('Ostmark and Tarn end border talks');
  });
  it('takes a headline only when it matches a known title', () => {
    expect(cleanText(`Ostmark and Tarn end border talks\n\n${LONG1}`, { title: 'Grain prices rise' }).headline).toBeUndefined();
    expect(cleanText(`Ostmark and Tarn end border talks\n\n${LONG1}`, { title: 'Ostmark and Tarn end border talks - Tarn Times' }).headline).toBe(
      'Ostmark and Tarn end border talks',
    );
  });
  it('works on the normalize example', () => {
    const out = cleanText('Wed. Jan 26th, 2022\n\nBRUSSELS – NATO met.');
    expect(out.text).toBe('BRUSSELS – NATO met.');
    expect(out.pageHeaderDate).toBe('Wed. Jan 26th, 2022');
  });
  it('returns empty text for chrome only', () => {
    expect(cleanText('Source link\n\nLeave a Reply').text).toBe('');
  });
  // The cheap guards in front of the phrase-list regexes must not hide a match.
  it.each([
    ['© 2022 Example News', true],
    ['(c) 2021 Example', true],
    ['Copyright 2020 Example', true],
    ['Example Media. All Rights Reserved', true],
    ['We use cookies to improve your experience.', true],
    ['This website uses cookies', true],
    ['12 comments', true],
    ['The talks failed on Monday.', false],
  ])('boilerplate pattern %j', (p, want) => {
    expect(isBoilerplate(p)).toBe(want);
  });
  it.each([
    ['(Photo: Getty Images)', true],
    ['Soldiers at the border. REUTERS/John Doe', true],
    ['A protest in Kyiv. AP Photo', true],
    ['PHOTO: A protest in Kyiv', true],
    ['Photo: a protest in Kyiv', true],
    ['The talks failed on Monday.', false],
  ])('caption %j', (p, want) => {
    expect(isCaption(p)).toBe(want);
  });
  it('splits blocks at blank lines of spaces and tabs only', () => {
    const long = 'x'.repeat(45);
    expect(splitParagraphs(`${long}\n \t\n${long}`)).toEqual([long, long]);
    expect(splitParagraphs(`${long}\n\u00a0\n${long}`)).toEqual([`${long} ${long}`]);
    expect(splitParagraphs('a  b\t c\r\n\r\nd')).toEqual(['a b c', 'd']);
  });
});
