/**
 * HTML page → article: metadata from the page's tags, the article body by Readability
 * (on linkedom's DOM), converted to plain paragraphs, then cleaned like a plain text so
 * the chrome Readability keeps ("Source link", "By admin", comment forms, "Ukraine map")
 * goes too.
 */
import { createRequire } from 'node:module';
import type { Readability as ReadabilityClass } from '@mozilla/readability';
import type { parseHTML as ParseHTML } from 'linkedom';
import type { HtmlMetaHints } from '../doc/types.ts';
import { AttacheError } from '../pipeline/errors.ts';
import { cleanText, isDateLine, type CleanedText } from './boilerplate.ts';

export type HtmlArticle = CleanedText & { meta: HtmlMetaHints };

/** Pages above this many characters are refused before parsing. */
export const MAX_HTML_CHARS = 20 * 1024 * 1024;
/** Above this many elements Readability is skipped for the simple extractor (its scoring is superlinear). */
export const MAX_READABILITY_ELEMENTS = 150_000;
/** Readability output with fewer words is not trusted; the simple extractor is tried too. */
export const MIN_ARTICLE_WORDS = 25;
/** Readability's run time grows steeply with nesting; deeper trees go to the simple extractor. */
export const MAX_READABILITY_DEPTH = 200;

// The slice of the DOM this module uses; linkedom's own types need the DOM lib.
interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly parentNode: DomNode | null;
}
interface DomElement extends DomNode {
  readonly localName: string;
  readonly children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  closest(selector: string): DomElement | null;
}
interface DomDocument {
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const ELEMENT = 1;
const TEXT = 3;

/** Elements whose text is never article body. */
const SKIP = new Set([
  'figure', 'figcaption', 'aside', 'nav', 'form', 'script', 'style', 'noscript', 'iframe', 'button', 'template',
  'svg', 'math', 'select', 'textarea', 'input', 'object', 'embed', 'canvas', 'video', 'audio', 'head', 'title',
  'meta', 'link', 'label', 'dialog',
]);
/** Paragraph-like elements the simple extractor scores whole. */
const PARA = new Set(['p', 'pre', 'blockquote', 'h2', 'h3', 'h4', 'li']);
/** Page furniture the simple extractor never picks from. */
const FALLBACK_SKIP = new Set(['header', 'footer', 'menu']);
/** Elements that start and end a paragraph. */
const BLOCK = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'div', 'section', 'article', 'header', 'footer',
  'main', 'td', 'th', 'tr', 'dt', 'dd', 'ul', 'ol', 'dl', 'table', 'tbody', 'thead', 'tfoot', 'caption', 'address',
  'hr', 'br', 'center', 'details', 'summary', 'body', 'html', 'hgroup', 'fieldset', 'legend', 'menu',
]);

/**
 * Reads the article of an HTML page.
 *
 * @example htmlToArticle('<html><head><meta property="og:title" content="Talks end"></head><body><article><p>…</p></article></body></html>').meta.title
 * // 'Talks end'
 */
export function htmlToArticle(html: string, opts: { url?: string } = {}): HtmlArticle {
  if (html.length > MAX_HTML_CHARS) {
    throw new AttacheError('ATT-E013', `HTML page of ${(html.length / 1024 / 1024).toFixed(1)} M characters, the cap is ${MAX_HTML_CHARS / 1024 / 1024} M`);
  }
  const doc = parseDocument(html);
  const meta = readMeta(doc, opts.url);
  const figureCaptions = readFigureCaptions(doc);
  const widgetDate = readDateWidget(doc);

  let paras: string[] = [];
  let rd: ReturnType<ReadabilityClass<DomElement>['parse']> = null;
  if (doc.querySelectorAll('*').length <= MAX_READABILITY_ELEMENTS && treeDepth(doc.documentElement) <= MAX_READABILITY_DEPTH) {
    try {
      rd = new (dom().Readability)<DomElement>(doc, { serializer: (n: DomElement) => n }).parse();
    } catch {
      rd = null; // e.g. a stack overflow on absurdly deep nesting: the simple extractor is iterative
    }
  }
  if (rd?.content) paras = blockText(rd.content);
  if (words(paras) < MIN_ARTICLE_WORDS) {
    // Readability mutated the DOM; parse again for the simple extractor.
    const fallback = blockText(densestContainer(parseDocument(html)));
    if (words(fallback) > words(paras)) paras = fallback;
  }
  if (words(paras) === 0) throw new AttacheError('ATT-E020', opts.url);

  // Readability's title drops site names (" - BBC News") and prefers JSON-LD and Dublin Core;
  // the tags' own title is the fallback.
  const title = collapse(rd?.title ?? '') || meta.title;
  const cleaned = cleanText(paras.join('\n\n'), title ? { title } : {});
  if (cleaned.text.trim() === '') throw new AttacheError('ATT-E020', `${opts.url ?? 'page'}: only page chrome found`);
  const captions = [...cleaned.captions];
  for (const c of figureCaptions) if (!captions.includes(c)) captions.push(c);
  return {
    ...cleaned,
    captions,
    ...(cleaned.pageHeaderDate ?? widgetDate ? { pageHeaderDate: cleaned.pageHeaderDate ?? widgetDate } : {}),
    meta: {
      ...meta,
      ...(title ? { title } : {}),
      ...(meta.byline ?? rd?.byline ? { byline: meta.byline ?? collapse(rd!.byline!) } : {}),
      ...(meta.siteName ?? rd?.siteName ? { siteName: meta.siteName ?? rd!.siteName! } : {}),
      ...(meta.lang ?? rd?.lang ? { lang: meta.lang ?? rd!.lang! } : {}),
    },
  };
}

