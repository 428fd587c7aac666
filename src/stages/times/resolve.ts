/**
 * Turns a reading of an expression ("last", "month") into a TIMEX3 value against the
 * reference date, at the granularity the expression has. When the reference is missing or
 * too coarse, values fall back to TIMEX3 underspecification: 'XXXX-XX-XX', 'XXXX-WXX-1',
 * 'XXXX-01' (the field the text gives is kept, the one it would take from the reference is X).
 */
import { fmtDay, fmtMonth, fmtWeek, fmtYear, pad2, quarterOf, type RefDate, yearClosest } from './timex.ts';

export interface Resolved {
  readonly value: string;
  /** Whether the reference date supplied part of the value. */
  readonly anchored: boolean;
}

const U = (value: string): Resolved => ({ value, anchored: false });
const A = (value: string): Resolved => ({ value, anchored: true });

export type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year' | 'decade' | 'century';

/** Day offset from the reference day: yesterday = -1. */
export function dayOffset(refDay: number | null, offset: number, part?: string): Resolved {
  const suffix = part ? `T${part}` : '';
  return refDay === null ? U(`XXXX-XX-XX${suffix}`) : A(fmtDay(refDay + offset) + suffix);
}

/** The calendar unit containing the reference shifted by `n` units (last week = -1). */
export function shiftedUnit(ref: RefDate | null, refDay: number | null, unit: Unit, n: number): Resolved {
  switch (unit) {
    case 'day':
      return dayOffset(refDay, n);
    case 'week':
      return refDay === null ? U('XXXX-WXX') : A(fmtWeek(refDay + 7 * n));
    case 'month':
      return ref?.month ? A(fmtMonth(ref.year, ref.month + n)) : U('XXXX-XX');
    case 'quarter': {
      if (!ref?.month) return U('XXXX-QX');
      const t = ref.year * 4 + quarterOf(ref.month) - 1 + n;
      const y = Math.floor(t / 4);
      return A(`${fmtYear(y)}-Q${t - y * 4 + 1}`);
    }
    case 'year':
      return ref ? A(fmtYear(ref.year + n)) : U('XXXX');
    case 'decade':
      return ref ? A(fmtYear(ref.year + 10 * n).slice(0, 3)) : U('XXX');
    case 'century':
      return ref ? A(fmtYear(ref.year + 100 * n).slice(0, 2)) : U('XX');
    default:
      // Hours and minutes ago name a moment of the reference day, which is all we know.
      return refDay === null ? U('XXXX-XX-XX') : A(fmtDay(refDay));
  }
}

/** The weekend of the week shifted by `n`. */
export function weekend(refDay: number | null, n: number): Resolved {
  return refDay === null ? U('XXXX-WXX-WE') : A(`${fmtWeek(refDay + 7 * n)}-WE`);
}

/**
 * A weekday: 'past' → the most recent such day up to and including the reference day
 * (news reports "On Friday" the day it happened); 'future' → the next one after it;
 * 'last'/'next' exclude the reference day itself.
 */
export function weekday(refDay: number | null, wd: number, mode: 'past' | 'future' | 'last' | 'next', part?: string): Resolved {
  const suffix = part ? `T${part}` : '';
  if (refDay === null) return U(`XXXX-WXX-${wd}${suffix}`);
  const refWd = ((((refDay + 3) % 7) + 7) % 7) + 1;
  let delta: number;
  if (mode === 'past' || mode === 'last') {
    delta = -((refWd - wd + 7) % 7);
    if (mode === 'last' && delta === 0) delta = -7;
  } else {
    delta = (wd - refWd + 7) % 7;
    if (delta === 0) delta = 7;
  }
  return A(fmtDay(refDay + delta) + suffix);
}

// Five months: "closest" already settles dates within a season either way; a past-tense "May 5"
// in January stays this year (news writes upcoming dates with past-tense reporting verbs).
const TENSE_GAP = 5;

