// Liaison's domain schema, defined once as data. Validators (validators.ts), the Neo4j constraints
// and indexes (ddl.ts → cypher/schema.cypher), the API's /api/schema answer and the client's styles
// are all derived from this module; nothing else declares a label, a relationship type or a property.

/** The kinds of value a property can hold. Each maps to a zod validator and a Neo4j type. */
export type PropertyKind =
  | 'string' // a short single-line string
  | 'text' // free text, possibly long
  | 'strings' // a list of short strings
  | 'url'
  | 'enum' // one of `values`
  | 'country' // ISO 3166-1 alpha-2 code, upper case
  | 'language' // ISO 639-1 code, lower case
  | 'fuzzyDate'; // YYYY, YYYY-MM or YYYY-MM-DD; stored as a Neo4j Date plus `<name>Precision`

export interface PropertySpec {
  readonly kind: PropertyKind;
  readonly description: string;
  readonly required?: boolean;
  readonly values?: readonly string[];
  /** A range index is created for it (dates and enums used in filters). */
  readonly indexed?: boolean;
  /**
   * For `strings`: each entry is an identifier `scheme:value` ("wikidata:Q312", "popolo:abc-1",
   * "eu-transparency-register:1234-56"). Lists are merged as unions, so identifiers from every
   * source stay on the node.
   */
  readonly format?: 'identifier';
}

export interface NodeTypeSpec {
  readonly label: string;
  readonly description: string;
  /** The property shown as the node's name. */
  readonly caption: string;
  /** Included in the full-text name index and in /api/search. */
  readonly searchable: boolean;
  /** A Source is the evidence itself: it is the one type that needs no citation. */
  readonly needsCitation: boolean;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  /** How the client draws it; the client reads this from /api/schema. */
  readonly style: { readonly color: string; readonly shape: string; readonly icon: string };
}

export interface RelationshipTypeSpec {
  readonly type: string;
  readonly description: string;
  /** Caption for the forward direction ("holds post at") and the reverse ("post held by"). */
  readonly caption: string;
  readonly reverseCaption: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** Undirected relationships are stored with one direction but read both ways. */
  readonly directed: boolean;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  /** The property shown as the edge's label, if any. */
  readonly labelProperty?: string;
  readonly style: { readonly color: string; readonly lineStyle: 'solid' | 'dotted' };
}

/** Every domain node carries this label too, so that one uniqueness constraint covers all ids. */
export const ENTITY_LABEL = 'Entity';
/** The provenance record: (:Citation {factId, quote, status})-[:CITES]->(:Source). */
export const CITATION_LABEL = 'Citation';
export const CITES_TYPE = 'CITES';
/**
 * One id space for nodes and relationships. Neo4j Community cannot constrain a property across
 * labels and relationship types, so every node and relationship id is claimed by one
 * (:IdClaim {factId, kind: 'node'|'relationship', type, source, target}) under a uniqueness
 * constraint. The import statements MERGE the claim before writing the fact: the constraint's lock
 * makes a concurrent claim of the same id wait and then see the winner, and a claim of another
 * kind, type or (for a relationship) other endpoints is refused. The property is factId, as on a
 * Citation, rather than id, so that `MATCH (n {id: …})` still finds the fact alone.
 */
export const ID_CLAIM_LABEL = 'IdClaim';
/** The store's data-format version and the migration steps applied to it (db/migrations.ts). */
export const META_LABEL = 'LiaisonMeta';
/**
 * Provenance from a dataset rather than a text: one (:Record {id, source, file, line, row,
 * recordId, pointer, raw})-[:CITES]->(:Source) per record of a file (a CSV row, a Popolo person, an
 * FtM entity). Every fact derived from a record lists the record's id in its `records` property, so
 * provenance grows with the records of a dataset, not with facts × records, and a fact's records
 * are found through the unique index on Record.id. Quotes from texts stay (:Citation) nodes.
 */
export const RECORD_LABEL = 'Record';

export const CITATION_STATUSES = ['reported', 'speculative', 'disputed'] as const;
export type CitationStatus = (typeof CITATION_STATUSES)[number];