function parseDocument(html: string): DomDocument {
  // linkedom makes the first element the root of a fragment; give it a proper document.
  const src = /<html[\s>]/i.test(html) ? html : `<!DOCTYPE html><html>${/<(?:head|body)[\s>]/i.test(html) ? html : `<head></head><body>${html}</body>`}</html>`;
  return (dom().parseHTML(src) as unknown as { document: DomDocument }).document;
}

// ---------------------------------------------------------------- metadata

const DATE_META = [
  'article:published_time', 'og:published_time', 'og:article:published_time', 'article:published', 'published_time',
  'pubdate', 'publishdate', 'publish-date', 'publish_date', 'datepublished', 'date', 'dc.date.issued', 'dcterms.issued',
  'dcterms.created', 'dc.date', 'dcterms.date', 'sailthru.date', 'parsely-pub-date', 'article.published',
  'originalpublicationdate', 'citation_publication_date',
];
const AUTHOR_META = ['author', 'article:author', 'dc.creator', 'dcterms.creator', 'byl', 'sailthru.author', 'parsely-author', 'twitter:creator'];

type DateHint = HtmlMetaHints['dates'][number];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Metadata from the raw page, before Readability changes the DOM. */
export function readMeta(doc: DomDocument, url?: string): HtmlMetaHints {
  const metas = new Map<string, string>();
  for (const m of arr(doc.querySelectorAll('meta'))) {
    const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('itemprop') ?? m.getAttribute('http-equiv') ?? '').trim().toLowerCase();
    const content = collapse(m.getAttribute('content') ?? '');
    if (key && content && !metas.has(key)) metas.set(key, content);
  }
  const ld = readJsonLd(doc);
  const out: Mutable<HtmlMetaHints> = { dates: [] };
  const titleEl = doc.querySelectorAll('head title')[0] ?? doc.querySelectorAll('title')[0];
  const title = metas.get('og:title') ?? metas.get('twitter:title') ?? ld.headline ?? (titleEl ? collapse(titleEl.textContent ?? '') : undefined);
  if (title) out.title = title;
  const authorMeta = AUTHOR_META.map((k) => metas.get(k)).find((v) => v && !/^(?:https?:|@)/.test(v));
  const relAuthor = doc.querySelectorAll('a[rel~="author"], [itemprop="author"] [itemprop="name"]')[0];
  const byline = authorMeta ?? ld.author ?? (relAuthor ? collapse(relAuthor.textContent ?? '') : undefined);
  if (byline) out.byline = byline;
  const site = metas.get('og:site_name') ?? ld.publisher ?? metas.get('application-name');
  if (site) out.siteName = site;
  const lang = doc.documentElement?.getAttribute('lang')?.trim() || doc.documentElement?.getAttribute('xml:lang')?.trim() || metas.get('content-language');
  if (lang) out.lang = lang;
  const canonical = doc.querySelectorAll('link[rel~="canonical"]')[0]?.getAttribute('href')?.trim() || metas.get('og:url');
  if (canonical) out.canonicalUrl = absolute(canonical, url);

  const dates: DateHint[] = [...ld.dates];
  for (const key of DATE_META) {
    const v = metas.get(key);
    if (v) dates.push({ value: v, source: 'meta', from: `meta[${key}]` });
  }
  for (const el of arr(doc.querySelectorAll('time[pubdate], [itemprop="datePublished"]'))) {
    const v = collapse(el.getAttribute('datetime') ?? el.getAttribute('content') ?? el.textContent ?? '');
    const from = el.localName === 'time' && el.hasAttribute('pubdate') ? 'time[pubdate]' : `${el.localName}[itemprop=datePublished]`;
    if (v && v.length <= 80) dates.push({ value: v, source: 'meta', from });
  }
  const seen = new Set<string>();
  out.dates = dates.filter((d) => !seen.has(`${d.from}\t${d.value}`) && seen.add(`${d.from}\t${d.value}`));
  return out;
}

