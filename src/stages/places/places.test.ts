import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Document } from '../../doc/document.ts';
import type { Meta } from '../../doc/types.ts';
import { fold } from './gazetteer.ts';
import { placesStage } from './places.ts';
import { datelineCountry, resolvePlaces, type Place, type PlaceCandidate } from './resolve.ts';

/** Every whole-word occurrence of each name: the spans an NER stage would hand over. */
function spans(text: string, names: readonly string[]): PlaceCandidate[] {
  const out: PlaceCandidate[] = [];
  for (const n of names) {
    const re = new RegExp(`(?<![\\p{L}])${n.replace(/[.]/g, '\\.')}(?![\\p{L}])`, 'gu');
    for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + n.length, text: n });
  }
  return out;
}

function resolveIn(text: string, names: readonly string[], ctx = {}): Place[] {
  return resolvePlaces(text, spans(text, names), ctx);
}

const first = (places: readonly Place[], text: string): Place | undefined => places.find((p) => p.text === text);

describe('seed article', () => {
  const text = readFileSync(fileURLToPath(new URL('../../../examples/seed-article.txt', import.meta.url)), 'utf8');
  const names = ['Brussels', 'Belgium', 'Geneva', 'Vienna', 'Austria', 'Kiev', 'Ukraine', 'Poland', 'Russia', 'Moscow', 'Washington', 'Eastern Europe', 'Europe'];
  const cc = datelineCountry('Brussels, Belgium');
  const places = resolveIn(text, names, cc ? { datelineCountry: cc } : {});

  it('reads the dateline country', () => expect(cc).toBe('BE'));

  it.each([
    ['Brussels', 'Brussels', 'BE'],
    ['Geneva', 'Geneva', 'CH'],
    ['Vienna', 'Vienna', 'AT'],
    ['Austria', 'Austria', 'AT'],
    ['Kiev', 'Kyiv', 'UA'],
    ['Ukraine', 'Ukraine', 'UA'],
    ['Poland', 'Poland', 'PL'],
  ])('%s → %s, %s', (mention, name, country) => {
    const mine = places.filter((p) => p.text === mention);
    expect(mine.length).toBeGreaterThan(0);
    for (const p of mine) {
      expect(p.name).toBe(name);
      expect(p.country).toBe(country);
      expect(text.slice(p.start, p.end)).toBe(p.text);
    }
  });

  it('gives GeoNames ids for cities and flags "Moscow denies" as an actor', () => {
    expect(first(places, 'Geneva')?.geonameId).toBe(2660646);
    expect(first(places, 'Kiev')?.geonameId).toBe(703448);
    const moscow = places.filter((p) => p.text === 'Moscow');
    expect(moscow.some((p) => p.metonym)).toBe(true);
    expect(moscow.every((p) => p.country === 'RU')).toBe(true);
  });

  it('resolves Eastern Europe as a region of no single state', () => {
    const ee = first(places, 'Eastern Europe');
    expect(ee?.kind).toBe('region');
    expect(ee?.country).toBeNull();
  });
});

