/**
 * Actors for event arguments: from the entities layer when present (metonyms and demonyms already
 * resolved), else from NER mentions resolved through the KB ("Moscow denies" → Russia, "Russian" →
 * Russia, "NATO-Russia" → NATO and Russia). Also the small clause helpers the argument rules share.
 */
import type { Entity, Mention, Place } from '../../doc/types.ts';
import type { Kb } from '../../kb/kb.ts';
import { foldKey } from '../../kb/text.ts';
import type { Word } from './triggers.ts';

export type ActorKind = 'state' | 'organisation' | 'person' | 'place' | 'group' | 'media';

export interface Actor {
  readonly name: string;
  readonly kind: ActorKind;
  /** Entity id when the entities layer made this actor. */
  readonly entity?: string;
  /** KB id, as in the entities layer: ISO3 for states, the KB org id ("nato") for organisations. */
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

/** The mention covering word k (the last listed, should two overlap), if any. */
export function mentionAt(mentions: readonly ActorMention[], k: number): ActorMention | undefined {
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i]!;
    if (m.first <= k && k <= m.last) return m;
  }
  return undefined;
}

/** Identity keys of an actor, for comparing participants across mentions. */
export function actorKeys(a: Actor): string[] {
  const keys = [a.kbId ?? a.entity ?? a.name.toLowerCase()];
  for (const p of a.parts ?? []) keys.push(...actorKeys(p));
  return keys;
}


/** What a mention's label and text alone say about it (fromMention): the same in every document. */
interface MentionReading {
  /** The answer before any place or context is looked at (a group, person, organisation or state), or null. */
  readonly fixed: Actor | null;
  /** The text without a leading "the". */
  readonly bare: string;
  /** Whether the KB has a metonym reading of the full text / of the bare text at all. */
  readonly metFull: boolean;
  readonly metBare: boolean;
  /** The answer for a mention that is neither LOC nor a place (an ORG the KB does not know), or null. */
  readonly tail: Actor | null;
}

/** Bound on each cache of a long-running process; every cached answer is a pure function of its key. */
const CACHE_MAX = 50_000;

/** Resolves names to actors through the KB, caching what does not depend on context. */
export class ActorResolver {
  private readonly states = new Map<string, Actor | null>();
  private readonly orgs = new Map<string, Actor | null>();
  /** Sentence → name → reading. */
  private readonly metonyms = new Map<string, Map<string, Actor | null>>();
  private readonly hasMetonymKey = new Map<string, boolean>();
  private readonly readings = new Map<string, Map<string, MentionReading>>();
  private readonly iso3s = new Map<string, string | null>();
  constructor(private readonly kb: Kb) {}

  state(text: string): Actor | undefined {
    let a = this.states.get(text);
    if (a === undefined) {
      const st = this.kb.state(text, { strict: true });
      // "Western", "European": not states
      a = st && st.independent !== false ? { name: st.name, kind: 'state', kbId: st.id, country: st.id } : null;
      if (this.states.size >= CACHE_MAX) this.states.clear();
      this.states.set(text, a);
    }
    return a ?? undefined;
  }

  org(text: string): Actor | undefined {
    let a = this.orgs.get(text);
    if (a === undefined) {
      const o = this.kb.org(text, { strict: true });
      a = o ? { name: o.name, kind: 'organisation', kbId: o.id } : null;
      if (this.orgs.size >= CACHE_MAX) this.orgs.clear();
      this.orgs.set(text, a);
    }
    return a ?? undefined;
  }

  metonym(text: string, context: string): Actor | undefined {
    // most names have no metonym reading in any context: no need to key a cache by the sentence
    if (!this.metonymKey(text)) return undefined;
    // keyed by the sentence first: one sentence string is hashed once for all its names, where a
    // joined key would be built and hashed again for each
    let byText = this.metonyms.get(context);
    if (!byText) {
      if (this.metonyms.size >= CACHE_MAX) this.metonyms.clear();
      this.metonyms.set(context, (byText = new Map<string, Actor | null>()));
    }
    const hit = byText.get(text);
    if (hit !== undefined) return hit ?? undefined;
    const a = this.metonymUncached(text, context);
    byText.set(text, a ?? null);
    return a;
  }

  /** Whether kb.metonym(text, …) can answer anything at all (it answers nothing without an index row). */
  private metonymKey(text: string): boolean {
    let has = this.hasMetonymKey.get(text);
    if (has === undefined) {
      has = !!this.kb.data.metonymKeys[foldKey(text)];
      if (this.hasMetonymKey.size >= CACHE_MAX) this.hasMetonymKey.clear();
      this.hasMetonymKey.set(text, has);
    }
    return has;
  }

  private metonymUncached(text: string, context: string): Actor | undefined {
    const m = this.kb.metonym(text, context);
    if (!m) return undefined;
    if (m.kind === 'state') return { name: m.name, kind: 'state', kbId: m.id, country: m.id };
    return { name: m.name, kind: 'organisation', kbId: m.id };
  }

  iso3(iso2: string | null): string | undefined {
    if (!iso2) return undefined;
    let id = this.iso3s.get(iso2);
    if (id === undefined) {
      id = this.kb.state(iso2, { strict: true })?.id ?? null;
      this.iso3s.set(iso2, id);
    }
    return id ?? undefined;
  }

  /** A NER mention as an actor; `context` is its sentence (for metonyms such as "Brussels"). */
  fromMention(m: Mention, place: Place | undefined, context: string): Actor | undefined {
    const r = this.reading(m.label, m.text);
    if (r.fixed) return r.fixed;
    if (m.label === 'LOC' || place) {
      const met = (r.metFull ? this.metonym(m.text, context) : undefined) ?? (r.metBare ? this.metonym(r.bare, context) : undefined);
      if (met) return met;
      if (place) {
        const country = this.iso3(place.country);
        return { name: place.name, kind: 'place', ...(country ? { country } : {}) };
      }
      return undefined;
    }
    return r.tail ?? undefined;
  }

