import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKb } from '../kb/kb.ts';
import { analyze } from '../pipeline/analyze.ts';
import type { Output } from '../schema/output.ts';
import type { EvalTask } from './task.ts';

export interface SeedGold {
  document: { dateline: string; page_date: string; boilerplate_not_in_body: string[]; captions_not_in_body: string[] };
  dates_if_published_2022_01_14: { expression: string; value: string }[];
  people: { name: string; role: string; affiliation: string }[];
  organizations: string[];
  metonyms: { mention: string; refers_to: string }[];
  places: { mention: string; country: string }[];
  quotes: { speaker: string; kind: string; contains: string; outlet?: string }[];
  events: { type: string; source?: string; actors?: string[]; evidence: string; date_if_published_2022_01_14?: string }[];
  memberships_on_2022_01_12: { state: string; in: string[]; not_in?: string[] }[];
}

const here = dirname(fileURLToPath(import.meta.url));

/** Where the seed fixture lives: ../shared/fixtures/seed beside the repository. */
export const SEED_DIR = resolve(here, '..', '..', '..', 'shared', 'fixtures', 'seed');

/** Normalises curly apostrophes and quotes, and case, so gold substrings match the text. */
const norm = (s: string): string => s.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').toLowerCase();

/**
 * The seed article scored against its hand-made gold, layer by layer: dates, dateline, page
 * chrome, people with role and affiliation, organisations, metonyms, places, quotes, events and
 * memberships. Each metric is the share of gold items found right.
 */
export const seedTask: EvalTask = {
  name: 'seed',
  dataset: SEED_DIR,
  description: 'seed article vs its hand-made gold (expected.json), every layer',
  run(dir) {
    const gold = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as SeedGold;
    const body = readFileSync(join(dir, 'article.txt'), 'utf8');
    const out = analyze({ id: 'seed', kind: 'text', body, published: '2022-01-14' });
    const bare = analyze({ id: 'seed', kind: 'text', body });
    const chrome = [...gold.document.boilerplate_not_in_body, ...gold.document.captions_not_in_body];
    return Promise.resolve({
      dates_acc: share(gold.dates_if_published_2022_01_14, (g) => out.times.some((t) => (norm(t.text).includes(norm(g.expression)) || norm(g.expression).includes(norm(t.text))) && t.value === g.value)),
      dateline_ok: out.dateline?.text === gold.document.dateline ? 1 : 0,
      chrome_out_of_body: 1 - chrome.filter((c) => out.text.includes(c)).length / chrome.length,
      page_date_low_conf: bare.published.value === gold.document.page_date && bare.published.source === 'page-header' && bare.published.confidence < 0.5 ? 1 : 0,
      people_acc: share(gold.people, (g) => personOk(out, g)),
      orgs_acc: share(gold.organizations, (g) => orgFound(out, g)),
      metonyms_acc: share(gold.metonyms, (g) => metonymOk(out, g)),
      places_acc: share(gold.places, (g) => out.places.some((p) => p.text === g.mention && p.country === g.country)),
      quotes_acc: share(gold.quotes, (g) => quoteOk(out, g)),
      events_acc: share(gold.events, (g) => eventOk(out, g)),
      event_dates_acc: share(
        gold.events.filter((g) => g.date_if_published_2022_01_14),
        (g) => eventOk(out, g, g.date_if_published_2022_01_14),
      ),
      memberships_acc: share(gold.memberships_on_2022_01_12, membershipOk),
    });
  },
};

function share<T>(items: readonly T[], ok: (item: T) => boolean): number {
  return items.length ? items.filter(ok).length / items.length : 1;
}

function stateId(name: string): string | undefined {
  return loadKb().state(name)?.id;
}

function orgId(name: string): string | undefined {
  return loadKb().org(name)?.id;
}

function personOk(out: Output, g: SeedGold['people'][number]): boolean {
  const e = out.entities.find((x) => x.type === 'person' && x.name === g.name);
  const r = e?.roles[0];
  if (!r) return false;
  const roleOk = g.role.toLowerCase().endsWith(r.title.toLowerCase());
  const affOk = (r.org !== undefined && (r.org === g.affiliation || (orgId(g.affiliation) !== undefined && orgId(g.affiliation) === orgId(r.org)))) || (r.country !== undefined && stateId(g.affiliation) === r.country);
  return roleOk && affOk;
}

function orgFound(out: Output, name: string): boolean {
  const id = orgId(name);
  return out.entities.some((e) => (id !== undefined && e.kbId === id) || e.name === name || e.mentions.some((m) => m.text === name || m.text === `the ${name}`));
}

function metonymOk(out: Output, g: SeedGold['metonyms'][number]): boolean {
  const want = stateId(g.refers_to);
  return out.entities.some((e) => e.kbId === want && e.mentions.some((m) => m.text === g.mention || m.text === g.mention.replace(/^the /, '')));
}

function quoteOk(out: Output, g: SeedGold['quotes'][number]): boolean {
  const last = g.speaker.split(' ').pop()!.toLowerCase();
  return out.quotes.some(
    (q) => norm(out.text.slice(q.content.start, q.content.end)).includes(norm(g.contains)) && q.kind === g.kind && q.speaker.name.toLowerCase().includes(last) && (!g.outlet || q.outlet?.name.includes(g.outlet) === true),
  );
}

function eventOk(out: Output, g: SeedGold['events'][number], date?: string): boolean {
  const at = out.text.indexOf(g.evidence);
  if (at < 0) return false;
  const want = g.source ?? g.actors?.[0] ?? '';
  const ids = new Set([want, stateId(want), orgId(want)].filter((x): x is string => !!x).map((x) => x.toLowerCase()));
  const names = (a: { name: string; kbId?: string; country?: string } | undefined): string[] => (a ? [a.name, a.kbId ?? '', a.country ?? ''].map((x) => x.toLowerCase()) : []);
  return out.events.some(
    (e) =>
      e.type === g.type &&
      e.evidence.some((v) => v.start < at + g.evidence.length && at < v.end) &&
      [e.source, ...(e.participants ?? [])].some((a) => names(a).some((n) => ids.has(n))) &&
      (date === undefined || e.date?.value === date),
  );
}

function membershipOk(g: SeedGold['memberships_on_2022_01_12'][number]): boolean {
  const kb = loadKb();
  const ask = (org: string): boolean | undefined => kb.isMember(g.state, org, '2022-01-12').member;
  return g.in.every((o) => ask(o) === true) && (g.not_in ?? []).every((o) => ask(o) === false);
}
