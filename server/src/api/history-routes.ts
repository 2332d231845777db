// History (issue 12, item 3): GET /api/changes, /api/changes/:id, POST /api/changes/:id/revert, GET /api/nodes/:id/history, /api/relationships/:id/history.
// Reads are open to viewers; a revert needs an editor, like any other change of the graph.
import express from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import { ValidationError, jsonPath } from '../errors';
import { CHANGES_PAGE, factHistory, getChange, listChanges } from '../history/read';
import { revertChange } from '../history/revert';
import { CHANGE_KINDS } from '../history/types';
import { JSON_TYPES, jsonBody, requireContentType } from './body';
import { idParam, json, jsonRequest, operation } from './openapi/common';
import type { RouterDeps } from './router-deps';

const isoDate = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'must be an ISO date or date-time' });

const listQuery = z.object({
  kind: z.enum(CHANGE_KINDS).optional(),
  by: z.string().min(1).max(200).optional().meta({ description: 'A user id or name (as shown in history).' }),
  subject: z.string().min(1).max(300).optional().meta({ description: 'A fact id: changes that touched it.' }),
  since: isoDate.optional().meta({ description: 'Changes at or after this time.' }),
  until: isoDate.optional().meta({ description: 'Changes before this time.' }),
  limit: z.coerce.number().int().min(1).max(CHANGES_PAGE.max).default(CHANGES_PAGE.default),
  cursor: z.string().max(300).optional(),
});

const revertBody = z.strictObject({ reason: z.string().trim().max(4_000).optional() });

function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'query' | 'body'): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    where === 'query' ? 'Some query parameters are invalid.' : 'The revert request is invalid.',
    result.error.issues.map((i) => ({
      path: jsonPath(where === 'query' ? ['query', ...i.path] : i.path),
      message: i.message,
      code: i.code,
    })),
  );
}

export function historyRouter(deps: RouterDeps): express.Router {
  const { executor, auth } = deps;
  const router = express.Router();

  router.get('/changes', async (req, res) => {
    const q = parse(listQuery, req.query, 'query');
    res.json(await listChanges(executor, q));
  });

  router.get('/changes/:id', async (req, res) => {
    res.json(await getChange(executor, req.params.id as string));
  });

  router.post(
    '/changes/:id/revert',
    ...auth.require('editor'),
    requireContentType(JSON_TYPES, 'A revert request'),
    jsonBody({ limit: 16 * 1024 }),
    async (req, res) => {
      const body = parse(revertBody, req.body, 'body');
      const id = await revertChange(executor, req.params.id as string, { reason: body.reason ?? null });
      res
        .status(201)
        .location(`/api/changes/${id}`)
        .json(await getChange(executor, id));
    },
  );

  router.get('/nodes/:id/history', async (req, res) => {
    res.json({ changes: await factHistory(executor, req.params.id as string) });
  });

  router.get('/relationships/:id/history', async (req, res) => {
    res.json({ changes: await factHistory(executor, req.params.id as string) });
  });

  return router;
}

const snapshot = z
  .looseObject({
    kind: z.enum(['node', 'relationship']),
    id: z.string(),
    labels: z.array(z.string()).optional(),
    type: z.string().optional(),
    source: z.string().optional(),
    target: z.string().optional(),
    props: z.record(z.string(), z.unknown()),
    citations: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .meta({ id: 'FactSnapshot', description: 'A node or relationship as it was or became, with its citations (null: it did not exist).' });

const change = z
  .looseObject({
    id: z.string().meta({ example: 'chg-20261202T071500123-1a2b3c4d' }),
    kind: z.enum(CHANGE_KINDS),
    at: z.string().meta({ description: 'When (ISO date-time).' }),
    by: z.object({ userId: z.string(), name: z.string() }),
    reason: z.string().nullable(),
    subjects: z.array(z.string()).meta({ description: 'Ids of the facts (nodes, relationships, citations, judgements) it touched.' }),
    before: z.array(snapshot.nullable()).optional().meta({ description: 'Only in GET /api/changes/{id}.' }),
    after: z.array(snapshot.nullable()).optional().meta({ description: 'Only in GET /api/changes/{id}.' }),
    importId: z.string().nullable(),
    reverts: z.string().nullable(),
    revertedBy: z.string().nullable(),
    revertible: z.boolean(),
    notRevertibleBecause: z.string().optional(),
    summary: z.string(),
  })
  .meta({ id: 'Change', description: 'One change of the graph: who, when, why, and the facts before and after.' });

const changeId = idParam('The id of a change (chg-…).');
const factId = idParam('The id of a node or relationship.');

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {
  '/changes': {
    get: operation('viewer', 'get', {
      operationId: 'listChanges',
      tags: ['History'],
      summary: 'Changes of the graph, newest first (filter by kind, actor, fact, time; keyset-paged)',
      requestParams: { query: listQuery },
      problems: [400],
      responses: {
        '200': json(
          'One page of changes (without before/after).',
          z.object({ changes: z.array(change), nextCursor: z.string().nullable() }),
        ),
      },
    }),
  },
  '/changes/{id}': {
    get: operation('viewer', 'get', {
      operationId: 'getChange',
      tags: ['History'],
      summary: 'One change, with its facts before and after',
      requestParams: { path: changeId },
      problems: [404],
      responses: { '200': json('The change.', change) },
    }),
  },
  '/changes/{id}/revert': {
    post: operation('editor', 'post', {
      operationId: 'revertChange',
      tags: ['History'],
      summary:
        'Revert a change: its facts get back their state before it (a merge is split, a split merged again, an import undone); ' +
        '409 naming the later change when a fact changed since',
      requestParams: { path: changeId },
      requestBody: jsonRequest(revertBody),
      problems: [400, 404, 409, 413, 415],
      responses: {
        '201': json('The revert, itself a change (kind revert; Location: /api/changes/{id}).', change, {
          headers: z.object({ location: z.string().meta({ description: 'Where the revert is.' }) }),
        }),
      },
    }),
  },
  '/nodes/{id}/history': {
    get: operation('viewer', 'get', {
      operationId: 'nodeHistory',
      tags: ['History'],
      summary: "A node's history, newest first: the changes that touched it and the imports that wrote it",
      requestParams: { path: factId },
      responses: { '200': json('Its changes.', z.object({ changes: z.array(change) })) },
    }),
  },
  '/relationships/{id}/history': {
    get: operation('viewer', 'get', {
      operationId: 'relationshipHistory',
      tags: ['History'],
      summary: "A relationship's history, newest first: the changes that touched it and the imports that wrote it",
      requestParams: { path: factId },
      responses: { '200': json('Its changes.', z.object({ changes: z.array(change) })) },
    }),
  },
};