const name: PropertySpec = { kind: 'string', required: true, description: 'Canonical name, English transliteration' };
const aliases: PropertySpec = {
  kind: 'strings',
  description: 'Other spellings, scripts and transliterations (e.g. Patruschew, Патрушев)',
};
const summary: PropertySpec = { kind: 'text', description: 'A short description' };
const identifiers: PropertySpec = {
  kind: 'strings',
  format: 'identifier',
  description: 'Identifiers in other datasets, as scheme:value (wikidata:Q312, popolo:…, eu-transparency-register:…)',
};

export const MEETING_KINDS = ['visit', 'talks', 'consultation', 'summit', 'call', 'statement', 'hearing', 'dinner', 'other'] as const;
/** How people met: in person, online (a video call: place "online"), or both. */
export const MEETING_FORMATS = ['in_person', 'online', 'hybrid'] as const;
export const GENDERS = ['female', 'male', 'other'] as const;
export const SOURCE_KINDS = ['article', 'dataset', 'register', 'document'] as const;
export const MEETING_STATUSES = ['held', 'planned', 'postponed', 'cancelled'] as const;
export const ORGANIZATION_KINDS = [
  'state_body',
  'security_council',
  'ministry',
  'embassy',
  'parliament',
  'party',
  'media_outlet',
  'international_body',
  'parliamentary_group',
  'local_authority',
  'company',
  'ngo',
  'charity',
  'trade_association',
  'trade_union',
  'think_tank',
  'university',
  'consultancy',
  'religious_body',
  'other',
] as const;
export const PARTICIPATION_ROLES = [
  'host',
  'guest',
  'participant',
  'delegation_member',
  'organizer',
  'chair',
  'rapporteur',
  'shadow_rapporteur',
  'representative',
] as const;

export const NODE_TYPES = {
  Person: {
    label: 'Person',
    description: 'A public official or other person in public life',
    caption: 'name',
    searchable: true,
    needsCitation: true,
    properties: {
      name,
      aliases,
      summary,
      identifiers,
      nationality: { kind: 'country', description: 'Country of citizenship (ISO 3166-1 alpha-2)' },
      birthDate: { kind: 'fuzzyDate', description: 'Date of birth, as precise as the source' },
      deathDate: { kind: 'fuzzyDate', description: 'Date of death, as precise as the source' },
      gender: { kind: 'enum', values: GENDERS, description: 'Gender, as the source states it' },
    },
    style: { color: '#2563eb', shape: 'ellipse', icon: 'person' },
  },
  Organization: {
    label: 'Organization',
    description: 'An institution: state body, ministry, parliament, party, company, NGO, trade association, union, outlet…',
    caption: 'name',
    searchable: true,
    needsCitation: true,
    properties: {
      name,
      aliases,
      summary,
      identifiers,
      kind: { kind: 'enum', values: ORGANIZATION_KINDS, required: true, indexed: true, description: 'Kind of institution' },
      country: { kind: 'country', description: 'Country the institution belongs to (ISO 3166-1 alpha-2)' },
    },
    style: { color: '#059669', shape: 'round-rectangle', icon: 'institution' },
  },
  Country: {
    label: 'Country',
    description: 'A sovereign state',
    caption: 'name',
    searchable: true,
    needsCitation: true,
    properties: {
      name,
      aliases,
      identifiers,
      code: { kind: 'country', required: true, indexed: true, description: 'ISO 3166-1 alpha-2 code' },
    },
    style: { color: '#64748b', shape: 'hexagon', icon: 'flag' },
  },
  Meeting: {
    label: 'Meeting',
    description: 'A dated event between officials: visit, talks, consultation, summit, call or statement',
    caption: 'title',
    searchable: true,
    needsCitation: true,
    properties: {
      title: { kind: 'string', required: true, description: 'What happened, in a few words' },
      aliases,
      kind: { kind: 'enum', values: MEETING_KINDS, required: true, indexed: true, description: 'Kind of event' },
      // The date is optional: an article may mention an event without dating it, and Liaison
      // infers no date that the source does not make certain. Precision says how much is known.
      date: { kind: 'fuzzyDate', indexed: true, description: 'When it took (or was to take) place' },
      endDate: { kind: 'fuzzyDate', description: 'Last day, for events of several days' },
      place: { kind: 'string', description: 'City or venue, as the source names it ("online" for a video call)' },
      format: { kind: 'enum', values: MEETING_FORMATS, description: 'In person, online or hybrid' },
      country: { kind: 'country', description: 'Country where it took place (ISO 3166-1 alpha-2)' },
      status: {
        kind: 'enum',
        values: MEETING_STATUSES,
        required: true,
        indexed: true,
        description: 'Held, planned, postponed or cancelled',
      },
      summary,
      identifiers,
    },
    style: { color: '#d97706', shape: 'diamond', icon: 'meeting' },
  },
  Topic: {
    label: 'Topic',
    description: 'Something discussed: a policy area, a conflict, an agreement',
    caption: 'name',
    searchable: true,
    needsCitation: true,
    properties: { name, aliases, summary, identifiers },
    style: { color: '#7c3aed', shape: 'tag', icon: 'topic' },
  },
  Source: {
    label: 'Source',
    description: 'An article, document or dataset that states facts; every fact cites one',
    caption: 'title',
    searchable: true,
    needsCitation: false,
    properties: {
      title: { kind: 'string', required: true, description: 'Title of the article or document' },
      publisher: { kind: 'string', description: 'Name of the publisher, as printed' },
      url: { kind: 'url', description: 'Where it can be read' },
      published: { kind: 'fuzzyDate', indexed: true, description: 'Publication date' },
      language: { kind: 'language', description: 'Language of the text (ISO 639-1)' },
      summary,
      kind: { kind: 'enum', values: SOURCE_KINDS, description: 'Article, dataset, register or document' },
      version: { kind: 'string', description: 'Version or release of a dataset (a file name, a date, a commit)' },
      retrieved: { kind: 'fuzzyDate', description: 'When the dataset was retrieved' },
      licence: { kind: 'string', description: 'Licence of the dataset, e.g. OGL-UK-3.0, CC-BY-4.0' },
      identifiers,
    },
    style: { color: '#475569', shape: 'rectangle', icon: 'document' },
  },
} as const satisfies Record<string, NodeTypeSpec>;

