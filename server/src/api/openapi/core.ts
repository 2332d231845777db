// The OpenAPI fragment of the routes app.ts defines itself: health, schema, search, a node and its
// neighbours, a Source's facts, paths. The query schemas are the ones app.ts parses with (the same
// definitions, exported here so that app.ts can import them instead of keeping its own copies).
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import { MAX_HOPS, MAX_PATHS } from '../../graph/paths';
import { SOURCE_FACTS_PAGE } from '../../graph/service';
import { NODE_LABELS, RELATIONSHIP_TYPE_NAMES } from '../../schema/model';
import { fuzzyDate, isValidFuzzyDate } from '../../schema/validators';
import { idParam, json, operation } from './common';
import { neighborDates, neighborhood, nodeWithCitations, pathsResult, searchHit, sourceFacts } from './shapes';

const csv = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
  );

export const searchQuery = z.object({
  q: z.string().trim().min(1, 'type at least one character').max(200).meta({ description: 'A name in any spelling or script.' }),
  types: csv
    .refine((v) => !v || v.every((t) => (NODE_LABELS as string[]).includes(t)), {
      message: `each type must be one of ${NODE_LABELS.join(', ')}`,
    })
    .meta({ description: `Comma-separated node types to search among: ${NODE_LABELS.join(', ')}.` }),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export const neighborsQuery = z.object({
  relTypes: z.string().optional().meta({ description: 'Comma-separated relationship types to follow (all when absent).' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(1000).optional().meta({ description: 'nextCursor of the previous page.' }),
  asOf: z
    .string()
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isValidFuzzyDate(v), 'must be a day as YYYY-MM-DD')
    .optional()
    .meta({ description: 'Only links in force on this day (YYYY-MM-DD).' }),
  q: z
    .string()
    .trim()
    .min(1, 'type at least one character, or leave q out for all neighbours')
    .max(200)
    .optional()
    .meta({
      description:
        'Only the neighbours whose names match this text in any spelling or script, as /search matches (without its typo tolerance); ' +
        'the same order and cursor, and search.matched says how many match in all. Served from the full-text index for hubs.',
    }),
});

export const neighborDatesQuery = z.object({
  relType: z
    .enum(RELATIONSHIP_TYPE_NAMES as [string, ...string[]])
    .meta({ description: 'The relationship type whose neighbours are counted.' }),
});

export const sourceFactsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(SOURCE_FACTS_PAGE.max).default(SOURCE_FACTS_PAGE.default),
  cursor: z.string().max(1000).optional().meta({ description: 'nextCursor of the previous page.' }),
});

export const pathsQuery = z.object({
  from: z.string().min(1, 'name the entity to start from').meta({ description: 'Id or name of the entity to start from.' }),
  to: z.string().min(1, 'name the entity to reach').meta({ description: 'Id or name of the entity to reach.' }),
  maxHops: z.coerce.number().int().min(1).max(MAX_HOPS).default(4),
  relTypes: z.string().optional().meta({ description: 'Comma-separated relationship types to walk.' }),
  excludeRelTypes: z.string().optional().meta({ description: 'Comma-separated relationship types never to walk.' }),
  k: z.coerce.number().int().min(1).max(MAX_PATHS).optional().meta({ description: 'How many shortest paths.' }),
  // The first name of k, still accepted (k wins); above MAX_PATHS it gives MAX_PATHS.
  limit: z.coerce.number().int().min(1).max(50).optional().meta({ description: 'Former name of k.', deprecated: true }),
  alternatives: z.stringbool().default(false).meta({ description: 'Also paths that avoid the first ones (true/false).' }),
  avoidHubsAbove: z.coerce.number().int().min(0).optional().meta({ description: 'Do not pass through nodes with more links than this.' }),
  timeRespecting: z.stringbool().default(false).meta({ description: 'Only paths whose meetings follow one another in time.' }),
  after: fuzzyDate.optional(),
  before: fuzzyDate.optional(),
});

const health = z
  .looseObject({
    status: z.enum(['ok', 'unavailable']),
    neo4j: z.looseObject({
      connected: z.boolean(),
      version: z.string().nullable(),
      edition: z.string().nullable().optional(),
      embedded: z.looseObject({ status: z.string(), restarts: z.number().int() }).optional(),
    }),
    detail: z.string().nullable().optional(),
  })
  .meta({ id: 'Health' });

const property = z.looseObject({
  name: z.string(),
  kind: z.string(),
  required: z.boolean(),
  description: z.string().optional(),
  values: z.array(z.string()).optional(),
  precisionProperty: z.string().optional(),
});

const schemaDescription = z
  .looseObject({
    version: z.number().int(),
    nodeTypes: z.array(z.looseObject({ label: z.string(), description: z.string(), properties: z.array(property) })),
    relationshipTypes: z.array(
      z.looseObject({
        type: z.string(),
        description: z.string(),
        from: z.array(z.string()),
        to: z.array(z.string()),
        directed: z.boolean(),
        properties: z.array(property),
      }),
    ),
    provenance: z.looseObject({ statuses: z.array(z.string()) }),
  })
  .meta({ id: 'SchemaDescription', description: 'The node and relationship types, their properties, captions and styles.' });

const nodeId = idParam('The id of a node (an id merged away by a "same" judgement redirects).');

export const openapi: ZodOpenApiPathsObject = {
  '/health': {
    get: operation('public', 'get', {
      operationId: 'getHealth',
      tags: ['Status'],
      summary: 'Whether the server and its database answer',
      responses: {
        '200': json('The database answers.', health),
        '503': json('The database does not answer (or the embedded one is restarting); Retry-After when it restarts.', health),
      },
    }),
  },
  '/schema': {
    get: operation('viewer', 'get', {
      operationId: 'getSchema',
      tags: ['Graph'],
      summary: 'The graph schema: node and relationship types with their properties',
      responses: { '200': json('The schema.', schemaDescription) },
    }),
  },
  '/search': {
    get: operation('viewer', 'get', {
      operationId: 'search',
      tags: ['Graph'],
      summary: 'Find entities by name, in any spelling (the search keys)',
      requestParams: { query: searchQuery },
      problems: [400],
      responses: { '200': json('Best matches first.', z.looseObject({ query: z.string(), results: z.array(searchHit) })) },
    }),
  },
  '/nodes/{id}': {
    get: operation('viewer', 'get', {
      operationId: 'getNode',
      tags: ['Graph'],
      summary: 'A node with its citations',
      requestParams: { path: nodeId },
      problems: [404],
      responses: { '200': json('The node.', nodeWithCitations) },
    }),
  },
  '/nodes/{id}/neighbors': {
    get: operation('viewer', 'get', {
      operationId: 'getNeighbors',
      tags: ['Graph'],
      summary: "A node's neighbours and the links to them, a page at a time",
      requestParams: { path: nodeId, query: neighborsQuery },
      problems: [400, 404],
      responses: { '200': json('The neighbourhood.', neighborhood) },
    }),
  },
  '/nodes/{id}/neighbor-dates': {
    get: operation('viewer', 'get', {
      operationId: 'getNeighborDates',
      tags: ['Graph'],
      summary: "When a node's neighbours through one relationship type are dated: counts per year",
      requestParams: { path: nodeId, query: neighborDatesQuery },
      problems: [400, 404],
      responses: { '200': json('Dated neighbours per year, earliest first.', neighborDates) },
    }),
  },
  '/sources/{id}/facts': {
    get: operation('viewer', 'get', {
      operationId: 'getSourceFacts',
      tags: ['Graph'],
      summary: 'Every fact a Source supports, grouped by kind, a page at a time',
      requestParams: { path: idParam('The id of a Source.'), query: sourceFactsQuery },
      problems: [400, 404],
      responses: { '200': json('One page of facts.', sourceFacts) },
    }),
  },
  '/paths': {
    get: operation('viewer', 'get', {
      operationId: 'getPaths',
      tags: ['Graph'],
      summary: 'Shortest paths between two entities, each hop with its citations',
      requestParams: { query: pathsQuery },
      problems: [400, 409, 422, 504],
      responses: { '200': json('The paths and the nodes and links on them.', pathsResult) },
    }),
  },
};
