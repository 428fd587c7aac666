/**
 * Absolute calendar dates and clock times read by chrono-node ("Jan. 26th, 2022",
 * "10:30 a.m.", "2022-01-14", "March 5"). Only chrono's absolute parsers run: the relative
 * ones ("Monday", "last week", "3 days ago") are ours (rules.ts), because news needs their
 * tense and granularity handled differently. A value keeps only the components chrono
 * marks certain; a year chrono implied is taken from the reference, as TimeBank does.
 */
import * as chrono from 'chrono-node';
import { type Candidate, digitRunStarts, monthWordStarts } from './rules.ts';
import { strongTense } from './context.ts';
import { monthName } from './resolve.ts';
import { fmtDay, pad2, type RefDate } from './timex.ts';

const KEEP = new Set([
  'ENYearMonthDayParser',
  'ISOFormatParser',
  'SlashDateFormatParser',
  'ENMonthNameLittleEndianParser',
  'ENMonthNameMiddleEndianParser',
  'ENTimeExpressionParser',
  'ENCasualTimeParser',
]);
const DROP_REFINERS = new Set(['ForwardDateRefiner', 'ENMergeRelativeAfterDateRefiner', 'ENMergeRelativeFollowByDateRefiner', 'ENEndOfPeriodRefiner']);

let parser: chrono.Chrono | null = null;
let parserNoCasual: chrono.Chrono | null = null;

type Parser = chrono.Chrono['parsers'][number];

/**
 * A chrono parser with the same matches found faster. Chrono execs a parser's pattern on the
 * rest of the text after each match (text.substring(k)); `starts(text)` lists, in order, every
 * place where a match can start other than the start of that rest. The sticky pattern is
 * tried there only, in order: the first that matches is the match a full scan finds.
 */
function atStarts(p: Parser, starts: (text: string) => number[]): Parser {
  const stickies = new WeakMap<RegExp, RegExp>();
  return {
    pattern(context) {
      const re = p.pattern(context);
      let sticky = stickies.get(re);
      if (!sticky) {
        sticky = new RegExp(re.source, `${re.flags}y`);
        stickies.set(re, sticky);
      }
      const y = sticky;
      const text = context.text;
      const at = starts(text);
      const exec = (str: string): RegExpExecArray | null => {
        const k = text.length - str.length;
        if (k < 0) return re.exec(str);
        y.lastIndex = 0;
        const first = y.exec(str);
        if (first) return first;
        for (const q of at) {
          if (q <= k) continue;
          y.lastIndex = q - k;
          const m = y.exec(str);
          if (m) return m;
        }
        return null;
      };
      return { exec } as unknown as RegExp;
    },
    extract: (context, match) => p.extract(context, match),
  };
}

const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const sortedUnique = (a: number[]): number[] => a.sort((x, y) => x - y).filter((x, i) => i === 0 || x !== a[i - 1]);

/**
 * ENMonthNameMiddleEndianParser, `(\W|^)` and a month name: a match starts just before a run
 * of letters that starts with a month name.
 */
const middleEndianStarts = (text: string): number[] => monthWordStarts(text).map((w) => w - 1);

/** First two letters of "on" and of the ordinal words (first .. thirty-first). */
const ORDINAL_HEADS = new Set(['on', 'fi', 'se', 'th', 'fo', 'si', 'ei', 'ni', 'te', 'el', 'tw']);
/** More than the longest stretch of ENMonthNameLittleEndianParser's pattern before its month name (55). */
const LITTLE_ENDIAN_REACH = 60;

/**
 * ENMonthNameLittleEndianParser, `(\W|^)(?:on\s{0,3})?` a day ("5th", "twenty-first") and a
 * month name at most 55 characters on: a match starts at a non-word character before a digit
 * or a word starting like "on" or an ordinal, within reach before a run of letters holding a
 * month name.
 */
function littleEndianStarts(text: string): number[] {
  const out: number[] = [];
  let done = 0;
  for (const w of monthWordStarts(text)) {
    for (let q = Math.max(done, w - LITTLE_ENDIAN_REACH); q < w; q++) {
      if (isWordChar(text.charCodeAt(q))) continue;
      const c = text.charCodeAt(q + 1);
      if (c >= 48 && c <= 57) out.push(q);
      else if (isAsciiLetter(c) && ORDINAL_HEADS.has(text.slice(q + 1, q + 3).toLowerCase())) out.push(q);
    }
    done = Math.max(done, w);
  }
  return out;
}

/**
 * ENTimeExpressionParser, `(^|\s|T|\b)(?:(?:at|from)\s*)??` and digits: a match starts at a
 * run of digits or the character before it, or at "at"/"from" before the run (across
 * whitespace) or the character before that.
 */
