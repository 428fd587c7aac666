import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultPipeline } from '../../pipeline/analyze.ts';
import { normalize } from '../normalize/normalize.ts';
import { EventSchema } from './schema.ts';
import type { Event } from './events.ts';

const pipeline = defaultPipeline();
const run = (body: string): { text: string; events: Event[] } => {
  const doc = pipeline.run(normalize({ id: 't', kind: 'text', body, published: '2022-01-14' }));
  return { text: doc.text, events: doc.layer('events') as Event[] };
};
const factual = (e: Event): boolean => !e.negated && !e.modality;

const seedText = readFileSync(fileURLToPath(new URL('../../../examples/seed-article.txt', import.meta.url)), 'utf8');
interface GoldEvent {
  type: string;
  source?: string;
  actors?: string[];
  evidence: string;
  date_if_published_2022_01_14?: string;
}
const gold = (JSON.parse(readFileSync(fileURLToPath(new URL('../../../../shared/fixtures/seed/expected.json', import.meta.url)), 'utf8')) as { events: GoldEvent[] }).events;

describe('events on the seed article (published 2022-01-14)', () => {
  const { text, events } = run(seedText);
  const nameOf = (a?: Event['source']): string[] => (a ? [a.name, a.kbId ?? '', a.country ?? ''] : []);
  const ALIASES: Record<string, string[]> = { 'United States': ['USA'], Russia: ['RUS'], Ukraine: ['UKR'], NATO: ['nato'], OSCE: ['osce'] };
  const matches = (g: GoldEvent): Event | undefined => {
    const at = text.indexOf(g.evidence);
    const span = { start: at, end: at + g.evidence.length };
    const want = g.source ?? g.actors![0]!;
    return events.find(
      (e) =>
        e.type === g.type &&
        e.evidence.some((v) => v.start < span.end && span.start < v.end) &&
        (nameOf(e.source).some((n) => n === want || n.endsWith(want) || (ALIASES[want] ?? []).includes(n)) || (e.participants ?? []).some((p) => nameOf(p).some((n) => n === want || (ALIASES[want] ?? []).includes(n)))),
    );
  };

  it('finds at least 12 of the 15 gold events with the right type and source', () => {
    const found = gold.filter((g) => matches(g));
    expect(found.length).toBeGreaterThanOrEqual(12);
  });

  it('dates the three meetings from the time expressions', () => {
    for (const [place, date] of [['Geneva', '2022-01-10'], ['Brussels', '2022-01-12'], ['Vienna', '2022-01-13']] as const) {
      const e = events.find((x) => x.type === 'CONSULT' && x.place?.name === place);
      expect(e?.date, place).toMatchObject({ value: date, from: 'time-expression' });
    }
  });

  it('keeps the three channels of dialogue as three distinct CONSULT events', () => {
    const ids = new Set(['Geneva', 'Brussels', 'Vienna'].map((p) => events.find((e) => e.type === 'CONSULT' && e.place?.name === p)?.id));
    expect(ids.size).toBe(3);
    expect(ids.has(undefined)).toBe(false);
  });

  it('merges the mentions of the NATO-Russia Council meeting into one event', () => {
    const nrc = events.filter((e) => e.evidence.some((v) => /NATO-Russia Council|NATO event/.test(v.text)));
    expect(nrc).toHaveLength(1);
    expect(nrc[0]!.evidence.length).toBeGreaterThanOrEqual(3);
  });

  it('has no ASSAULT event ("denies … planning an invasion" is a REJECT)', () => {
    expect(events.filter((e) => e.type === 'ASSAULT')).toEqual([]);
    expect(events.find((e) => e.trigger.text === 'denies')?.type).toBe('REJECT');
  });

  it('resolves metonyms: "Moscow denies" and "The Kremlin blames" are Russia', () => {
    expect(events.find((e) => e.trigger.text === 'denies')?.source?.country).toBe('RUS');
    expect(events.find((e) => e.trigger.text === 'blames')?.source?.country).toBe('RUS');
  });

  it('never emits an event without evidence inside the text, and every span reads back', () => {
    for (const e of events) {
      expect(e.evidence.length).toBeGreaterThan(0);
      for (const v of [...e.evidence, e.trigger]) expect(text.slice(v.start, v.end)).toBe(v.text);
      for (const a of [e.source, e.target, e.place]) if (a && a.start !== undefined) expect(a.end).toBeGreaterThan(a.start);
      expect(EventSchema.safeParse(e).success).toBe(true);
      expect(e.rule).toBeTruthy();
      expect(e.prov.stage).toBe('events');
    }
  });
});

