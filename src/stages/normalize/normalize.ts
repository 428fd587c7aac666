import { Document } from '../../doc/document.ts';
import type { SourceHints, Warning } from '../../doc/types.ts';
import { cleanText, type CleanedText } from '../../ingest/boilerplate.ts';
import { htmlToArticle } from '../../ingest/html.ts';
import { AttacheError } from '../../pipeline/errors.ts';

export const NORMALIZE_VERSION = '1.0.0';

/** One article as it arrives, before any stage: text or HTML, with what the caller knows. */
export interface RawInput {
  readonly id: string;
  readonly kind: 'text' | 'html';
  readonly body: string;
  readonly url?: string;
  /** A user-given publication date, YYYY-MM-DD or YYYY-MM-DDTHH:MM. */
  readonly published?: string;
  /** Whether the input came from a URL fetch (for the record's provenance). */
  readonly fetched?: boolean;
}

/** A cap on characters that reach the stages; longer bodies are cut at a paragraph with a warning. */
export const MAX_TEXT_CHARS = 2_000_000;

/**
 * Turns raw text or HTML into a Document whose `text` is fixed from here on: page chrome
 * and captions are taken out (and kept apart), characters are normalised.
 *
 * @example normalize({ id: 'a', kind: 'text', body: 'Wed. Jan 26th, 2022\n\nBRUSSELS – NATO met.' }).text
 * // 'BRUSSELS – NATO met.'
 */
export function normalize(raw: RawInput): Document {
  const warnings: Warning[] = [];
  const body = normalizeChars(raw.body);
  if (body.trim() === '') throw new AttacheError('ATT-E010', raw.id);
  let cleaned: CleanedText;
  let hints: SourceHints;
  const base = {
    ...(raw.url ? { url: raw.url } : {}),
    ...(raw.published ? { published: raw.published } : {}),
  };
  if (raw.kind === 'html') {
    const article = htmlToArticle(body, raw.url ? { url: raw.url } : {});
    cleaned = article;
    hints = { kind: raw.fetched ? 'url' : 'html', ...base, html: article.meta, ...pick(article) };
  } else {
    cleaned = cleanText(body);
    hints = { kind: raw.fetched ? 'url' : 'text', ...base, ...pick(cleaned) };
  }
  let text = normalizeChars(cleaned.text);
  if (text.length > MAX_TEXT_CHARS) {
    const cut = text.lastIndexOf('\n\n', MAX_TEXT_CHARS);
    text = text.slice(0, cut > 0 ? cut : MAX_TEXT_CHARS);
    warnings.push({ code: 'ATT-W010', message: `text cut to ${text.length} characters; split very long inputs` });
  }
  if (text.trim() === '') throw new AttacheError(raw.kind === 'html' ? 'ATT-E020' : 'ATT-E010', `${raw.id}: nothing left after removing page chrome`);
  return Document.create({
    id: raw.id,
    text,
    hints,
    boilerplate: cleaned.boilerplate,
    captions: cleaned.captions,
    warnings,
  });
}

function pick(c: CleanedText): Pick<SourceHints, 'pageHeaderDate' | 'bylineLine' | 'headline'> {
  return {
    ...(c.pageHeaderDate ? { pageHeaderDate: c.pageHeaderDate } : {}),
    ...(c.bylineLine ? { bylineLine: c.bylineLine } : {}),
    ...(c.headline ? { headline: c.headline } : {}),
  };
}

// Control characters other than tab and newline, zero-width characters and soft hyphens
// carry no text and break offsets downstream; NBSP becomes a plain space.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u00AD\u200B-\u200D\u2060\uFEFF]/g;

// Any character one of the replacements below would change: most texts have none, and one
// scan for them is cheaper than three replacements.
// eslint-disable-next-line no-control-regex
const REPLACED = /[\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u00AD\u200B-\u200D\u2060\uFEFF\u00A0\u2007\u202F]/;

/** @example normalizeChars('a\r\nb\u00A0c') // 'a\nb c' */
export function normalizeChars(s: string): string {
  if (!REPLACED.test(s)) return s.normalize('NFC');
  return s.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(/[\u00A0\u2007\u202F]/g, ' ').normalize('NFC');
}
