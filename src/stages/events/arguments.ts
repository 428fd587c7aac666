/**
 * Actors for event arguments: from the entities layer when present (metonyms and demonyms already
 * resolved), else from NER mentions resolved through the KB ("Moscow denies" → Russia, "Russian" →
 * Russia, "NATO-Russia" → NATO and Russia). Also the small clause helpers the argument rules share.
 */
import type { Entity, Mention, Place } from '../../doc/types.ts';
import type { Kb } from '../../kb/kb.ts';
import type { Word } from './triggers.ts';

export type ActorKind = 'state' | 'organisation' | 'person' | 'place' | 'group' | 'media';

export interface Actor {
  readonly name: string;
  readonly kind: ActorKind;
  /** Entity id when the entities layer made this actor. */
  readonly entity?: string;
  /** KB id: ISO3 for states, the org id ("NATO") for organisations. */
  readonly kbId?: string;
  /** ISO3 of the state the actor is or belongs to. */
  readonly country?: string;
  /** For people: the organisation in front of the name ("NATO Secretary-General …"). */
  readonly org?: string;
  /** "NATO-Russia" stands for two actors. */
  readonly parts?: readonly Actor[];
}

/** An actor mention inside a sentence, as word indices (inclusive) and text offsets. */
export interface ActorMention {
  readonly first: number;
  readonly last: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly actor: Actor;
}

/** Identity keys of an actor, for comparing participants across mentions. */
export function actorKeys(a: Actor): string[] {
  const keys = [a.kbId ?? a.entity ?? a.name.toLowerCase()];
  for (const p of a.parts ?? []) keys.push(...actorKeys(p));
  return keys;
}

const ORG_ID = (kb: Kb, id: string): string => kb.orgById(id)?.acronyms[0] ?? id.toUpperCase();

/** Resolves names to actors through the KB, caching what does not depend on context. */
export class ActorResolver {
  private readonly cache = new Map<string, Actor | null>();
  constructor(private readonly kb: Kb) {}

  state(text: string): Actor | undefined {
    const key = 's:' + text;
    let a = this.cache.get(key);
    if (a === undefined) {
      const st = this.kb.state(text, { strict: true });
      a = st && st.independent !== false ? { name: st.name, kind: 'state', kbId: st.id, country: st.id } : null;
      // "Western", "European": not states
      this.cache.set(key, a);
    }
    return a ?? undefined;
  }

  org(text: string): Actor | undefined {
    const key = 'o:' + text;
    let a = this.cache.get(key);
    if (a === undefined) {
      const o = this.kb.org(text, { strict: true });
      a = o ? { name: o.name, kind: 'organisation', kbId: ORG_ID(this.kb, o.id) } : null;
      this.cache.set(key, a);
    }
    return a ?? undefined;
  }

  metonym(text: string, context: string): Actor | undefined {
    const key = 'm:' + text + '\u0000' + context;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    if (this.cache.size > 50_000) this.cache.clear();
    const a = this.metonymUncached(text, context);
    this.cache.set(key, a ?? null);
    return a;
  }

  private metonymUncached(text: string, context: string): Actor | undefined {
    const m = this.kb.metonym(text, context);
    if (!m) return undefined;
    if (m.kind === 'state') return { name: m.name, kind: 'state', kbId: m.id, country: m.id };
    return { name: m.name, kind: 'organisation', kbId: ORG_ID(this.kb, m.id) };
  }

  iso3(iso2: string | null): string | undefined {
    return iso2 ? this.kb.state(iso2, { strict: true })?.id : undefined;
  }

