/**
 * The closed word classes the time rules are built from: calendar names and number words.
 * Short, closed and language-defining, so they live next to the grammar rather than in data/.
 */

export const MONTHS: Readonly<Record<string, number>> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8,
  september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

export const WEEKDAYS: Readonly<Record<string, number>> = {
  monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7,
};

/** TIMEX3 season codes with the month each season starts (northern hemisphere). */
export const SEASONS: Readonly<Record<string, { code: string; month: number }>> = {
  spring: { code: 'SP', month: 3 },
  summer: { code: 'SU', month: 6 },
  fall: { code: 'FA', month: 9 },
  autumn: { code: 'FA', month: 9 },
  winter: { code: 'WI', month: 12 },
};

/** TIMEX3 part-of-day codes. */
export const PARTS_OF_DAY: Readonly<Record<string, string>> = {
  morning: 'MO', afternoon: 'AF', evening: 'EV', night: 'NI', tonight: 'NI', overnight: 'NI',
};

const UNITS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

/** Regex source for a spelled or written count ("30", "two", "twenty-four", "a", "several"). */
export const NUMBER_SRC =
  '(?:\\d{1,3}(?:,\\d{3})*(?:\\.\\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?' +
  '|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen' +
  '|(?:a|one) hundred|a dozen|dozen|a half|half an?|an?|several|a few|few|many|a couple of|a number of|some)';

/** A count as a number, or 'X' when the text gives none ("several", "a few"). */
export function numberValue(raw: string): number | 'X' {
  const s = raw.toLowerCase().replace(/,/g, '');
  if (/^\d/.test(s)) return Number(s);
  if (s === 'a' || s === 'an') return 1;
  if (s.startsWith('half')) return 0.5;
  if (s === 'a half') return 0.5;
  if (s.endsWith('hundred')) return 100;
  if (s.endsWith('dozen')) return 12;
  if (s === 'a couple of') return 2;
  const direct = UNITS[s] ?? TENS[s];
  if (direct !== undefined) return direct;
  const [t, u] = s.split(/[- ]/);
  if (t && u && TENS[t] !== undefined && UNITS[u] !== undefined) return TENS[t] + UNITS[u];
  return 'X';
}

export const ORDINALS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4,
};
