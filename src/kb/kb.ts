/**
 * The knowledge base of the international system: states, organisations, dated memberships,
 * aliases, demonyms and metonyms, loaded once from data/kb/kb.json (built by scripts/build-kb.ts).
 *
 * Date semantics (see data/kb/README.md): a table's `from` is the first day and `to` the last
 * day as a member, inclusive: a day counts when the state was a member for any part of it
 * (the UK on 2020-01-31, Finland on 2023-04-04). A date known only to the month or year
 * answers 'unknown' for query days inside that month or year instead of guessing.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { KbError } from './errors.ts';
import { KB_JSON } from './files.ts';
import { acronymForm, editDistance, foldKey, parseFuzzyDate, queryDateProblem } from './text.ts';
import { MEMBER_STATUSES, type KbData, type MembershipAnswer, type MembershipRow, type MetonymRow, type NameEntry, type OrgRecord, type StateRecord, type Status } from './types.ts';

export interface LookupOptions {
  /** Match acronyms and ISO codes case-sensitively ("US" yes, "us" no): for running text. */
  strict?: boolean;
}

export interface Resolved<T> {
  record: T;
  /** The name that matched and which list it came from. */
  matched: string;
  via: string;
  /** Other records the same name could mean, best first. */
  alternatives: string[];
}

export interface Suggestion {
  kind: 'state' | 'org';
  id: string;
  name: string;
  matched: string;
  distance: number;
}

export interface MetonymAnswer {
  mention: string;
  kind: 'state' | 'org';
  id: string;
  name: string;
  metonymKind: MetonymRow['kind'];
  /** Why this reading: the default row, or the context cue that chose it. */
  reason: string;
  row: MetonymRow;
}

export interface MemberListEntry {
  id: string;
  kind: 'state' | 'org';
  name: string;
  answer: MembershipAnswer;
}

export interface MemberList {
  org: OrgRecord;
  date: string;
  /** Members in law, suspended ones included (their status says so). */
  members: MemberListEntry[];
  /** States a year- or month-precise row leaves undecided on that day. */
  uncertain: MemberListEntry[];
  /** Observers, partners, candidates, associates, invitees. */
  others: MemberListEntry[];
}

type Coverage = 'yes' | 'no' | 'unknown';

/** Whether a row covers day q, honest about the row's precision. */
function covers(row: { from: string; to: string }, q: string): Coverage {
  const from = parseFuzzyDate(row.from)!;
  const to = row.to ? parseFuzzyDate(row.to)! : null;
  if (q < from.lo || (to && q > to.hi)) return 'no';
  if (q >= from.hi && (!to || q <= to.lo)) return 'yes';
  return 'unknown';
}

const isMemberStatus = (s: Status): boolean => MEMBER_STATUSES.includes(s);

export class Kb {
  private readonly states = new Map<string, StateRecord>();
  private readonly orgs = new Map<string, OrgRecord>();
  private readonly rowsByOrg = new Map<string, MembershipRow[]>();

  constructor(
    readonly data: KbData,
    /** Milliseconds spent reading and indexing kb.json. */
    readonly loadMs = 0,
  ) {
    for (const s of data.states) this.states.set(s.id, s);
    for (const o of data.orgs) this.orgs.set(o.id, o);
    for (const r of data.memberships) {
      const list = this.rowsByOrg.get(r.org) ?? [];
      list.push(r);
      this.rowsByOrg.set(r.org, list);
    }
  }

  /** @example kb.state('Russian')?.id // 'RUS'; kb.state('Georgia')?.id // 'GEO' (the country) */
  state(nameOrCode: string, opts: LookupOptions = {}): StateRecord | undefined {
    return this.resolveState(nameOrCode, opts)?.record;
  }

  /** Like state(), with the name that matched and the other states it could mean ("Congolese"). */
  resolveState(nameOrCode: string, opts: LookupOptions = {}): Resolved<StateRecord> | undefined {
    const hit = this.lookup(this.data.stateNames, nameOrCode, opts);
    return hit && { ...hit, record: this.states.get(hit.entry.id)! };
  }

  /** @example kb.org('Organisation for Security and Co-operation in Europe')?.id // 'osce' */
  org(nameOrAcronym: string, opts: LookupOptions = {}): OrgRecord | undefined {
    return this.resolveOrg(nameOrAcronym, opts)?.record;
  }

  resolveOrg(nameOrAcronym: string, opts: LookupOptions = {}): Resolved<OrgRecord> | undefined {
    const hit = this.lookup(this.data.orgNames, nameOrAcronym, opts);
    return hit && { ...hit, record: this.orgs.get(hit.entry.id)! };
  }

