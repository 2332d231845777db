// Judgements over HTTP (issue 10, item 3): POST /api/judgements stores a decision on a pair of
// entities ("same" merges them), DELETE /api/judgements/:id undoes it (a split, for "same"), and
// GET lists them or gives one. Writes need the write token, like imports and saved views.
import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import type { Executor } from '../db/executor';
import { ValidationError, jsonPath } from '../errors';
import { JUDGEMENTS_PAGE, getJudgement, judge, listJudgements, undoJudgement } from '../resolve/judgements';
import { JUDGEMENTS } from '../resolve/types';
import { entityId } from '../schema/validators';
import { JSON_TYPES, jsonBody, requireContentType } from './body';
import { idParam, json, jsonRequest, operation } from './openapi/common';
import { judgement, nextCursor } from './openapi/shapes';

const reason = z.strictObject({
  code: z.string().min(1).max(100),
  detail: z.string().max(1_000),
  weight: z.number().finite().min(-100).max(100),
});

export const judgementBody = z.strictObject({
  a: entityId,
  b: entityId,
  judgement: z.enum(JUDGEMENTS),
  note: z.string().trim().max(4_000).optional(),
  score: z.number().finite().min(0).max(1).optional(),
  reasons: z.array(reason).max(100).optional(),
  /** For "same": which of the two keeps its id; by default the one with more links (merge.ts chooseSurvivor). */
  keep: z.enum(['a', 'b']).optional(),
});

const listQuery = z.object({
  entity: entityId.optional(),
  limit: z.coerce.number().int().min(1).max(JUDGEMENTS_PAGE.max).default(JUDGEMENTS_PAGE.default),
  cursor: z.string().max(100).optional(),
});

function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'query' | 'body'): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    where === 'query' ? 'Some query parameters are invalid.' : 'The judgement is invalid.',
    result.error.issues.map((i) => ({
      path: jsonPath(where === 'query' ? ['query', ...i.path] : i.path),
      message: i.message,
      code: i.code,
    })),
  );
}

export function judgementsRouter(deps: { executor: Executor; guards: RequestHandler[] }): express.Router {
  const { executor, guards } = deps;
  const router = express.Router();
  const body = [requireContentType(JSON_TYPES, 'A judgement'), jsonBody({ limit: 64 * 1024 })];

  router.get('/judgements', async (req, res) => {
    const q = parse(listQuery, req.query, 'query');
    res.json(await listJudgements(executor, { entity: q.entity ?? null, limit: q.limit, cursor: q.cursor ?? null }));
  });

  router.get('/judgements/:id', async (req, res) => {
    res.json(await getJudgement(executor, req.params.id as string));
  });

  router.post('/judgements', ...guards, ...body, async (req, res) => {
    const input = parse(judgementBody, req.body, 'body');
    const judgement = await judge(executor, { ...input, by: 'api' });
    res.status(201).location(`/api/judgements/${judgement.id}`).json(judgement);
  });

  router.delete('/judgements/:id', ...guards, async (req, res) => {
    res.json(await undoJudgement(executor, req.params.id as string));
  });

  return router;
}

const judgementId = idParam('The id of a judgement (jdg-…).');

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {
  '/judgements': {
    get: operation('viewer', 'get', {
      operationId: 'listJudgements',
      tags: ['Resolution'],
      summary: 'Judgements, newest first, optionally those naming an entity',
      requestParams: { query: listQuery },
      problems: [400],
      responses: { '200': json('One page of judgements.', z.looseObject({ judgements: z.array(judgement), nextCursor })) },
    }),
    post: operation('editor', 'post', {
      operationId: 'createJudgement',
      tags: ['Resolution'],
      summary: 'Judge a pair of entities: "same" merges them, "not_same" and "unsure" are kept for review',
      requestBody: jsonRequest(judgementBody),
      problems: [400, 404, 409, 413, 415],
      responses: {
        '201': json('The stored judgement (Location: /api/judgements/{id}).', judgement, {
          headers: z.object({ location: z.string().meta({ description: 'Where the judgement is.' }) }),
        }),
      },
    }),
  },
  '/judgements/{id}': {
    get: operation('viewer', 'get', {
      operationId: 'getJudgement',
      tags: ['Resolution'],
      summary: 'One judgement',
      requestParams: { path: judgementId },
      problems: [404],
      responses: { '200': json('The judgement.', judgement) },
    }),
    delete: operation('editor', 'delete', {
      operationId: 'undoJudgement',
      tags: ['Resolution'],
      summary: 'Undo a judgement (for "same": split the merged entities again)',
      requestParams: { path: judgementId },
      problems: [404, 409],
      responses: { '200': json('The judgements undone, in the order undone.', z.looseObject({ undone: z.array(judgement) })) },
    }),
  },
};
