// What an export asks for: a format and a subgraph spec, either the elements on screen (node and
// edge ids, from the explorer or the console) or a node's neighbourhood to N hops in a date window.
// POST /api/export takes it as JSON; GET /api/export takes the neighbourhood form as a query string.
import { z } from 'zod';

import { ValidationError, jsonPath } from '../errors';
import { entityId, fuzzyDate, isValidFuzzyDate } from '../schema/validators';
import { fuzzyPeriod } from './intervals';

export const EXPORT_FORMAT_NAMES = ['graphml', 'gexf', 'csv', 'json', 'cypher', 'ftm', 'citations-md', 'citations-html'] as const;
export type ExportFormatName = (typeof EXPORT_FORMAT_NAMES)[number];

/** Most ids one request may name; a view larger than this is no longer something one reads. */
export const MAX_ELEMENT_IDS = 20_000;
export const MAX_HOPS = 4;

const elements = z.strictObject({
  kind: z.literal('elements'),
  nodeIds: z.array(entityId).max(MAX_ELEMENT_IDS).default([]),
  edgeIds: z.array(entityId).max(MAX_ELEMENT_IDS).default([]),
});

const neighborhood = z
  .strictObject({
    kind: z.literal('neighborhood'),
    node: entityId,
    hops: z.coerce.number().int().min(1).max(MAX_HOPS).default(1),
    from: fuzzyDate.optional(),
    to: fuzzyDate.optional(),
  })
  // Zod runs this check even when a date above failed; only two real dates are compared.
  .refine(
    (s) => !s.from || !s.to || !isValidFuzzyDate(s.from) || !isValidFuzzyDate(s.to) || fuzzyPeriod(s.from).start <= fuzzyPeriod(s.to).end,
    {
      message: 'from must not be after to',
      path: ['to'],
    },
  );

export const subgraphSpec = z.discriminatedUnion('kind', [elements, neighborhood]);
export type SubgraphSpec = z.infer<typeof subgraphSpec>;

export const exportRequest = z.strictObject({
  format: z.enum(EXPORT_FORMAT_NAMES),
  title: z.string().trim().max(200).optional(),
  subgraph: subgraphSpec,
});
export type ExportRequest = z.infer<typeof exportRequest>;

function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  at: (path: PropertyKey[]) => PropertyKey[] = (path) => path,
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    `The ${what} is invalid.`,
    result.error.issues.map((i) => ({ path: jsonPath(at(i.path)), message: i.message, code: i.code })),
  );
}

/** The JSON body of POST /api/export. */
export function parseExportRequest(body: unknown): ExportRequest {
  return parse(exportRequest, body, 'export request');
}

const queryForm = z.object({
  format: z.enum(EXPORT_FORMAT_NAMES),
  node: entityId,
  hops: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  title: z.string().optional(),
});

/** GET /api/export?format=F&node=ID&hops=N[&from=&to=][&title=]: the neighbourhood form, for links and scripts. */
export function parseExportQuery(query: unknown): ExportRequest {
  const q = parse(queryForm, query, 'export query', (path) => ['query', ...path]);
  return parse(
    exportRequest,
    {
      format: q.format,
      ...(q.title !== undefined ? { title: q.title } : {}),
      subgraph: {
        kind: 'neighborhood',
        node: q.node,
        ...(q.hops !== undefined ? { hops: q.hops } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
      },
    },
    'export query',
    // Problems with the neighbourhood are named after the query parameter that carried them.
    (path) => ['query', ...(path[0] === 'subgraph' ? path.slice(1) : path)],
  );
}
