/**
 * Compiles the KB: states from world-countries plus our TSV tables (data/kb/*.tsv) into one
 * object (data/kb/kb.json) that loads in a few milliseconds. Pure: the caller reads the files.
 * Every row is checked here, so a bad date or an unknown ISO code fails the build, not a query.
 */
import { z } from 'zod';
import { EVENTS, ORG_TYPES, STATUSES, type KbData, type MembershipRow, type MetonymRow, type NameEntry, type OrgRecord, type StateAliasRow, type StateRecord } from './types.ts';
import { foldKey, isAcronym, parseFuzzyDate } from './text.ts';

/** The subset of a world-countries record the KB reads. */
export interface CountryInput {
  name: { common: string; official: string; native?: Record<string, { common: string; official: string }> };
  cca2: string;
  cca3: string;
  ccn3: string;
  independent: boolean | null;
  unMember: boolean;
  capital: string[];
  altSpellings: string[];
  region: string;
  subregion: string;
  area: number;
  demonyms?: Record<string, { f: string; m: string }>;
}

export interface TableTexts {
  orgs: string;
  memberships: string;
  aliases: string;
  metonyms: string;
}

/** Name tiers: a lower tier wins when two states (or orgs) share a name. */
export const TIER = { code: 0, common: 1, official: 2, alias: 3, altSpelling: 4, demonym: 5, native: 6 } as const;

const fuzzy = z.string().refine((s) => parseFuzzyDate(s) !== null, 'date must be YYYY, YYYY-MM or YYYY-MM-DD');
const optFuzzy = z.union([z.literal(''), fuzzy]);
const list = z.string().transform((s) => (s ? s.split('|').map((x) => x.trim()).filter(Boolean) : []));
const nonEmpty = z.string().min(1);

const OrgRow = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), name: nonEmpty, acronyms: list, aliases: list, type: z.enum(ORG_TYPES), founded: fuzzy, dissolved: optFuzzy, note: z.string(), source: nonEmpty });
const MemberRow = z.object({ org: nonEmpty, member: nonEmpty, from: fuzzy, to: optFuzzy, status: z.enum(STATUSES), event: z.enum(EVENTS), end_event: z.union([z.literal(''), z.enum(EVENTS)]), source: nonEmpty, note: z.string() });
const AliasRow = z.object({ alias: nonEmpty, state: z.string().regex(/^[A-Z]{3}$/), kind: z.enum(['name', 'informal', 'acronym', 'historical', 'capital-exonym']), from: optFuzzy, to: optFuzzy, source: nonEmpty, note: z.string() });
const MetonymTsvRow = z.object({ mention: nonEmpty, refers_to: nonEmpty, kind: z.enum(['seat-of-power', 'capital', 'building']), when: z.string().regex(/^(context: .+)?$/, "when is empty or 'context: cue|cue'"), note: z.string(), source: nonEmpty });

/** Parses a TSV with a header row; '#' lines are comments. Returns rows with their line numbers. */
export function parseTsv(text: string, file: string): { line: number; row: Record<string, string> }[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.split('\t') ?? [];
  const out: { line: number; row: Record<string, string> }[] = [];
  lines.slice(1).forEach((l, i) => {
    if (!l.trim() || l.startsWith('#')) return;
    const cells = l.split('\t');
    if (cells.length !== header.length) throw new Error(`${file}:${i + 2}: ${cells.length} columns, header has ${header.length}`);
    out.push({ line: i + 2, row: Object.fromEntries(header.map((h, j) => [h, cells[j]!.trim()])) });
  });
  return out;
}

