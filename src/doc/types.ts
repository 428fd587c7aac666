import type { Mention } from '../stages/entities/ner/ner.ts';
import type { Place } from '../stages/places/resolve.ts';
import type { Quote } from '../stages/quotes/quotes.ts';
import type { Event } from '../stages/events/events.ts';

export type { Mention, Place, Quote, Event };

/**
 * The Document model: immutable text plus layers of span annotations.
 * Every annotation is a half-open [start, end) span of UTF-16 offsets into `text`,
 * so `text.slice(start, end)` is always the annotated text.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Who made an annotation and how: an analyst asking "why?" gets the stage, version and rule. */
export interface Provenance {
  readonly stage: string;
  readonly version: string;
  readonly rule?: string;
  readonly confidence?: number;
}

export interface Sentence extends Span {
  readonly prov: Provenance;
}

export interface Token extends Span {
  /** Coarse token type from the tokenizer (word, number, punctuation, ...). */
  readonly kind: string;
}

/** Where a publication date came from, most trusted first. */
export type PublishedSource =
  | 'user'
  | 'jsonld'
  | 'meta'
  | 'url'
  | 'text-dateline'
  | 'feed'
  | 'page-header'
  | 'none';

export interface Published {
  /** TIMEX3-style value at the precision actually known: 2022-01-14, 2022-01-14T09:30, 2022-01. */
  readonly value: string | null;
  readonly source: PublishedSource;
  /** 0..1: 1 for a user-given date, ~0.9 for JSON-LD/meta, ~0.3 for a site's date widget. */
  readonly confidence: number;
  /** The raw string the date was read from, for audit. */
  readonly raw?: string;
}

export interface Dateline extends Span {
  /** The place as written in the dateline, e.g. "Brussels, Belgium" or "MOSCOW". */
  readonly text: string;
  /** The agency inside the dateline, e.g. "Reuters" in "MOSCOW (Reuters) -". */
  readonly agency?: string;
  readonly prov: Provenance;
}

export interface Meta {
  readonly title: string | null;
  readonly byline: string | null;
  readonly dateline: Dateline | null;
  readonly published: Published;
  readonly url: string | null;
  readonly siteName: string | null;
  readonly lang: string | null;
}

export type TimeType = 'DATE' | 'TIME' | 'DURATION' | 'SET';

export interface TimeExpr extends Span {
  readonly text: string;
  /** TIMEX3 value at the granularity actually known: 2022-01-12, 2021-12, 2022-W02, P30Y, PRESENT_REF. */
  readonly value: string;
  readonly type: TimeType;
  /** Whether the value was anchored to the document date (relative) or read as written (absolute). */
  readonly anchored: boolean;
  readonly prov: Provenance;
}

export type EntityType = 'person' | 'state' | 'organisation' | 'media' | 'city' | 'region' | 'group' | 'other';

/** A role a person held, read from the text ("Russian Deputy Foreign Minister"), with its span. */
export interface Role extends Span {
  /** The title without country or organisation: "Deputy Foreign Minister", "Secretary-General". */
  readonly title: string;
  /** The organisation's canonical name or KB id: "NATO", "Rasmussen Global". */
  readonly org?: string;
  /** ISO3 of the state the role belongs to: "RUS" for a Russian minister. */
  readonly country?: string;
  readonly former?: boolean;
}

export type EntityMentionKind = 'name' | 'short-name' | 'acronym' | 'metonym' | 'demonym' | 'pronoun' | 'nominal';

export interface EntityMention extends Span {
  readonly text: string;
  readonly kind: EntityMentionKind;
}

/** One real-world actor in the document, with every mention resolved to it. */
export interface Entity {
  /** Stable within the document: "e1", "e2", ... in order of first mention. */
  readonly id: string;
  /** Canonical name: "Jens Stoltenberg", "Russia", "NATO", "Organization for Security and Co-operation in Europe". */
  readonly name: string;
  readonly type: EntityType;
  /** Knowledge-base id: ISO3 for states ("RUS"), the KB org id for organisations ("nato"). */
  readonly kbId?: string;
  /** For people and organisations: ISO3 of the state they belong to. */
  readonly country?: string;
  readonly roles: readonly Role[];
  readonly mentions: readonly EntityMention[];
  readonly prov: Provenance;
}

/** Issued for things a user should know about the record (a weak date source, a dropped line). */
export interface Warning {
  readonly code: string;
  readonly message: string;
}

/**
 * Layers later stages fill. Until their stage exists they stay empty arrays in the output;
 * their element types are deliberately open here and narrowed by the stages that make them.
 */
export interface Layers {
  meta: Meta;
  sentences: readonly Sentence[];
  tokens: readonly Token[];
  times: readonly TimeExpr[];
  mentions: readonly Mention[];
  entities: readonly Entity[];
  quotes: readonly Quote[];
  places: readonly Place[];
  events: readonly Event[];
}

export type LayerName = keyof Layers;

export const LAYER_NAMES: readonly LayerName[] = [
  'meta',
  'sentences',
  'tokens',
  'times',
  'mentions',
  'entities',
  'quotes',
  'places',
  'events',
];

/** What the ingest side hands over, read from the page before any stage runs. */
export interface SourceHints {
  readonly kind: 'text' | 'html' | 'url';
  readonly url?: string;
  /** User-given publication date (--published or the JSONL "published" field). */
  readonly published?: string;
  /** Metadata read from HTML tags: <title>, og:*, article:published_time, JSON-LD. */
  readonly html?: HtmlMetaHints;
  /** A date-widget line cut off the top of the page ("Wed. Jan 26th, 2022"). */
  readonly pageHeaderDate?: string;
  /** A byline line cut from the page ("By admin"). */
  readonly bylineLine?: string;
  /** A headline line cut from the top of a plain-text page. */
  readonly headline?: string;
}

export interface HtmlMetaHints {
  readonly title?: string;
  readonly byline?: string;
  readonly siteName?: string;
  readonly lang?: string;
  readonly canonicalUrl?: string;
  /** Candidate publication dates, each with the tag it came from. */
  readonly dates: readonly { readonly value: string; readonly source: 'jsonld' | 'meta'; readonly from: string }[];
}

export interface DocumentData {
  readonly id: string;
  readonly text: string;
  readonly hints: SourceHints;
  /** Lines removed from the body as page chrome ("Source link", "Leave a Reply"). */
  readonly boilerplate: readonly string[];
  /** Picture captions and graphic titles, kept apart from the body. */
  readonly captions: readonly string[];
  readonly warnings: readonly Warning[];
}