  /** Every state (world-countries' 250 records, territories included) and organisation. */
  allStates(): StateRecord[] {
    return [...this.states.values()];
  }
  allOrgs(): OrgRecord[] {
    return [...this.orgs.values()];
  }
  stateById(id: string): StateRecord | undefined {
    return this.states.get(id);
  }
  orgById(id: string): OrgRecord | undefined {
    return this.orgs.get(id);
  }

  /** A state or else an organisation as member (the EU in the G20); throws KbError with suggestions. */
  requireMember(name: string): { kind: 'state' | 'org'; id: string; name: string } {
    const s = this.state(name);
    if (s) return { kind: 'state', id: s.id, name: s.name };
    const o = this.org(name);
    if (o) return { kind: 'org', id: o.id, name: o.name };
    throw this.notFound('member', name, 'any');
  }

  requireState(name: string): StateRecord {
    const s = this.state(name);
    if (!s) throw this.notFound('state', name, 'state');
    return s;
  }

  requireOrg(name: string): OrgRecord {
    const o = this.org(name);
    if (!o) throw this.notFound('org', name, 'org');
    return o;
  }

  /**
   * Did-you-mean over every name, code, alias and demonym (edit distance with transpositions,
   * plus prefixes for names cut short).
   *
   * @example kb.suggest('Finnland', 'state')[0]?.name // 'Finland'
   */
  suggest(name: string, kind: 'state' | 'org' | 'any' = 'any', limit = 3): Suggestion[] {
    const q = foldKey(name);
    if (!q) return [];
    const max = q.length <= 4 ? 1 : q.length <= 8 ? 2 : 3;
    const best = new Map<string, Suggestion & { tier: number }>();
    const scan = (index: Record<string, NameEntry[]>, k: 'state' | 'org'): void => {
      for (const [key, entries] of Object.entries(index)) {
        let d = editDistance(q, key, max);
        // A name cut short ("Azerb") is a better guess than an unrelated short name.
        if (d > max && q.length >= 3 && key.startsWith(q)) d = max;
        if (d > max) continue;
        const e = entries[0]!;
        const id = `${k}:${e.id}`;
        const prev = best.get(id);
        if (prev && (prev.distance < d || (prev.distance === d && prev.tier <= e.tier))) continue;
        const rec = k === 'state' ? this.states.get(e.id)!.name : this.orgs.get(e.id)!.name;
        best.set(id, { kind: k, id: e.id, name: rec, matched: e.form, distance: d, tier: e.tier });
      }
    };
    if (kind !== 'org') scan(this.data.stateNames, 'state');
    if (kind !== 'state') scan(this.data.orgNames, 'org');
    return [...best.values()]
      .sort((a, b) => a.distance - b.distance || a.tier - b.tier || a.name.localeCompare(b.name))
      .slice(0, limit)
      .map(({ tier: _t, ...s }) => s);
  }

  /**
   * Was `member` (a state or organisation) a member of `org` on `date` (YYYY-MM-DD)?
   *
   * @example kb.isMember('Finland', 'NATO', '2022-01-12').member // false (joined 2023-04-04)
   */
  isMember(member: string, org: string, date: string): MembershipAnswer {
    const m = this.requireMember(member);
    const o = this.requireOrg(org);
    return this.answer(m.id, o.id, checkDate(date));
  }

  /** Everyone in `org` on `date`, suspended members flagged, undecided ones apart. */
  members(org: string, date: string): MemberList {
    const o = this.requireOrg(org);
    const q = checkDate(date);
    const ids = new Set<string>();
    for (const r of this.rowsByOrg.get(o.id) ?? []) {
      if (r.member.startsWith('@')) for (const e of this.members(r.member.slice(1), q).members) ids.add(e.id);
      else ids.add(r.member);
    }
    const list: MemberList = { org: o, date: q, members: [], uncertain: [], others: [] };
    for (const id of ids) {
      const a = this.answer(id, o.id, q);
      const entry = { id, kind: this.states.has(id) ? ('state' as const) : ('org' as const), name: this.states.get(id)?.name ?? this.orgs.get(id)?.name ?? id, answer: a };
      if (a.answer === 'yes') list.members.push(entry);
      else if (a.answer === 'unknown') list.uncertain.push(entry);
      else if (a.status !== 'none') list.others.push(entry);
    }
    const byName = (a: MemberListEntry, b: MemberListEntry): number => a.name.localeCompare(b.name);
    list.members.sort(byName);
    list.uncertain.sort(byName);
    list.others.sort(byName);
    return list;
  }

  /** Every organisation `state` belonged to (or was observer, partner, candidate of) on `date`. */
  memberships(state: string, date: string): MembershipAnswer[] {
    const m = this.requireMember(state);
    const q = checkDate(date);
    const orgIds = new Set(this.data.memberships.filter((r) => r.member === m.id || r.member.startsWith('@')).map((r) => r.org));
    return [...orgIds].map((o) => this.answer(m.id, o, q)).filter((a) => a.answer !== 'no' || a.status !== 'none');
  }

