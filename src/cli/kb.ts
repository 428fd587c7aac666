/**
 * `attache kb`: asks the knowledge base whether a state belonged to an organisation on a
 * day, who the members were, and what the KB knows about a state or organisation.
 * Thin: every answer comes from src/kb; this file only formats and maps errors to exit codes
 * (1: unknown state or organisation, 2: malformed date).
 */
import type { Command } from 'commander';
import { KbError } from '../kb/errors.ts';
import { checkDate, loadKb, type Kb } from '../kb/kb.ts';
import { todayUtc } from '../kb/text.ts';
import type { MembershipAnswer, MembershipRow, OrgRecord, StateRecord } from '../kb/types.ts';

export interface KbIo {
  out(s: string): void;
  err(s: string): void;
}

interface DateOpts {
  on?: string;
  json?: boolean;
}

/** Short label: the all-capitals acronym when there is one (NATO, EU, G7), else the name. */
export function orgLabel(o: OrgRecord): string {
  return o.acronyms.find((a) => /^[A-Z][A-Z0-9]+$/.test(a)) ?? o.name;
}

const EXAMPLES = {
  'member-of': `
Examples:
  attache kb member-of Finland NATO --on 2022-01-12   # no: joined 2023-04-04
  attache kb member-of Poland NATO                    # today
  attache kb member-of "United Kingdom" EU --on 2020-01-31 --json
  attache kb member-of EU G20                         # organisations can be members too

Dates: the table's first and last days count as member days (the UK was a member
on 2020-01-31, its last day). A date known only to the year or month answers
"unknown" for days inside it. Exit code 0 whenever an answer is found (yes, no or unknown),
1 for an unknown state or organisation, 2 for a malformed date.`,
  members: `
Examples:
  attache kb members NATO --on 2022-01-12
  attache kb members "UN Security Council" --on 2024-06-01
  attache kb members "Arab League" --on 2015-01-01 --json   # Syria listed as suspended`,
  show: `
Examples:
  attache kb show Ukraine
  attache kb show "the Kremlin"      # metonyms are followed to what they stand for
  attache kb show OSCE --json`,
  orgs: `
Examples:
  attache kb orgs
  attache kb orgs --json`,
};

