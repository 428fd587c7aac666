import type { Dateline } from '../../doc/types.ts';

const WORD = String.raw`(?:[A-Z][\p{L}'’.-]*|[A-Z]{2,}(?:[ -][A-Z]{2,})*)`;
const JOIN = String.raw`(?:de|del|da|do|al|el|la|le|of|upon|on)`;
const PLACE = String.raw`${WORD}(?:[ ](?:${WORD}|${JOIN}))*`;
const MONTH = String.raw`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?`;
const DATE = String.raw`(?:${MONTH}\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+${MONTH}(?:\s+\d{4})?)`;

/**
 * "MOSCOW (Reuters) -", "Brussels, Belgium –", "WASHINGTON —", "KYIV, Ukraine, Jan 14 (Reuters) -",
 * "LONDON:" at the start of the body. The place is at most four words, each capitalised.
 */
const DATELINE = new RegExp(
  String.raw`^(?<place>${PLACE}(?:,\s*${PLACE}){0,2})(?:,?\s+(?<date>${DATE}))?\s*(?:\((?<agency>[^()\n]{2,40})\))?\s*(?<sep>[–—-]{1,2}|:)\s+(?=[\p{Lu}\p{N}"“‘'(])`,
  'u',
);

/** Words that start a sentence, never a dateline ("Despite ... –"). */
const NOT_PLACES = new Set(['The', 'A', 'An', 'In', 'On', 'At', 'But', 'And', 'Despite', 'After', 'Before', 'While', 'This', 'That', 'It', 'He', 'She', 'They', 'We', 'I', 'Update', 'Updated', 'Breaking', 'Editor', 'Note', 'Photo', 'Watch', 'Video', 'Read', 'Exclusive', 'Analysis', 'Opinion']);

/**
 * Finds the dateline at the start of the first paragraph of the body.
 *
 * @example findDateline('MOSCOW (Reuters) - Russia said...')?.text // 'MOSCOW'
 */
export function findDateline(text: string, prov: Dateline['prov']): (Dateline & { date?: string }) | null {
  let offset = 0;
  // Skip leading whitespace; look only at the first paragraph (a short first line may be a kicker).
  while (offset < text.length && /\s/.test(text[offset]!)) offset++;
  const head = text.slice(offset, offset + 200);
  const m = DATELINE.exec(head);
  if (!m?.groups) return null;
  const place = m.groups.place!;
  const words = place.split(/[\s,]+/).filter(Boolean);
  if (words.length > 6 || NOT_PLACES.has(words[0]!)) return null;
  const sep = m.groups.sep!;
  const allCaps = place === place.toUpperCase();
  // A colon separates only an all-caps place ("LONDON:"), or "Said:" would pass.
  if (sep === ':' && !allCaps) return null;
  // A mixed-case single word before a dash is too often a sentence ("Ukraine – the ...");
  // accept it only with an agency, a date, or a "City, Country" form.
  if (!allCaps && words.length === 1 && !m.groups.agency && !m.groups.date && !place.includes(',')) return null;
  const out: Dateline & { date?: string } = {
    start: offset,
    end: offset + place.length,
    text: place,
    prov,
    ...(m.groups.agency ? { agency: m.groups.agency.trim() } : {}),
    ...(m.groups.date ? { date: m.groups.date } : {}),
  };
  return out;
}
