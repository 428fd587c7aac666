/**
 * The rule grammar of the times stage: precompiled regexes over the raw text, each with a
 * handler that checks context and resolves a TIMEX3 value. Chrono (chrono.ts) reads the
 * absolute calendar dates and clock times; these rules read what news writes relative to
 * its date ("on Monday", "last month", "the past week", "30 years", "the 1990s", "now").
 */
import type { TimeType } from '../../doc/types.ts';
import { capitalAfter, cueTense, sentenceAround, strongTense, tenseAt, wordBefore } from './context.ts';
import { MONTHS, NUMBER_SRC, ORDINALS, PARTS_OF_DAY, SEASONS, WEEKDAYS, numberValue } from './lexicon.ts';
import {
  dayOffset, duration, monthName, quarter, type Resolved, season, shiftedUnit, type Unit, weekday, weekend,
} from './resolve.ts';
import { fmtYear, pad2, type RefDate } from './timex.ts';

/** A proposed time expression before overlaps are resolved. */
export interface Candidate {
  start: number;
  end: number;
  value: string;
  type: TimeType;
  anchored: boolean;
  rule: string;
  confidence: number;
}

export interface RuleContext {
  readonly text: string;
  readonly ref: RefDate | null;
  readonly refDay: number | null;
}

interface Rule {
  readonly name: string;
  readonly re: RegExp;
  readonly apply: (m: RegExpExecArray, ctx: RuleContext) => Candidate | null;
}

const MONTH_FULL = 'January|February|March|April|May|June|July|August|September|October|November|December';
const MONTH_ABBR = '(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.';
const WEEKDAY = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const YEAR = '(?:1[89]|20)\\d\\d';
const PART = 'morning|afternoon|evening|night';
const EDGE = 'the end of|end of|the beginning of|beginning of|the start of|start of|the middle of|middle of';

const cand = (m: RegExpExecArray, lead: number, r: Resolved, type: TimeType, rule: string, confidence: number, trail = 0): Candidate => ({
  start: m.index + lead,
  end: m.index + m[0].length - trail,
  value: r.value,
  type,
  anchored: r.anchored,
  rule,
  confidence,
});

const isUpper = (s: string | undefined): boolean => !!s && s.charCodeAt(0) >= 65 && s.charCodeAt(0) <= 90;

/** Words before a bare month name that make it a date ("in May"), not a name or a verb. */
const MONTH_PREV = new Set([
  'in', 'since', 'until', 'till', 'by', 'from', 'of', 'through', 'before', 'after', 'during', 'between', 'and', 'or',
  'to', 'early', 'late', 'mid', 'last', 'next', 'this', 'end', 'beginning', 'start', 'middle', 'on', 'as', 'each', 'every',
]);

/** Nouns counted in numbers that look like years ("2000 troops"). */
const COUNTED_RE =
  /^\s+(?:troops|people|soldiers|votes|km|kilometres|kilometers|miles|feet|metres|meters|tonnes|tons|barrels|points|seats|cases|deaths|dead|killed|hectares|acres|units|shares|students|jobs|workers|members|employees|delegates|refugees|civilians|kg|households|homes|families|residents|patients)\b/;
