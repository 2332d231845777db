// The answers of the read API as zod schemas, for the OpenAPI description only: they mirror the
// types of graph/api-types.ts (the server's and client's one source) and resolve/types.ts. The
// objects are open (looseObject) because answers gain members over time; a test asks the served
// answers to match these schemas, so a drift in what is named here shows.
import { z } from 'zod';

import { CITATION_STATUSES } from '../../schema/model';
import { JUDGEMENTS } from '../../resolve/types';

const nullableString = z.string().nullable();

export const jsonValue = z.unknown().meta({ description: 'Any JSON value: temporals as ISO strings, integers as numbers when safe.' });

const citationSource = {
  sourceId: z.string(),
  title: nullableString,
  publisher: nullableString,
  url: nullableString,
  published: nullableString,
  status: z.string().meta({ description: `One of ${CITATION_STATUSES.join(', ')}.` }),
};

export const quoteCitation = z
  .looseObject({ kind: z.literal('quote'), ...citationSource, quote: z.string(), lang: nullableString, note: nullableString })
  .meta({ id: 'QuoteCitation', description: 'A quote from a text: the sentence that states the fact.' });

export const recordCitation = z
  .looseObject({
    kind: z.literal('record'),
    ...citationSource,
    record: z.string().meta({ description: 'Id of the (:Record) node.' }),
    file: nullableString,
    line: z.number().int().nullable(),
    row: z.number().int().nullable(),
    recordId: nullableString,
    pointer: nullableString,
    raw: nullableString,
    version: nullableString,
    retrieved: nullableString,
    licence: nullableString,
  })
  .meta({ id: 'RecordCitation', description: 'A record of a dataset.' });

export const citation = z.discriminatedUnion('kind', [quoteCitation, recordCitation]).meta({ id: 'Citation' });

export const alsoStated = z
  .looseObject({
    property: z.string(),
    value: jsonValue,
    sources: z.array(z.looseObject({ id: z.string(), title: nullableString })),
  })
  .meta({ id: 'AlsoStated', description: 'A value another source stated differently from the one the fact keeps.' });

export const apiNode = z
  .looseObject({
    id: z.string(),
    type: z.string().meta({ description: 'The node type (Person, Organization, Post, Meeting, Source, …; GET /api/schema).' }),
    name: z.string(),
    properties: z.record(z.string(), jsonValue),
    citationStatus: nullableString,
    alsoStated: z.array(alsoStated).optional(),
  })
  .meta({ id: 'Node' });

export const apiEdge = z
  .looseObject({
    id: z.string(),
    type: z.string(),
    source: z.string(),
    target: z.string(),
    properties: z.record(z.string(), jsonValue),
    citationStatus: nullableString,
    alsoStated: z.array(alsoStated).optional(),
    citations: z.array(citation).optional(),
  })
  .meta({ id: 'Relationship' });

export const searchHit = z
  .looseObject({
    id: z.string(),
    type: z.string(),
    name: z.string(),
    aliases: z.array(z.string()),
    score: z.number(),
    posts: z.array(z.looseObject({ title: z.string(), organization: z.string() })),
    country: nullableString,
    date: nullableString,
  })
  .meta({ id: 'SearchHit' });

export const nodeWithCitations = apiNode
  .extend({
    citations: z.array(citation),
    redirectedFrom: z.string().optional().meta({ description: 'The id asked for, when a "same" judgement merged it into this one.' }),
  })
  .meta({ id: 'NodeWithCitations' });

export const neighborhood = z
  .looseObject({
    nodes: z.array(apiNode),
    edges: z.array(apiEdge),
    counts: z.looseObject({ byRelType: z.record(z.string(), z.number().int()), total: z.number().int() }),
    nextCursor: nullableString,
    search: z
      .looseObject({
        q: z.string(),
        matched: z.number().int().meta({ description: 'How many neighbours through the types asked match q, over all pages.' }),
      })
      .optional()
      .meta({ description: 'With q: the search and how many neighbours match it.' }),
    redirectedFrom: z.string().optional(),
    canonicalId: z.string().optional(),
  })
  .meta({ id: 'Neighborhood' });

export const neighborDates = z
  .looseObject({
    id: z.string(),
    relType: z.string(),
    dated: z.number().int(),
    first: nullableString,
    last: nullableString,
    byYear: z.array(z.looseObject({ year: z.number().int(), count: z.number().int() })),
  })
  .meta({ id: 'NeighborDates' });

export const pathStep = z
  .looseObject({
    from: z.string(),
    to: z.string(),
    edgeId: z.string(),
    type: z.string(),
    caption: z.string(),
    date: z.string().optional(),
    citations: z.array(citation),
  })
  .meta({ id: 'PathStep' });

export const pathsResult = z
  .looseObject({
    nodes: z.array(apiNode),
    edges: z.array(apiEdge),
    paths: z.array(
      z.looseObject({ nodes: z.array(z.string()), edges: z.array(z.string()), length: z.number().int(), steps: z.array(pathStep) }),
    ),
  })
  .meta({ id: 'Paths' });

const factKind = z.enum(['node', 'relationship']);

export const sourceFacts = z
  .looseObject({
    source: apiNode,
    total: z.number().int(),
    groups: z.array(z.looseObject({ kind: factKind, type: z.string(), count: z.number().int() })),
    facts: z.array(
      z.looseObject({
        id: z.string(),
        kind: factKind,
        type: z.string(),
        name: z.string(),
        source: z.string().optional(),
        target: z.string().optional(),
        citations: z.array(citation),
      }),
    ),
    nodes: z.array(apiNode),
    edges: z.array(apiEdge),
    nextCursor: nullableString,
  })
  .meta({ id: 'SourceFacts' });

export const reason = z
  .looseObject({ code: z.string(), detail: z.string(), weight: z.number() })
  .meta({ id: 'Reason', description: 'One piece of evidence for or against a pair.' });

export const candidate = z
  .looseObject({ a: z.string(), b: z.string(), type: z.string(), score: z.number(), reasons: z.array(reason) })
  .meta({ id: 'Candidate', description: 'A pair of entities that may be one (a < b).' });

export const judgement = z
  .looseObject({
    id: z.string(),
    a: z.string(),
    b: z.string(),
    judgement: z.enum(JUDGEMENTS),
    note: nullableString,
    by: z.string(),
    at: z.string(),
    score: z.number().nullable(),
    reasons: z.array(reason),
    canonicalId: nullableString,
    absorbedId: nullableString,
    undoneAt: nullableString,
  })
  .meta({ id: 'Judgement' });

/** A list page with a keyset cursor: pass nextCursor back as ?cursor= for the next page. */
export const nextCursor = nullableString.meta({ description: 'Pass back as ?cursor= for the next page; null on the last page.' });