describe('resolvePlaces', () => {
  it.each([
    // [text, mention, expected country, expected name]
    ['Talks resumed in Geneva on Monday.', 'Geneva', 'CH', 'Geneva'],
    ['The plant in Geneva, Illinois, will close.', 'Geneva', 'US', 'Geneva'],
    ['She grew up in Geneva, Ill., and moved.', 'Geneva', 'US', 'Geneva'],
    ['Flooding hit Geneva, N.Y. on Tuesday.', 'Geneva', 'US', 'Geneva'],
    ['The summit opened in Paris.', 'Paris', 'FR', 'Paris'],
    ['A tornado struck Paris, Texas, overnight.', 'Paris', 'US', 'Paris'],
    ['Kiev rejected the demand.', 'Kiev', 'UA', 'Kyiv'],
    ['Fighting spread across the Donbas.', 'Donbas', 'UA', 'Donbas'],
    ['Russia annexed Crimea in 2014.', 'Crimea', 'UA', 'Crimea'],
    ['Delegates met in Wien and München.', 'Wien', 'AT', 'Vienna'],
    ['Delegates met in Wien and München.', 'München', 'DE', 'Munich'],
    ['Strikes hit Kharkov and Odessa.', 'Kharkov', 'UA', 'Kharkiv'],
  ])('%s — %s → %s', (text, mention, country, name) => {
    const p = first(resolveIn(text, [mention]), mention);
    expect(p?.country).toBe(country);
    expect(p?.name).toBe(name);
  });

  it('reads Georgia as the state in foreign-policy news and as the US state next to Atlanta', () => {
    const fp = 'Russia fought a war with Georgia in 2008. Tbilisi accused Moscow of aggression.';
    expect(first(resolveIn(fp, ['Russia', 'Georgia', 'Tbilisi', 'Moscow']), 'Georgia')?.country).toBe('GE');
    const us = 'The company moved from Atlanta, Georgia, to Savannah.';
    const g = first(resolveIn(us, ['Atlanta', 'Georgia', 'Savannah']), 'Georgia');
    expect(g?.country).toBe('US');
    expect(g?.kind).toBe('admin');
  });

  it('uses the document context: Paris among Illinois towns is Paris, Illinois', () => {
    const t = 'Paris police said the driver fled toward Illinois state route 1, near Chrisman and Danville.';
    expect(first(resolveIn(t, ['Paris', 'Illinois', 'Chrisman', 'Danville']), 'Paris')?.country).toBe('US');
  });

  it('uses the dateline country', () => {
    // London, Ontario when the dateline says Canada and the story names Ontario towns.
    const t = 'The council in London approved the budget; Sarnia and Windsor did the same.';
    expect(first(resolveIn(t, ['London', 'Sarnia', 'Windsor'], { datelineCountry: 'CA' }), 'London')?.country).toBe('CA');
  });

  it('trims a possessive off the span and keeps text === slice', () => {
    const t = "Ukraine's army held the line.";
    const [p] = resolvePlaces(t, [{ start: 0, end: 9, text: "Ukraine's" }], {});
    expect(p).toMatchObject({ start: 0, end: 7, text: 'Ukraine', country: 'UA' });
  });

  it('spatial minimality: Paris next to Henry County is Paris, Tennessee', () => {
    const t = 'Residents of Paris and Henry County will receive a letter.';
    const ps = resolveIn(t, ['Paris', 'Henry County']);
    expect(first(ps, 'Paris')).toMatchObject({ country: 'US' });
    expect(first(ps, 'Henry County')?.lat).toBeCloseTo(36.3, 0);
  });

  it('a county and its seat read together (Walker County, Texas with Huntsville)', () => {
    const t = 'The burn ban for Walker County was lifted after Huntsville Fire Chief spoke.';
    const ps = resolveIn(t, ['Walker County', 'Huntsville']);
    expect(Math.round(first(ps, 'Huntsville')?.lat ?? 0)).toBe(31);
    expect(Math.round(first(ps, 'Walker County')?.lat ?? 0)).toBe(31);
  });

  it.each([
    ['Snow fell across upstate New York.', 'admin'],
    ['New York state declared an emergency.', 'admin'],
    ['Cases were found in Ohio, New York and Texas.', 'admin'],
    ['The delegation flew to New York on Monday.', 'city'],
  ])('New York by context: %s → %s', (t, kind) => {
    expect(first(resolveIn(t, ['New York', 'Ohio', 'Texas']), 'New York')?.kind).toBe(kind);
  });

  it('reads first-level divisions worldwide and a name inside a longer one', () => {
    expect(first(resolveIn('Floods hit KwaZulu-Natal.', ['KwaZulu-Natal']), 'KwaZulu-Natal')).toMatchObject({ country: 'ZA', kind: 'admin' });
    const p = first(resolveIn('A show at the Vancouver Art Gallery.', ['Vancouver Art Gallery']), 'Vancouver Art Gallery');
    expect(p).toMatchObject({ country: 'CA' });
    expect(p?.prov.rule).toContain('backoff');
  });

  it('places a name the gazetteer lacks near the story\'s other places, with low confidence', () => {
    const t = 'Protesters gathered in Quellmarkplatz, near Tahrir Square in Cairo.';
    const p = first(resolveIn(t, ['Quellmarkplatz', 'Cairo']), 'Quellmarkplatz');
    expect(p).toMatchObject({ country: 'EG', kind: 'region' });
    expect(p?.prov.rule).toBe('unknown+near-context');
    expect(p?.confidence).toBeLessThan(0.3);
  });

  describe('negative cases', () => {
    it.each([
      ['Minister Olvar Kresk arrived in Tarnholm.', 'Tarnholm'],
      ['Officials from Quellmark and Drevno met.', 'Quellmark'],
      ['He spoke to Radio Tarn.', 'Radio Tarn'],
    ])('made-up name in "%s" stays unresolved', (text, name) => {
      expect(first(resolveIn(text, [name]), name)).toBeUndefined();
    });

    it('does not flag a place as an actor when no verb follows', () => {
      const t = 'Talks in Moscow on Monday ended. Moscow denies the claim.';
      const ps = resolveIn(t, ['Moscow']);
      expect(ps.map((p) => p.metonym ?? false)).toEqual([false, true]);
    });

    it('only resolves: a person-like span "Jordan" comes back as the kingdom (callers filter PER)', () => {
      const t = 'Jordan scored 30 points.';
      expect(first(resolveIn(t, ['Jordan']), 'Jordan')?.country).toBe('JO');
    });

    it('keeps one reading per name in a document', () => {
      const t = 'Athens, Ga., voters met. Later, Athens officials spoke.';
      const ps = resolveIn(t, ['Athens']);
      expect(new Set(ps.map((p) => p.country))).toEqual(new Set(['US']));
    });
  });
});