export type NodeLabel = keyof typeof NODE_TYPES;

const postDates = {
  start: { kind: 'fuzzyDate', indexed: true, description: 'When the post was taken up' },
  end: { kind: 'fuzzyDate', indexed: true, description: 'When the post was left (absent: still held, or unknown)' },
} as const satisfies Record<string, PropertySpec>;

export const RELATIONSHIP_TYPES = {
  HOLDS_POST: {
    type: 'HOLDS_POST',
    description: 'A person holds (or held) a post at an institution',
    caption: 'holds post at',
    reverseCaption: 'post held by',
    from: ['Person'],
    to: ['Organization'],
    directed: true,
    properties: {
      title: { kind: 'string', required: true, description: 'The post, e.g. Secretary, Deputy Secretary, Ambassador' },
      ...postDates,
      area: { kind: 'string', description: 'Constituency or area the post is for, as the source names it' },
      period: { kind: 'string', description: 'Legislative period or term, as the source names it' },
    },
    labelProperty: 'title',
    style: { color: '#059669', lineStyle: 'solid' },
  },
  TAKES_PART: {
    type: 'TAKES_PART',
    description: 'A person or institution takes part in a meeting',
    caption: 'takes part in',
    reverseCaption: 'participant',
    from: ['Person', 'Organization'],
    to: ['Meeting'],
    directed: true,
    properties: {
      role: {
        kind: 'enum',
        values: PARTICIPATION_ROLES,
        required: true,
        description: 'Host, guest, participant, delegation member or organizer',
      },
    },
    labelProperty: 'role',
    style: { color: '#d97706', lineStyle: 'solid' },
  },
  HELD_IN: {
    type: 'HELD_IN',
    description: 'A meeting is held (or to be held) in a country',
    caption: 'held in',
    reverseCaption: 'venue of',
    from: ['Meeting'],
    to: ['Country'],
    directed: true,
    properties: {},
    style: { color: '#64748b', lineStyle: 'solid' },
  },
  CONCERNS: {
    type: 'CONCERNS',
    description: 'A meeting concerns a topic (it was discussed there)',
    caption: 'concerns',
    reverseCaption: 'discussed at',
    from: ['Meeting'],
    to: ['Topic'],
    directed: true,
    properties: {},
    style: { color: '#7c3aed', lineStyle: 'solid' },
  },
  PART_OF: {
    type: 'PART_OF',
    description: 'An institution is part of another, or a meeting is part of a larger visit',
    caption: 'part of',
    reverseCaption: 'includes',
    from: ['Organization', 'Meeting'],
    to: ['Organization', 'Meeting'],
    directed: true,
    properties: {},
    style: { color: '#0f766e', lineStyle: 'solid' },
  },
  BELONGS_TO: {
    type: 'BELONGS_TO',
    description: 'An institution belongs to a country',
    caption: 'belongs to',
    reverseCaption: 'has institution',
    from: ['Organization'],
    to: ['Country'],
    directed: true,
    properties: {},
    style: { color: '#94a3b8', lineStyle: 'solid' },
  },
  PUBLISHED_BY: {
    type: 'PUBLISHED_BY',
    description: 'A source is published by a media outlet',
    caption: 'published by',
    reverseCaption: 'published',
    from: ['Source'],
    to: ['Organization'],
    directed: true,
    properties: {},
    style: { color: '#475569', lineStyle: 'dotted' },
  },
  MEMBER_OF: {
    type: 'MEMBER_OF',
    description: 'A person or institution is (or was) a member of a party, group or association (not a post)',
    caption: 'member of',
    reverseCaption: 'has member',
    from: ['Person', 'Organization'],
    to: ['Organization'],
    directed: true,
    properties: {
      ...postDates,
      title: { kind: 'string', description: 'Role within it, if any (chair, treasurer, member)' },
      period: { kind: 'string', description: 'Legislative period or term, as the source names it' },
    },
    labelProperty: 'title',
    style: { color: '#0891b2', lineStyle: 'solid' },
  },
  KNOWS: {
    type: 'KNOWS',
    description: 'Two people know each other personally (a claim of acquaintance)',
    caption: 'knows',
    reverseCaption: 'knows',
    from: ['Person'],
    to: ['Person'],
    directed: false,
    properties: {
      since: { kind: 'fuzzyDate', description: 'Since when, if the source says' },
      context: { kind: 'text', description: 'How they know each other, as the source puts it' },
    },
    style: { color: '#db2777', lineStyle: 'solid' },
  },
} as const satisfies Record<string, RelationshipTypeSpec>;