/** Adds `attache kb` and its subcommands to `program`. */
export function registerKb(program: Command, io: KbIo, setCode: (n: number) => void): void {
  const kbCmd = program
    .command('kb')
    .description('query the knowledge base: states, organisations, dated memberships, metonyms')
    .addHelpText('after', `\nSubcommands: member-of, members, show, orgs.\n${EXAMPLES['member-of'].split('\n').slice(0, 6).join('\n')}`);

  // Every action goes through here so a KbError becomes a message and an exit code, never a stack trace.
  const run = (fn: (kb: Kb) => void): void => {
    try {
      fn(loadKb());
    } catch (err) {
      if (!(err instanceof KbError)) throw err;
      io.err(`attache kb: ${err.code}: ${err.detail ?? err.message}\n`);
      setCode(err.kind === 'date' ? 2 : 1);
    }
  };
  const json = (v: unknown): void => io.out(`${JSON.stringify(v, null, 2)}\n`);

  kbCmd
    .command('member-of')
    .description('was <state> a member of <org> on a day? (default: today)')
    .argument('<state>', 'state name, ISO code, demonym or alias (or an organisation, e.g. EU)')
    .argument('<org>', 'organisation name or acronym')
    .option('--on <date>', 'the day to ask about, YYYY-MM-DD (default: today, UTC)')
    .option('--json', 'print the answer with its evidence rows as JSON')
    .addHelpText('after', EXAMPLES['member-of'])
    .action((state: string, org: string, opts: DateOpts) =>
      run((kb) => {
        const date = checkDate(opts.on ?? todayUtc());
        const a = kb.isMember(state, org, date);
        if (opts.json) return json(a);
        io.out(`${memberSentence(kb, a, opts.on === undefined)}\n`);
      }),
    );

  kbCmd
    .command('members')
    .description('list the members of <org> on a day, with the date each joined')
    .argument('<org>', 'organisation name or acronym')
    .option('--on <date>', 'the day, YYYY-MM-DD (default: today, UTC)')
    .option('--json', 'print the list as JSON')
    .addHelpText('after', EXAMPLES.members)
    .action((org: string, opts: DateOpts) =>
      run((kb) => {
        const list = kb.members(org, checkDate(opts.on ?? todayUtc()));
        if (opts.json)
          return json({
            org: list.org.id,
            date: list.date,
            count: list.members.length,
            members: list.members.map((m) => ({ id: m.id, name: m.name, status: m.answer.status, since: m.answer.since, until: m.answer.until, suspendedSince: m.answer.suspendedSince })),
            uncertain: list.uncertain.map((m) => ({ id: m.id, name: m.name, reason: m.answer.reason })),
            others: list.others.map((m) => ({ id: m.id, name: m.name, status: m.answer.status, reason: m.answer.reason })),
          });
        const susp = list.members.filter((m) => m.answer.status === 'suspended').length;
        io.out(`${orgLabel(list.org)} (${list.org.name}) on ${list.date}: ${list.members.length} members${susp ? `, ${susp} of them suspended` : ''}\n`);
        for (const m of list.members) {
          const a = m.answer;
          const extra = [a.status !== 'member' ? a.status : '', a.until ? `until ${a.until}` : '', a.suspendedSince ? `since ${a.suspendedSince}` : ''].filter(Boolean).join(' ');
          io.out(`  ${m.name.padEnd(34)} ${m.id.padEnd(5)} since ${(a.since ?? '').padEnd(10)}${extra ? `  ${extra}` : ''}\n`);
        }
        if (list.uncertain.length) {
          io.out(`Undecided on this day (the table gives only a year or month):\n`);
          for (const m of list.uncertain) io.out(`  ${m.name.padEnd(34)} ${m.id.padEnd(5)} ${m.answer.reason}\n`);
        }
        if (list.others.length) {
          io.out(`Not members, but:\n`);
          for (const m of list.others) io.out(`  ${m.name.padEnd(34)} ${m.id.padEnd(5)} ${m.answer.reason}\n`);
        }
      }),
    );

  kbCmd
    .command('show')
    .description('what the KB knows about a state or organisation: names, codes, capital, memberships with dates')
    .argument('<name>', 'state, organisation, or a metonym such as "the Kremlin"')
    .option('--on <date>', 'the day for "memberships on" (default: today, UTC)')
    .option('--json', 'print as JSON')
    .addHelpText('after', EXAMPLES.show)
    .action((name: string, opts: DateOpts) =>
      run((kb) => {
        const date = checkDate(opts.on ?? todayUtc());
        // An exact organisation acronym wins over a state code: "AU" is the African Union here, not Australia.
        const orgByAcronym = kb.org(name, { strict: true });
        const exactAcronym = orgByAcronym?.acronyms.some((a) => a.replace(/\./g, '') === name.trim().replace(/\./g, ''));
        const state = exactAcronym ? undefined : (kb.state(name) ?? kbStateFromMetonym(kb, name));
        if (state) return showState(kb, state, date, io, opts.json === true);
        const org = orgByAcronym ?? kb.org(name) ?? kbOrgFromMetonym(kb, name);
        if (org) return showOrg(kb, org, date, io, opts.json === true);
        kb.requireMember(name); // throws the not-found error with suggestions
      }),
    );

  kbCmd
    .command('orgs')
    .description('list the organisations the KB knows, with their member counts today')
    .option('--json', 'print as JSON')
    .addHelpText('after', EXAMPLES.orgs)
    .action((opts: { json?: boolean }) =>
      run((kb) => {
        const today = todayUtc();
        const rows = kb.allOrgs().map((o) => ({ id: o.id, label: orgLabel(o), name: o.name, type: o.type, founded: o.founded, members: kb.members(o.id, today).members.length }));
        if (opts.json) return json(rows);
        for (const r of rows) io.out(`${r.label.padEnd(22)} ${r.name.padEnd(52)} ${r.type.padEnd(9)} founded ${r.founded.padEnd(10)} ${String(r.members).padStart(3)} members\n`);
      }),
    );
}

function kbStateFromMetonym(kb: Kb, name: string): StateRecord | undefined {
  const m = kb.metonym(name);
  return m?.kind === 'state' ? kb.stateById(m.id) : undefined;
}
function kbOrgFromMetonym(kb: Kb, name: string): OrgRecord | undefined {
  const m = kb.metonym(name);
  return m?.kind === 'org' ? kb.orgById(m.id) : undefined;
}

/** "yes: Poland has been a member of NATO since 1999-03-12" and its siblings. */
export function memberSentence(kb: Kb, a: MembershipAnswer, isToday: boolean): string {
  const who = kb.stateById(a.state)?.name ?? kb.orgById(a.state)?.name ?? a.state;
  const org = kb.orgById(a.org)!;
  const label = orgLabel(org);
  const role = a.status === 'permanent' ? 'a permanent member' : a.status === 'elected' ? 'an elected member' : 'a member';
  if (a.answer === 'yes') {
    const susp = a.suspendedSince ? `, suspended since ${a.suspendedSince}` : '';
    const prefix = a.suspendedSince ? 'yes, but suspended' : 'yes';
    if (isToday && !a.until) return `${prefix}: ${who} has been ${role} of ${label} since ${a.since}${susp}`;
    const span = a.until ? `${a.since} to ${a.until}${a.until === a.date ? ', its last day' : ''}` : `since ${a.since}`;
    return `${prefix}: ${who} was ${role} of ${label} on ${a.date} (${span})${susp}`;
  }
  if (a.answer === 'unknown') return `unknown: ${who} may or may not have been a member of ${label} on ${a.date}: ${a.reason}`;
  return `no: ${who} was not a member of ${label} on ${a.date} (${a.reason})`;
}

