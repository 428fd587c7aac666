/**
 * The entities stage: NER mentions → corrected, typed candidates (mentions.ts) → roles of
 * people (roles.ts) → entities resolved within the document (resolve.ts).
 *
 * Each entity says how it was made in `prov.rule`: the rules of its mentions ("ner:PER",
 * "title-split", "kb:state", "metonym:capital", "demonym+troops", "surname", "nominal:eu", …)
 * and of its roles ("role:pre-modifier", "role:apposition", "role:fronted").
 */
import type { Entity, EntityMention, Provenance, Role } from '../../doc/types.ts';
import { loadKb } from '../../kb/kb.ts';
import type { Stage } from '../../pipeline/stage.ts';
import { buildWords, getLexicon } from './lexicon.ts';
import { buildCandidates, findTitles, phraseStarts, type WordContext } from './mentions.ts';
import { clusterCands, type Cluster } from './resolve.ts';
import { findRoles, type RawRole } from './roles.ts';

export const ENTITIES_STAGE = 'entities';
export const ENTITIES_VERSION = '1.0.0';

/**
 * The entity with a mention overlapping [start, end), the first in document order.
 * @example entityAt(doc.layer('entities'), 660, 676)?.name // 'Jens Stoltenberg'
 */
export function entityAt(entities: readonly Entity[], start: number, end: number): Entity | undefined {
  for (const e of entities) for (const m of e.mentions) if (m.start < end && start < m.end) return e;
  return undefined;
}

/** Whether each word is inside a multi-word title: one buffer for every document (runs are one at a time). */
let inTitle = new Uint8Array(0);

export const entitiesStage: Stage<'entities'> = {
  name: ENTITIES_STAGE,
  version: ENTITIES_VERSION,
  requires: ['meta', 'sentences', 'tokens', 'mentions'],
  provides: ['entities'],
  run(doc) {
    const text = doc.text;
    const sentences = doc.layer('sentences');
    const words = buildWords(text, doc.layer('tokens'), sentences);
    const lex = getLexicon();
    const kb = loadKb();
    const starts = phraseStarts(words, lex);
    const titleAt = findTitles(words, lex, starts);
    const dateline = doc.layer('meta').dateline;
    const ctx: WordContext = { text, words, lex, kb, titleAt, starts, dateline: dateline ?? undefined };
    const sentenceText = (w: number): string => {
      const s = sentences[words.sent[w]!];
      return s ? text.slice(s.start, s.end) : '';
    };
    let cands = buildCandidates(ctx, doc.layer('mentions'), sentenceText);
    // Names inside a title are part of it ("… of the Union for Foreign Affairs and Security Policy").
    if (inTitle.length < words.length) inTitle = new Uint8Array(words.length * 2);
    else inTitle.fill(0, 0, words.length);
    for (const i of starts) {
      const t = titleAt[i];
      if (t && t.end - t.start > 1) inTitle.fill(1, t.start, t.end);
    }
    cands = cands.filter((c) => c.type === 'person' || !(inTitle[c.w0] && inTitle[c.w1 - 1]));
    const roles = findRoles(ctx, cands);
    const clusters = clusterCands(cands, kb);
    const entities = toEntities(text, clusters, roles);
    return { layers: { entities } };
  },
};

function toEntities(text: string, clusters: readonly Cluster[], roles: readonly RawRole[]): Entity[] {
  const rolesOf = new Map<Cluster, RawRole[]>();
  const orgOfRole = new Set<Cluster>();
  for (const r of roles) {
    const cl = r.person.cluster;
    if (!cl) continue;
    const list = rolesOf.get(cl) ?? [];
    list.push(r);
    rolesOf.set(cl, list);
    const o = r.orgCand?.cluster;
    if (o) orgOfRole.add(o);
  }
  const out: Entity[] = [];
  for (const cl of clusters) {
    // An unsupported organisation name seen once ("Cold War" tagged ORG at 0.31) is kept, as 'other'.
    const weak = cl.type === 'organisation' && !cl.kbId && cl.cands.length === 1 && cl.cands[0]!.weak && !orgOfRole.has(cl);
    // Few distinct rules per entity: an array keeps them unique and in order more cheaply than a Set.
    const rules: string[] = [];
    let confidence = 0;
    const mentions: EntityMention[] = [];
    let country: string | undefined;
    for (const c of cl.cands) {
      const cr = c.rules;
      for (let i = 0; i < cr.length; i++) if (!rules.includes(cr[i]!)) rules.push(cr[i]!);
      confidence = Math.max(confidence, c.confidence);
      const prev = mentions[mentions.length - 1];
      if (!prev || prev.start !== c.start || prev.end !== c.end) mentions.push({ start: c.start, end: c.end, text: text.slice(c.start, c.end), kind: c.kind });
      country ??= c.country;
    }
    const personRoles: Role[] = [];
    for (const r of rolesOf.get(cl) ?? []) {
      const rr = `role:${r.rule}`;
      if (!rules.includes(rr)) rules.push(rr);
      const role = toRole(r);
      if (!personRoles.some((x) => x.title === role.title && x.org === role.org && x.country === role.country)) personRoles.push(role);
      if (cl.type === 'person') country ??= role.country;
    }
    if (weak && !rules.includes('weak-org')) rules.push('weak-org');
    let rule = '';
    for (const r of rules) rule = rule ? `${rule} ${r}` : r;
    const prov: Provenance = { stage: ENTITIES_STAGE, version: ENTITIES_VERSION, rule, confidence: Math.round(confidence * 1000) / 1000 };
    // Keys in output order: id, name, type, kbId?, country?, roles, mentions, prov.
    const e: { -readonly [K in keyof Entity]: Entity[K] } = { id: `e${out.length + 1}`, name: cl.name, type: weak ? 'other' : cl.type } as Entity;
    if (cl.kbId) e.kbId = cl.kbId;
    if (country && cl.type !== 'state') e.country = country;
    e.roles = personRoles;
    e.mentions = mentions;
    e.prov = prov;
    out.push(e);
  }
  return out;
}

function toRole(r: RawRole): Role {
  const org = r.orgCand ? (r.orgCand.cluster?.name ?? r.orgCand.name) : r.orgText;
  const role: { -readonly [K in keyof Role]: Role[K] } = { start: r.start, end: r.end, title: r.title };
  if (org) role.org = org;
  if (r.country) role.country = r.country;
  if (r.former) role.former = true;
  return role;
}
