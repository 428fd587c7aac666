import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../../doc/document.ts';
import type { Entity, EntityMentionKind, Role } from '../../doc/types.ts';
import { SEED_DIR } from '../../eval/seed.ts';
import { loadKb } from '../../kb/kb.ts';
import { defaultPipeline } from '../../pipeline/analyze.ts';
import { normalize } from '../normalize/normalize.ts';
import { entityAt } from './entities.ts';
import { EntitySchema } from './schema.ts';

/** The real default pipeline over one text. */
function analyse(body: string): { doc: Document; entities: readonly Entity[] } {
  const doc = defaultPipeline().run(normalize({ id: 't', kind: 'text', body, published: '2022-01-14' }));
  return { doc, entities: doc.layer('entities') };
}

const kb = loadKb();
const byName = (es: readonly Entity[], name: string): Entity | undefined => es.find((e) => e.name === name);
/** An org as the role gives it matches an expected name or acronym through the KB, else as written. */
const sameOrg = (got: string | undefined, want: string): boolean => got !== undefined && (got === want || (kb.org(want)?.id !== undefined && kb.org(want)?.id === kb.org(got)?.id));
const roleOf = (e: Entity | undefined): Role | undefined => e?.roles[0];

describe('entities: the seed article', () => {
  let seed: { doc: Document; entities: readonly Entity[] };
  beforeAll(() => {
    seed = analyse(readFileSync(join(SEED_DIR, 'article.txt'), 'utf8'));
  });

  // [name, title, org, country, former]
  const people: [string, string, string | undefined, string | undefined, boolean][] = [
    ['Joe Biden', 'President', undefined, 'USA', false],
    ['Vladimir Putin', 'President', undefined, 'RUS', false],
    ['Jens Stoltenberg', 'Secretary-General', 'NATO', undefined, false],
    ['Fabrice Pothier', 'strategy officer', 'Rasmussen Global', undefined, false],
    ['Anders Fogh Rasmussen', 'chief', 'NATO', undefined, true],
    ['Wendy Sherman', 'Deputy Secretary of State', undefined, 'USA', false],
    ['Alexander Grushko', 'Deputy Foreign Minister', undefined, 'RUS', false],
    ['Sergey Lavrov', 'Foreign Minister', undefined, 'RUS', false],
    ['Oleg Ignatov', 'senior analyst', 'International Crisis Group', undefined, false],
    ['Zbigniew Rau', 'Foreign Minister', undefined, 'POL', false],
    ['Michael Carpenter', 'ambassador', 'OSCE', 'USA', false],
    ['Mykola Bielieskov', 'analyst', 'National Institute for Strategic Studies', undefined, false],
    ['Ivana Stradner', 'fellow', 'American Enterprise Institute', undefined, false],
    ['Josep Borrell', 'representative', 'European Union', undefined, false],
    ['Viola Von Cramon-Taubadel', 'MEP', 'European Parliament', undefined, false],
  ];
  it.each(people)('%s: %s', (name, title, org, country, former) => {
    const e = byName(seed.entities, name);
    expect(e?.type).toBe('person');
    expect(e?.roles).toHaveLength(1);
    const r = roleOf(e)!;
    expect(r.title).toBe(title);
    if (org) expect(sameOrg(r.org, org), `org ${String(r.org)}`).toBe(true);
    else expect(r.org).toBeUndefined();
    expect(r.country).toBe(country);
    expect(r.former ?? false).toBe(former);
  });

  it('finds every gold person with the gold role and affiliation', () => {
    const gold = JSON.parse(readFileSync(join(SEED_DIR, 'expected.json'), 'utf8')) as { people: { name: string; role: string; affiliation: string }[] };
    const hits = gold.people.filter((g) => {
      const r = roleOf(byName(seed.entities, g.name));
      if (!r) return false;
      const roleOk = g.role.toLowerCase().endsWith(r.title.toLowerCase());
      const affOk = sameOrg(r.org, g.affiliation) || (r.country !== undefined && kb.state(g.affiliation)?.id === r.country);
      return roleOk && affOk;
    });
    expect(hits.map((g) => g.name)).toEqual(gold.people.map((g) => g.name));
  });

  it.each([
    ['Grushko', 'Alexander Grushko'],
    ['Ignatov', 'Oleg Ignatov'],
    ['Stradner', 'Ivana Stradner'],
  ])('surname %s joins %s', (short, full) => {
    const e = byName(seed.entities, full)!;
    expect(e.mentions.filter((m) => m.text === short && m.kind === 'short-name').length).toBeGreaterThan(0);
    expect(seed.entities.filter((x) => x.name === short)).toHaveLength(0);
  });

  it.each([
    ['NATO', 'organisation', 'nato'],
    ['NATO-Russia Council', 'organisation', 'nrc'],
    ['OSCE', 'organisation', 'osce'],
    ['European Union', 'organisation', 'eu'],
    ['Rasmussen Global', 'organisation', undefined],
    ['Al Jazeera', 'media', undefined],
    ['International Crisis Group', 'organisation', undefined],
    ['National Institute for Strategic Studies', 'organisation', undefined],
    ['American Enterprise Institute', 'organisation', undefined],
    ['Dozhd', 'media', undefined],
  ])('organisation %s is one %s entity', (name, type, kbId) => {
    const found = seed.entities.filter((e) => (kbId ? e.kbId === kbId : e.name === name));
    expect(found).toHaveLength(1);
    expect(found[0]!.type).toBe(type);
  });

  it('joins the OSCE acronym and its long name, and keeps the NATO-Russia Council apart from NATO', () => {
    const osce = seed.entities.find((e) => e.kbId === 'osce')!;
    expect(osce.mentions.map((m) => m.kind)).toEqual(expect.arrayContaining(['name', 'acronym']));
    expect(osce.mentions.some((m) => m.text === 'Organization for Security and Cooperation in Europe')).toBe(true);
    const nrc = seed.entities.find((e) => e.kbId === 'nrc')!;
    expect(nrc.mentions.every((m) => m.text === 'NATO-Russia Council')).toBe(true);
  });

  it('resolves "the bloc" to the EU and "the alliance" to NATO', () => {
    expect(seed.entities.find((e) => e.kbId === 'eu')!.mentions.some((m) => m.text === 'the bloc' && m.kind === 'nominal')).toBe(true);
    expect(seed.entities.find((e) => e.kbId === 'nato')!.mentions.some((m) => m.text === 'the alliance')).toBe(true);
  });

  it.each([
    ['Moscow', 'RUS'],
    ['the Kremlin', 'RUS'],
    ['Washington', 'USA'],
    ['Kiev', 'UKR'],
  ])('metonym %s → %s', (mention, state) => {
    const e = seed.entities.find((x) => x.kbId === state)!;
    expect(e.type).toBe('state');
    expect(e.mentions.some((m) => m.text.toLowerCase() === mention.toLowerCase() && m.kind === 'metonym')).toBe(true);
  });

  it('reads demonyms before actor nouns as mentions of the state, not before titles', () => {
    const text = seed.doc.text;
    const russia = seed.entities.find((e) => e.kbId === 'RUS')!;
    const demonyms = russia.mentions.filter((m) => m.kind === 'demonym').map((m) => text.slice(m.start, m.end + 10));
    expect(demonyms).toEqual(expect.arrayContaining([expect.stringMatching(/^Russian troops/), expect.stringMatching(/^Russian officials/)]));
    expect(demonyms.some((d) => d.startsWith('Russian Deputy'))).toBe(false);
  });

  it('types places used as places as cities', () => {
    for (const city of ['Geneva', 'Vienna', 'Brussels']) expect(byName(seed.entities, city)?.type).toBe(city === 'Brussels' ? 'city' : 'city');
    expect(seed.entities.find((e) => e.kbId === 'eu')!.mentions.some((m) => m.text === 'Brussels')).toBe(false);
  });

  it('keeps every span true to the text and matches the schema', () => {
    const text = seed.doc.text;
    for (const e of seed.entities) {
      expect(EntitySchema.safeParse(e).success, e.name).toBe(true);
      for (const m of e.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
      for (const r of e.roles) expect(r.end).toBeGreaterThan(r.start);
    }
    expect(seed.entities.map((e) => e.id)).toEqual(seed.entities.map((_, i) => `e${i + 1}`));
  });

  it('entityAt finds the entity under a span', () => {
    const at = seed.doc.text.indexOf('Jens Stoltenberg');
    expect(entityAt(seed.entities, at, at + 4)?.name).toBe('Jens Stoltenberg');
    expect(entityAt(seed.entities, 0, 0)).toBeUndefined();
  });
});

describe('entities: made-up names', () => {
  it('reads a pre-modifying title with an unknown "of X" and a made-up outlet', () => {
    const { entities } = analyse('Deputy Minister Olvar Kresk of Tarnland told Radio Tarn that talks would resume.');
    const kresk = byName(entities, 'Olvar Kresk');
    expect(kresk?.type).toBe('person');
    expect(roleOf(kresk)).toMatchObject({ title: 'Deputy Minister', org: 'Tarnland' });
    expect(roleOf(kresk)?.country).toBeUndefined();
    expect(byName(entities, 'Radio Tarn')?.type).toBe('media');
  });

  const cases: [string, string, Partial<Role>][] = [
    ['Brenna Vask, a senior fellow at the Corvel Institute, said the plan would fail.', 'Brenna Vask', { title: 'senior fellow', org: 'Corvel Institute' }],
    ['Tarnish Foreign Minister Halvar Oske met his Pellan counterpart.', 'Halvar Oske', { title: 'Foreign Minister' }],
    ['then-Secretary of State John Kerry spoke first.', 'John Kerry', { title: 'Secretary of State', former: true }],
    ['The speech by former President Donald Trump was short.', 'Donald Trump', { title: 'President', former: true }],
    ['Ilse Marrow, the Corvel Institute’s chief economist, disagreed.', 'Ilse Marrow', { title: 'chief economist', org: 'Corvel Institute' }],
    ['French Defence Minister Ondine Varre visited the troops.', 'Ondine Varre', { title: 'Defence Minister', country: 'FRA' }],
    ['Kasimir Dront, UN Secretary-General, opened the session.', 'Kasimir Dront', { title: 'Secretary-General', org: 'United Nations' }],
  ];
  it.each(cases)('%s', (body, name, role) => {
    const { entities } = analyse(body);
    expect(roleOf(byName(entities, name))).toMatchObject(role);
  });

  it('joins a surname to the full name before it, and possessives too', () => {
    const { entities } = analyse('Marek Olvanen arrived in Geneva on Monday. Olvanen said the talks were useful. Olvanen’s aides agreed.');
    const e = byName(entities, 'Marek Olvanen')!;
    expect(e.mentions.filter((m) => m.kind === 'short-name')).toHaveLength(2);
  });

  it('joins an acronym to the long name of an organisation the KB lacks', () => {
    const { entities } = analyse('The Tarnland Institute for Regional Studies (TIRS) published a report. TIRS said Russia was wrong.');
    const e = entities.find((x) => x.name === 'Tarnland Institute for Regional Studies');
    expect(e?.type).toBe('organisation');
    expect(e?.mentions.some((m) => m.text === 'TIRS' && m.kind === 'acronym')).toBe(true);
  });

  it('reads Brussels as the EU when it acts, and NATO when the sentence is about NATO', () => {
    const eu = analyse('Brussels said the sanctions would stay.').entities;
    expect(eu.find((e) => e.kbId === 'eu')?.mentions[0]?.kind).toBe<EntityMentionKind>('metonym');
    const nato = analyse('Brussels said NATO allies would meet.').entities;
    expect(nato.find((e) => e.kbId === 'nato')?.mentions.some((m) => m.text === 'Brussels')).toBe(true);
  });

  it('splits "Ukraine-Russia" into a mention of each state', () => {
    const { entities } = analyse('Troops massed at the Ukraine-Russia border.');
    expect(entities.map((e) => e.kbId).sort()).toEqual(['RUS', 'UKR']);
  });
});

describe('entities: what must not be extracted', () => {
  it.each([
    ['However, the foreign minister said the talks had failed.'],
    ['The spokesman declined to comment on the report.'],
    ['In May the ministers met again.'],
    ['Analysts said the deal was fragile.'],
  ])('invents no person: %s', (body) => {
    expect(analyse(body).entities.filter((e) => e.type === 'person')).toEqual([]);
  });

  it('does not read the bird as the state', () => {
    expect(analyse('We carved the Turkey after the speeches.').entities.some((e) => e.kbId === 'TUR')).toBe(false);
    expect(analyse('Turkey is a NATO member.').entities.some((e) => e.kbId === 'TUR')).toBe(true);
  });

  it('does not make "Russian proposals" or "Western powers" actors', () => {
    const { entities } = analyse('They did not understand the logic behind Russian proposals, Western powers said.');
    expect(entities.some((e) => e.kbId === 'RUS')).toBe(false);
  });

  it('gives no role across a clause boundary', () => {
    const { entities } = analyse('After meeting the president, John Smith said nothing.');
    expect(byName(entities, 'John Smith')?.roles).toEqual([]);
  });

  it('keeps a capital used as a place a city', () => {
    const { entities } = analyse('Diplomats travelled to Moscow and met in Geneva.');
    expect(entities.some((e) => e.kbId === 'RUS')).toBe(false);
    expect(byName(entities, 'Moscow')?.type).toBe('city');
  });
});

describe('entities: bug fixes', () => {
  it('lists a person known only by a surname once (bug: orphan surname cluster listed twice)', () => {
    const { entities } = analyse('Kresk said the talks failed. Later Kresk left Geneva.');
    const kresk = entities.filter((e) => e.name === 'Kresk');
    expect(kresk.length).toBeLessThanOrEqual(1);
    expect(new Set(entities.map((e) => e.id)).size).toBe(entities.length);
  });
});
