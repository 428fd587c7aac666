/**
 * The actor mentions of a document, as word ranges: from the entities layer when there is one,
 * else from NER mentions resolved through the KB plus capitalised state names NER missed.
 */
import type { Document } from '../../doc/document.ts';
import type { Entity } from '../../doc/types.ts';
import { loadKb } from '../../kb/kb.ts';
import { ActorResolver, fromEntity, type Actor, type ActorMention } from './arguments.ts';
import type { Word } from './triggers.ts';
import { wordRange } from './words.ts';

let resolver: ActorResolver | undefined;

function getResolver(): ActorResolver {
  resolver ??= new ActorResolver(loadKb());
  return resolver;
}

const HYPHEN = /[-‐]/;

/** Actor mentions from the entities layer (metonyms and demonyms resolved there), sorted by start. */
export function actorsFromEntities(entities: readonly Entity[], words: readonly Word[]): ActorMention[] {
  const res = getResolver();
  const out: ActorMention[] = [];
  for (const e of entities) {
    const actor = fromEntity(e);
    for (const m of e.mentions) {
      if (m.kind === 'pronoun') continue;
      const r = wordRange(words, m.start, m.end);
      if (!r) continue;
      // "NATO-Russia Council": the two sides it brings together take part in its meetings
      // (the head is a prefix of the text: no hyphen in the text, none in the head, no split needed)
      const head = HYPHEN.test(m.text) ? (m.text.split(/\s+/)[0] ?? '') : '';
      const parts = HYPHEN.test(head) ? head.split(HYPHEN).map((p) => res.state(p) ?? res.org(p)).filter((p): p is Actor => !!p) : [];
      out.push({ first: r.first, last: r.last, start: m.start, end: m.end, text: m.text, actor: parts.length >= 2 ? { ...actor, parts } : actor });
    }
  }
  return out.sort(byStart);
}

/** Actor mentions from NER + KB, plus capitalised state names and demonyms NER missed, sorted by start. */
export function actorsFromMentions(doc: Document, words: readonly Word[]): ActorMention[] {
  const res = getResolver();
  const text = doc.text;
  const places = new Map(doc.layer('places').map((p) => [p.start, p]));
  const sentences = doc.layer('sentences');
  let si = 0;
  let contextOf = -1;
  let context = '';
  const out: ActorMention[] = [];
  const covered: boolean[] = new Array<boolean>(words.length).fill(false);
  const persons: Actor[] = [];
  for (const m of doc.layer('mentions')) {
    while (si < sentences.length - 1 && sentences[si]!.end <= m.start) si++;
    if (contextOf !== si) {
      const s = sentences[si];
      context = s ? text.slice(s.start, s.end) : '';
      contextOf = si;
    }
    let actor = res.fromMention(m, places.get(m.start), context);
    if (!actor) continue;
    if (actor.kind === 'person') {
      // "Grushko" after "Alexander Grushko": the same person
      const suffix = ' ' + m.text;
      let full: Actor | undefined;
      for (const p of persons) {
        if (p.name !== m.text && p.name.endsWith(suffix)) {
          full = p;
          break;
        }
      }
      if (full) actor = full;
      else persons.push(actor);
    }
    const r = wordRange(words, m.start, m.end);
    if (!r) continue;
    for (let k = r.first; k <= r.last; k++) covered[k] = true;
    out.push({ first: r.first, last: r.last, start: m.start, end: m.end, text: m.text, actor });
  }
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    const c = w.text.charCodeAt(0);
    if (covered[k] || w.punct || w.text.length < 3 || !(c >= 65 && c <= 90)) continue;
    const a = res.state(w.text);
    if (a) out.push({ first: k, last: k, start: w.start, end: w.end, text: w.text, actor: a });
  }
  return out.sort(byStart);
}

function byStart(a: ActorMention, b: ActorMention): number {
  return a.start - b.start;
}

/**
 * Entity actors, completed by the mention-based reading: an entity with no country takes the
 * country the KB reading of the same span gives ("US Congress" → USA), and a mention no entity
 * covers ("the Turkish and Greek sides", "Fijian rebels") is kept as the KB reads it. The
 * entities stage is conservative by design; the events stage must not lose actors to it.
 */
export function mergeActors(fromEntities: readonly ActorMention[], fromMentions: readonly ActorMention[]): ActorMention[] {
  const out: ActorMention[] = [];
  let j = 0;
  const used = new Uint8Array(fromMentions.length);
  for (const e of fromEntities) {
    while (j < fromMentions.length && fromMentions[j]!.end <= e.start) j++;
    let actor = e.actor;
    for (let k = j; k < fromMentions.length && fromMentions[k]!.start < e.end; k++) {
      used[k] = 1;
      const m = fromMentions[k]!.actor;
      if (!actor.country && m.country && actor.kind !== 'state') actor = { ...actor, country: m.country };
    }
    out.push(actor === e.actor ? e : { ...e, actor });
  }
  for (let k = 0; k < fromMentions.length; k++) {
    const m = fromMentions[k]!;
    if (used[k]) continue;
    if (!out.some((e) => e.start < m.end && m.start < e.end)) out.push(m);
  }
  return out.sort(byStart);
}
