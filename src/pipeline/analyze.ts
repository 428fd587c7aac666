import type { Document } from '../doc/document.ts';
import type { Output } from '../schema/output.ts';
import { normalize, NORMALIZE_VERSION, type RawInput } from '../stages/normalize/normalize.ts';
import { metadataStage } from '../stages/metadata/metadata.ts';
import { sentencesStage } from '../stages/sentences/sentences.ts';
import { timesStage } from '../stages/times/times.ts';
import { nerStage } from '../stages/entities/ner/ner.ts';
import { entitiesStage } from '../stages/entities/entities.ts';
import { toEntityJson } from '../stages/entities/schema.ts';
import { placesStage } from '../stages/places/places.ts';
import { quotesStage } from '../stages/quotes/quotes.ts';
import { eventsStage } from '../stages/events/events.ts';
import { Pipeline } from './pipeline.ts';
import pkg from '../../package.json' with { type: 'json' };

let cached: Pipeline | undefined;

/** The default pipeline, in the order data flows (STYLE.md): built and checked once. */
export function defaultPipeline(): Pipeline {
  cached ??= new Pipeline([metadataStage, sentencesStage, nerStage, entitiesStage, quotesStage, timesStage, placesStage, eventsStage]);
  return cached;
}

/**
 * Analyses one article end to end. Throws AttacheError for input it cannot read.
 *
 * @example analyze({ id: 'a', kind: 'text', body: 'MOSCOW (Reuters) - Russia said on Monday...', published: '2022-01-14' }).times
 */
export function analyze(raw: RawInput, pipeline: Pipeline = defaultPipeline()): Output {
  const doc = pipeline.run(normalize(raw));
  return toOutput(doc, pipeline);
}

/** The Document as the public JSON record (src/schema/output.ts). */
export function toOutput(doc: Document, pipeline: Pipeline): Output {
  const meta = doc.layer('meta');
  const has = (n: Parameters<Document['has']>[0]): boolean => doc.has(n);
  return {
    id: doc.id,
    title: meta.title,
    published: meta.published,
    dateline: meta.dateline ? { start: meta.dateline.start, end: meta.dateline.end, text: meta.dateline.text, ...(meta.dateline.agency ? { agency: meta.dateline.agency } : {}) } : null,
    byline: meta.byline,
    url: meta.url,
    siteName: meta.siteName,
    lang: meta.lang,
    text: doc.text,
    boilerplate: [...doc.data.boilerplate],
    captions: [...doc.data.captions],
    sentences: has('sentences') ? doc.layer('sentences').map((s) => ({ start: s.start, end: s.end })) : [],
    mentions: has('mentions') ? doc.layer('mentions').map((m) => ({ start: m.start, end: m.end, text: m.text, label: m.label, confidence: round(m.confidence), prov: m.prov })) : [],
    entities: has('entities') ? doc.layer('entities').map(toEntityJson) : [],
    quotes: has('quotes') ? [...doc.layer('quotes')] : [],
    times: has('times') ? doc.layer('times').map((t) => ({ start: t.start, end: t.end, text: t.text, value: t.value, type: t.type, anchored: t.anchored, prov: t.prov })) : [],
    places: has('places')
      ? doc.layer('places').map((p) => ({
          start: p.start,
          end: p.end,
          text: p.text,
          name: p.name,
          lat: p.lat,
          lon: p.lon,
          ...(p.geonameId !== undefined ? { geonameId: p.geonameId } : {}),
          country: p.country,
          kind: p.kind,
          confidence: round(p.confidence),
          ...(p.metonym ? { metonym: true } : {}),
          prov: p.prov,
        }))
      : [],
    events: has('events') ? [...doc.layer('events')] : [],
    warnings: [...doc.warnings],
    pipeline: {
      version: pkg.version,
      stages: [{ name: 'normalize', version: NORMALIZE_VERSION }, ...pipeline.stages.map((s) => ({ name: s.name, version: s.version }))],
    },
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