  private reading(label: string, full: string): MentionReading {
    let byText = this.readings.get(label);
    if (!byText) this.readings.set(label, (byText = new Map<string, MentionReading>()));
    let r = byText.get(full);
    if (!r) {
      r = this.readingUncached(label, full);
      if (byText.size >= CACHE_MAX) byText.clear();
      byText.set(full, r);
    }
    return r;
  }

  private readingUncached(label: string, full: string): MentionReading {
    const text = full.replace(/^the\s+/i, '');
    const reading = (fixed: Actor | null, tail: Actor | null = null): MentionReading => ({ fixed, bare: text, metFull: this.metonymKey(full), metBare: this.metonymKey(text), tail });
    if (/[-‐]/.test(text) && !this.org(text)) {
      const parts = text.split(/[-‐]/).map((p) => this.state(p) ?? this.org(p)).filter((p): p is Actor => !!p);
      if (parts.length >= 2) return reading({ name: text, kind: 'group', parts });
    }
    if (label === 'PER') return reading({ name: full, kind: 'person' });
    const org = this.org(text) ?? this.org(full);
    if (org) {
      // "NATO-Russia Council": the body, and the two sides it brings together
      const sides = /[-‐]/.test(text) ? text.split(/\s+/)[0]!.split(/[-‐]/).map((p) => this.state(p) ?? this.org(p)).filter((p): p is Actor => !!p) : [];
      return reading(sides.length >= 2 ? { ...org, parts: sides } : org);
    }
    const st = this.state(text);
    if (st) return reading(st);
    if (label === 'ORG') {
      // "Russian TV channel Dozhd", "Israeli police": a demonym inside the name gives the country
      const first = this.state(text.split(/\s+/)[0] ?? '');
      return reading(null, { name: full, kind: 'organisation', ...(first ? { country: first.country! } : {}) });
    }
    return reading(null);
  }
}

/** Entity → actor, keeping the entity id and KB id. */
export function fromEntity(e: Entity): Actor {
  const kind: ActorKind =
    e.type === 'state' ? 'state' : e.type === 'person' ? 'person' : e.type === 'organisation' ? 'organisation' : e.type === 'media' ? 'media' : e.type === 'group' ? 'group' : 'place';
  const country = e.type === 'state' ? (e.kbId ?? e.country) : e.country;
  // { name, kind, entity, kbId?, country? }, without spreading small objects
  const out: { -readonly [K in keyof Actor]: Actor[K] } = { name: e.name, kind, entity: e.id };
  if (e.kbId) out.kbId = e.kbId;
  if (country) out.country = country;
  return out;
}

/** Word class bit (a word's `bits`, see clause.ts): in ROLE_WORDS. */
export const ROLE_WORD = 1 << 10;

/** The role class of a word form (the bit above). */
export function roleClass(lower: string): number {
  return ROLE_WORDS.has(lower) ? ROLE_WORD : 0;
}

/** Words that may stand between two actor mentions of one noun phrase ("Russian Deputy Foreign Minister Alexander Grushko"). */
export function isNpGap(words: readonly Word[], from: number, to: number): boolean {
  for (let k = from; k <= to; k++) {
    const w = words[k]!;
    if (w.lower === "'s" || w.lower === '’s') continue;
    if (startsUpper(w.text) && !w.punct) continue;
    if (w.bits & ROLE_WORD) continue;
    return false;
  }
  return true;
}

/** /^\p{Lu}/u, without the regular expression for the ASCII letters most words start with. */
function startsUpper(t: string): boolean {
  const c = t.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return /^\p{Lu}/u.test(t);
}

const ROLE_WORDS = new Set(['president', 'minister', 'foreign', 'deputy', 'prime', 'secretary', 'ambassador', 'envoy', 'chief', 'leader', 'spokesman', 'spokeswoman', 'spokesperson', 'official', 'officials', 'chairman', 'head', 'general', 'defence', 'defense', 'senior', 'top', 'tv', 'channel', 'counterpart', 'analyst', 'former']);

/**
 * Groups a sentence's actor mentions into noun phrases: a person takes the country of a state or
 * demonym in front of it ("US President Joe Biden" → Joe Biden, USA).
 */
export function groupNps(words: readonly Word[], mentions: readonly ActorMention[]): readonly ActorMention[] {
  // (made on the first group: without one, the mentions are their own noun phrases)
  let out: ActorMention[] | undefined;
  let i = 0;
  while (i < mentions.length) {
    let j = i;
    while (j + 1 < mentions.length && mentions[j + 1]!.first > mentions[j]!.last && isNpGap(words, mentions[j]!.last + 1, mentions[j + 1]!.first - 1)) j++;
    if (j === i) {
      out?.push(mentions[i]!);
      i++;
      continue;
    }
    out ??= mentions.slice(0, i);
    const group = mentions.slice(i, j + 1);
    const head = group.find((m) => m.actor.kind === 'person') ?? group[group.length - 1]!;
    const ctry = group.find((m) => m !== head && m.actor.country)?.actor.country;
    const org = group.find((m) => m !== head && m.actor.kind === 'organisation');
    const actor: Actor = head.actor.country || !ctry ? head.actor : { ...head.actor, country: ctry };
    const withOrg: Actor = head.actor.kind === 'person' && org?.actor.kbId ? { ...actor, org: org.actor.kbId } : actor;
    out.push({ ...head, first: group[0]!.first, start: group[0]!.start, actor: withOrg });
    i = j + 1;
  }
  return out ?? mentions;
}