describe('events: patterns with made-up names', () => {
  it.each([
    ['Tarnland condemned the Olvarian missile tests.', 'ACCUSE'],
    ['Foreign Minister Olvar Kresk met his Tarnish counterpart in Geneva on Monday.', 'CONSULT'],
    ['The Kingdom of Morocco called on Algeria to reopen the border.', 'REQUEST'],
    ['Egypt rejected the proposal.', 'REJECT'],
    ['Police arrested 40 protesters in Cairo on Tuesday.', 'COERCE'],
    ['The European Union imposed sanctions on Belarus.', 'SANCTION'],
  ])('%s → %s', (body, type) => {
    expect(run(body).events.filter(factual).map((e) => e.type)).toContain(type);
  });

  it('reads source and target: "France accused Germany of …"', () => {
    const e = run('France accused Germany of breaking the agreement.').events.find((x) => x.type === 'ACCUSE');
    expect(e?.source?.country).toBe('FRA');
    expect(e?.target?.country).toBe('DEU');
  });
});

describe('events: what must NOT be extracted as an event that happened', () => {
  it.each([
    ['hypothetical', 'If Russia invades Ukraine, the alliance will respond.'],
    ['question', 'Will Russia invade Ukraine?'],
    ['negated trigger', 'Russia did not attack Ukraine on Monday.'],
    ['reported denial', 'Moscow denies that it is planning an invasion of Ukraine.'],
    ['modality: may', 'Russia may attack Ukraine next month.'],
    ['modality: could', 'Russian forces could invade Ukraine within days.'],
    ['threatened to', 'Russia threatened to attack Ukraine.'],
  ])('%s: %s', (_label, body) => {
    const assaults = run(body).events.filter((e) => e.type === 'ASSAULT' && factual(e));
    expect(assaults).toEqual([]);
  });

  it('"threatened to attack" is a THREATEN event', () => {
    expect(run('Russia threatened to attack Ukraine.').events.map((e) => e.type)).toContain('THREATEN');
  });

  it('"wants to talk" is recorded with modality, not as talks that happened', () => {
    const e = run('Russia wants to negotiate with Ukraine.').events.find((x) => x.type === 'CONSULT');
    expect(e?.modality).toBe('want');
  });

  it('historical background ("after the Cold War") is not dated to the document date', () => {
    const e = run('NATO expanded its presence in Eastern Europe and deployed troops in Poland after the Cold War.').events.find((x) => x.type === 'MOBILIZE');
    expect(e).toBeDefined();
    expect(e?.date).toBeUndefined();
  });

  it('a count of several meetings is not merged into one meeting, nor made one', () => {
    const { events } = run('Three important meetings were held in European cities last week.');
    expect(events.filter((e) => e.type === 'CONSULT')).toEqual([]);
  });
});

describe('bug: with the entities layer, events lost actors the entities stage does not cover', () => {
  it.each([
    ['The Turkish and Greek sides of the island agreed on Friday to share information on missing people.', ['TUR', 'GRC']],
    ['The US Congress agreed to lift embargoes on pharmaceutical sales to Iran.', ['USA']],
    ['Hungarian and Romanian officials agreed on Wednesday that their countries should cooperate.', ['HUN', 'ROU']],
  ])('%s', (body, countries) => {
    const { events } = run(body);
    const ev = events.find((e) => e.type === 'AGREE' || e.type === 'COOPERATE');
    expect(ev).toBeDefined();
    expect(countries).toContain(ev!.source?.country);
  });
});
