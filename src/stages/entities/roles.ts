/**
 * Roles of people read from the words around their names, with the titles of data/roles/titles.tsv:
 *
 *   pre-modifier   [former] [Poland's|US|Russian|NATO] [Deputy] TITLE NAME [of X]
 *                  "Russian Deputy Foreign Minister Alexander Grushko", "former NATO chief Anders Fogh Rasmussen"
 *   apposition     NAME, [a|the|X's] [senior|strategy] [US] TITLE [at|of|to|with|for the ORG]
 *                  "Fabrice Pothier, a strategy officer at the Rasmussen Global policy group"
 *   fronted        [his|the] [Russian] TITLE, NAME.
 *                  "his Russian counterpart, Vladimir Putin." (only when the name closes the phrase)
 *
 * The title keeps rank modifiers (Deputy, senior) and open nouns before it (strategy officer), but
 * not the country or organisation (those go to `country` and `org`), nor words like "high-ranking".
 * A "counterpart" takes the title of the person it is the counterpart of ("US President Joe Biden
 * and his Russian counterpart" → President, Russia). No role is made without a PER mention:
 * "the foreign minister said" invents no one.
 */
import type { Cand, TitleHit, WordContext } from './mentions.ts';

/** A role as read, before clustering turns its organisation mention into a name. */
export interface RawRole {
  readonly person: Cand;
  start: number;
  end: number;
  title: string;
  readonly category: string;
  former: boolean;
  country?: string;
  /** The organisation as a mention (resolved to its entity's name later). */
  orgCand?: Cand;
  /** The organisation as text: the title's default ("MEP" → European Parliament) or an unknown "of X". */
  orgText?: string;
  /** A possessor to resolve: "his counterpart", "Putin's spokesman". */
  possessor?: Cand | 'pronoun';
  readonly rule: string;
}

/** Words that end a modifier chain without being part of it. */
const DET = new Set(['a', 'an', 'the']);
const POSS_PRONOUN = new Set(['his', 'her', 'their', 'its']);
/** Function words and reporting verbs are never open modifiers of a title. */
const NOT_MODIFIER = new Set([
  'said', 'says', 'told', 'and', 'or', 'but', 'with', 'by', 'of', 'for', 'to', 'in', 'on', 'at', 'as', 'is', 'was', 'are', 'were', 'be', 'been',
  'has', 'have', 'had', 'who', 'which', 'that', 'whose', 'also', 'not', 'from', 'after', 'before', 'when', 'while', 'where', 'added', 'explained',
]);
const OPEN = /^\p{Ll}[\p{Ll}-]*$/u;
const CLOSERS = new Set([',', '.', ';', ':', ')', '—', '–', '!', '?', '"', '”']);

interface Chain {
  former: boolean;
  mods: string[];
  country?: string;
  orgCand?: Cand;
  possessor?: Cand | 'pronoun';
  /** First word of the chain. */
  from: number;
  /** The chain stopped at a determiner, possessive, punctuation or sentence start. */
  bounded: boolean;
}

/**
 * Every role the text gives the PER candidates.
 * @example findRoles(ctx, cands) // [{ person: <Jens Stoltenberg>, title: 'Secretary-General', orgCand: <NATO>, … }]
 */
export function findRoles(ctx: WordContext, cands: readonly Cand[]): RawRole[] {
  const { words } = ctx;
  // Word-indexed tables, kept empty between documents: filled here, and emptied again below by
  // unsetting what was set (cheaper than new arrays as long as the document).
  if (candAtBuf.length < words.length + 2) {
    candAtBuf = new Array<Cand | undefined>(words.length * 2 + 2);
    titleEndBuf = new Array<TitleHit | undefined>(words.length * 2 + 2);
  }
  const candAt = candAtBuf;
  const titleEnd = titleEndBuf;
  for (const c of cands) for (let i = c.w0; i < c.w1; i++) candAt[i] = c;
  // Longest title ending at each word, earliest start first ("Deputy Foreign Minister" over "Minister").
  // Titles start only where a lexicon phrase may (ctx.starts), in order.
  for (const i of ctx.starts) {
    const t = ctx.titleAt[i];
    if (t && !titleEnd[t.end - 1]) titleEnd[t.end - 1] = t;
  }
  try {
    const roles: RawRole[] = [];
    for (const p of cands) {
      if (p.type !== 'person') continue;
      const r = preModifier(ctx, p, candAt, titleEnd) ?? apposition(ctx, p, candAt) ?? fronted(ctx, p, candAt, titleEnd);
      if (r) roles.push(r);
    }
    resolvePossessors(ctx, roles, cands);
    return roles;
  } finally {
    for (const c of cands) for (let i = c.w0; i < c.w1; i++) candAt[i] = undefined;
    for (const i of ctx.starts) {
      const t = ctx.titleAt[i];
      if (t) titleEnd[t.end - 1] = undefined;
    }
  }
}
let candAtBuf: (Cand | undefined)[] = [];
let titleEndBuf: (TitleHit | undefined)[] = [];

