import * as chrono from 'chrono-node';
import { AttacheError } from '../../pipeline/errors.ts';

/** A calendar date at the precision known: YYYY, YYYY-MM or YYYY-MM-DD. */
export type DateValue = string;

const ISO = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

function valid(y: number, m: number, d?: number): boolean {
  if (y < 1800 || y > 2200 || m < 1 || m > 12) return false;
  if (d === undefined) return true;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Reads a machine date from a meta tag or JSON-LD. The calendar date is the one written
 * (the publisher's local date), not shifted to UTC.
 *
 * @example parseMachineDate('2022-01-14T23:30:00-05:00') // '2022-01-14'
 */
export function parseMachineDate(raw: string): DateValue | null {
  const s = raw.trim();
  const m = ISO.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = m[3] === undefined ? undefined : Number(m[3]);
    if (!valid(y, mo, d)) return null;
    return d === undefined ? `${y}-${pad(mo)}` : `${y}-${pad(mo)}-${pad(d)}`;
  }
  if (/^\d{9,10}$/.test(s)) {
    const dt = new Date(Number(s) * 1000);
    return dt.toISOString().slice(0, 10);
  }
  if (/^\d{8}$/.test(s)) {
    const y = Number(s.slice(0, 4));
    const mo = Number(s.slice(4, 6));
    const d = Number(s.slice(6, 8));
    return valid(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
  }
  return parseHumanDate(s);
}

/**
 * Reads a human date line ("Wed. Jan 26th, 2022", "Published 14 January 2022"), only when
 * the year is written: a day and month without a year is not a publication date.
 *
 * @example parseHumanDate('Wed. Jan 26th, 2022') // '2022-01-26'
 */
export function parseHumanDate(raw: string): DateValue | null {
  const results = chrono.parse(raw.slice(0, 200), new Date(Date.UTC(2000, 0, 1)));
  const r = results[0];
  if (!r || !r.start.isCertain('year') || !r.start.isCertain('month')) return null;
  const y = r.start.get('year');
  const mo = r.start.get('month');
  if (y === null || mo === null) return null;
  if (!r.start.isCertain('day')) return valid(y, mo) ? `${y}-${pad(mo)}` : null;
  const d = r.start.get('day');
  return d !== null && valid(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
}

const URL_DATE = [
  /\/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:\/|-|_|\.|$)/,
  /[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)/,
];
const URL_MONTH = /\/((?:19|20)\d{2})\/(0[1-9]|1[0-2])\//;

/** @example dateFromUrl('https://x.org/2022/01/14/nato-talks') // '2022-01-14' */
export function dateFromUrl(url: string): DateValue | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  for (const re of URL_DATE) {
    const m = re.exec(path);
    if (m && valid(Number(m[1]), Number(m[2]), Number(m[3]))) return `${m[1]}-${m[2]}-${m[3]}`;
  }
  const mm = URL_MONTH.exec(path);
  return mm ? `${mm[1]}-${mm[2]}` : null;
}

const USER_DATE = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:Z|[+-]\d{2}:?\d{2})?)?)?$/;

/**
 * Checks a user-given date (--published, the JSONL "published" field).
 * Throws ATT-E051 on anything else.
 *
 * @example parseUserDate('2022-01-14') // '2022-01-14'
 */
export function parseUserDate(raw: string): DateValue {
  const m = USER_DATE.exec(raw.trim());
  if (!m) throw new AttacheError('ATT-E051', `"${raw.slice(0, 40)}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = m[3] === undefined ? undefined : Number(m[3]);
  if (!valid(y, mo, d)) throw new AttacheError('ATT-E051', `"${raw.slice(0, 40)}" is not a calendar date`);
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59)) throw new AttacheError('ATT-E051', `"${raw}" has an invalid time`);
  return d === undefined ? `${y}-${pad(mo)}` : `${y}-${pad(mo)}-${pad(d)}`;
}
