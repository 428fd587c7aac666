/** The JSON shape of a quote in the output record (src/schema/output.ts wires it in). */
import { z } from 'zod';

const SpanSchema = { start: z.number().int().nonnegative(), end: z.number().int().nonnegative() };

export const SpeakerSchema = z.object({
  name: z.string().describe('Resolved name: "Jens Stoltenberg", "EU diplomats", "a senior official"; "unknown" when unresolved'),
  entity: z.string().optional().describe('Entity id when the entities layer is present'),
  start: z.number().int().nonnegative().optional().describe('Span of the words that name the speaker here ("he", "Grushko")'),
  end: z.number().int().nonnegative().optional(),
  text: z.string().optional(),
  kind: z.enum(['person', 'organisation', 'state', 'media', 'group', 'unnamed', 'unknown']),
  via: z.enum(['name', 'surname', 'pronoun', 'nominal', 'continuation', 'sentence-subject', 'group', 'none']).describe('How the name was reached'),
});

export const QuoteSchema = z.object({
  ...SpanSchema,
  text: z.string().describe('Direct: the quotation with its marks; indirect/mixed: the reported clause'),
  content: z.object(SpanSchema).describe('The quoted or reported words without marks'),
  kind: z.enum(['direct', 'indirect', 'mixed']),
  speaker: SpeakerSchema,
  cue: z.object({ ...SpanSchema, text: z.string(), lemma: z.string(), stance: z.enum(['neutral', 'assertive', 'contested', 'denial', 'complaint', 'question', 'agreement', 'hedged', 'promise', 'announcement', 'belief']) }).optional(),
  outlet: z.object({ name: z.string(), entity: z.string().optional(), ...SpanSchema }).optional(),
  setting: z.string().optional().describe('"press conference", "interview", "statement", "reporters", ...'),
  continuation: z.boolean().optional().describe('No cue of its own: continues the previous speaker'),
  confidence: z.number().min(0).max(1),
  prov: z.object({ stage: z.string(), version: z.string(), rule: z.string().optional(), confidence: z.number().optional() }),
});

export type QuoteJson = z.infer<typeof QuoteSchema>;
