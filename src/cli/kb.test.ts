import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerKb } from './kb.ts';

const SEED = JSON.parse(readFileSync(new URL('../../../shared/fixtures/seed/expected.json', import.meta.url), 'utf8')) as {
  memberships_on_2022_01_12: { state: string; in?: string[]; not_in?: string[] }[];
};

/** Runs `attache kb …` in-process, as main.ts will once it registers the command. */
async function kb(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  let code = 0;
  const program = new Command('attache').exitOverride().configureOutput({ writeOut: (s) => void (out += s), writeErr: (s) => void (err += s) });
  registerKb(program, { out: (s) => void (out += s), err: (s) => void (err += s) }, (n) => void (code = n));
  try {
    await program.parseAsync(['kb', ...args], { from: 'user' });
  } catch (e) {
    // Commander's exitOverride throws after --help; the exit code of help is 0.
    if (!(e instanceof Error && 'code' in e && String(e.code).startsWith('commander.help'))) throw e;
  }
  return { code, out, err };
}

describe('attache kb member-of', () => {
  for (const row of SEED.memberships_on_2022_01_12) {
    for (const org of row.in ?? [])
      it(`seed gold: ${row.state} in ${org}`, async () => {
        const r = await kb('member-of', row.state, org, '--on', '2022-01-12', '--json');
        expect(r.code).toBe(0);
        expect((JSON.parse(r.out) as { member: boolean }).member).toBe(true);
      });
    for (const org of row.not_in ?? [])
      it(`seed gold: ${row.state} not in ${org}`, async () => {
        const r = await kb('member-of', row.state, org, '--on', '2022-01-12', '--json');
        expect(r.code).toBe(0);
        expect((JSON.parse(r.out) as { member: boolean }).member).toBe(false);
      });
  }

  it.each([
    [['Finland', 'NATO', '--on', '2022-01-12'], 'no: Finland was not a member of NATO on 2022-01-12 (joined 2023-04-04)\n'],
    [['Finland', 'NATO', '--on', '2023-04-04'], 'yes: Finland was a member of NATO on 2023-04-04 (since 2023-04-04)\n'],
    [['Sweden', 'NATO', '--on', '2024-03-07'], 'yes: Sweden was a member of NATO on 2024-03-07 (since 2024-03-07)\n'],
    [['UK', 'EU', '--on', '2020-01-31'], 'yes: United Kingdom was a member of EU on 2020-01-31 (1973-01-01 to 2020-01-31, its last day)\n'],
    [['UK', 'EU', '--on', '2020-02-01'], 'no: United Kingdom was not a member of EU on 2020-02-01 (left 2020-01-31 by withdrawal)\n'],
    [['Russia', 'Council of Europe', '--on', '2022-03-17'], 'no: Russia was not a member of Council of Europe on 2022-03-17 (left 2022-03-15 by expulsion)\n'],
    [['Syria', 'Arab League', '--on', '2015-06-01'], 'yes, but suspended: Syria was a member of League of Arab States on 2015-06-01 (since 1945-03-22), suspended since 2011-11-16\n'],
    [['Germany', 'UNSC', '--on', '2019-05-01'], 'yes: Germany was an elected member of UNSC on 2019-05-01 (2019-01-01 to 2020-12-31)\n'],
  ])('%j', async (args, expected) => {
    const r = await kb('member-of', ...args);
    expect(r).toEqual({ code: 0, out: expected, err: '' });
  });

  it('defaults --on to today and says "has been"', async () => {
    const r = await kb('member-of', 'Poland', 'NATO');
    expect(r.out).toBe('yes: Poland has been a member of NATO since 1999-03-12\n');
  });

  it('--json carries the evidence rows with their sources', async () => {
    const r = await kb('member-of', 'Finland', 'NATO', '--on', '2023-04-04', '--json');
    const a = JSON.parse(r.out) as { evidence: { source: string; line: number }[] };
    expect(a.evidence[0]?.source).toContain('NATO');
    expect(a.evidence[0]?.line).toBeGreaterThan(1);
  });

  it('unknown state: suggestions and exit code 1, no throw', async () => {
    const r = await kb('member-of', 'Finnland', 'NATO', '--on', '2022-01-12');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/unknown state or organisation "Finnland"; did you mean Finland\?/);
  });

  it('unknown organisation: suggestions and exit code 1', async () => {
    const r = await kb('member-of', 'Finland', 'NATOO');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown organisation "NATOO"; did you mean .*NATO/);
  });

  it.each([['2022-13-01', /month 13 does not exist/], ['12/01/2022', /did you mean 2022-01-12 \(day\/month\) or 2022-12-01 \(month\/day\)/], ['2022', /give a day/]])(
    'malformed date %s: exit code 2',
    async (date, msg) => {
      const r = await kb('member-of', 'Finland', 'NATO', '--on', date);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/ATT-E051/);
      expect(r.err).toMatch(msg);
    },
  );
});

describe('attache kb members', () => {
  it('lists NATO on 2022-01-12 with since dates and a count', async () => {
    const r = await kb('members', 'NATO', '--on', '2022-01-12');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('NATO (North Atlantic Treaty Organization) on 2022-01-12: 30 members');
    expect(r.out).toMatch(/Poland\s+POL\s+since 1999-03-12/);
    expect(r.out).not.toMatch(/Finland/);
  });

  it('--json gives ids, statuses and since dates', async () => {
    const r = await kb('members', 'Arab League', '--on', '2015-01-01', '--json');
    const j = JSON.parse(r.out) as { count: number; members: { id: string; status: string }[] };
    expect(j.count).toBe(22);
    expect(j.members.find((m) => m.id === 'SYR')?.status).toBe('suspended');
  });

  it('unknown organisation exits 1', async () => {
    expect((await kb('members', 'Warsaw Pakt')).code).toBe(1);
  });
});

describe('attache kb show', () => {
  it('shows a state: names, codes, capital, demonyms, memberships now and past', async () => {
    const r = await kb('show', 'Ukraine', '--on', '2022-01-12');
    expect(r.code).toBe(0);
    expect(r.out).toContain('codes      UA / UKR / 804');
    expect(r.out).toContain('capital    Kyiv');
    expect(r.out).toContain('demonyms   Ukrainian');
    expect(r.out).toMatch(/OSCE\s+member since 1992-01-30/);
    expect(r.out).toMatch(/1991-12-08 to 2018-05-19 CIS/);
  });

  it('shows an organisation, and "AU" is the African Union there, not Australia', async () => {
    const r = await kb('show', 'AU', '--on', '2024-01-01');
    expect(r.out.split('\n')[0]).toBe('AU: African Union (union)');
    expect(r.out).toContain('Members on 2024-01-01: 55');
  });

  it('follows a metonym', async () => {
    expect((await kb('show', 'the Kremlin')).out.split('\n')[0]).toBe('Russia (Russian Federation)');
  });

  it('suggests for a typo', async () => {
    const r = await kb('show', 'Ukriane');
    expect(r.code).toBe(1);
    expect(r.err).toContain('did you mean Ukraine');
  });
});

describe('attache kb orgs and --help', () => {
  it('lists the organisations', async () => {
    const r = await kb('orgs');
    expect(r.out.split('\n').filter(Boolean)).toHaveLength(18);
    expect(r.out).toMatch(/^NATO\s+North Atlantic Treaty Organization/m);
  });

  it.each(['member-of', 'members', 'show', 'orgs'])('%s --help has examples', async (cmd) => {
    const r = await kb(cmd, '--help');
    expect(r.out).toContain('Examples:');
    expect(r.out).toContain(`attache kb ${cmd}`);
  });
});