/** A month named without a year: the year is taken from the reference (TimeBank does this). */
export function monthName(
  ref: RefDate | null,
  month: number,
  mode: 'past' | 'future' | 'closest' | 'last' | 'next' | 'this',
  year?: number,
): Resolved {
  if (year !== undefined) return U(fmtMonth(year, month));
  if (!ref) return U(`XXXX-${pad2(month)}`);
  let y = ref.year;
  const rm = ref.month;
  if (rm !== null) {
    // Past-tense news means the latest such month up to the reference, future the next one.
    // Month granularity on purpose: a past-tense "Jan. 20" in an article of Jan. 14 is more
    // often a slip of the date line than a date a year back.
    if (mode === 'closest') y = yearClosest(ref, month);
    else if (mode === 'past' || mode === 'future') {
      // Tense overrides the closest reading only when that reading is far on the wrong side.
      y = yearClosest(ref, month);
      const ahead = (y - ref.year) * 12 + month - rm;
      if (mode === 'past' && ahead >= TENSE_GAP) y -= 1;
      else if (mode === 'future' && ahead <= -TENSE_GAP) y += 1;
    }
    else if (mode === 'last') y = month < rm ? ref.year : ref.year - 1;
    else if (mode === 'next') y = month > rm ? ref.year : ref.year + 1;
  }
  return A(fmtMonth(y, month));
}

/** A season; past-tense reporting of a season that has not begun yet means last year's. */
export function season(ref: RefDate | null, code: string, startMonth: number, mode: 'past' | 'future' | 'last' | 'next' | 'this', year?: number): Resolved {
  if (year !== undefined) return U(`${fmtYear(year)}-${code}`);
  if (!ref) return U(`XXXX-${code}`);
  const rm = ref.month ?? 6;
  let y = ref.year;
  if (mode === 'last') y = startMonth + 3 <= rm ? ref.year : ref.year - 1;
  else if (mode === 'next') y = startMonth > rm ? ref.year : ref.year + 1;
  else if (mode === 'past') y = startMonth <= rm ? ref.year : ref.year - 1;
  return A(`${fmtYear(y)}-${code}`);
}

/** A quarter named by its ordinal; a quarter not yet begun in past-tense text is last year's. */
export function quarter(ref: RefDate | null, q: number, tense: 'past' | 'future', year?: number): Resolved {
  if (year !== undefined) return U(`${fmtYear(year)}-Q${q}`);
  if (!ref) return U(`XXXX-Q${q}`);
  let y = ref.year;
  if (ref.month !== null && tense === 'past' && (q - 1) * 3 + 1 > ref.month) y -= 1;
  return A(`${fmtYear(y)}-Q${q}`);
}

const DUR_CODE: Readonly<Record<Unit, [string, number]>> = {
  second: ['TS', 1], minute: ['TM', 1], hour: ['TH', 1], day: ['D', 1], week: ['W', 1],
  month: ['M', 1], quarter: ['M', 3], year: ['Y', 1], decade: ['Y', 10], century: ['Y', 100],
};

/**
 * A TIMEX3 duration: duration('year', 30) → 'P30Y'; duration('day', 'X') → 'PXD'.
 * Decades and centuries become years (TimeBank writes "two decades" as P20Y).
 */
export function duration(unit: Unit, n: number | 'X'): string {
  const [code, mult] = DUR_CODE[unit];
  const t = code.startsWith('T');
  const c = t ? code.slice(1) : code;
  if (n === 'X') {
    const xc = unit === 'decade' ? 'DE' : unit === 'century' ? 'CE' : unit === 'quarter' ? 'Q' : c;
    return `P${t ? 'T' : ''}X${xc}`;
  }
  if (n === 0.5) {
    const half: Partial<Record<Unit, string>> = { hour: 'PT30M', day: 'PT12H', year: 'P6M', month: 'P2W', minute: 'PT30S' };
    const h = half[unit];
    if (h) return h;
  }
  const v = Math.round(n * mult * 100) / 100;
  return `P${t ? 'T' : ''}${v}${c}`;
}