  /** A NER mention as an actor; `context` is its sentence (for metonyms such as "Brussels"). */
  fromMention(m: Mention, place: Place | undefined, context: string): Actor | undefined {
    const text = m.text.replace(/^the\s+/i, '');
    if (/[-‐]/.test(text) && !this.org(text)) {
      const parts = text.split(/[-‐]/).map((p) => this.state(p) ?? this.org(p)).filter((p): p is Actor => !!p);
      if (parts.length >= 2) return { name: text, kind: 'group', parts };
    }
    if (m.label === 'PER') return { name: m.text, kind: 'person' };
    const org = this.org(text) ?? this.org(m.text);
    if (org) {
      // "NATO-Russia Council": the body, and the two sides it brings together
      const sides = /[-‐]/.test(text) ? text.split(/\s+/)[0]!.split(/[-‐]/).map((p) => this.state(p) ?? this.org(p)).filter((p): p is Actor => !!p) : [];
      return sides.length >= 2 ? { ...org, parts: sides } : org;
    }
    const st = this.state(text);
    if (st) return st;
    if (m.label === 'LOC' || place) {
      const met = this.metonym(m.text, context) ?? this.metonym(text, context);
      if (met) return met;
      if (place) {
        const country = this.iso3(place.country);
        return { name: place.name, kind: 'place', ...(country ? { country } : {}) };
      }
      return undefined;
    }
    if (m.label === 'ORG') {
      // "Russian TV channel Dozhd", "Israeli police": a demonym inside the name gives the country
      const first = this.state(text.split(/\s+/)[0] ?? '');
      return { name: m.text, kind: 'organisation', ...(first ? { country: first.country! } : {}) };
    }
    return undefined;
  }
}

/** Entity → actor, keeping the entity id and KB id. */
export function fromEntity(e: Entity): Actor {
  const kind: ActorKind =
    e.type === 'state' ? 'state' : e.type === 'person' ? 'person' : e.type === 'organisation' ? 'organisation' : e.type === 'media' ? 'media' : e.type === 'group' ? 'group' : 'place';
  const country = e.type === 'state' ? (e.kbId ?? e.country) : e.country;
  return { name: e.name, kind, entity: e.id, ...(e.kbId ? { kbId: e.kbId } : {}), ...(country ? { country } : {}) };
}

/** Words that may stand between two actor mentions of one noun phrase ("Russian Deputy Foreign Minister Alexander Grushko"). */
export function isNpGap(words: readonly Word[], from: number, to: number): boolean {
  for (let k = from; k <= to; k++) {
    const w = words[k]!;
    if (w.lower === "'s" || w.lower === '’s') continue;
    if (/^\p{Lu}/u.test(w.text) && !w.punct) continue;
    if (ROLE_WORDS.has(w.lower)) continue;
    return false;
  }
  return true;
}

const ROLE_WORDS = new Set(['president', 'minister', 'foreign', 'deputy', 'prime', 'secretary', 'ambassador', 'envoy', 'chief', 'leader', 'spokesman', 'spokeswoman', 'spokesperson', 'official', 'officials', 'chairman', 'head', 'general', 'defence', 'defense', 'senior', 'top', 'tv', 'channel', 'counterpart', 'analyst', 'former']);

/**
 * Groups a sentence's actor mentions into noun phrases: a person takes the country of a state or
 * demonym in front of it ("US President Joe Biden" → Joe Biden, USA).
 */
export function groupNps(words: readonly Word[], mentions: readonly ActorMention[]): ActorMention[] {
  const out: ActorMention[] = [];
  let i = 0;
  while (i < mentions.length) {
    let j = i;
    while (j + 1 < mentions.length && mentions[j + 1]!.first > mentions[j]!.last && isNpGap(words, mentions[j]!.last + 1, mentions[j + 1]!.first - 1)) j++;
    if (j === i) {
      out.push(mentions[i]!);
      i++;
      continue;
    }
    const group = mentions.slice(i, j + 1);
    const head = group.find((m) => m.actor.kind === 'person') ?? group[group.length - 1]!;
    const ctry = group.find((m) => m !== head && m.actor.country)?.actor.country;
    const org = group.find((m) => m !== head && m.actor.kind === 'organisation');
    const actor: Actor = head.actor.country || !ctry ? head.actor : { ...head.actor, country: ctry };
    const withOrg: Actor = head.actor.kind === 'person' && org?.actor.kbId ? { ...actor, org: org.actor.kbId } : actor;
    out.push({ ...head, first: group[0]!.first, start: group[0]!.start, actor: withOrg });
    i = j + 1;
  }
  return out;
}