const NOT_YEAR_BEFORE_RE =
  /(?:[$€£#¥]\s*|\d[.,:/]|\b(?:No|no|page|Flight|flight|Route|route|Room|room|Resolution|resolution|Article|article|Section|section|number|Boeing|Airbus|[Mm]odel|[Vv]ersion|ISO|Highway|Chapter|chapter|Rule|rule|Form|form)\.?\s+)$/;

function unitOf(word: string): Unit | null {
  const w = word.toLowerCase();
  if (w.startsWith('sec')) return 'second';
  if (w.startsWith('min')) return 'minute';
  if (w.startsWith('hour')) return 'hour';
  if (w.startsWith('day')) return 'day';
  if (w.startsWith('week') || w.startsWith('fortnight')) return 'week';
  if (w.startsWith('month')) return 'month';
  if (w.startsWith('quarter')) return 'quarter';
  if (w.startsWith('year')) return 'year';
  if (w.startsWith('decade')) return 'decade';
  if (w.startsWith('centur')) return 'century';
  return null;
}

function explicitYear(s: string | undefined): number | undefined {
  return s ? Number(s) : undefined;
}

const PERIOD_RE = /\bquarter|\bperiod\b|\bthree months\b/i;
const ORD_QUARTER_RE = /\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter\b/gi;

/**
 * "a year ago"/"a year earlier"/"last year" in an earnings sentence that talks about a
 * quarter or period: the same quarter of the year before ("profit in the quarter rose from
 * $1.1 million a year ago" → 1988-Q3 in a 1989-Q3 report). The quarter is the last one named
 * before in the text ("third-quarter profit"), else the last completed one. Null when the
 * sentence names no quarter or period: then it is the plain year.
 */
function yearAgoQuarter(ctx: RuleContext, start: number, end: number): Resolved | null {
  if (!ctx.ref?.month || !PERIOD_RE.test(sentenceAround(ctx.text, start, end))) return null;
  let q: number | undefined;
  ORD_QUARTER_RE.lastIndex = Math.max(0, start - 3000);
  const before = ctx.text.slice(0, start);
  for (let m = ORD_QUARTER_RE.exec(before); m; m = ORD_QUARTER_RE.exec(before)) q = ORDINALS[m[1]!.toLowerCase()];
  const r = q === undefined ? shiftedUnit(ctx.ref, ctx.refDay, 'quarter', -1) : quarter(ctx.ref, q, 'past');
  const y = Number(r.value.slice(0, 4)) - 1;
  return { value: `${fmtYear(y)}${r.value.slice(4)}`, anchored: true };
}

// ---------------------------------------------------------------------------------------
// "this week", "last month", "end of last year", "next Monday", "last summer", "the past week"

const REL_RE = new RegExp(
  `\\b(?:(earlier|later|early|late|mid|${EDGE})[\\s-]+(?:in\\s+)?)?` +
    `(this past|this coming|the past|the last|the previous|the coming|the next|the following|the current|this|last|next|past|coming|previous|current|the)\\s+` +
    `(week|weekend|month|year|quarter|decade|century|${PART}|spring|summer|fall|autumn|winter|${MONTH_FULL}|${WEEKDAY})(s?)\\b`,
  'gi',
);

function relRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  const edge = (m[1] ?? '').toLowerCase();
  const det = m[2]!.toLowerCase();
  const word = m[3]!;
  const w = word.toLowerCase();
  const plural = m[4] === 's';
  if (det === 'the' && (!edge || edge.startsWith('early') || edge.startsWith('late') || edge === 'mid' || plural)) return null; // "the end of the year" only
  const month = MONTHS[w];
  const wd = WEEKDAYS[w];
  if ((month !== undefined || wd !== undefined) && !isUpper(word)) return null;
  if (w === 'may' || w === 'march') {
    if (det === 'this' || det === 'the past' || det === 'past') return null;
  }
  const dir = /last|past|previous/.test(det) ? -1 : /next|coming|following/.test(det) ? 1 : 0;
  const durational = det.startsWith('the ') && dir !== 0 && !edge;
  const unit = unitOf(w);
  // "the past week", "the next two years" without a count: a duration (TimeBank style).
  if (unit === 'year' && plural && det === 'past' && !edge) return null; // "in past years": bare rule, PAST_REF
  if (unit && (durational || plural || det === 'past')) {
    if (plural && !det.startsWith('the') && det !== 'past' && det !== 'coming') return null;
    if (!plural && w === 'weekend') return cand(m, 0, { value: 'P2D', anchored: false }, 'DURATION', 'rel-duration', 0.7);
    return cand(m, 0, { value: duration(unit, plural ? 'X' : 1), anchored: false }, 'DURATION', 'rel-duration', 0.75);
  }
  if (plural) return null;
  const t = dir === 0 && (det === 'this' || det.includes('current')) ? tenseAt(ctx.text, m.index, m.index + m[0].length) : 'past';
  let r: Resolved;
  let type: TimeType = 'DATE';
  if (unit) {
    r = shiftedUnit(ctx.ref, ctx.refDay, unit, dir);
    // "up from $3 million last year", "last year's $1.55 billion" in a quarter sentence.
    if (unit === 'year' && det === 'last' && !edge) {
      const e = m.index + m[0].length;
      const compared = /\b(?:from|with|than|over)\s+(?:\S+\s+){0,4}$/i.test(ctx.text.slice(Math.max(0, m.index - 40), m.index)) || /^['’]s\b/.test(ctx.text.slice(e, e + 3));
      const q = compared ? yearAgoQuarter(ctx, m.index, e) : null;
      if (q) return cand(m, 0, q, 'DATE', 'rel-quarter', 0.7);
    }
    if (unit === 'year' && ctx.ref && /end|beginning|start/.test(edge)) {
      // "the end of last year": the last month of that year, the span says no more.
      const y = ctx.ref.year + dir;
      r = { value: `${fmtYear(y)}-${edge.includes('end') ? '12' : '01'}`, anchored: true };
    }
  } else if (w === 'weekend') {
    r = weekend(ctx.refDay, dir);
  } else if (wd !== undefined) {
    r = weekday(ctx.refDay, wd, dir < 0 ? 'last' : dir > 0 ? 'next' : t, undefined);
  } else if (month !== undefined) {
    r = monthName(ctx.ref, month, dir < 0 ? 'last' : dir > 0 ? 'next' : 'this');
  } else if (SEASONS[w]) {
    const s = SEASONS[w];
    r = season(ctx.ref, s.code, s.month, dir < 0 ? 'last' : dir > 0 ? 'next' : 'this');
  } else {
    // part of day: "this morning", "last night"
    const part = PARTS_OF_DAY[w]!;
    if (dir > 0) return null;
    r = dayOffset(ctx.refDay, dir < 0 && part === 'NI' ? -1 : dir < 0 ? -1 : 0, part);
    type = 'TIME';
  }
  return cand(m, 0, r, type, 'rel', 0.85);
}

// ---------------------------------------------------------------------------------------
// Weekdays: "on Monday", "Thursday's meeting", "Friday morning"

const WEEKDAY_RE = new RegExp(`\\b(${WEEKDAY})(?:\\s+(${PART}))?(?![A-Za-z])`, 'g');

function weekdayRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  const wd = WEEKDAYS[m[1]!.toLowerCase()]!;
  const part = m[2] ? PARTS_OF_DAY[m[2]] : undefined;
  const t = tenseAt(ctx.text, m.index, m.index + m[0].length);
  const r = weekday(ctx.refDay, wd, t, part);
  return cand(m, 0, r, part ? 'TIME' : 'DATE', `weekday-${t}`, 0.75);
}

// ---------------------------------------------------------------------------------------
// Month names without a day: "January", "early January", "May 2021", "March of 1990"

const MONTH_RE = new RegExp(
  `\\b(?:(early|mid|late|${EDGE})[\\s-]+)?(${MONTH_FULL}|${MONTH_ABBR})(?:,?\\s+(?:of\\s+)?(${YEAR})\\b)?(?!\\s+\\d{1,2}(?:st|nd|rd|th)?\\b)`,
  'gi',
);

function monthRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  const name = m[2]!;
  if (!isUpper(name)) return null;
  const key = name.replace('.', '').toLowerCase();
  const month = MONTHS[key];
  if (month === undefined) return null;
  const year = explicitYear(m[3]);
  const mod = m[1];
  if (name.endsWith('.') && year === undefined) return null;
  if (year === undefined && !mod) {
    const prev = wordBefore(ctx.text, m.index);
    const datey = MONTH_PREV.has(prev);
    if ((key === 'may' || key === 'march') && !datey) return null;
    if (!datey && capitalAfter(ctx.text, m.index + m[0].length)) return null;
    // "the March 5 elections" is chrono's; "a march" is lowercase; "March on Washington" has a capital.
  }
  const mode = year === undefined ? (strongTense(ctx.text, m.index, m.index + m[0].length) ?? 'closest') : 'this';
  const r = monthName(ctx.ref, month, mode, year);
  return cand(m, 0, r, 'DATE', year === undefined ? 'month' : 'month-year', year === undefined ? 0.8 : 0.95);
}