interface LdFacts {
  dates: DateHint[];
  headline?: string;
  author?: string;
  publisher?: string;
}

const ARTICLE_TYPE = /Article|BlogPosting|Posting|Report|Story/;

/** datePublished (article types first), then dateCreated; never dateModified. */
function readJsonLd(doc: DomDocument): LdFacts {
  const published: { value: string; from: string; article: boolean }[] = [];
  const created: DateHint[] = [];
  const facts: LdFacts = { dates: [] };
  for (const script of arr(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      const raw = (script.textContent ?? '').replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[)|(?:-->|\/\/\s*\]\]>)\s*$/g, '');
      data = JSON.parse(raw);
    } catch {
      continue; // a broken JSON-LD block is common and not our problem
    }
    // Iterative walk with a budget: JSON-LD can be large and nested.
    const stack: unknown[] = [data];
    let budget = 5000;
    while (stack.length > 0 && budget-- > 0) {
      const v = stack.pop();
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
        continue;
      }
      if (!v || typeof v !== 'object') continue;
      const o = v as Record<string, unknown>;
      const types = ([] as unknown[]).concat(o['@type'] ?? []).filter((t): t is string => typeof t === 'string');
      const type = types.join(',') || 'Thing';
      const article = types.some((t) => ARTICLE_TYPE.test(t));
      if (typeof o.datePublished === 'string' && o.datePublished.trim()) published.push({ value: o.datePublished.trim(), from: `jsonld ${type}.datePublished`, article });
      if (typeof o.dateCreated === 'string' && o.dateCreated.trim()) created.push({ value: o.dateCreated.trim(), source: 'jsonld', from: `jsonld ${type}.dateCreated` });
      if (article) {
        if (!facts.headline && typeof o.headline === 'string' && o.headline.trim()) facts.headline = collapse(o.headline);
        facts.author ??= personNames(o.author);
        facts.publisher ??= personNames(o.publisher);
      }
      for (const [k, child] of Object.entries(o)) {
        if (k !== 'author' && k !== 'publisher' && child && typeof child === 'object') stack.push(child);
      }
    }
  }
  const ordered = [...published.filter((d) => d.article), ...published.filter((d) => !d.article)];
  facts.dates = [...ordered.map((d) => ({ value: d.value, source: 'jsonld' as const, from: d.from })), ...created];
  return facts;
}

function personNames(v: unknown): string | undefined {
  const names = ([] as unknown[])
    .concat(v ?? [])
    .map((a) => (typeof a === 'string' ? a : a && typeof a === 'object' ? (a as Record<string, unknown>).name : undefined))
    .filter((n): n is string => typeof n === 'string' && n.trim() !== '' && !/^https?:/.test(n));
  return names.length > 0 ? names.map(collapse).join(', ') : undefined;
}

/** Figure captions of the article (or the page when it marks no article). */
function readFigureCaptions(doc: DomDocument): string[] {
  const scope = doc.querySelectorAll('article')[0] ?? doc.querySelectorAll('main')[0] ?? doc.body;
  if (!scope) return [];
  const out: string[] = [];
  for (const fig of arr(scope.querySelectorAll('figure, table > caption'))) {
    if (fig.localName === 'figure' && fig.parentNode && (fig.parentNode as DomElement).closest?.('figure')) continue;
    const cap = fig.localName === 'figure' ? (fig.querySelectorAll('figcaption')[0] ?? fig) : fig;
    const text = collapse(cap.textContent ?? '');
    if (text && text.split(' ').length <= 80 && !out.includes(text)) out.push(text);
  }
  return out;
}

