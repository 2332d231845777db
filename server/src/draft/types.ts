// What a draft from an article is made of (POST /api/articles/draft): proposals, each tied to the
// sentence that states it, for the analyst to accept, edit or reject before they go in as one import.
import type { DatePrecision } from '../schema/fuzzy-date';
import type { CitationStatus, NodeLabel } from '../schema/model';

export const DRAFT_LANGUAGES = ['de', 'en', 'ru'] as const;
export type DraftLanguage = (typeof DRAFT_LANGUAGES)[number];

export interface DraftSource {
  title: string;
  publisher?: string;
  url?: string;
  /** Publication date (YYYY, YYYY-MM or YYYY-MM-DD): relative dates in the text are read from it. */
  published?: string;
  language: string;
}

export interface DraftInput {
  text: string;
  source: DraftSource;
}

/** A stretch of the article: offsets into the text as sent (UTF-16 code units, end exclusive). */
export interface Span {
  start: number;
  end: number;
  text: string;
}

export interface Sentence extends Span {
  index: number;
  paragraph: number;
}

/** An entity of the graph a name may be (the drafter's match, or one of the other candidates). */
export interface EntityMatch {
  id: string;
  name: string;
  type: string;
  score: number;
  /** For a stored meeting: its kind and status (a citation of it repeats them, unchanged). */
  properties?: Record<string, string>;
}

export interface ProposalBase {
  id: string;
  /** The sentence that states it, as written: the quote of its citation. */
  quote: string;
  sentence: number;
  /** Other sentences that state it too (a meeting mentioned again), each a further citation. */
  alsoIn: number[];
  status: CitationStatus;
  /** Names of the entities the proposal involves, as written in the text or as matched. */
  names: string[];
  /** Where in the text the proposal is read from (for highlighting). */
  spans: Span[];
}

export interface EntityProposal extends ProposalBase {
  kind: 'entity';
  type: Extract<NodeLabel, 'Person' | 'Organization' | 'Country'>;
  /** The name to store: the match's name, or the name as written (English template for institutions). */
  name: string;
  /** Other spellings the text uses. */
  aliases: string[];
  properties: Record<string, string>;
  /** The stored entity the text names, when the drafter is confident; null for a new entity. */
  match: EntityMatch | null;
  candidates: EntityMatch[];
  /** Why it was proposed: a known name, a role word, a name-like span, a country name or adjective. */
  basis: 'known' | 'role' | 'name-like' | 'country' | 'institution' | 'outlet';
  /** For an institution: the proposal id of the Country entity it belongs to. */
  countryEntity?: string;
}

export interface PostProposal extends ProposalBase {
  kind: 'post';
  /** The id of the same relationship already stored, when both ends are stored entities. */
  existing?: string;
  person: string;
  organization: string;
  title: string;
  start?: string;
  startPrecision?: DatePrecision;
}

export interface MeetingProposal extends ProposalBase {
  kind: 'meeting';
  meetingKind: string;
  title: string;
  date?: string;
  datePrecision?: DatePrecision;
  /** Set when the year was not written and was taken from the other dates of the article. */
  dateNote?: string;
  place?: string;
  country?: string;
  /** Proposal id of the Country entity it was held in. */
  countryEntity?: string;
  meetingStatus: 'held' | 'planned' | 'postponed' | 'cancelled';
  /** Proposal id of the larger visit it was part of. */
  partOf?: string;
  participants: string[];
  /** A stored meeting it is (same people, agreeing date and kind), and the others it may be. */
  match: EntityMatch | null;
  candidates: EntityMatch[];
}

export interface ParticipationProposal extends ProposalBase {
  kind: 'participation';
  existing?: string;
  person: string;
  meeting: string;
  role: 'host' | 'guest' | 'participant' | 'delegation_member';
}

export interface TopicProposal extends ProposalBase {
  kind: 'topic';
  name: string;
  meetings: string[];
}

export interface AcquaintanceProposal extends ProposalBase {
  kind: 'acquaintance';
  existing?: string;
  people: [string, string];
}

export type Proposal = EntityProposal | PostProposal | MeetingProposal | ParticipationProposal | TopicProposal | AcquaintanceProposal;

export interface Draft {
  language: DraftLanguage;
  sentences: Sentence[];
  proposals: Proposal[];
  /** What the drafter could not do for this text (an unsupported language, a year it had to infer). */
  notes: string[];
}

/** A stored entity the full-text index offered for a span, with the keys it is stored under. */
export interface IndexHit {
  id: string;
  type: string;
  name: string;
  aliases: string[];
  keys: string[];
  kind: string | null;
  country: string | null;
  score: number;
}

/**
 * How the drafter asks the graph about names: the index hits for each span, and the institutions of
 * a kind in a country. The route passes the Executor-backed one (draft/lookup.ts); a draft without
 * a graph (the benchmark's "new names only" run) passes one that knows nothing.
 */
export interface GraphLookup {
  names(spans: string[]): Promise<Map<string, IndexHit[]>>;
  institutions(
    wanted: Array<{ kind: string; country: string }>,
  ): Promise<Array<{ kind: string; country: string; id: string; name: string; aliases: string[] }>>;
  /** Stored meetings the given stored people take part in. */
  meetings?(people: string[]): Promise<StoredMeeting[]>;
  /** Stored relationships of a type between stored entities (either direction): their ids. */
  links?(
    pairs: Array<{ source: string; target: string; type: string }>,
  ): Promise<Array<{ source: string; target: string; type: string; id: string }>>;
}

export interface StoredMeeting {
  id: string;
  title: string;
  kind: string;
  /** YYYY-MM-DD of the stored date (its first day), with its precision. */
  date: string | null;
  precision: string | null;
  status: string;
  participants: string[];
}

export const EMPTY_GRAPH: GraphLookup = {
  names: async () => new Map(),
  institutions: async () => [],
};
