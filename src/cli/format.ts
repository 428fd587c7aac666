import type { ErrorOutput, Output } from '../schema/output.ts';

export const FORMATS = ['brief', 'json', 'jsonl', 'md'] as const;
export type Format = (typeof FORMATS)[number];

// Article text is untrusted: escape sequences in it must never reach the terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const safe = (s: string): string => s.replace(CONTROL, '');
const oneLine = (s: string, max = 90): string => {
  const t = safe(s).replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** A readable terminal summary of one record. */
export function brief(o: Output): string {
  const lines: string[] = [];
  const p = o.published;
  lines.push(`${o.title ? oneLine(o.title, 100) : '(no title)'}`);
  lines.push(`  id         ${oneLine(o.id)}`);
  lines.push(`  published  ${p.value ?? 'unknown'}  (${p.source}, confidence ${p.confidence.toFixed(2)}${p.raw ? `, from "${oneLine(p.raw, 60)}"` : ''})`);
  lines.push(`  dateline   ${o.dateline ? oneLine(o.dateline.text) + (o.dateline.agency ? ` (${oneLine(o.dateline.agency)})` : '') : '—'}`);
  lines.push(`  byline     ${o.byline ? oneLine(o.byline) : '—'}`);
  if (o.url) lines.push(`  url        ${oneLine(o.url, 120)}`);
  const paras = o.text.split(/\n\s*\n/).filter((x) => x.trim()).length;
  lines.push(`  body       ${paras} paragraphs, ${o.sentences.length} sentences, ${words(o.text)} words`);
  if (o.boilerplate.length) lines.push(`  removed    ${o.boilerplate.map((b) => `"${oneLine(b, 40)}"`).join(', ')}`);
  if (o.captions.length) lines.push(`  captions   ${o.captions.map((b) => `"${oneLine(b, 50)}"`).join(', ')}`);
  if (o.times.length) {
    lines.push('', `Times (${o.times.length})`);
    for (const t of o.times) lines.push(`  ${oneLine(t.text, 32).padEnd(32)}  ${t.value.padEnd(12)} ${t.type}`);
  }
  const people = o.entities.filter((e) => e.type === 'person');
  if (people.length) {
    lines.push('', `People (${people.length})`);
    for (const e of people) {
      const r = e.roles[0];
      const role = r ? [r.former ? 'former' : '', r.title, r.org ? `of ${r.org}` : '', r.country ?? ''].filter(Boolean).join(' ') : '';
      lines.push(`  ${oneLine(e.name, 32).padEnd(32)}  ${oneLine(role, 70)}`);
    }
  }
  const actors = o.entities.filter((e) => e.type !== 'person' && e.type !== 'city' && e.type !== 'region');
  if (actors.length) lines.push('', `Actors (${actors.length})`, `  ${oneLine(actors.map((e) => `${e.name} [${e.type}]`).join(', '), 400)}`);
  if (o.places.length) {
    const seen = new Map<string, string>();
    for (const p of o.places) if (!p.metonym) seen.set(p.name, `${p.name} (${p.country ?? '—'})`);
    lines.push('', `Places (${seen.size})`, `  ${oneLine([...seen.values()].join(', '), 400)}`);
  }
  if (o.quotes.length) {
    lines.push('', `Quotes (${o.quotes.length})`);
    for (const q of o.quotes) {
      const cue = q.cue ? ` ${q.cue.lemma}` : '';
      const to = q.outlet ? ` → ${oneLine(q.outlet.name, 20)}` : '';
      lines.push(`  ${oneLine(q.speaker.name, 26).padEnd(26)} ${q.kind.padEnd(8)}${cue}${to}: ${oneLine(o.text.slice(q.content.start, q.content.end), 60)}`);
    }
  }
  if (o.events.length) {
    lines.push('', `Events (${o.events.length})`);
    for (const e of o.events) {
      const who = [e.source?.name, e.target?.name].filter(Boolean).map((n) => oneLine(n!, 24)).join(' → ');
      const flags = [e.negated ? 'not' : '', e.modality ?? ''].filter(Boolean).join(',');
      lines.push(`  ${e.type.padEnd(9)} ${who.padEnd(44)} ${(e.date?.value ?? '').padEnd(10)} ${e.place ? oneLine(e.place.name, 16) : ''}${flags ? ` (${flags})` : ''}`);
    }
  }
  if (o.warnings.length) {
    lines.push('', 'Warnings');
    for (const w of o.warnings) lines.push(`  ${w.code}  ${oneLine(w.message, 200)}`);
  }
  return lines.join('\n');
}

/** A Markdown report of one record. */
export function markdown(o: Output): string {
  const esc = (s: string): string => safe(s).replace(/([\\`*_[\]<>|])/g, '\\$1');
  const p = o.published;
  const out: string[] = [];
  out.push(`# ${o.title ? esc(oneLine(o.title, 200)) : esc(o.id)}`, '');
  out.push(`| field | value |`, `|---|---|`);
  out.push(`| id | ${esc(o.id)} |`);
  out.push(`| published | ${p.value ?? 'unknown'} (${p.source}, confidence ${p.confidence.toFixed(2)}) |`);
  out.push(`| dateline | ${o.dateline ? esc(o.dateline.text) : '—'} |`);
  out.push(`| byline | ${o.byline ? esc(o.byline) : '—'} |`);
  if (o.url) out.push(`| url | ${esc(o.url)} |`);
  out.push('');
  if (o.times.length) {
    out.push('## Times', '', '| expression | value | type |', '|---|---|---|');
    for (const t of o.times) out.push(`| ${esc(oneLine(t.text, 60))} | ${t.value} | ${t.type} |`);
    out.push('');
  }
  if (o.captions.length) out.push('## Captions', '', ...o.captions.map((c) => `- ${esc(oneLine(c, 200))}`), '');
  if (o.warnings.length) out.push('## Warnings', '', ...o.warnings.map((w) => `- **${w.code}** ${esc(w.message)}`), '');
  out.push('## Text', '', ...o.text.split(/\n\s*\n/).map((para) => `${esc(para.trim())}\n`));
  return out.join('\n');
}

export function errorBrief(e: ErrorOutput): string {
  return `${e.id ? `${oneLine(e.id)}: ` : ''}${e.line !== undefined ? `line ${e.line}: ` : ''}${safe(e.error.message)}`;
}
