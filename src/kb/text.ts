/**
 * Text and date helpers of the knowledge base: the folded lookup key, edit distance for
 * did-you-mean, and dates at the precision a source gives them. Pure, no I/O.
 */

/**
 * The lookup key of a name: accents folded, case folded, a leading "the" dropped, British
 * "-is-" spellings of organisation made "-iz-", and everything but letters and digits removed,
 * so "Co-operation"/"Cooperation", "Guinea-Bissau"/"Guinea Bissau" and "U.S."/"US" meet.
 *
 * @example foldKey("the Organisation for Security and Co-operation in Europe") // 'organizationforsecurityandcooperationineurope'
 */
export function foldKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/&/g, ' and ')
    .replace(/^\s*the\s+/, '')
    .replace(/organis/g, 'organiz')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Acronyms ("US", "U.S.", "NATO") are matched case-sensitively in strict mode: "us" is a pronoun. */
export function isAcronym(form: string): boolean {
  const bare = form.replace(/\./g, '');
  return /^[A-Z][A-Z0-9]{1,5}$/.test(bare) || /^[A-Z]+[a-z][A-Z]+$/.test(bare);
}

/** The form an acronym is compared in, strict mode: dots dropped, case kept. */
export const acronymForm = (form: string): string => form.replace(/[.\s]/g, '');

/**
 * Optimal-string-alignment (restricted Damerau-Levenshtein) distance, giving up early once
 * every cell of a row exceeds `max`: suggestions only care about small distances.
 *
 * @example editDistance('finnland', 'finland') // 1
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** A date as a source gives it: YYYY, YYYY-MM or YYYY-MM-DD, with the first and last day it may mean. */
export interface FuzzyDate {
  readonly raw: string;
  readonly precision: 'year' | 'month' | 'day';
  /** First day the value can mean (YYYY-MM-DD). */
  readonly lo: string;
  /** Last day the value can mean (YYYY-MM-DD). */
  readonly hi: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * Reads a table date at its precision; null when malformed (the build rejects such rows).
 *
 * @example parseFuzzyDate('1999-04') // { raw: '1999-04', precision: 'month', lo: '1999-04-01', hi: '1999-04-30' }
 */
export function parseFuzzyDate(raw: string): FuzzyDate | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(raw.trim());
  if (!m) return null;
  const y = Number(m[1]);
  if (m[2] === undefined) return { raw, precision: 'year', lo: `${y}-01-01`, hi: `${y}-12-31` };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  if (m[3] === undefined) return { raw, precision: 'month', lo: `${y}-${pad(mo)}-01`, hi: `${y}-${pad(mo)}-${pad(daysIn(y, mo))}` };
  const d = Number(m[3]);
  if (d < 1 || d > daysIn(y, mo)) return null;
  const day = `${y}-${pad(mo)}-${pad(d)}`;
  return { raw, precision: 'day', lo: day, hi: day };
}

/**
 * Checks a query date: the KB answers for one calendar day, so only YYYY-MM-DD is accepted.
 * Returns the problem (for the error message) or null when the date is fine.
 *
 * @example queryDateProblem('2022-13-01') // 'month 13 does not exist'
 */
export function queryDateProblem(raw: string): string | null {
  const s = raw.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (iso) {
    const [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (mo < 1 || mo > 12) return `month ${mo} does not exist`;
    if (d < 1 || d > daysIn(y, mo)) return `${y}-${pad(mo)} has no day ${d}`;
    if (iso[2]!.length !== 2 || iso[3]!.length !== 2) return `write it as ${y}-${pad(mo)}-${pad(d)}`;
    return null;
  }
  const slash = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(s);
  if (slash) {
    const [a, b, y] = [Number(slash[1]), Number(slash[2]), Number(slash[3])];
    // Both readings are offered because 12/01/2022 is 12 January in Europe and 1 December in the US.
    const readings = new Set<string>();
    if (b >= 1 && b <= 12 && a >= 1 && a <= daysIn(y, b)) readings.add(`${y}-${pad(b)}-${pad(a)} (day/month)`);
    if (a >= 1 && a <= 12 && b >= 1 && b <= daysIn(y, a)) readings.add(`${y}-${pad(a)}-${pad(b)} (month/day)`);
    return readings.size ? `slashed dates are ambiguous; did you mean ${[...readings].join(' or ')}?` : 'not a date';
  }
  if (/^\d{4}(-\d{2})?$/.test(s)) return `give a day, e.g. ${s.length === 4 ? `${s}-01-01` : `${s}-01`}`;
  return 'expected YYYY-MM-DD';
}

/** Today's date in UTC as YYYY-MM-DD: the default of --on. */
export const todayUtc = (now: Date = new Date()): string => now.toISOString().slice(0, 10);