/** Walks left from the word before a title, reading former, rank, country, organisation and open modifiers. */
function chainLeft(ctx: WordContext, titleStart: number, candAt: readonly (Cand | undefined)[]): Chain {
  const { words, lex } = ctx;
  const sent = words.sent[titleStart];
  const ch: Chain = { former: false, mods: [], from: titleStart, bounded: false };
  let tentative = 0;
  let k = titleStart - 1;
  while (true) {
    if (k < 0 || words.sent[k] !== sent) {
      ch.bounded = true;
      break;
    }
    const text = words.text(k);
    if (CLOSERS.has(text) || text === '“' || text === '(') {
      ch.bounded = true;
      break;
    }
    if (text === "'s") {
      const c = candAt[k - 1];
      if (!c || c.w1 !== k) break;
      possessive(ch, c);
      ch.from = c.w0;
      k = c.w0 - 1;
      tentative = 0;
      continue;
    }
    const c = candAt[k];
    if (c) {
      if (!modifierCand(ch, c)) break;
      ch.from = c.w0;
      k = c.w0 - 1;
      tentative = 0;
      continue;
    }
    const lower = words.lower(k);
    if (lex.former.has(lower)) ch.former = true;
    else if (lex.rank.has(lower)) ch.mods.unshift(text);
    else if (lex.drop.has(lower)) {
      /* "top diplomat": not part of the title */
    } else if (DET.has(lower)) {
      ch.bounded = true;
      break;
    } else if (POSS_PRONOUN.has(lower)) {
      ch.possessor = 'pronoun';
      ch.bounded = true;
      break;
    } else if (OPEN.test(text) && !NOT_MODIFIER.has(lower) && tentative < 2) {
      ch.mods.unshift(text);
      tentative++;
      k--;
      continue;
    } else break;
    ch.from = k;
    tentative = 0;
    k--;
  }
  if (!ch.bounded && tentative) {
    ch.mods.splice(0, tentative);
  }
  if (tentative && ch.bounded) ch.from = k + 1;
  return ch;
}

/** A mention inside a modifier chain: a state gives the country, an organisation the org. */
function modifierCand(ch: Chain, c: Cand): boolean {
  if (c.stateId && (c.type === 'state' || c.type === undefined)) {
    ch.country ??= c.stateId;
    return true;
  }
  if (c.type === 'organisation' || c.type === 'media' || c.type === 'group' || c.label === 'NOM') {
    ch.orgCand ??= c;
    return true;
  }
  return false;
}

function possessive(ch: Chain, c: Cand): void {
  if (c.type === 'person') ch.possessor = c;
  else modifierCand(ch, c);
}

function titleText(mods: readonly string[], hit: TitleHit): string {
  const head = hit.row.normalised;
  const upper = /^\p{Lu}/u.test(head);
  const m = mods.map((x) => (upper ? x.charAt(0).toUpperCase() + x.slice(1) : x.toLowerCase()));
  return [...m, head].join(' ');
}

function makeRole(p: Cand, hit: TitleHit, ch: Chain, start: number, end: number, rule: string): RawRole {
  const r: RawRole = { person: p, start, end, title: titleText(ch.mods, hit), category: hit.row.category, former: ch.former, rule };
  if (ch.country) r.country = ch.country;
  if (ch.orgCand) r.orgCand = ch.orgCand;
  if (ch.possessor) r.possessor = ch.possessor;
  if (!ch.orgCand && hit.row.defaultOrg) r.orgText = hit.row.defaultOrg;
  return r;
}