  /** Every table row about `state`, in date order: the history `attache kb show` prints. */
  history(state: string): MembershipRow[] {
    const m = this.requireMember(state);
    return this.data.memberships.filter((r) => r.member === m.id).sort((a, b) => a.from.localeCompare(b.from) || a.org.localeCompare(b.org));
  }

  /** Rows of one organisation, for `attache kb show NATO`. */
  orgRows(org: string): MembershipRow[] {
    return this.rowsByOrg.get(this.requireOrg(org).id) ?? [];
  }

  /**
   * What a place or building name stands for. `context` (the sentence) picks between readings:
   * 'Brussels' is the EU unless NATO or "the alliance" is in the context.
   *
   * @example kb.metonym('the Kremlin')?.id // 'RUS'
   * @example kb.metonym('Brussels', 'NATO allies met in Brussels')?.id // 'nato'
   */
  metonym(mention: string, context = ''): MetonymAnswer | undefined {
    const idx = this.data.metonymKeys[foldKey(mention)];
    if (!idx) return undefined;
    const rows = idx.map((i) => this.data.metonyms[i]!);
    for (const row of rows) {
      const cue = row.cues.find((c) => cueIn(c, context));
      if (cue) return this.metonymAnswer(mention, row, `context mentions "${cue}"`);
    }
    const dflt = rows.find((r) => r.cues.length === 0);
    return dflt && this.metonymAnswer(mention, dflt, 'default reading');
  }

  private metonymAnswer(mention: string, row: MetonymRow, reason: string): MetonymAnswer {
    const s = this.states.get(row.refersTo);
    const o = this.orgs.get(row.refersTo);
    return { mention, kind: s ? 'state' : 'org', id: row.refersTo, name: s?.name ?? o?.name ?? row.refersTo, metonymKind: row.kind, reason, row };
  }

  private lookup(index: Record<string, NameEntry[]>, raw: string, opts: LookupOptions): { entry: NameEntry; matched: string; via: string; alternatives: string[] } | undefined {
    const entries = index[foldKey(raw)];
    if (!entries) return undefined;
    const ok = opts.strict ? entries.filter((e) => !e.acronym || acronymForm(e.form) === acronymForm(raw.trim())) : entries;
    const entry = ok[0];
    if (!entry) return undefined;
    const alternatives = ok.filter((e) => e.tier === entry.tier && e.id !== entry.id).map((e) => e.id);
    return { entry, matched: entry.form, via: entry.via, alternatives };
  }

  private notFound(kind: 'state' | 'org' | 'member', input: string, scope: 'state' | 'org' | 'any'): KbError {
    const sug = this.suggest(input, scope);
    const what = kind === 'member' ? 'state or organisation' : kind === 'org' ? 'organisation' : 'state';
    const names = sug.map((s) => (foldKey(s.matched) === foldKey(s.name) || s.matched.length <= 3 ? s.name : `${s.name} (${s.matched})`));
    const hint = names.length ? `; did you mean ${names.join(', ')}?` : kind === 'org' ? '; run `attache kb orgs` for the list' : '; give a name, ISO code (FI, FIN), demonym or alias';
    return new KbError('ATT-E002', kind, input, `unknown ${what} "${input}"${hint}`, sug.map((s) => s.name));
  }

