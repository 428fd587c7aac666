/**
 * Absolute calendar dates and clock times read by chrono-node ("Jan. 26th, 2022",
 * "10:30 a.m.", "2022-01-14", "March 5"). Only chrono's absolute parsers run: the relative
 * ones ("Monday", "last week", "3 days ago") are ours (rules.ts), because news needs their
 * tense and granularity handled differently. A value keeps only the components chrono
 * marks certain; a year chrono implied is taken from the reference, as TimeBank does.
 */
import * as chrono from 'chrono-node';
import type { Candidate } from './rules.ts';
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

/** Built on first use, never on import. */
function getParser(): chrono.Chrono {
  if (!parser) {
    const c = chrono.en.casual.clone();
    c.parsers = c.parsers.filter((p) => KEEP.has(p.constructor.name));
    c.refiners = c.refiners.filter((r) => !DROP_REFINERS.has(r.constructor.name));
    parser = c;
  }
  return parser;
}

const LEAD_RE = /^(?:at|on|from|in|by|since|until|of)\s+/i;
const CLOCK_RE = /\d:\d\d|\d\s*(?:[ap]\.?m\b\.?)|o['’]?clock|noon|midnight/i;
const PART_CODES: Readonly<Record<string, string>> = { morning: 'MO', afternoon: 'AF', evening: 'EV', night: 'NI' };

/** Chrono's absolute dates and times as candidates. */
export function chronoCandidates(text: string, ref: RefDate | null, refDay: number | null, out: Candidate[]): void {
  const refDate = ref ? new Date(ref.year, (ref.month ?? 7) - 1, ref.day ?? 1, 12) : new Date(2000, 6, 1, 12);
  const results = getParser().parse(text, refDate);
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
