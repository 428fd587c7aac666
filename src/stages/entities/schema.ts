/** The JSON shape of an entity in the output record (src/schema/output.ts wires it in). */
import { z } from 'zod';
import type { Entity } from '../../doc/types.ts';

const span = {
  start: z.number().int().nonnegative().describe('UTF-16 offset of the first character in `text`'),
  end: z.number().int().nonnegative().describe('UTF-16 offset one past the last character'),
};

const iso3 = z.string().regex(/^[A-Z]{3}$/);

export const RoleSchema = z
  .object({
    ...span,
    title: z.string().describe('the title without country or organisation: "Deputy Foreign Minister", "Secretary-General", "senior analyst"'),
    org: z.string().optional().describe('the organisation: the name of its entity ("North Atlantic Treaty Organization", "Rasmussen Global"), a title\'s default ("European Parliament" for an MEP) or an unknown "of X" as written'),
    country: iso3.optional().describe('ISO3 of the state the role belongs to: "RUS" for a Russian minister; only states the KB knows'),
    former: z.boolean().optional().describe('true for "former", "ex-", "then-"'),
  })
  .describe('a role a person held, read from the text; the span covers the title phrase it came from');

export const EntityMentionSchema = z.object({
  ...span,
  text: z.string(),
  kind: z
    .enum(['name', 'short-name', 'acronym', 'metonym', 'demonym', 'pronoun', 'nominal'])
    .describe('name; short-name (a surname, "Grushko"); acronym ("OSCE"); metonym ("the Kremlin", "Moscow" as an actor); demonym ("Russian troops"); pronoun; nominal ("the bloc")'),
});

export const EntitySchema = z
  .object({
    id: z.string().regex(/^e\d+$/).describe('stable within the document, in order of first mention: e1, e2, …'),
    name: z.string().describe('canonical name: the KB name for states and KB organisations ("Russia", "Organization for Security and Co-operation in Europe"), the longest full name for people'),
    type: z.enum(['person', 'state', 'organisation', 'media', 'city', 'region', 'group', 'other']).describe('other: a name whose kind could not be confirmed ("Cold War" tagged ORG)'),
    kbId: z.string().optional().describe('KB id: ISO3 for states ("RUS"), the org id for organisations ("nato")'),
    country: iso3.optional().describe('for people, organisations, outlets and cities: ISO3 of their state'),
    roles: z.array(RoleSchema),
    mentions: z.array(EntityMentionSchema).min(1),
    prov: z.object({
      stage: z.string(),
      version: z.string(),
      rule: z.string().optional().describe('space-separated rules of its mentions and roles: ner:PER, title-split, kb:state, metonym:capital, demonym+troops, surname, role:apposition, …'),
      confidence: z.number().min(0).max(1).optional(),
    }),
  })
  .describe('one real-world actor in the document with every mention resolved to it');

export type EntityJson = z.infer<typeof EntitySchema>;

/** Compile-time check that the schema and the Document type agree. */
export const toEntityJson = (e: Entity): EntityJson => ({ ...e, roles: [...e.roles], mentions: [...e.mentions] });