/** A site's date widget ("Wed. Jan 26th, 2022" in the header): a short element named like a date. */
function readDateWidget(doc: DomDocument): string | undefined {
  for (const el of arr(doc.querySelectorAll('[class*="date" i], [id*="date" i], [class*="time" i], [id*="time" i], time'))) {
    const text = collapse(el.textContent ?? '');
    if (text.length <= 60 && isDateLine(text)) return text;
  }
  return undefined;
}

// ---------------------------------------------------------------- body text

/**
 * An element's text as paragraphs, one per block element; skipped elements (figures, forms,
 * scripts, navigation) leave nothing. Iterative, so deep nesting cannot overflow the stack.
 */
export function blockText(root: DomNode): string[] {
  const paras: string[] = [];
  let buf = '';
  const flush = (): void => {
    const p = collapse(buf);
    if (p) paras.push(p);
    buf = '';
  };
  const stack: (DomNode | null)[] = [root]; // null marks the end of a block element
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null) {
      flush();
      continue;
    }
    if (!node) continue;
    if (node.nodeType === TEXT) {
      buf += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== ELEMENT) continue;
    const el = node as DomElement;
    const name = el.localName;
    if (SKIP.has(name) || isHidden(el)) {
      buf += ' ';
      continue;
    }
    const block = BLOCK.has(name);
    if (block) {
      flush();
      stack.push(null);
    }
    const kids = el.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  flush();
  return paras;
}

function isHidden(el: DomElement): boolean {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  return !!style && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/**
 * The simple extractor: the element that holds the most paragraph text (less link text),
 * counting each paragraph for its parent fully and its grandparent by half. One iterative
 * pass, so it stays linear on deeply nested pages.
 */
function densestContainer(doc: DomDocument): DomNode {
  const body = doc.body ?? doc.documentElement;
  if (!body) return { nodeType: TEXT, nodeName: '#text', textContent: '', childNodes: [], parentNode: null };
  const scores = new Map<DomNode, number>();
  const stack: DomElement[] = [body];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (SKIP.has(el.localName) || FALLBACK_SKIP.has(el.localName) || isHidden(el)) continue;
    let len = 0;
    if (PARA.has(el.localName)) {
      len = collapse(el.textContent ?? '').length;
      for (const a of arr(el.querySelectorAll('a'))) len -= collapse(a.textContent ?? '').length;
    } else {
      // A container's own text only, so that nested containers are not counted many times.
      for (const k of arr(el.childNodes)) {
        if (k.nodeType === TEXT) len += collapse(k.textContent ?? '').length;
        else if (k.nodeType === ELEMENT) stack.push(k as DomElement);
      }
    }
    if (len < 25) continue;
    const parent = PARA.has(el.localName) ? el.parentNode : el;
    if (parent) scores.set(parent, (scores.get(parent) ?? 0) + len);
    const grand = parent?.parentNode;
    if (grand) scores.set(grand, (scores.get(grand) ?? 0) + len / 2);
  }
  let best: DomNode = body;
  let top = 0;
  for (const [el, s] of scores) {
    if (s > top && el.nodeType === ELEMENT) {
      best = el;
      top = s;
    }
  }
  return best;
}

/** Depth of the element tree, counted without recursion. */
function treeDepth(root: DomElement | null): number {
  if (!root) return 0;
  let max = 0;
  const stack: [DomElement, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [el, d] = stack.pop()!;
    if (d > max) max = d;
    for (const k of arr(el.children)) stack.push([k, d + 1]);
  }
  return max;
}

// ---------------------------------------------------------------- helpers

function arr<T>(list: ArrayLike<T>): T[] {
  return Array.from(list);
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function words(paras: readonly string[]): number {
  let n = 0;
  for (const p of paras) n += p.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  return n;
}

function absolute(href: string, base?: string): string {
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

// linkedom and Readability add ~25 MB to the process: loaded on the first HTML page, not at import,
// so a text-only run never pays for them.
const require = createRequire(import.meta.url);
let libs: { Readability: typeof ReadabilityClass; parseHTML: typeof ParseHTML } | undefined;
function dom(): NonNullable<typeof libs> {
  libs ??= {
    Readability: (require('@mozilla/readability') as { Readability: typeof ReadabilityClass }).Readability,
    parseHTML: (require('linkedom') as { parseHTML: typeof ParseHTML }).parseHTML,
  };
  return libs;
}