// ---------------------------------------------------------------------------------------
// Years: "2021", "in 1990", "fiscal 1989", "mid-2020", "the end of 2021"

const YEAR_RE = new RegExp(`(?:\\b(fiscal|early|late|mid|${EDGE})[\\s-]+)?\\b(${YEAR})(?![\\d'’]|s\\b|\\s*%|\\s*percent|[.,:/]\\d|-\\d)`, 'gi');

function yearRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  const lead = m[1] ? m[0].length - m[2]!.length : 0;
  const at = m.index + lead;
  if (NOT_YEAR_BEFORE_RE.test(ctx.text.slice(Math.max(0, at - 14), at))) return null;
  if (COUNTED_RE.test(ctx.text.slice(at + 4, at + 20))) return null;
  const edge = (m[1] ?? '').toLowerCase();
  let value = m[2]!;
  if (/end/.test(edge)) value += '-12';
  else if (/beginning|start/.test(edge)) value += '-01';
  return cand(m, /fiscal|early|late|mid|end|beginning|start|middle/.test(edge) ? 0 : lead, { value, anchored: false }, 'DATE', 'year', 0.9);
}

// ---------------------------------------------------------------------------------------
// Decades and centuries: "the 1990s" → 199, "the '80s", "the 20th century" → 19

const DECADE_RE = /\b(?:(the)\s+)?(?:(early|mid|late)[\s-]+)?(?:((?:1[0-9]|20)\d)0s|['’](\d)0s)(?![\w'’])/gi;

function decadeRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  let value = m[3];
  if (!value) {
    // "the '80s": the latest such decade that has begun by the reference year (+5: "the '20s" in 2019).
    const d = Number(m[4]);
    const refYear = ctx.ref ? ctx.ref.year : 2025;
    let y = Math.floor(refYear / 100) * 100 + d * 10;
    if (y > refYear + 5) y -= 100;
    value = String(y / 10);
  }
  return cand(m, 0, { value, anchored: false }, 'DATE', 'decade', 0.9);
}

const CENTURY_RE = /\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)[\s-]+century\b/gi;

function centuryRule(m: RegExpExecArray): Candidate | null {
  const n = Number(m[1]);
  if (n < 1 || n > 30) return null;
  return cand(m, 0, { value: pad2(n - 1), anchored: false }, 'DATE', 'century', 0.9);
}

// ---------------------------------------------------------------------------------------
// Quarters and halves: "the third quarter", "third-quarter", "Q1 2022", "the latest quarter"

const QUARTER_RE = new RegExp(
  `\\b(?:the\\s+)?(?:(?:fiscal|calendar)\\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|most recent|past|previous|year-earlier|year-ago)?[\\s-]*(?:fiscal\\s+)?quarter(?:,?\\s+(?:of\\s+)?(${YEAR}))?(?![\\w-])` +
    `|\\bQ([1-4])(?:\\s+(${YEAR}))?\\b`,
  'gi',
);

function quarterRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  const text = m[0];
  const ord = m[1]?.toLowerCase();
  const year = explicitYear(m[2] ?? m[4]);
  let q: number | undefined = m[3] ? Number(m[3]) : ord ? ORDINALS[ord] : undefined;
  if (ord === 'final') q = 4;
  if (q !== undefined) {
    const r = quarter(ctx.ref, q, tenseAt(ctx.text, m.index, m.index + text.length), year);
    return cand(m, 0, r, 'DATE', 'quarter', 0.9);
  }
  // Only "the quarter"/"the latest quarter": the last completed one, as results are reported.
  if (!/^the\s/i.test(text) || year !== undefined) return null;
  if (ord === 'year-earlier' || ord === 'year-ago') return cand(m, 0, shiftedUnit(ctx.ref, ctx.refDay, 'quarter', -5), 'DATE', 'quarter-rel', 0.6);
  if (ord === 'last' || ord === 'past' || ord === 'previous') return null; // rel rule reads these
  return cand(m, 0, shiftedUnit(ctx.ref, ctx.refDay, 'quarter', -1), 'DATE', 'quarter-rel', 0.6);
}

const HALF_RE = new RegExp(`\\b(?:the\\s+)?(first|second)\\s+half\\s+of\\s+(?:(${YEAR})|(this|last|next|the)\\s+year)\\b`, 'gi');

function halfRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  const h = m[1]!.toLowerCase() === 'first' ? 1 : 2;
  let y: number | undefined = explicitYear(m[2]);
  const det = m[3]?.toLowerCase();
  if (y === undefined && ctx.ref) y = ctx.ref.year + (det === 'last' ? -1 : det === 'next' ? 1 : 0);
  const value = y === undefined ? `XXXX-H${h}` : `${fmtYear(y)}-H${h}`;
  return cand(m, 0, { value, anchored: m[2] === undefined && !!ctx.ref }, 'DATE', 'half', 0.85);
}

// ---------------------------------------------------------------------------------------
// Seasons: "the summer", "summer 2021", "in spring", "late autumn"

const SEASON_RE = new RegExp(`\\b(?:(early|late|mid)[\\s-]+)?(?:(the)\\s+)?(spring|summer|fall|autumn|winter)(?:,?\\s+(?:of\\s+)?(${YEAR}))?\\b`, 'gi');

function seasonRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  const year = explicitYear(m[4]);
  const word = m[3]!.toLowerCase();
  if (!m[2] && year === undefined && !m[1]) {
    const prev = wordBefore(ctx.text, m.index);
    if (prev !== 'in' && prev !== 'during' && prev !== 'since' && prev !== 'by' && prev !== 'until') return null;
    if (word === 'fall' || word === 'spring') return null;
  }
  // "the fall of Kabul", "the spring offensive": not a season when a noun or "of" + name follows.
  if (year === undefined && /^\s+(?:of\s+[A-Z]|offensive|collection|campaign|session|meeting|semester|term|Olympics|Games)/.test(ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 20))) return null;
  const s = SEASONS[word]!;
  const r = season(ctx.ref, s.code, s.month, tenseAt(ctx.text, m.index, m.index + m[0].length), year);
  return cand(m, 0, r, 'DATE', 'season', 0.75);
}

// ---------------------------------------------------------------------------------------
// Durations and distances: "30 years", "the last 30 years", "more than two years",
// "a five-year plan", "three days ago", "a year earlier"

const DURATION_RE = new RegExp(
  `\\b(?:(more than|less than|fewer than|nearly|almost|about|around|roughly|approximately|at least|at most|up to|just over|just under|well over)\\s+)?` +
    `(?:(?:the|these|those)\\s+)?(?:(past|last|next|previous|coming|first|final|following|latest|initial|remaining|preceding|recent)\\s+)?` +
    `(${NUMBER_SRC})[\\s-]+(?:and[\\s-]a[\\s-]half[\\s-]+)?(seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|centur(?:y|ies))` +
    `(?:[\\s-]+(long|old))?(?:\\s+(ago|earlier|before|later|after|from now|hence))?(?![\\w-])`,
  'gi',
);

const NOT_PLURAL = new Set([
  'was', 'has', 'this', 'his', 'its', 'does', 'thus', 'less', 'across', 'various', 'plus', 'perhaps', 'always', 'sometimes',
  'towards', 'takes', 'lasts', 'needs', 'requires', 'spends', 'gets', 'gives', 'process', 'whereas', 'unless', 'news', 'bus',
]);
const SET_BEFORE_RE = /(?:twice|once|times|\d%?|percent|dollars|cents|euros|pounds)\s*$/i;

function durationRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  const numRaw = m[3]!.toLowerCase();
  const unit = unitOf(m[4]!)!;
  if (m[5]?.toLowerCase() === 'old') return null; // ages are not times
  const n = numberValue(numRaw);
  const article = numRaw === 'a' || numRaw === 'an';
  if ((unit === 'second' || unit === 'quarter') && (article || numRaw === 'one') && !m[2]) return null; // "a second round", "a quarter of"
  if (unit === 'quarter' && /^\s+of\b/.test(ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 4))) return null; // "three-quarters of"
  if (unit === 'second' && n === 1 && /^\s*(?:time|round|term|half|largest|biggest|day)/i.test(ctx.text.slice(m.index + m[0].length))) return null;
  if (numRaw === 'some' || numRaw === 'many' || numRaw === 'a number of') {
    if (!/s$/i.test(m[4]!)) return null;
  }
  const signal = m[6]?.toLowerCase();
  if (signal === 'ago' || signal === 'earlier' || signal === 'before' || signal === 'from now' || signal === 'hence') {
    if (m[2]) return null; // "the past two years ago" does not occur; leave to the parts
    // "nearly four years ago": the approximate point (TIMEX3 puts the "nearly" in mod=APPROX).
    if (m[1] && signal !== 'ago') return null;
    if (n === 'X') return cand(m, 0, { value: signal === 'from now' || signal === 'hence' ? 'FUTURE_REF' : 'PAST_REF', anchored: true }, 'DATE', 'ago', 0.7);
    if (Math.floor(n) !== n) return null;
    const sign = signal === 'from now' || signal === 'hence' ? 1 : -1;
    if (sign < 0 && unit === 'year' && n === 1) {
      const q = yearAgoQuarter(ctx, m.index, m.index + m[0].length);
      if (q) return cand(m, 0, q, 'DATE', 'ago-quarter', 0.7);
    }
    return cand(m, 0, shiftedUnit(ctx.ref, ctx.refDay, unit, sign * n), 'DATE', 'ago', 0.8);
  }
  const trail = signal ? m[0].length - m[0].toLowerCase().lastIndexOf(signal) + 1 : 0;
  const prev = article && !m[2] && !m[1] ? wordBefore(ctx.text, m.index) : '';
  // "$1.76 a year", "700 seats a week": a rate, so a SET.
  if (prev && (SET_BEFORE_RE.test(ctx.text.slice(Math.max(0, m.index - 12), m.index)) || (/^[a-z]{3,}s$/.test(prev) && !NOT_PLURAL.has(prev)))) {
    return cand(m, 0, { value: duration(unit, 1), anchored: false }, 'SET', 'set-per', 0.7, trail);
  }
  const value = duration(unit, n);
  return cand(m, 0, { value, anchored: false }, 'DURATION', 'duration', 0.85, trail);
}

// "years", "within days", "recent months", "for decades"
const BARE_RE = /\b(?:(recent|past|the past few|the last few|the next few|the coming|the past|the last)\s+)?(seconds|minutes|hours|days|weeks|months|years|decades|centuries)(\s+ago)?\b/gi;
const BARE_PREV = new Set(['for', 'within', 'in', 'over', 'after', 'than', 'take', 'takes', 'took', 'taking', 'lasted', 'lasting', 'spent', 'last']);

function bareRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  const unit = unitOf(m[2]!)!;
  if (m[3]) return cand(m, 0, { value: 'PAST_REF', anchored: false }, 'DATE', 'ago', 0.6);
  // "in recent years", "in past years": an indefinite stretch of the past, a DATE with
  // value PAST_REF (TimeML Annotation Guidelines 1.2.1, TIMEX3 value PAST_REF/PRESENT_REF/
  // FUTURE_REF for indefinite references to the past, present and future; TimeBank codes
  // "recent years" PAST_REF 3 times to 2 as PXY). Counted spans ("the past few years") stay durations.
  const lead = m[1]?.toLowerCase();
  if (unit === 'year' && (lead === 'recent' || lead === 'past')) return cand(m, 0, { value: 'PAST_REF', anchored: false }, 'DATE', 'recent', 0.6);
  if (!m[1]) {
    if (!BARE_PREV.has(wordBefore(ctx.text, m.index))) return null;
    if (/^\s+(?:old|of age)\b/.test(ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 10))) return null;
  }
  return cand(m, 0, { value: duration(unit, 'X'), anchored: false }, 'DURATION', 'duration-bare', 0.6);
}

// ---------------------------------------------------------------------------------------
// Deictic words: "today", "yesterday morning", "tonight", "now", "recently", "the future"

const CASUAL_RE = new RegExp(
  `\\b(?:(today|yesterday|tomorrow)(?:\\s+(${PART}))?|(tonight|right now|now|currently|nowadays|at present|presently|recently|lately|these days|the past|the near future|the future|the near term|the short term|soon|current|the weekend))(?![\\w-])`,
  'gi',
);

function casualRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  const day = m[1]?.toLowerCase();
  if (day) {
    const part = m[2] ? PARTS_OF_DAY[m[2].toLowerCase()] : undefined;
    const r = dayOffset(ctx.refDay, day === 'yesterday' ? -1 : day === 'tomorrow' ? 1 : 0, part);
    return cand(m, 0, r, part ? 'TIME' : 'DATE', 'deictic', 0.9);
  }
  const w = m[3]!.toLowerCase();
  if (w === 'tonight') return cand(m, 0, dayOffset(ctx.refDay, 0, 'NI'), 'TIME', 'deictic', 0.9);
  if (w === 'soon') {
    if (/\bas\s+$/i.test(ctx.text.slice(Math.max(0, m.index - 4), m.index))) return null;
    return cand(m, 0, { value: 'FUTURE_REF', anchored: false }, 'DATE', 'deictic', 0.6);
  }
  if (w === 'current' && /\bthen[\s-]+$/i.test(ctx.text.slice(Math.max(0, m.index - 6), m.index))) {
    // "the then current price": current at a past time.
    return { ...cand(m, 0, { value: 'PAST_REF', anchored: false }, 'DATE', 'deictic-adj', 0.6), start: m.index - (/then[\s-]+$/i.exec(ctx.text.slice(Math.max(0, m.index - 6), m.index))![0].length) };
  }
  if (w === 'current') {
    // "the current talks" (TimeBank tags it); not "current account". "recent"/"future" cost more than they give.
    const after = ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 24);
    if (!/^\s+[a-z]/.test(after) || /^\s+(?:accounts?|affairs|events|assets|liabilities|dollars|prices|rates?|yields?|issues?|models?)\b/.test(after)) return null;
    return cand(m, 0, { value: 'PRESENT_REF', anchored: false }, 'DATE', 'deictic-adj', 0.6);
  }
  if (w === 'the weekend') {
    const t = tenseAt(ctx.text, m.index, m.index + m[0].length);
    const wd = ctx.refDay === null ? 1 : ((((ctx.refDay + 3) % 7) + 7) % 7) + 1;
    return cand(m, 0, weekend(ctx.refDay, t === 'past' && wd <= 5 ? -1 : 0), 'DATE', 'weekend', 0.7);
  }
  if (w.endsWith('term')) return cand(m, 0, { value: 'FUTURE_REF', anchored: false }, 'DATE', 'deictic', 0.6);
  if (w.endsWith('future')) return cand(m, 0, { value: 'FUTURE_REF', anchored: false }, 'DATE', 'deictic', 0.8);
  if (w === 'the past' || w === 'recently' || w === 'lately') {
    return cand(m, 0, { value: 'PAST_REF', anchored: false }, 'DATE', 'deictic', 0.8);
  }
  if (w === 'presently' && !/^\s+(?:is|are|has|have|being)/.test(ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 8))) return null;
  return cand(m, 0, { value: 'PRESENT_REF', anchored: false }, 'DATE', 'deictic', 0.85);
}

// ---------------------------------------------------------------------------------------
// Sets: "every week", "each Monday", "daily", "twice a year", "per month"

const SET_RE = new RegExp(
  `\\b(?:(every|each|per)\\s+(?:other\\s+)?(day|week|month|year|quarter|${PART}|${WEEKDAY})|(daily|weekly|monthly|annually|yearly|quarterly|nightly|hourly))\\b`,
  'gi',
);
const SET_VALUES: Readonly<Record<string, string>> = {
  day: 'P1D', week: 'P1W', month: 'P1M', year: 'P1Y', quarter: 'P3M', daily: 'P1D', weekly: 'P1W', monthly: 'P1M',
  annually: 'P1Y', yearly: 'P1Y', quarterly: 'P3M', nightly: 'P1D', hourly: 'PT1H',
};

function setRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  const adverb = m[3];
  if (adverb) {
    // "the Daily Telegraph", "Weekly Standard": a capitalised adverb inside a sentence is a name.
    if (isUpper(adverb) && m.index > 0 && !/[.!?"“\n]\s*$/.test(ctx.text.slice(Math.max(0, m.index - 3), m.index))) return null;
    // "quarterly dividend", "annual report": a frequency adjective on a noun is not a timex in TimeML.
    if (/^quarterly$/i.test(adverb) && /^\s+[a-z]/.test(ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 3))) return null;
    return cand(m, 0, { value: SET_VALUES[adverb.toLowerCase()]!, anchored: false }, 'SET', 'set', 0.7);
  }
  const w = m[2]!;
  const wd = WEEKDAYS[w.toLowerCase()];
  if (wd !== undefined) return isUpper(w) ? cand(m, 0, { value: `XXXX-WXX-${wd}`, anchored: false }, 'SET', 'set', 0.8) : null;
  const part = PARTS_OF_DAY[w.toLowerCase()];
  const value = part ? `XXXX-XX-XXT${part}` : SET_VALUES[w.toLowerCase()]!;
  return cand(m, 0, { value, anchored: false }, 'SET', 'set', 0.8);
}

// ---------------------------------------------------------------------------------------
// Fixed-date holidays

