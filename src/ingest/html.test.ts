import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AttacheError } from '../pipeline/errors.ts';
import { cleanText } from './boilerplate.ts';
import { htmlToArticle, MAX_HTML_CHARS } from './html.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/html/${name}`, import.meta.url), 'utf8');
const seedText = readFileSync(new URL('../../../shared/fixtures/seed/article.txt', import.meta.url), 'utf8');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AttacheError ? err.code : `not an AttacheError: ${String(err)}`;
  }
  return undefined;
}

const para = (s: string): string => `<p>${s}</p>`;
const LONG = 'Minister Olvar Kresk told Radio Tarn on Tuesday that the talks in Veldor had ended without any agreement on the border, and that no new date was set.';

describe('seed-site.html: the seed article in site chrome', () => {
  const a = htmlToArticle(fixture('seed-site.html'), { url: 'https://worldnews.example/?p=10234' });

  it('has the same body, paragraph for paragraph, as cleanText of article.txt', () => {
    expect(a.text.split('\n\n')).toEqual(cleanText(seedText).text.split('\n\n'));
  });

  it('reads the metadata from its tags', () => {
    expect(a.meta.title).toBe('Western diplomacy and Russia: a week of talks without a breakthrough');
    expect(a.meta.siteName).toBe('World News Today');
    expect(a.meta.lang).toBe('en-US');
    expect(a.meta.byline).toBe('admin');
    expect(a.meta.canonicalUrl).toBe('https://worldnews.example/2022/01/western-diplomacy-russia-week-of-talks/');
    expect(a.meta.dates).toEqual([
      { value: '2022-01-14T10:00:00Z', source: 'jsonld', from: 'jsonld NewsArticle.datePublished' },
      { value: '2022-01-14T10:00:00Z', source: 'meta', from: 'meta[article:published_time]' },
    ]);
    expect(a.meta.dates.map((d) => d.value)).not.toContain('2022-01-26T08:12:00Z'); // dateModified
  });

  it('keeps chrome, captions and scripts out of the body and reports them', () => {
    for (const s of ['Source link', 'By admin', 'Leave a Reply', 'Your email address will not be published', 'Ukraine map', 'INTERACTIVE-', 'Recent Posts', 'Share this', 'Script text', 'Advertisement text', 'All rights reserved', 'Skip to content']) {
      expect(a.text.includes(s), s).toBe(false);
    }
    expect(a.captions).toEqual(expect.arrayContaining(['Ukraine map', 'INTERACTIVE- NATO, OSCE, EU member friend chart']));
    expect(a.bylineLine).toBe('By admin');
    expect(a.boilerplate).toContain('Source link');
    expect(a.pageHeaderDate).toBe('Wed. Jan 26th, 2022');
  });

  it('decodes entities to the same characters as the text file', () => {
    expect(a.text).toContain('“There are significant differences between NATO allies and Russia');
    expect(a.text).toContain('Brussels, Belgium – Foreign policy');
  });
});

describe('jsonld-graph.html: date candidates and authors', () => {
  const a = htmlToArticle(fixture('jsonld-graph.html'), { url: 'https://tarntimes.example/world/2022/03/grain-accord?x=1' });

  it('ranks the article datePublished first, then other types, then dateCreated, then meta; never dateModified', () => {
    expect(a.meta.dates.map((d) => `${d.source} ${d.from} ${d.value}`)).toEqual([
      'jsonld jsonld NewsArticle,ReportageNewsArticle.datePublished 2022-03-02T08:00:00Z',
      'jsonld jsonld WebPage.datePublished 2022-03-01T23:00:00Z',
      'jsonld jsonld NewsArticle,ReportageNewsArticle.dateCreated 2022-03-01T21:00:00Z',
      'meta meta[dc.date.issued] 2022-03-02',
      'meta meta[sailthru.date] 2022-03-02 08:00:00',
      'meta meta[parsely-pub-date] 2022-03-02T08:00:00Z',
      'meta time[pubdate] 2022-03-02T08:00',
    ]);
    expect(a.meta.dates.some((d) => d.value.startsWith('2022-03-09'))).toBe(false);
  });

  it('reads authors, site, language and a relative canonical URL', () => {
    expect(a.meta.byline).toBe('Jane Doe, Olvar Kresk');
    expect(a.meta.siteName).toBe('Tarn Times');
    expect(a.meta.lang).toBe('en-GB');
    expect(a.meta.canonicalUrl).toBe('https://tarntimes.example/world/2022/03/grain-accord');
    expect(a.meta.title).toBe('Tarn and Ostmark sign grain accord');
  });

  it('keeps a subheading and a one-line quote, and no headline in the body', () => {
    const body = a.text.split('\n\n');
    expect(body).toContain('A long dispute');
    expect(body).toContain('“This is a good day for farmers on both banks,” Kresk said.');
    expect(body[0]).toMatch(/^VELDOR, Ostmark — The governments/);
    expect(a.text).not.toContain('By 2 March');
  });
});

