/**
 * The places stage: every place name the entity stage found, resolved to a point, a country
 * and (for cities) a GeoNames id. See resolve.ts for the scoring and data/places for the tables.
 *
 * Which mentions are places:
 * - LOC mentions, always;
 * - ORG and MISC mentions only when they read as a state, a named region, a capital/major
 *   city ("Washington" tagged ORG as the US government) or a seat of power ("the Kremlin",
 *   "the White House": read as the city it stands in, rule 'landmark'). A place used as an
 *   actor is still a place reference: it is kept here with `metonym: true` when a speech or
 *   action verb follows ("Moscow denies …"); mapping it to the state actor is the metonym
 *   stage's job.
 * - demonyms ("Russian", "European") never: resolvePlaces reads them as their state or region
 *   (the geoparsing corpora count them), but in `places` they would be nationalities, not places;
 * - a LOC name the gazetteer lacks ("Zamalek") is placed at the medoid of the story's other
 *   places, kind 'region', rule 'unknown+near-context', low confidence, unless it is a piece
 *   of an institution's name, a demonym or a generic phrase (see resolve.ts); ORG/MISC ones
 *   are dropped;
 * - PER mentions never ("Jordan" the player is not the kingdom): resolvePlaces only resolves,
 *   so the choice of spans is made here.
 */
import type { Stage } from '../../pipeline/stage.ts';
import type { Warning } from '../../doc/types.ts';
import { getGazetteer } from './gazetteer.ts';
import { datelineCountry, PLACES_STAGE, PLACES_VERSION, resolvePlaces, type Place, type PlaceCandidate } from './resolve.ts';

export type { Place } from './resolve.ts';

/** The shape of an entity-stage mention this stage reads; other fields are ignored. */
interface NerMention {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly label: string;
}

const isMention = (m: unknown): m is NerMention =>
  typeof m === 'object' && m !== null && typeof (m as NerMention).start === 'number' && typeof (m as NerMention).end === 'number' && typeof (m as NerMention).label === 'string';

export const placesStage: Stage<'places'> = {
  name: PLACES_STAGE,
  version: PLACES_VERSION,
  requires: ['meta', 'mentions'],
  provides: ['places'],
  run(doc) {
    const warnings: Warning[] = [];
    const gaz = getGazetteer();
    const loose = new Set<number>();
    const cands: PlaceCandidate[] = [];
    for (const m of doc.layer('mentions')) {
      if (!isMention(m) || m.label === 'PER') continue;
      if (m.label !== 'LOC') loose.add(m.start);
      // The mention is a candidate as it is: its text is doc.text.slice(start, end) (see ner.ts).
      cands.push(m);
    }
    const dateline = doc.layer('meta').dateline?.text;
    const cc = dateline ? datelineCountry(dateline, gaz) : null;
    const places: Place[] = resolvePlaces(doc.text, cands, cc ? { datelineCountry: cc } : {}, gaz).filter(
      (p) =>
        // "Russian", "European": adjectives of a place are nationality, not a place reference.
        !p.prov.rule.startsWith('demonym') &&
        // A name the gazetteer lacks is guessed near the story's other places only when NER called it a location.
        (!loose.has(p.start) || ((p.kind === 'state' || p.kind === 'region' || /\b(capital|major-city|landmark)\b/.test(p.prov.rule)) && !p.prov.rule.startsWith('unknown'))),
    );
    if (dateline && !cc) warnings.push({ code: 'ATT-W020', message: `dateline place "${dateline}" not found in the gazetteer; places resolved without it` });
    return { layers: { places }, warnings };
  },
};