const HOLIDAY_RE = /\b(Christmas Eve|Christmas Day|Christmas|New Year['’]s Eve|New Year['’]s Day|Valentine['’]s Day|Halloween)\b/g;
const HOLIDAYS: Readonly<Record<string, string>> = {
  'christmas eve': '12-24', 'christmas day': '12-25', christmas: '12-25', "new year's eve": '12-31', "new year's day": '01-01',
  "valentine's day": '02-14', halloween: '10-31',
};

function holidayRule(m: RegExpExecArray, ctx: RuleContext): Candidate | null {
  const md = HOLIDAYS[m[1]!.toLowerCase().replace('’', "'")]!;
  const month = Number(md.slice(0, 2));
  if (/^\s+(?:tree|card|present|gift|market|shopping|party|truce)/i.test(ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 12))) return null;
  const r = monthName(ctx.ref, month, cueTense(ctx.text, m.index, m.index + m[0].length) ?? 'closest');
  return cand(m, 0, { value: `${r.value}-${md.slice(3)}`, anchored: r.anchored }, 'DATE', 'holiday', 0.7);
}

// ---------------------------------------------------------------------------------------
// Scanning. Each rule names keywords one of which occurs inside every match of its regex (in a
// run of letters, case-insensitive; DIGIT: a digit), and the characters no match can contain
// (its barriers). One cheap pass finds the keyword words and the barriers; a rule's regex then
// runs only over the clauses holding one of its keywords, on the text cut just past the
// clause's barrier. The regex finds exactly the matches a scan of the whole text finds: a match
// holds a keyword at or after its start and crosses no barrier, so it starts in a clause the
// pass marked, and the few characters kept past the barrier cover every lookahead there.

const DIGIT = '0';
/** Barriers: 2 = `";:!?()[]“”`; 1 = those and '.' not before a digit; 0 = those, '.' and ',' not before a digit. */
type BarrierLevel = 0 | 1 | 2;

interface ScanRule extends Rule {
  readonly keys: readonly string[];
  readonly barrier: BarrierLevel;
}

const WEEK_PARTS = ['week', 'month', 'year', 'quarter', 'morning', 'afternoon', 'evening', 'night'];
const UNIT_KEYS = ['second', 'minute', 'hour', 'day', 'week', 'fortnight', 'month', 'quarter', 'year', 'decade', 'centur'];
const MONTH_KEYS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const SEASON_KEYS = ['spring', 'summer', 'fall', 'autumn', 'winter'];

/** Rules in priority order: on equal spans, the earlier rule wins. */
const SCAN_RULES: readonly ScanRule[] = [
  { name: 'rel', re: REL_RE, apply: relRule, barrier: 0, keys: [...WEEK_PARTS, 'decade', 'century', ...SEASON_KEYS, ...MONTH_KEYS, 'day'] },
  { name: 'quarter', re: QUARTER_RE, apply: quarterRule, barrier: 1, keys: ['quarter', 'q'] },
  { name: 'half', re: HALF_RE, apply: halfRule, barrier: 0, keys: ['half'] },
  { name: 'duration', re: DURATION_RE, apply: durationRule, barrier: 0, keys: UNIT_KEYS },
  {
    name: 'casual', re: CASUAL_RE, apply: casualRule, barrier: 0,
    keys: ['day', 'tomorrow', 'night', 'now', 'current', 'present', 'recent', 'late', 'past', 'future', 'term', 'soon', 'week'],
  },
  { name: 'weekday', re: WEEKDAY_RE, apply: weekdayRule, barrier: 0, keys: ['day'] },
  { name: 'month', re: MONTH_RE, apply: monthRule, barrier: 2, keys: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'decade', re: DECADE_RE, apply: decadeRule, barrier: 0, keys: [DIGIT] },
  { name: 'century', re: CENTURY_RE, apply: centuryRule, barrier: 0, keys: [DIGIT] },
  { name: 'year', re: YEAR_RE, apply: yearRule, barrier: 0, keys: [DIGIT] },
  { name: 'season', re: SEASON_RE, apply: seasonRule, barrier: 1, keys: SEASON_KEYS },
  { name: 'set', re: SET_RE, apply: setRule, barrier: 0, keys: [...WEEK_PARTS, 'day', 'daily', 'annually', 'hourly'] },
  { name: 'bare', re: BARE_RE, apply: bareRule, barrier: 0, keys: UNIT_KEYS },
  { name: 'holiday', re: HOLIDAY_RE, apply: holidayRule, barrier: 0, keys: ['christmas', 'year', 'valentine', 'halloween'] },
];

/** Rules in priority order: on equal spans, the earlier rule wins. */
export const RULES: readonly Rule[] = SCAN_RULES;

const LETTER_KEYS = [...new Set(SCAN_RULES.flatMap((r) => r.keys).filter((k) => k !== DIGIT))].sort((a, b) => b.length - a.length);
/** Regex source matching any of `words`, as a trie: one branch per first letter. */
function trieSource(words: readonly string[]): string {
  const heads = new Map<string, string[]>();
  for (const w of words) {
    const rest = heads.get(w[0]!) ?? [];
    rest.push(w.slice(1));
    heads.set(w[0]!, rest);
  }
  const alts = [...heads].map(([h, rest]) => {
    const nonEmpty = rest.filter((r) => r !== '');
    if (nonEmpty.length < rest.length) return h; // the head alone is a key: it matches first
    return nonEmpty.length === 1 ? h + nonEmpty[0]! : `${h}(?:${trieSource(nonEmpty)})`;
  });
  return alts.join('|');
}
const KEY_RE = new RegExp(`${trieSource(LETTER_KEYS)}|\\d`, 'gi');
const DIGIT_MASK = SCAN_RULES.reduce((acc, r, i) => (r.keys.includes(DIGIT) ? acc | (1 << i) : acc), 0);
const wordMasks = new Map<string, number>();

/** The rules with a keyword in this (lowercased) run of letters. */
function wordMask(word: string): number {
  let mask = wordMasks.get(word);
  if (mask !== undefined) return mask;
  mask = 0;
  for (let i = 0; i < SCAN_RULES.length; i++) {
    for (const k of SCAN_RULES[i]!.keys) {
      // 'q' only as "Q1": a word of its own.
      if (k !== DIGIT && (k === 'q' ? word === 'q' : word.includes(k))) {
        mask |= 1 << i;
        break;
      }
    }
  }
  if (wordMasks.size > 50_000) wordMasks.clear();
  wordMasks.set(word, mask);
  return mask;
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Where runs of letters holding a keyword (or runs of digits) start, with the rules they serve. */
function keywordHits(text: string, pos: number[], masks: number[]): void {
  KEY_RE.lastIndex = 0;
  while (KEY_RE.test(text)) {
    // The key's last character: a letter of the run holding it, or a digit.
    let a = KEY_RE.lastIndex - 1;
    let b = a + 1;
    const c0 = text.charCodeAt(a);
    if (isDigit(c0)) {
      while (a > 0 && isDigit(text.charCodeAt(a - 1))) a--;
      while (b < text.length && isDigit(text.charCodeAt(b))) b++;
      pos.push(a);
      masks.push(DIGIT_MASK);
    } else {
      while (a > 0 && isLetter(text.charCodeAt(a - 1))) a--;
      while (b < text.length && isLetter(text.charCodeAt(b))) b++;
      const mask = wordMask(text.slice(a, b).toLowerCase());
      if (mask) {
        pos.push(a);
        masks.push(mask);
      }
    }
    KEY_RE.lastIndex = b;
  }
}

/** Barrier characters: each is one of level 0; '.' is none of level 2, ',' none of levels 1 and 2. */
const BARRIER_RE = /[";:!?()[\]\u201c\u201d]|[.,](?!\d)/g;

/** Barrier positions by level. */
function barriers(text: string, out: [number[], number[], number[]]): void {
  BARRIER_RE.lastIndex = 0;
  while (BARRIER_RE.test(text)) {
    const i = BARRIER_RE.lastIndex - 1;
    const c = text.charCodeAt(i);
    out[0].push(i);
    if (c === 44) continue;
    out[1].push(i);
    if (c !== 46) out[2].push(i);
  }
}

/** Characters kept past a clause's barrier: more than any lookahead reads beyond it. */
const LOOK = 16;

let scanned: { text: string; pos: number[]; masks: number[] } | null = null;

/** keywordHits for `text`, kept for the last text (chrono.ts reads them too). */
function scan(text: string): { pos: number[]; masks: number[] } {
  if (scanned?.text !== text) {
    const pos: number[] = [];
    const masks: number[] = [];
    keywordHits(text, pos, masks);
    scanned = { text, pos, masks };
  }
  return scanned;
}

const MONTH_BIT = 1 << SCAN_RULES.findIndex((r) => r.name === 'month');

/**
 * Where runs of letters holding a month abbreviation ('jan' .. 'dec', any case) start, in
 * order: every run of letters that starts with a month name is among them.
 */
export function monthWordStarts(text: string): number[] {
  const { pos, masks } = scan(text);
  const out: number[] = [];
  for (let h = 0; h < pos.length; h++) if (masks[h]! & MONTH_BIT) out.push(pos[h]!);
  return out;
}

/** Where runs of digits start, in order. */
export function digitRunStarts(text: string): number[] {
  const { pos, masks } = scan(text);
  const out: number[] = [];
  for (let h = 0; h < pos.length; h++) if (masks[h] === DIGIT_MASK && isDigit(text.charCodeAt(pos[h]!))) out.push(pos[h]!);
  return out;
}

/** Runs every rule over the text; candidates may overlap. */
export function ruleCandidates(ctx: RuleContext, out: Candidate[]): void {
  const text = ctx.text;
  const { pos, masks } = scan(text);
  const bars: [number[], number[], number[]] = [[], [], []];
  barriers(text, bars);
  for (let i = 0; i < SCAN_RULES.length; i++) {
    const rule = SCAN_RULES[i]!;
    const bit = 1 << i;
    const bs = bars[rule.barrier];
    const re = rule.re;
    let s = 0; // where the whole-text scan would resume
    let bi = 0; // first barrier at or after the current keyword
    let cut = -1; // end of the clause the regex last ran in
    let sub = text;
    for (let h = 0; h < pos.length; h++) {
      if (!(masks[h]! & bit)) continue;
      const p = pos[h]!;
      if (p < s) continue;
      while (bi < bs.length && bs[bi]! < p) bi++;
      const ce = bi < bs.length ? bs[bi]! : text.length;
      const cs = bi > 0 ? bs[bi - 1]! + 1 : 0;
      if (ce !== cut) {
        cut = ce;
        sub = ce + LOOK >= text.length ? text : text.slice(0, ce + LOOK);
      }
      re.lastIndex = Math.max(s, cs);
      for (let m = re.exec(sub); m && m.index < ce; m = re.exec(sub)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        s = re.lastIndex;
        const c = rule.apply(m, ctx);
        if (c && c.end > c.start) out.push(c);
      }
    }
  }
}
