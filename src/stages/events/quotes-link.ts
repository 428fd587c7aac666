/**
 * Quotes and events: an event whose trigger is a quote's cue or frame ("condemned", "accused") is
 * linked to the quote; a quote whose cue is a trigger but yielded no event yields one.
 */
import type { Span } from '../../doc/types.ts';
import type { DocCtx } from './context.ts';
import type { EventActor, RawEvent } from './events.ts';
import { withChanges } from './merge.ts';
import { lexicon, type TriggerEntry } from './triggers.ts';
import { firstWordFrom } from './words.ts';

/** The quote shape the quotes stage is writing; read defensively, since that layer is typed `unknown`. */
export interface QuoteLike extends Span {
  readonly content?: Span;
  readonly speaker?: { readonly name?: string; readonly entity?: string };
  readonly cue?: { readonly lemma?: string; readonly stance?: string; readonly start?: number; readonly end?: number };
}

let verbByLemma: Map<string, TriggerEntry> | undefined;

/** The first single-word verb entry of the lexicon for each trigger lemma. */
function verbEntry(lemma: string): TriggerEntry | undefined {
  if (!verbByLemma) {
    verbByLemma = new Map();
    for (const e of lexicon().entries) if (e.pos === 'verb' && e.words.length === 1 && !verbByLemma.has(e.trigger)) verbByLemma.set(e.trigger, e);
  }
  return verbByLemma.get(lemma);
}

/** Inside the quote's span but not inside its content: the frame ("…, Lavrov said"). */
function inFrame(q: QuoteLike, s: Span): boolean {
  return s.start >= q.start && s.end <= q.end && !(q.content && s.start >= q.content.start && s.end <= q.content.end);
}

/** A quote whose cue is a trigger (condemned, demanded, accused) yields that event, linked to the quote. */
export function linkQuotes(ctx: DocCtx, quotes: readonly QuoteLike[], raw: RawEvent[]): void {
  for (let qi = 0; qi < quotes.length; qi++) {
    const q = quotes[qi]!;
    const lemma = q.cue?.lemma?.toLowerCase();
    if (!lemma || typeof q.start !== 'number') continue;
    const entry = verbEntry(lemma);
    // Indirect and mixed quotes span only the reported clause: their cue lies outside it.
    const cueAt = typeof q.cue?.start === 'number' && typeof q.cue.end === 'number' ? { start: q.cue.start, end: q.cue.end } : undefined;
    let existing = -1;
    for (let r = 0; r < raw.length && existing < 0; r++) {
      const t = raw[r]!.trigger;
      if ((cueAt !== undefined && t.start === cueAt.start && t.end === cueAt.end) || inFrame(q, t)) existing = r;
    }
    if (existing >= 0) {
      // What was said is evidence of the act too: "complained that there was “no commitment …”".
      const ev = raw[existing]!;
      const c = q.content ?? q;
      const covered = ev.evidence.some((v) => v.start <= c.start && c.end <= v.end);
      raw[existing] = withChanges(ev, covered ? { quote: qi } : { quote: qi, evidence: [...ev.evidence, { start: c.start, end: c.end, text: ctx.text.slice(c.start, c.end) }] });
      continue;
    }
    if (!entry || entry.type === null) continue;
    const type = entry.type;
    const forms = entry.words[0]!;
    const words = ctx.words;
    let cue: (typeof words)[number] | undefined;
    if (cueAt) {
      const w = words[firstWordFrom(words, cueAt.start)];
      if (w && w.start === cueAt.start && forms.has(w.lower)) cue = w;
    }
    for (let k = firstWordFrom(words, q.start); !cue && k < words.length && words[k]!.start < q.end; k++) {
      const w = words[k]!;
      if (inFrame(q, w) && forms.has(w.lower)) cue = w;
    }
    if (!cue) continue;
    const from = Math.min(q.start, cue.start);
    const to = Math.max(q.end, cue.end);
    const source: EventActor | undefined = q.speaker?.name ? { name: q.speaker.name, ...(q.speaker.entity ? { entity: q.speaker.entity } : {}) } : undefined;
    raw.push({
      type,
      ...(entry.mode ? { mode: entry.mode } : {}),
      ...(source ? { source } : {}),
      negated: false,
      evidence: [{ start: from, end: to, text: ctx.text.slice(from, to) }],
      trigger: { start: cue.start, end: cue.end, text: cue.text, lemma: entry.trigger },
      quote: qi,
      rule: `triggers.tsv#L${entry.line} quote-cue`,
      confidence: 0.7,
      sentence: -1,
      keys: source ? [source.entity ?? source.name.toLowerCase()] : [],
      anaphoric: false,
    });
  }
}
