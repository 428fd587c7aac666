/**
 * The shapes of the compiled knowledge base (data/kb/kb.json) and of query answers.
 * Table rows keep their `source` so every answer can show where a fact comes from.
 */

export const STATUSES = ['member', 'permanent', 'elected', 'suspended', 'observer', 'partner', 'associate', 'candidate', 'invited'] as const;
export type Status = (typeof STATUSES)[number];
/** Statuses that make a state a member in law. A suspension overlays one of them, it does not end it. */
export const MEMBER_STATUSES: readonly Status[] = ['member', 'permanent', 'elected'];

export const EVENTS = [
  'founding', 'accession', 'readmission', 'succession', 'election', 'candidacy', 'invitation', 'observer-status',
  'partner-status', 'downgrade', 'suspension', 'withdrawal', 'expulsion', 'lifted', 'term-end', 'declined', 'nato-accession',
] as const;
export type MembershipEvent = (typeof EVENTS)[number];

export const ORG_TYPES = ['alliance', 'union', 'body', 'forum', 'council'] as const;

export interface StateRecord {
  id: string; // ISO 3166-1 alpha-3 as world-countries gives it (Kosovo: UNK)
  iso2: string;
  iso3: string;
  ccn3: string;
  name: string;
  official: string;
  capital: string[];
  demonyms: string[];
  altNames: string[];
  independent: boolean;
  region: string;
  subregion: string;
  source: string;
}

export interface OrgRecord {
  id: string;
  name: string;
  acronyms: string[];
  aliases: string[];
  type: (typeof ORG_TYPES)[number];
  founded: string;
  dissolved: string;
  note: string;
  source: string;
}

export interface MembershipRow {
  org: string;
  /** ISO3 of a state, an org id (the EU in the G20), or '@org' for "every member of that org". */
  member: string;
  from: string;
  /** Last day as a member (inclusive), at its precision; '' while it lasts. */
  to: string;
  status: Status;
  event: MembershipEvent;
  endEvent: MembershipEvent | '';
  source: string;
  note: string;
  /** Line in data/kb/memberships.tsv, so a reviewer can find the row. */
  line: number;
}

export interface StateAliasRow {
  alias: string;
  state: string;
  kind: 'name' | 'informal' | 'acronym' | 'historical' | 'capital-exonym';
  from: string;
  to: string;
  source: string;
  note: string;
}

export interface MetonymRow {
  mention: string;
  refersTo: string;
  kind: 'seat-of-power' | 'capital' | 'building';
  /** Context cues ("NATO", "the alliance"): the row applies only when one is in the context. */
  cues: string[];
  note: string;
  source: string;
}

/** One name a state or organisation goes by; `tier` orders competing readings (lower wins). */
export interface NameEntry {
  id: string;
  tier: number;
  form: string;
  acronym: boolean;
  via: string;
}

export interface KbData {
  format: 1;
  builtFrom: { worldCountries: string; tables: Record<string, number> };
  states: StateRecord[];
  orgs: OrgRecord[];
  memberships: MembershipRow[];
  aliases: StateAliasRow[];
  metonyms: MetonymRow[];
  /** Folded key → readings, best first. */
  stateNames: Record<string, NameEntry[]>;
  orgNames: Record<string, NameEntry[]>;
  metonymKeys: Record<string, number[]>;
}

/** Whether a state was a member of an organisation on a day, with the rows that say so. */
export interface MembershipAnswer {
  member: boolean;
  /** 'unknown' when a row's precision (e.g. year only) does not decide the day. */
  answer: 'yes' | 'no' | 'unknown';
  status: Status | 'none';
  state: string;
  org: string;
  date: string;
  since?: string;
  until?: string;
  /** For a non-member: the next accession after the date, if any. */
  joined?: string;
  /** For a non-member: the end of the last membership before the date, and how it ended. */
  left?: string;
  leftBy?: string;
  suspendedSince?: string;
  evidence: MembershipRow[];
  reason: string;
}