/** "Russian Deputy Foreign Minister Alexander Grushko", "Deputy Minister Olvar Kresk of Tarnland". */
function preModifier(ctx: WordContext, p: Cand, candAt: readonly (Cand | undefined)[], titleEnd: readonly (TitleHit | undefined)[]): RawRole | undefined {
  const { words } = ctx;
  const hit = p.w0 > 0 ? titleEnd[p.w0 - 1] : undefined;
  if (!hit || words.sent[hit.start] !== words.sent[p.w0]) return undefined;
  const ch = chainLeft(ctx, hit.start, candAt);
  const r = makeRole(p, hit, ch, words.start[ch.from]!, words.end[hit.end - 1]!, 'pre-modifier');
  // "… Olvar Kresk of Tarnland": an of-phrase after the name fills what the title lacks.
  const x = candAt[p.w1 + 1];
  if (words.lowerAt(p.w1) === 'of' && x && x.w0 === p.w1 + 1 && !r.country && !r.orgCand) {
    if (x.type === 'state' && x.stateId) r.country = x.stateId;
    else if (x.type === 'organisation' || x.type === 'media' || x.type === 'group') {
      r.orgCand = x;
      delete r.orgText;
    } else r.orgText = x.name;
    r.end = x.end;
  }
  return r;
}

/** "Michael Carpenter, US ambassador to the OSCE", "Oleg Ignatov, the International Crisis Group's senior analyst". */
function apposition(ctx: WordContext, p: Cand, candAt: readonly (Cand | undefined)[]): RawRole | undefined {
  const { words, lex, titleAt } = ctx;
  if (words.textAt(p.w1) !== ',') return undefined;
  const sent = words.sent[p.w0];
  const ch: Chain = { former: false, mods: [], from: p.w1 + 1, bounded: true };
  let open = 0;
  let fallback: TitleHit | undefined;
  let k = p.w1 + 1;
  let hit: TitleHit | undefined;
  for (let steps = 0; steps < 10 && k < words.length; steps++) {
    if (words.sent[k] !== sent) break;
    const c = candAt[k];
    if (c && c.w0 === k) {
      if (c.type === 'person' && words.textAt(c.w1) !== "'s") break;
      if (words.textAt(c.w1) === "'s") {
        possessive(ch, c);
        k = c.w1 + 1;
        continue;
      }
      if (!modifierCand(ch, c)) break;
      k = c.w1;
      continue;
    }
    const t = titleAt[k];
    const lower = words.lower(k);
    // "Deputy US Secretary of State": a rank word heads a title only if no longer title follows;
    // "chief economist": a one-word title before another title is its modifier.
    if (t && t.end - t.start === 1 && !lex.rank.has(lower) && titleAt[k + 1]) {
      ch.mods.push(words.text(k));
      k++;
      continue;
    }
    if (t && !(t.end - t.start === 1 && lex.rank.has(lower))) {
      hit = t;
      break;
    }
    if (t) fallback ??= t;
    if (lex.former.has(lower)) ch.former = true;
    else if (lex.rank.has(lower)) ch.mods.push(words.text(k));
    else if (lex.drop.has(lower)) {
      /* left out */
    } else if (DET.has(lower) && k === p.w1 + 1) {
      /* "a", "the" opening the apposition */
    } else if (OPEN.test(words.text(k)) && !NOT_MODIFIER.has(lower) && open < 2) {
      ch.mods.push(words.text(k));
      open++;
    } else break;
    k++;
  }
  if (!hit && fallback) {
    hit = fallback;
    const at = ch.mods.findIndex((m) => m.toLowerCase() === words.lower(fallback.start));
    if (at >= 0) ch.mods = ch.mods.slice(0, at);
  }
  if (!hit) return undefined;
  const r = makeRole(p, hit, ch, words.start[p.w1 + 1]!, words.end[hit.end - 1]!, 'apposition');
  complement(ctx, r, hit.end, candAt);
  return r;
}

