/** The zod schema of an event in the output record (wired into src/schema/output.ts). */
import { z } from 'zod';
import { PLOVER_TYPES } from './triggers.ts';

const Span = { start: z.number().int().nonnegative(), end: z.number().int().nonnegative() };

export const EventActorSchema = z.object({
  name: z.string(),
  entity: z.string().optional(),
  kbId: z.string().optional().describe('ISO3 for a state, KB org id ("nato", as in the entities layer) for an organisation'),
  country: z.string().optional().describe('ISO3'),
  start: Span.start.optional(),
  end: Span.end.optional(),
});

export const EvidenceSchema = z.object({ ...Span, text: z.string() });

export const EventSchema = z.object({
  id: z.string(),
  type: z.enum(PLOVER_TYPES),
  mode: z.string().optional().describe('PLOVER mode: visit, meeting, phone, …'),
  source: EventActorSchema.optional(),
  target: EventActorSchema.optional(),
  participants: z.array(EventActorSchema).readonly().optional(),
  place: z.object({ name: z.string(), country: z.string().nullable().describe('ISO3'), ...Span }).optional(),
  date: z
    .object({
      value: z.string().describe('TIMEX3'),
      from: z.enum(['time-expression', 'document-date']),
      start: Span.start.optional(),
      end: Span.end.optional(),
      confidence: z.number().min(0).max(1),
    })
    .optional(),
  negated: z.boolean(),
  modality: z.string().optional().describe('may, could, want, plan, will, should, must, …: not an event that happened'),
  intent: z.enum(PLOVER_TYPES).optional().describe('for an expressed intent coded AGREE or THREATEN: the act intended'),
  evidence: z.array(EvidenceSchema).min(1).readonly(),
  trigger: EvidenceSchema.extend({ lemma: z.string() }),
  quote: z.number().int().nonnegative().optional(),
  rule: z.string(),
  confidence: z.number().min(0).max(1),
  prov: z.object({ stage: z.string(), version: z.string(), rule: z.string().optional(), confidence: z.number().optional() }),
});