function timeExpressionStarts(text: string): number[] {
  const out: number[] = [];
  for (const d of digitRunStarts(text)) {
    let x = d;
    while (x > 0 && /\s/.test(text[x - 1]!)) x--;
    if (x >= 2 && text.slice(x - 2, x).toLowerCase() === 'at') out.push(x - 3, x - 2);
    if (x >= 4 && text.slice(x - 4, x).toLowerCase() === 'from') out.push(x - 5, x - 4);
    out.push(d - 1, d);
  }
  return sortedUnique(out);
}

const FAST_STARTS: Readonly<Record<string, (text: string) => number[]>> = {
  ENMonthNameMiddleEndianParser: middleEndianStarts,
  ENMonthNameLittleEndianParser: littleEndianStarts,
  ENTimeExpressionParser: timeExpressionStarts,
};

/**
 * Built on first use, never on import. Without `casual`, the same parser less
 * ENCasualTimeParser: for a text with no word that parser's pattern needs, it finds nothing
 * there, so leaving it out changes no result and saves a scan of the text.
 */
function getParser(casual: boolean): chrono.Chrono {
  if (!parser) {
    const c = chrono.en.casual.clone();
    c.parsers = c.parsers
      .filter((p) => KEEP.has(p.constructor.name))
      .map((p) => {
        const starts = FAST_STARTS[p.constructor.name];
        return starts ? atStarts(p, starts) : p;
      });
    c.refiners = c.refiners.filter((r) => !DROP_REFINERS.has(r.constructor.name));
    parser = c;
    parserNoCasual = c.clone();
    parserNoCasual.parsers = parserNoCasual.parsers.filter((p) => p.constructor.name !== 'ENCasualTimeParser');
  }
  return casual ? parser : parserNoCasual!;
}

/** Every match of ENCasualTimeParser's pattern holds one of these words. */
const CASUAL_TIME_WORD_RE = /noon|night|morning|evening|midday|afternoon/i;

const LEAD_RE = /^(?:at|on|from|in|by|since|until|of)\s+/i;
const CLOCK_RE = /\d:\d\d|\d\s*(?:[ap]\.?m\b\.?)|o['’]?clock|noon|midnight/i;
const PART_CODES: Readonly<Record<string, string>> = { morning: 'MO', afternoon: 'AF', evening: 'EV', night: 'NI' };

/** Chrono's absolute dates and times as candidates. */
export function chronoCandidates(text: string, ref: RefDate | null, refDay: number | null, out: Candidate[]): void {
  const refDate = ref ? new Date(ref.year, (ref.month ?? 7) - 1, ref.day ?? 1, 12) : new Date(2000, 6, 1, 12);
  const results = getParser(CASUAL_TIME_WORD_RE.test(text)).parse(text, refDate);
  for (const r of results) {
    let start = r.index;
    let raw = r.text;
    const lead = LEAD_RE.exec(raw);
    if (lead) {
      start += lead[0].length;
      raw = raw.slice(lead[0].length);
    }
    raw = raw.replace(/[\s,]+$/, '');
    const end = start + raw.length;
    const s = r.start;
    const hasMonth = s.isCertain('month');
    const hasDay = s.isCertain('day');
    const hasHour = s.isCertain('hour');
    const hasYear = s.isCertain('year');
    const tags = [...r.tags()];
    const rule = `chrono:${tags.map((t) => t.replace(/^parser\//, '')).join('+') || 'merged'}`;
    if (hasHour && !CLOCK_RE.test(raw)) continue; // "at 5", scores: a bare number is not a time
    if (!hasMonth && !hasHour) continue;
    if (tags.includes('parser/SlashDateFormatParser') && !hasYear) continue; // "3/4 majority"
    if (/^\d+$/.test(raw)) continue;
    let date: string;
    let anchored = false;
    if (hasMonth) {
      const month = s.get('month')!;
      // No year: a strong tense cue in the clause picks the latest past / next occurrence
      // ("the year ended March 31", "payable Dec. 7"); without one, the closest.
      const mode = hasYear ? 'this' : (strongTense(text, start, end) ?? 'closest');
      const ym = monthName(ref, month, mode, hasYear ? s.get('year')! : undefined);
      anchored = ym.anchored;
      date = hasDay ? `${ym.value}-${pad2(s.get('day')!)}` : ym.value;
    } else {
      anchored = refDay !== null;
      date = refDay === null ? 'XXXX-XX-XX' : fmtDay(refDay);
    }
    let value = date;
    let type: Candidate['type'] = 'DATE';
    if (hasHour && (hasDay || !hasMonth)) {
      const part = /(morning|afternoon|evening|night)$/i.exec(raw);
      const hour = s.get('hour')!;
      value = `${date}T${pad2(hour)}:${pad2(s.isCertain('minute') ? s.get('minute')! : 0)}`;
      if (part && !/\d/.test(raw)) value = `${date}T${PART_CODES[part[1]!.toLowerCase()]}`;
      type = 'TIME';
    }
    out.push({ start, end, value, type, anchored, rule, confidence: hasYear ? 0.95 : 0.85 });
  }
}