export type RelationshipType = keyof typeof RELATIONSHIP_TYPES;

export const NODE_LABELS = Object.keys(NODE_TYPES) as NodeLabel[];
export const RELATIONSHIP_TYPE_NAMES = Object.keys(RELATIONSHIP_TYPES) as RelationshipType[];

export function isNodeLabel(value: string): value is NodeLabel {
  return Object.prototype.hasOwnProperty.call(NODE_TYPES, value);
}

export function isRelationshipType(value: string): value is RelationshipType {
  return Object.prototype.hasOwnProperty.call(RELATIONSHIP_TYPES, value);
}

export function nodeType(label: NodeLabel): NodeTypeSpec {
  return NODE_TYPES[label];
}

export function relationshipType(type: RelationshipType): RelationshipTypeSpec {
  return RELATIONSHIP_TYPES[type];
}

/** Names of the fuzzy-date properties of a type; each is stored with a `<name>Precision` sibling. */
export function fuzzyDateProperties(properties: Readonly<Record<string, PropertySpec>>): string[] {
  return Object.entries(properties)
    .filter(([, spec]) => spec.kind === 'fuzzyDate')
    .map(([key]) => key);
}

/** Properties Liaison derives at import time and stores beside the declared ones. */
export const DERIVED_PROPERTIES = {
  /** Normalised name keys for matching across scripts and transliterations (names/keys.ts). */
  searchKeys: 'searchKeys',
  /** The strongest status among a fact's citations, for filtering and drawing. */
  citationStatus: 'citationStatus',
  /** Ids of the (:Record) nodes a fact was derived from (record provenance, see RECORD_LABEL). */
  records: 'records',
  /**
   * Values another source stated differently from the one kept, as JSON strings
   * {"property","value","sources":[ids]}: a merge keeps the first value and records the others.
   */
  alsoStated: 'alsoStated',
} as const;