function check<T>(schema: z.ZodType<T>, row: Record<string, string>, where: string): T {
  const r = schema.safeParse(row);
  if (!r.success) throw new Error(`${where}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

const splitDemonyms = (s: string): string[] => s.split(/,\s*|\s+or\s+/).map((x) => x.trim()).filter(Boolean);

/** Plural demonyms ("Russians", "Israelis", "Filipinos") are how news names a people. */
const plural = (d: string): string[] => (/[nio]$/.test(d) ? [d, `${d}s`] : [d]);

class NameIndex {
  readonly map = new Map<string, NameEntry[]>();
  add(form: string, id: string, tier: number, via: string): void {
    const key = foldKey(form);
    if (!key) return;
    const list = this.map.get(key) ?? [];
    const same = list.find((e) => e.id === id);
    if (same && same.tier <= tier) return;
    if (same) list.splice(list.indexOf(same), 1);
    list.push({ id, tier, form, acronym: isAcronym(form), via });
    this.map.set(key, list);
  }
  toJSON(rank: (id: string) => number): Record<string, NameEntry[]> {
    const out: Record<string, NameEntry[]> = {};
    for (const k of [...this.map.keys()].sort()) out[k] = this.map.get(k)!.sort((a, b) => a.tier - b.tier || rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
    return out;
  }
}

/** Builds the compiled KB; throws with file:line on the first bad row. */
export function buildKb(countries: readonly CountryInput[], t: TableTexts, worldCountriesVersion: string): KbData {
  const WC = `world-countries ${worldCountriesVersion} (mledoze/countries, ODbL-1.0)`;
  const states: StateRecord[] = countries
    .map((c) => ({
      id: c.cca3,
      iso2: c.cca2,
      iso3: c.cca3,
      ccn3: c.ccn3,
      name: c.name.common,
      official: c.name.official,
      capital: c.capital,
      demonyms: [...new Set(splitDemonyms(c.demonyms?.eng?.m ?? '').concat(splitDemonyms(c.demonyms?.eng?.f ?? '')))],
      altNames: c.altSpellings.filter((a) => a !== c.cca2),
      independent: c.independent === true,
      region: c.region,
      subregion: c.subregion,
      source: WC,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const stateIds = new Set(states.map((s) => s.id));
  // Prominence for ties ("Congolese", "Dominican"): sovereign states first, then larger ones.
  const byId = new Map(countries.map((c) => [c.cca3, c]));
  const rankOf = (id: string): number => {
    const c = byId.get(id);
    return c ? (c.independent ? 0 : 1e9) - c.area / 1e3 : 2e9;
  };

  const orgs: OrgRecord[] = parseTsv(t.orgs, 'orgs.tsv').map(({ line, row }) => check(OrgRow, row, `orgs.tsv:${line}`));
  const orgIds = new Set(orgs.map((o) => o.id));

  const memberships: MembershipRow[] = parseTsv(t.memberships, 'memberships.tsv').map(({ line, row }) => {
    const where = `memberships.tsv:${line}`;
    const r = check(MemberRow, row, where);
    if (!orgIds.has(r.org)) throw new Error(`${where}: unknown org '${r.org}'`);
    const m = r.member.replace(/^@/, '');
    if (!stateIds.has(m) && !orgIds.has(m)) throw new Error(`${where}: unknown member '${r.member}'`);
    if (r.to && parseFuzzyDate(r.to)!.hi < parseFuzzyDate(r.from)!.lo) throw new Error(`${where}: ends before it starts`);
    return { org: r.org, member: r.member, from: r.from, to: r.to, status: r.status, event: r.event, endEvent: r.end_event, source: r.source, note: r.note, line };
  });

  const aliases: StateAliasRow[] = parseTsv(t.aliases, 'state-aliases.tsv').map(({ line, row }) => {
    const r = check(AliasRow, row, `state-aliases.tsv:${line}`);
    if (!stateIds.has(r.state)) throw new Error(`state-aliases.tsv:${line}: unknown state '${r.state}'`);
    return r;
  });

  const metonyms: MetonymRow[] = parseTsv(t.metonyms, 'metonyms.tsv').map(({ line, row }) => {
    const r = check(MetonymTsvRow, row, `metonyms.tsv:${line}`);
    if (!stateIds.has(r.refers_to) && !orgIds.has(r.refers_to)) throw new Error(`metonyms.tsv:${line}: unknown referent '${r.refers_to}'`);
    const cues = r.when ? r.when.replace(/^context:\s*/, '').split('|').map((c) => c.trim()) : [];
    return { mention: r.mention, refersTo: r.refers_to, kind: r.kind, cues, note: r.note, source: r.source };
  });
  // Capital exonyms (Kiev) and the capitals of sovereign states are metonyms too, after the table's own rows.
  const seen = new Set(metonyms.map((m) => `${foldKey(m.mention)}|${m.cues.join('|')}`));
  const extra: MetonymRow[] = [];
  for (const a of aliases.filter((x) => x.kind === 'capital-exonym')) extra.push({ mention: a.alias, refersTo: a.state, kind: 'capital', cues: [], note: a.note, source: `state-aliases.tsv: ${a.source}` });
  for (const s of states.filter((x) => x.independent)) for (const c of s.capital) extra.push({ mention: c, refersTo: s.id, kind: 'capital', cues: [], note: '', source: `${WC}: capital` });
  for (const m of extra) {
    const k = `${foldKey(m.mention)}|`;
    if (seen.has(k)) continue;
    seen.add(k);
    metonyms.push(m);
  }
  const metonymKeys: Record<string, number[]> = {};
  metonyms.forEach((m, i) => (metonymKeys[foldKey(m.mention)] ??= []).push(i));

  const sn = new NameIndex();
  for (const s of states) {
    sn.add(s.iso3, s.id, TIER.code, 'ISO 3166-1 alpha-3');
    sn.add(s.iso2, s.id, TIER.code, 'ISO 3166-1 alpha-2');
    sn.add(s.name, s.id, TIER.common, 'common name');
    sn.add(s.official, s.id, TIER.official, 'official name');
    for (const a of s.altNames) sn.add(a, s.id, TIER.altSpelling, 'world-countries altSpellings');
    for (const d of s.demonyms) for (const p of plural(d)) sn.add(p, s.id, TIER.demonym, 'demonym');
    for (const n of Object.values(byId.get(s.id)?.name.native ?? {})) {
      sn.add(n.common, s.id, TIER.native, 'native name');
      sn.add(n.official, s.id, TIER.native, 'native name');
    }
  }
  for (const a of aliases) if (a.kind !== 'capital-exonym') sn.add(a.alias, a.state, TIER.alias, `state-aliases.tsv (${a.kind})`);

  const on = new NameIndex();
  for (const o of orgs) {
    for (const a of o.acronyms) on.add(a, o.id, 0, 'acronym');
    on.add(o.name, o.id, 1, 'name');
    for (const a of o.aliases) on.add(a, o.id, 2, 'alias');
    on.add(o.id, o.id, 3, 'id');
  }

  const count = (s: string): number => s.split(/\r?\n/).slice(1).filter((l) => l.trim() && !l.startsWith('#')).length;
  return {
    format: 1,
    builtFrom: { worldCountries: worldCountriesVersion, tables: { 'orgs.tsv': count(t.orgs), 'memberships.tsv': count(t.memberships), 'state-aliases.tsv': count(t.aliases), 'metonyms.tsv': count(t.metonyms) } },
    states,
    orgs,
    memberships,
    aliases,
    metonyms,
    stateNames: sn.toJSON(rankOf),
    orgNames: on.toJSON(() => 0),
    metonymKeys,
  };
}