const span = (r: MembershipRow): string => `${r.from}${r.to ? ` to ${r.to}` : ''}`;

function showState(kb: Kb, s: StateRecord, date: string, io: KbIo, asJson: boolean): void {
  const now = kb.memberships(s.id, date);
  const history = kb.history(s.id);
  const metonyms = kb.data.metonyms.filter((m) => m.refersTo === s.id).map((m) => m.mention);
  const aliases = kb.data.aliases.filter((a) => a.state === s.id && a.kind !== 'capital-exonym').map((a) => a.alias);
  if (asJson) {
    io.out(`${JSON.stringify({ state: s, aliases, metonyms, on: date, memberships: now, history }, null, 2)}\n`);
    return;
  }
  const lines = [
    `${s.name} (${s.official})`,
    `  codes      ${s.iso2} / ${s.iso3}${s.ccn3 ? ` / ${s.ccn3}` : ''}`,
    `  capital    ${s.capital.join(', ') || '—'}`,
    `  demonyms   ${s.demonyms.join(', ') || '—'}`,
    `  also       ${[...new Set([...aliases, ...s.altNames])].join(', ') || '—'}`,
    `  metonyms   ${metonyms.join(', ') || '—'}`,
    `  region     ${s.region}${s.subregion ? ` / ${s.subregion}` : ''}${s.independent ? '' : '  (not an independent state)'}`,
    '',
    `Memberships on ${date}:`,
  ];
  if (!now.length) lines.push('  none in the table');
  for (const a of now) {
    const o = kb.orgById(a.org)!;
    const what = a.answer === 'yes' ? `${a.suspendedSince ? 'member' : a.status} since ${a.since}${a.until ? ` until ${a.until}` : ''}${a.suspendedSince ? `, suspended since ${a.suspendedSince}` : ''}` : a.answer === 'unknown' ? `undecided: ${a.reason}` : a.reason;
    lines.push(`  ${orgLabel(o).padEnd(22)} ${what}`);
  }
  lines.push('', 'History:');
  for (const r of history) {
    const o = kb.orgById(r.org)!;
    lines.push(`  ${span(r).padEnd(24)} ${orgLabel(o).padEnd(22)} ${r.status.padEnd(10)} ${r.event}${r.endEvent ? ` / ${r.endEvent}` : ''}${r.note ? `  (${r.note})` : ''}`);
  }
  io.out(`${lines.join('\n')}\n`);
}

function showOrg(kb: Kb, o: OrgRecord, date: string, io: KbIo, asJson: boolean): void {
  const list = kb.members(o.id, date);
  const ended = kb.orgRows(o.id).filter((r) => r.to && r.to < date);
  if (asJson) {
    io.out(`${JSON.stringify({ org: o, on: date, members: list.members.map((m) => ({ id: m.id, name: m.name, status: m.answer.status, since: m.answer.since })), others: list.others.map((m) => ({ id: m.id, status: m.answer.status })), ended }, null, 2)}\n`);
    return;
  }
  const lines = [
    `${orgLabel(o)}: ${o.name} (${o.type})`,
    `  also       ${[...o.acronyms, ...o.aliases].join(', ') || '—'}`,
    `  founded    ${o.founded}${o.dissolved ? `, dissolved ${o.dissolved}` : ''}`,
    `  note       ${o.note || '—'}`,
    `  source     ${o.source}`,
    '',
    `Members on ${date}: ${list.members.length}`,
    `  ${list.members.map((m) => `${m.name}${m.answer.status !== 'member' ? ` [${m.answer.status}]` : ''}`).join(', ')}`,
  ];
  if (list.others.length) lines.push(`Other statuses: ${list.others.map((m) => `${m.name} [${m.answer.status}]`).join(', ')}`);
  if (ended.length) {
    lines.push('', 'Ended rows (withdrawals, expulsions, lifted suspensions, past terms):');
    for (const r of ended) lines.push(`  ${(kb.stateById(r.member)?.name ?? r.member).padEnd(30)} ${r.status.padEnd(10)} ${span(r).padEnd(24)} ${r.endEvent}`);
  }
  io.out(`${lines.join('\n')}\n`);
}
