import type { Meta, Published, Warning } from '../../doc/types.ts';
import type { Document } from '../../doc/document.ts';
import type { Stage } from '../../pipeline/stage.ts';
import { findDateline } from './dateline.ts';
import { dateFromUrl, parseHumanDate, parseMachineDate, parseUserDate } from './dates.ts';

const NAME = 'metadata';
const VERSION = '1.0.0';

/** Confidence of each publication-date source, in the order they are trusted. */
export const PUBLISHED_CONFIDENCE = {
  user: 1,
  jsonld: 0.9,
  meta: 0.85,
  url: 0.7,
  'text-dateline': 0.6,
  feed: 0.8,
  'page-header': 0.3,
  none: 0,
} as const;

/** Site accounts that publish under a generic name: not an author. */
const GENERIC_BYLINES = /^(admin|administrator|editor|editorial|staff|webmaster|newsdesk|news desk|team|guest|user|author|root)$/i;

/**
 * Title, byline, dateline and the publication date with its source and confidence.
 * Trust order for the date: --published, JSON-LD, meta tags, the URL, a "Published ..." line,
 * then a site's date widget (low confidence, with a warning), then none.
 */
export const metadataStage: Stage<'meta'> = {
  name: NAME,
  version: VERSION,
  requires: [],
  provides: ['meta'],
  run(doc) {
    const warnings: Warning[] = [];
    const { hints } = doc.data;
    const published = resolvePublished(doc, warnings);
    const dateline = findDateline(doc.text, { stage: NAME, version: VERSION, rule: 'dateline-regex' });
    let byline = cleanByline(hints.html?.byline ?? hints.bylineLine ?? null);
    if (byline && GENERIC_BYLINES.test(byline)) {
      warnings.push({ code: 'ATT-W003', message: `byline "${byline}" is a site account, not an author; byline left empty` });
      byline = null;
    }
    const meta: Meta = {
      title: clean(hints.html?.title ?? hints.headline ?? null),
      byline,
      dateline: dateline ? { start: dateline.start, end: dateline.end, text: dateline.text, prov: dateline.prov, ...(dateline.agency ? { agency: dateline.agency } : {}) } : null,
      published,
      url: hints.html?.canonicalUrl ?? hints.url ?? null,
      siteName: clean(hints.html?.siteName ?? null),
      lang: hints.html?.lang ?? null,
    };
    return { layers: { meta }, warnings };
  },
};

function resolvePublished(doc: Document, warnings: Warning[]): Published {
  const { hints } = doc.data;
  if (hints.published) {
    return { value: parseUserDate(hints.published), source: 'user', confidence: PUBLISHED_CONFIDENCE.user, raw: hints.published };
  }
  const tagged: Published[] = [];
  for (const d of hints.html?.dates ?? []) {
    const value = parseMachineDate(d.value);
    if (value) tagged.push({ value, source: d.source, confidence: PUBLISHED_CONFIDENCE[d.source], raw: `${d.from}: ${d.value}` });
  }
  tagged.sort((a, b) => b.confidence - a.confidence);
  const best = tagged[0];
  if (best) {
    const other = tagged.find((t) => t.value !== null && best.value !== null && t.value.slice(0, 10) !== best.value.slice(0, 10) && t.value.length >= 10);
    if (other && best.value && best.value.length >= 10) {
      warnings.push({ code: 'ATT-W004', message: `page tags disagree on the publication date: ${best.value} (${best.raw ?? ''}) vs ${other.value ?? ''} (${other.raw ?? ''}); using the first` });
    }
    return best;
  }
  const url = hints.url ?? hints.html?.canonicalUrl;
  const fromUrl = url ? dateFromUrl(url) : null;
  if (fromUrl) return { value: fromUrl, source: 'url', confidence: PUBLISHED_CONFIDENCE.url, raw: url };
  const header = hints.pageHeaderDate;
  if (header) {
    const value = parseHumanDate(header);
    if (value) {
      if (/\b(published|posted|first published|updated|last updated)\b/i.test(header)) {
        const updated = /\bupdated\b/i.test(header) && !/\bpublished\b/i.test(header);
        return { value, source: 'text-dateline', confidence: updated ? 0.5 : PUBLISHED_CONFIDENCE['text-dateline'], raw: header };
      }
      warnings.push({
        code: 'ATT-W001',
        message: `publication date ${value} was read from the page header "${header}", a site's date widget that may show the day the page was saved rather than published; pass --published YYYY-MM-DD if you know it`,
      });
      return { value, source: 'page-header', confidence: PUBLISHED_CONFIDENCE['page-header'], raw: header };
    }
  }
  warnings.push({ code: 'ATT-W002', message: 'no publication date found; relative dates ("on Monday") are left unresolved. Pass --published YYYY-MM-DD' });
  return { value: null, source: 'none', confidence: 0 };
}

function clean(s: string | null): string | null {
  if (s === null) return null;
  const t = s.replace(/\s+/g, ' ').trim();
  return t === '' ? null : t.slice(0, 500);
}

function cleanByline(s: string | null): string | null {
  const t = clean(s);
  if (t === null) return null;
  return clean(t.replace(/^by\s+/i, '').replace(/\s*[|•·]\s*.*$/, ''));
}
