import { z } from 'zod';
import { QuoteSchema } from '../stages/quotes/schema.ts';
import { EventSchema } from '../stages/events/schema.ts';
import { EntitySchema } from '../stages/entities/schema.ts';

/**
 * The JSON record Attaché writes for one article, defined once here: docs/output.md is
 * generated from it (`npm run docs:output`) and a test fails when the two drift.
 */

const span = {
  start: z.number().int().nonnegative().describe('UTF-16 offset of the first character in `text`'),
  end: z.number().int().nonnegative().describe('UTF-16 offset one past the last character; `text.slice(start, end)` is the span'),
};

export const ProvenanceSchema = z
  .object({
    stage: z.string().describe('stage that made the annotation'),
    version: z.string().describe('version of that stage'),
    rule: z.string().optional().describe('rule, parser or model that fired'),
    confidence: z.number().min(0).max(1).optional(),
  })
  .describe('who made an annotation and how');

export const PublishedSchema = z
  .object({
    value: z.string().nullable().describe('publication date at the precision known (YYYY-MM-DD or YYYY-MM), null when unknown'),
    source: z
      .enum(['user', 'jsonld', 'meta', 'url', 'text-dateline', 'feed', 'page-header', 'none'])
      .describe('where the date came from, most trusted first: user (--published), jsonld, meta, url, text-dateline ("Published ..." line), feed, page-header (a site date widget: low confidence), none'),
    confidence: z.number().min(0).max(1),
    raw: z.string().optional().describe('the string the date was read from'),
  })
  .describe('publication date with its source and confidence');

export const DatelineSchema = z
  .object({
    ...span,
    text: z.string().describe('the place as written: "Brussels, Belgium", "MOSCOW"'),
    agency: z.string().optional().describe('news agency inside the dateline: "Reuters"'),
  })
  .describe('the dateline at the start of the body');

export const SentenceSchema = z.object({ ...span });

export const TimeSchema = z.object({
  ...span,
  text: z.string(),
  value: z.string().describe('TIMEX3 value at the granularity known: 2022-01-12, 2021-12, 2022-W02, P30Y, PAST_REF'),
  type: z.enum(['DATE', 'TIME', 'DURATION', 'SET']),
  anchored: z.boolean().describe('true when resolved against the publication date (relative expression)'),
  prov: ProvenanceSchema,
});

export const MentionSchema = z.object({
  ...span,
  text: z.string(),
  label: z.enum(['PER', 'ORG', 'LOC', 'MISC']).describe('CoNLL label from our trained tagger'),
  confidence: z.number().min(0).max(1),
  prov: ProvenanceSchema,
});

export const PlaceSchema = z.object({
  ...span,
  text: z.string().describe('the place as written: "Kiev"'),
  name: z.string().describe('canonical English name: "Kyiv"'),
  lat: z.number(),
  lon: z.number(),
  geonameId: z.number().int().optional().describe('GeoNames id, for cities'),
  country: z.string().nullable().describe('ISO 3166-1 alpha-2; null for regions spanning states ("Eastern Europe")'),
  kind: z.enum(['city', 'state', 'region', 'admin']),
  confidence: z.number().min(0).max(1),
  metonym: z.boolean().optional().describe('true when the name stands for a government ("Moscow denies")'),
  prov: ProvenanceSchema,
});

export const WarningSchema = z.object({
  code: z.string().describe('ATT-Wnnn; see docs/errors.md'),
  message: z.string(),
});


export const OutputSchema = z
  .object({
    id: z.string().describe('the input id (file name, URL or the JSONL "id")'),
    title: z.string().nullable(),
    published: PublishedSchema,
    dateline: DatelineSchema.nullable(),
    byline: z.string().nullable().describe('author(s); null when the page names only a site account such as "admin"'),
    url: z.string().nullable(),
    siteName: z.string().nullable(),
    lang: z.string().nullable(),
    text: z.string().describe('the clean body text every span points into'),
    boilerplate: z.array(z.string()).describe('page-chrome lines removed from the body ("Source link", "Leave a Reply")'),
    captions: z.array(z.string()).describe('picture captions and graphic titles, kept apart from the body'),
    sentences: z.array(SentenceSchema),
    mentions: z.array(MentionSchema).describe('named-entity mentions (PER, ORG, LOC, MISC)'),
    entities: z.array(EntitySchema).describe('people, states, organisations, media, places and groups, each with every mention resolved to it and roles for people'),
    quotes: z.array(QuoteSchema).describe('direct, indirect and mixed quotes with speaker, cue, stance and outlet'),
    times: z.array(TimeSchema).describe('time expressions with TIMEX3 values'),
    places: z.array(PlaceSchema).describe('geocoded places'),
    events: z.array(EventSchema).describe('PLOVER events with source, target, place, date, modality and evidence'),
    warnings: z.array(WarningSchema),
    pipeline: z
      .object({
        version: z.string(),
        stages: z.array(z.object({ name: z.string(), version: z.string() })),
      })
      .describe('the stages that made this record, for audit and reproducibility'),
  })
  .describe('one analysed article');

export type Output = z.infer<typeof OutputSchema>;

/** A failed input in a batch: one line in the output at the input's position. */
export const ErrorOutputSchema = z.object({
  id: z.string().nullable(),
  line: z.number().int().optional(),
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorOutput = z.infer<typeof ErrorOutputSchema>;