describe('fold', () => {
  it.each([
    ['Genève', 'geneve'],
    ['St. Gallen', 'saint gallen'],
    ['the Balkans', 'balkans'],
    ['Xi’an', 'xian'],
    ['Zürich', 'zurich'],
  ])('%s → %s', (a, b) => expect(fold(a)).toBe(b));
});

describe('placesStage', () => {
  const text = 'BRUSSELS — Washington said on Monday that Moscow denies everything. Jordan Smith, a Russian analyst in Kiev, disagreed. The Tarnholm Accord was cited.';
  const at = (s: string): { start: number; end: number } => {
    const i = text.indexOf(s);
    return { start: i, end: i + s.length };
  };
  const meta: Meta = {
    title: null,
    byline: null,
    dateline: { ...at('BRUSSELS'), text: 'BRUSSELS', prov: { stage: 'metadata', version: '1.0.0' } },
    published: { value: null, source: 'none', confidence: 0 },
    url: null,
    siteName: null,
    lang: null,
  };
  const mentions = [
    { ...at('BRUSSELS'), text: 'BRUSSELS', label: 'LOC' as const, confidence: 0.9, prov: { stage: 'ner', version: 'test' } },
    { ...at('Washington'), text: 'Washington', label: 'ORG' as const, confidence: 0.8, prov: { stage: 'ner', version: 'test' } },
    { ...at('Moscow'), text: 'Moscow', label: 'LOC' as const, confidence: 0.9, prov: { stage: 'ner', version: 'test' } },
    { ...at('Jordan Smith'), text: 'Jordan Smith', label: 'PER' as const, confidence: 0.9, prov: { stage: 'ner', version: 'test' } },
    { ...at('Jordan'), text: 'Jordan', label: 'PER' as const, confidence: 0.5, prov: { stage: 'ner', version: 'test' } },
    { ...at('Russian'), text: 'Russian', label: 'MISC' as const, confidence: 0.9, prov: { stage: 'ner', version: 'test' } },
    { ...at('Kiev'), text: 'Kiev', label: 'LOC' as const, confidence: 0.9, prov: { stage: 'ner', version: 'test' } },
    { ...at('Tarnholm Accord'), text: 'Tarnholm Accord', label: 'MISC' as const, confidence: 0.7, prov: { stage: 'ner', version: 'test' } },
  ];
  const doc = Document.create({ id: 't', text, hints: { kind: 'text' }, boilerplate: [], captions: [], warnings: [] }).with({ meta, mentions });
  const { layers } = placesStage.run(doc, { options: {} });
  const places = layers.places;

  it('declares its layers', () => {
    expect(placesStage.requires).toEqual(['meta', 'mentions']);
    expect(placesStage.provides).toEqual(['places']);
  });

  it('keeps LOC, a capital tagged ORG (as an actor), drops PER, demonyms and made-up names', () => {
    expect(places.map((p) => [p.text, p.country, p.metonym ?? false])).toEqual([
      ['BRUSSELS', 'BE', false],
      ['Washington', 'US', true],
      ['Moscow', 'RU', true],
      ['Kiev', 'UA', false],
    ]);
  });

  it('keeps text === doc.text.slice(start, end) and provenance on every place', () => {
    for (const p of places) {
      expect(text.slice(p.start, p.end)).toBe(p.text);
      expect(p.prov).toMatchObject({ stage: 'places', version: placesStage.version });
      expect(p.prov.rule).not.toBe('');
    }
  });
});