  /** The core of isMember, on resolved ids and a checked date. */
  private answer(memberId: string, orgId: string, q: string): MembershipAnswer {
    const rows = (this.rowsByOrg.get(orgId) ?? []).filter((r) => r.member === memberId || r.member.startsWith('@'));
    const base = { state: memberId, org: orgId, date: q };
    const cov: { row: MembershipRow; c: Coverage; via?: MembershipAnswer }[] = [];
    for (const row of rows) {
      let c = covers(row, q);
      let via: MembershipAnswer | undefined;
      if (row.member.startsWith('@')) {
        // "Every NATO Ally": both this row and membership of the other org must hold.
        via = this.answer(memberId, row.member.slice(1), q);
        if (via.answer === 'no') continue;
        if (via.answer === 'unknown' && c === 'yes') c = 'unknown';
      }
      cov.push(via ? { row, c, via } : { row, c });
    }
    const memberRows = cov.filter((x) => isMemberStatus(x.row.status));
    const yes = memberRows.find((x) => x.c === 'yes');
    const unknown = memberRows.find((x) => x.c === 'unknown');
    const susp = cov.find((x) => x.row.status === 'suspended' && x.c === 'yes');
    const suspMaybe = cov.find((x) => x.row.status === 'suspended' && x.c === 'unknown');
    if (yes) {
      const r = yes.row;
      const evidence = [r, ...(yes.via?.evidence ?? []), ...(susp ? [susp.row] : [])];
      const status: Status = susp ? 'suspended' : r.status;
      const since = yes.via?.since && yes.via.since > r.from ? yes.via.since : r.from;
      const reason = susp
        ? `member since ${since}, suspended since ${susp.row.from}${susp.row.note ? ` (${susp.row.note})` : ''}`
        : `${r.status === 'member' ? 'member' : `${r.status} member`} since ${since}${r.to ? ` until ${r.to}` : ''}${suspMaybe ? `; a suspension from ${suspMaybe.row.from} may cover this day` : ''}`;
      return { ...base, member: true, answer: 'yes', status, since, ...(r.to ? { until: r.to } : {}), ...(susp ? { suspendedSince: susp.row.from } : {}), evidence, reason };
    }
    if (unknown) {
      const r = unknown.row;
      return { ...base, member: false, answer: 'unknown', status: 'none', evidence: [r], reason: `the table dates this membership only to ${r.to && covers({ from: r.from, to: '' }, q) === 'yes' ? `the ${precisionWord(r.to)} ${r.to} (end)` : `the ${precisionWord(r.from)} ${r.from} (start)`}, which does not decide ${q}` };
    }
    // Not a member: say what it was instead, and when it joined or left.
    const other = cov.find((x) => !isMemberStatus(x.row.status) && x.row.status !== 'suspended' && x.c === 'yes');
    const next = memberRows.filter((x) => parseFuzzyDate(x.row.from)!.lo > q).sort((a, b) => a.row.from.localeCompare(b.row.from))[0];
    const prev = memberRows.filter((x) => x.row.to && parseFuzzyDate(x.row.to)!.hi < q).sort((a, b) => b.row.to.localeCompare(a.row.to))[0];
    const evidence = [other?.row, prev?.row, next?.row].filter((r): r is MembershipRow => r !== undefined);
    const org = this.orgs.get(orgId)!;
    const parts: string[] = [];
    if (q < parseFuzzyDate(org.founded)!.lo) parts.push(`${org.name} was founded ${org.founded}`);
    if (other) parts.push(`${other.row.status} since ${other.row.from}`);
    if (prev) parts.push(`left ${prev.row.to} by ${prev.row.endEvent || 'leaving'}`);
    if (next) parts.push(`joined ${next.row.from}`);
    if (!parts.length) parts.push('no membership in the table');
    return {
      ...base,
      member: false,
      answer: 'no',
      status: other ? other.row.status : 'none',
      ...(next ? { joined: next.row.from } : {}),
      ...(prev ? { left: prev.row.to, leftBy: prev.row.endEvent } : {}),
      evidence,
      reason: parts.join('; '),
    };
  }
}

const precisionWord = (d: string): string => (d.length === 4 ? 'year' : d.length === 7 ? 'month' : 'day');

/** A cue in all capitals (NATO, UN) must match in capitals; others match case-insensitively, as whole words. */
function cueIn(cue: string, context: string): boolean {
  if (!context) return false;
  const esc = cue.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const flags = /^[A-Z.]+$/.test(cue) ? 'u' : 'iu';
  return new RegExp(`(?<![\\p{L}\\p{N}])${esc}(?![\\p{L}\\p{N}])`, flags).test(context);
}

/** Validates a query day; throws KbError (ATT-E051) with the problem and a fix. */
export function checkDate(date: string): string {
  const problem = queryDateProblem(date);
  if (problem) throw new KbError('ATT-E051', 'date', date, `"${date}": ${problem}`);
  return date.trim();
}

let cached: Kb | undefined;

/**
 * The KB, read from data/kb/kb.json on first use and cached; `kb.loadMs` says how long that took.
 *
 * @example const kb = loadKb(); kb.isMember('Poland', 'NATO', '2022-01-12').member // true
 */
export function loadKb(opts: { path?: URL | string; fresh?: boolean } = {}): Kb {
  if (cached && !opts.fresh && !opts.path) return cached;
  const t0 = performance.now();
  let data: KbData;
  try {
    data = JSON.parse(readFileSync(opts.path ?? KB_JSON, 'utf8')) as KbData;
  } catch (err) {
    throw new KbError('ATT-E060', 'data', String(opts.path ?? KB_JSON), `cannot read the knowledge base: ${err instanceof Error ? err.message : String(err)}; run node bin/run.js scripts/build-kb.ts`);
  }
  if (data.format !== 1) throw new KbError('ATT-E060', 'data', String(opts.path ?? KB_JSON), `kb.json has format ${String(data.format)}, this code reads format 1; rebuild it`);
  const kb = new Kb(data, performance.now() - t0);
  if (!opts.path) cached = kb;
  return kb;
}