describe('robustness', () => {
  it('broken.html: decodes entities, drops script, style, comments and noscript', () => {
    const a = htmlToArticle(fixture('broken.html'));
    expect(a.text).toContain('Tarn & Ostmark — the café owners of Veldor');
    expect(a.text).toContain('run a café near the bridge');
    expect(a.text).toContain('Her takings fell sharply.');
    expect(a.text).toContain('sent on Tuesday <by email>.');
    for (const s of ['Script text', 'document.write', 'color: red', 'HTML comment', 'enable JavaScript']) expect(a.text.includes(s), s).toBe(false);
    expect(a.meta.title).toBe('Broken & badly nested page');
  });

  it('no-article.html: ATT-E020', () => {
    expect(codeOf(() => htmlToArticle(fixture('no-article.html')))).toBe('ATT-E020');
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   \n  '],
    ['only a script', '<script>var a = "lots of words here";</script>'],
    ['control characters only', '\u0000\u0001\u0002'],
  ])('%s: ATT-E020', (_, html) => {
    expect(codeOf(() => htmlToArticle(html))).toBe('ATT-E020');
  });

  it('refuses a page above the cap before parsing: ATT-E013', () => {
    expect(codeOf(() => htmlToArticle('x'.repeat(MAX_HTML_CHARS + 1)))).toBe('ATT-E013');
  });

  it('reads a fragment without <html> or <body>', () => {
    const a = htmlToArticle(`${para(LONG)}${para('“We will not back down,” Kresk said on Wednesday in Veldor.')}`);
    expect(a.text).toBe(`${LONG}\n\n“We will not back down,” Kresk said on Wednesday in Veldor.`);
  });

  it('falls back to the densest container when Readability finds little', () => {
    const a = htmlToArticle(`<html><body><div>${para(LONG)}</div></body></html>`);
    expect(a.text).toBe(LONG);
  });

  it('survives 20,000 nested divs without overflowing the stack', () => {
    const n = 20_000;
    const a = htmlToArticle(`<html><body>${'<div>'.repeat(n)}${para(LONG)}${'</div>'.repeat(n)}</body></html>`);
    expect(a.text).toBe(LONG);
  });

  it('drops figures, asides, forms and buttons from the body but keeps list items and quotes', () => {
    const html = `<html><body><article><h1>Ostmark and Tarn end border talks</h1>
      ${para(LONG)}
      <figure><img src="a.jpg"><figcaption>Soldiers at the Veldor crossing</figcaption></figure>
      <aside>Read our coverage of the talks in Veldor</aside>
      <blockquote>“We will return to the table when Tarn is ready,” the statement said.</blockquote>
      <ul><li>The corridor stays closed until spring.</li><li>Inspectors leave on Friday.</li></ul>
      <form><label>Email *</label><input><button>Subscribe</button></form>
      ${para(LONG.replace('Tuesday', 'Thursday'))}
    </article></body></html>`;
    const a = htmlToArticle(html);
    const body = a.text.split('\n\n');
    expect(body).toContain('“We will return to the table when Tarn is ready,” the statement said.');
    expect(body).toContain('The corridor stays closed until spring.');
    expect(body).toContain('Inspectors leave on Friday.');
    for (const s of ['Soldiers at the Veldor crossing', 'Read our coverage', 'Subscribe', 'Email']) expect(a.text.includes(s), s).toBe(false);
    expect(a.captions).toContain('Soldiers at the Veldor crossing');
  });
});
