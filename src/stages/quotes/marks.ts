/**
 * Direct quotations by their marks: straight and curly double quotes, „low-high“, guillemets,
 * single quotes (headlines, British style), and em-dash dialogue. One linear pass over the text.
 *
 * Real news copy has broken marks, so the pairing is forgiving (the seed article has all of these):
 *  - `… security. “The expansion …,” he said.` — an opening mark after a sentence end inside an open
 *    quote is a stray re-opening, not a new quote: the quote runs on to the closing mark.
 *  - `… vision, “he added.` — an opening-shaped mark after a comma inside an open quote closes it.
 *  - `… give way. “` — an opening-shaped mark at the end of a paragraph closes the quote.
 *  - A paragraph that ends inside a quote continues into the next paragraph only when that one opens
 *    with a mark again (the newspaper convention); otherwise the quote is closed at the paragraph end.
 */

export interface DirectSpan {
  /** From the opening mark to the closing mark inclusive (or the paragraph end when unclosed). */
  readonly start: number;
  readonly end: number;
  /** Inside the marks, trimmed. */
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly style: 'double' | 'single' | 'guillemet' | 'dash';
  /** How the quote closed: 'closed', 'stray-reopen' (closed, with a stray mark inside), 'unclosed', 'multi-paragraph'. */
  readonly rule: string;
}

const SPACE = /\s/;
const LETTER = /\p{L}/u;

/** Non-empty lines: a line is a paragraph in normalised text. */
export function paragraphs(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let ls = 0; ls < text.length; ) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    let s = ls;
    let e = le;
    while (s < e && SPACE.test(text[s]!)) s++;
    while (e > s && SPACE.test(text[e - 1]!)) e--;
    if (e > s) out.push({ start: s, end: e });
    ls = le + 1;
  }
  return out;
}

const isSpaceAt = (text: string, i: number, lo: number, hi: number): boolean => i < lo || i >= hi || SPACE.test(text[i]!);

function trimSpan(text: string, s: number, e: number): [number, number] {
  while (s < e && SPACE.test(text[s]!)) s++;
  while (e > s && SPACE.test(text[e - 1]!)) e--;
  return [s, e];
}

const MARK = /["“”„«»‹›‘’']/g;
/** Offset of the first quotation mark at or after `from`; text.length when none. */
function nextMark(text: string, from: number): number {
  MARK.lastIndex = from;
  // test() builds no match object; a mark is one character, so it starts just before lastIndex.
  return MARK.test(text) ? MARK.lastIndex - 1 : text.length;
}

interface Open {
  start: number;
  char: string;
  paraEnd: number;
  stray: boolean;
  multi: boolean;
}

/**
 * Every direct quotation in the text, in order; `paras` are the text's paragraphs() when the caller has them.
 * @example findDirect('“We will not yield,” said Olvar Kresk.') // [{ start: 0, end: 20, contentStart: 1, contentEnd: 19, ... }]
 */
export function findDirect(text: string, paras: readonly { start: number; end: number }[] = paragraphs(text)): DirectSpan[] {
  const out: DirectSpan[] = [];
  let open: Open | undefined;
  // The marks are found by a regular expression, which skips the text between them far faster
  // than a loop over its characters; `mark` is the next one at or after the paragraph start.
  let mark = -1;
  // A paragraph whose opening mark re-opens the quotation of the paragraph before starts after it.
  let reopened = false;
  const close = (end: number, closeMarkLen: number, rule: string): void => {
    if (!open) return;
    const [cs, ce] = trimSpan(text, open.start + 1, end - closeMarkLen);
    const style = open.char === '«' || open.char === '‹' ? 'guillemet' : 'double';
    if (ce > cs) out.push({ start: open.start, end, contentStart: cs, contentEnd: ce, style, rule: open.multi ? 'multi-paragraph' : open.stray ? 'stray-reopen' : rule });
    open = undefined;
  };
  for (let p = 0; p < paras.length; p++) {
    const pe = paras[p]!.end;
    const ps = reopened ? paras[p]!.start + 1 : paras[p]!.start;
    reopened = false;
    if (open) open.paraEnd = pe;
    // Em-dash dialogue: the paragraph opens with a dash; the words run to the next spaced dash.
    if (!open && /^[—―]\s/.test(text.slice(ps, ps + 2))) {
      const rest = text.slice(ps + 2, pe);
      const m = /\s[—―–]\s/.exec(rest);
      const qe = m ? ps + 2 + m.index : pe;
      const [cs, ce] = trimSpan(text, ps + 1, qe);
      if (ce > cs) out.push({ start: ps, end: ce, contentStart: cs, contentEnd: ce, style: 'dash', rule: 'em-dash' });
      continue;
    }
    let single: { start: number; char: string } | undefined;
    if (mark < ps) mark = nextMark(text, ps);
    for (; mark < pe; mark = nextMark(text, mark + 1)) {
      const i = mark;
      const c = text[i]!;
      const spaceBefore = isSpaceAt(text, i - 1, ps, pe) || '([—–-'.includes(text[i - 1] ?? ' ');
      const spaceAfter = isSpaceAt(text, i + 1, ps, pe);
      const looksOpen = spaceBefore && !spaceAfter;
      if (c === '‘' || c === '’' || c === "'") {
        if (open) continue; // nested single quotes inside a double quote stay part of it
        if (!single) {
          if ((c === '‘' || c === "'") && looksOpen) single = { start: i, char: c };
        } else {
          const after = text[i + 1] ?? ' ';
          const closes = !spaceBefore && !LETTER.test(after) && (c === '’' || c === "'");
          if (closes) {
            const [cs, ce] = trimSpan(text, single.start + 1, i);
            if (ce > cs) out.push({ start: single.start, end: i + 1, contentStart: cs, contentEnd: ce, style: 'single', rule: 'closed' });
            single = undefined;
          }
        }
        continue;
      }
      if (!open) {
        if (c === '”' || c === '»' || c === '›') continue; // a stray closing mark
        if (c === '"' && !looksOpen && !(i === ps && !spaceAfter)) continue;
        if (spaceAfter && i + 1 < pe) continue; // a lone mark between spaces
        open = { start: i, char: c, paraEnd: pe, stray: false, multi: false };
        single = undefined;
        continue;
      }
      const guillemet = open.char === '«' || open.char === '‹';
      if (guillemet) {
        if (c === '»' || c === '›') close(i + 1, 1, 'closed');
        continue;
      }
      if (c === '”' || (open.char === '„' && c === '“')) {
        close(i + 1, 1, 'closed');
        continue;
      }
      // An opening-shaped mark (“ or ") while a quote is open.
      const restBlank = text.slice(i + 1, pe).trim() === '';
      const prev = text.slice(Math.max(ps, i - 2), i);
      if (restBlank || !spaceBefore || !looksOpen) close(i + 1, 1, 'closed');
      else if (/[.?!…]\s$/.test(prev)) open.stray = true;
      else if (/,\s$/.test(prev)) close(i + 1, 1, 'misdirected-close');
      else if (c === '"') close(i + 1, 1, 'closed');
    }
    if (open) {
      // Still open at the paragraph end: continue only into a paragraph that opens with a mark.
      const next = paras[p + 1];
      const nc = next ? text[next.start] : undefined;
      if (next && (nc === '“' || nc === '"' || nc === '«' || nc === '„') && nc === open.char) {
        open.multi = true;
        // Skip the next paragraph's opening mark: it re-opens the same quotation.
        reopened = true;
      } else {
        close(pe, 0, 'unclosed');
      }
    }
  }
  if (open) close(open.paraEnd, 0, 'unclosed');
  return out;
}