/** "… at the Rasmussen Global policy group", "… to the OSCE", "… of Ukraine", "… for Russia" (a portfolio: ignored). */
function complement(ctx: WordContext, r: RawRole, k: number, candAt: readonly (Cand | undefined)[]): void {
  const { words } = ctx;
  const prep = words.lowerAt(k);
  if (!prep || !['at', 'of', 'with', 'for', 'to', 'from'].includes(prep)) return;
  let j = k + 1;
  if (j < words.length && DET.has(words.lower(j)) && !candAt[j]) j++;
  let c = candAt[j];
  if (c && c.w0 === j && words.textAt(c.w1) === "'s") {
    // "at Ukraine's National Institute for Strategic Studies": the state is the organisation's.
    const owner = c;
    const next = candAt[c.w1 + 1];
    if (next && next.w0 === c.w1 + 1 && owner.stateId && (next.type === 'organisation' || next.type === 'media')) {
      next.country ??= owner.stateId;
      c = next;
      j = next.w0;
    }
  }
  if (!c || c.w0 !== j) return;
  const isOrg = c.type === 'organisation' || c.type === 'media' || c.type === 'group' || c.label === 'NOM';
  if (isOrg) {
    if (prep === 'for' && r.orgCand) return;
    r.orgCand ??= c;
    if (r.orgCand === c) delete r.orgText;
  } else if (c.type === 'state' && c.stateId) {
    // "ambassador to France" names the host, "analyst for Russia" a portfolio: only "of" gives the country.
    if (prep !== 'of') return;
    r.country ??= c.stateId;
  } else if (prep === 'of' && !r.orgCand) r.orgText = c.name;
  else return;
  r.end = Math.max(r.end, c.end);
}

/** "his Russian counterpart, Vladimir Putin." — only when the name closes the phrase. */
function fronted(ctx: WordContext, p: Cand, candAt: readonly (Cand | undefined)[], titleEnd: readonly (TitleHit | undefined)[]): RawRole | undefined {
  const { words } = ctx;
  if (p.w0 < 2 || words.text(p.w0 - 1) !== ',') return undefined;
  if (p.w1 < words.length && words.sent[p.w1] === words.sent[p.w0] && !CLOSERS.has(words.text(p.w1))) return undefined;
  const hit = titleEnd[p.w0 - 2];
  if (!hit || words.sent[hit.start] !== words.sent[p.w0]) return undefined;
  const ch = chainLeft(ctx, hit.start, candAt);
  if (!ch.bounded || (ch.from === hit.start && !ch.possessor && !DET.has(words.lowerAt(hit.start - 1) ?? ''))) return undefined;
  return makeRole(p, hit, ch, words.start[ch.from]!, words.end[hit.end - 1]!, 'fronted');
}

/** Counterparts take the possessor's title; possessed roles ("Putin's spokesman") its country. */
function resolvePossessors(ctx: WordContext, roles: RawRole[], cands: readonly Cand[]): void {
  const byPerson = new Map<Cand, RawRole>();
  for (const r of roles) byPerson.set(r.person, r);
  for (const r of roles) {
    if (!r.possessor) continue;
    let owner: Cand | undefined;
    if (r.possessor === 'pronoun') {
      // The nearest person named before the role in the same sentence.
      const sent = ctx.words.sent[r.person.w0];
      for (const c of cands) {
        if (c.type !== 'person' || c.end > r.start) continue;
        if (ctx.words.sent[c.w0] === sent) owner = c;
      }
    } else owner = r.possessor;
    const theirs = owner && findRoleOf(owner, byPerson, roles);
    if (r.category === 'counterpart') {
      if (!theirs) continue;
      r.title = theirs.title;
      if (!r.country && !r.orgCand) {
        if (theirs.orgCand) r.orgCand = theirs.orgCand;
        if (theirs.orgText) r.orgText = theirs.orgText;
      }
    } else if (theirs?.country && !r.country && !r.orgCand) r.country = theirs.country;
  }
}

function findRoleOf(owner: Cand, byPerson: Map<Cand, RawRole>, roles: readonly RawRole[]): RawRole | undefined {
  return byPerson.get(owner) ?? roles.find((r) => r.person.name === owner.name);
}
