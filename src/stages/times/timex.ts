/**
 * Calendar arithmetic and TIMEX3 formatting for the times stage. Pure, UTC-only: a TIMEX3
 * value names a calendar day, never an instant, so no time zone can shift it.
 */

/** The reference (document) date, at the precision it was given. */
export interface RefDate {
  readonly year: number;
  /** 1..12, or null when only the year is known. */
  readonly month: number | null;
  /** 1..31, or null when the day is not known. */
  readonly day: number | null;
}

const REF_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$/;

/**
 * Reads a published-date value ('2022-01-14', '2022-01-14T09:30', '2022-01', '2022').
 * @example parseRef('2022-01') // { year: 2022, month: 1, day: null }
 */
export function parseRef(ref: string | null | undefined): RefDate | null {
  if (!ref) return null;
  const m = REF_RE.exec(ref.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : null;
  const day = m[3] ? Number(m[3]) : null;
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null && (day < 1 || day > 31)) return null;
  return { year, month, day };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');

/** Days since 1970-01-01 for a calendar day. */
export function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** Calendar day from a day number. */
export function fromDayNumber(n: number): { y: number; m: number; d: number } {
  const dt = new Date(n * 86_400_000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** ISO weekday, 1 = Monday .. 7 = Sunday. */
export function isoWeekday(n: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** ISO 8601 week of the day: the week belongs to the year holding its Thursday. */
export function isoWeek(n: number): { year: number; week: number } {
  const thursday = n - isoWeekday(n) + 4;
  const { y } = fromDayNumber(thursday);
  const jan1 = dayNumber(y, 1, 1);
  return { year: y, week: Math.floor((thursday - jan1) / 7) + 1 };
}

export function fmtDay(n: number): string {
  const { y, m, d } = fromDayNumber(n);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

export function fmtMonth(y: number, m: number): string {
  // Normalise month overflow from arithmetic (month 0 → December of the year before).
  const t = y * 12 + (m - 1);
  const yy = Math.floor(t / 12);
  return `${pad4(yy)}-${pad2(t - yy * 12 + 1)}`;
}

export function fmtWeek(n: number): string {
  const { year, week } = isoWeek(n);
  return `${pad4(year)}-W${pad2(week)}`;
}

export function fmtYear(y: number): string {
  return pad4(y);
}

export { pad2, pad4 };

/** Day number of the reference, or null when the reference is not day-precise. */
export function refDay(ref: RefDate | null): number | null {
  return ref && ref.month !== null && ref.day !== null ? dayNumber(ref.year, ref.month, ref.day) : null;
}

/** The quarter (1..4) of a month. */
export function quarterOf(month: number): number {
  return Math.floor((month - 1) / 3) + 1;
}

/** Month in 1..12 closest to the reference month, choosing the year (chrono's findYearClosestToRef, by month). */
export function yearClosest(ref: RefDate, month: number): number {
  if (ref.month === null) return ref.year;
  const diff = month - ref.month;
  if (diff > 6) return ref.year - 1;
  if (diff < -6) return ref.year + 1;
  return ref.year;
}
