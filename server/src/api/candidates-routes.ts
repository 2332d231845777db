// GET /api/candidates: pairs of entities that may be one, best first, each with the reasons for its
// score (resolve/candidates.ts). Open like search: it reads and proposes, judging needs the token.
// Bounded: at most MAX_LIMIT pairs, and a time budget past which the answer is a 504 that says how
// to narrow the request; a type with more entities than one request may pair gets a 413.
import express from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import type { Executor } from '../db/executor';
import { ValidationError, jsonPath } from '../errors';
import { CANDIDATE_TYPES, DEFAULT_MIN_SCORE, generateCandidates } from '../resolve/candidates';
import { entityId } from '../schema/validators';
import { json, operation } from './openapi/common';
import { candidate } from './openapi/shapes';

export const CANDIDATES_LIMIT = { default: 50, max: 500 } as const;
/** Most entities one request may name with entity=. */
export const MAX_ENTITY_IDS = 50;
/** Time one request may take, all statements and the scoring in between together. */
export const CANDIDATES_TIMEOUT_MS = 30_000;
/** Entities of one type one request may read and pair (beyond: 413, narrow with importId or entity). */
export const CANDIDATES_MAX_ENTITIES = 200_000;

const candidatesQuery = z.object({
  type: z.enum(CANDIDATE_TYPES as [string, ...string[]], { message: `must be one of ${CANDIDATE_TYPES.join(', ')}` }).optional(),
  limit: z.coerce.number().int().min(1).max(CANDIDATES_LIMIT.max).default(CANDIDATES_LIMIT.default),
  importId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\w.:-]+$/, 'must be the id of an import')
    .optional(),
  entity: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? [
            ...new Set(
              v
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            ),
          ]
        : undefined,
    )
    .pipe(z.array(entityId).max(MAX_ENTITY_IDS, `at most ${MAX_ENTITY_IDS} entity ids`).optional()),
  minScore: z.coerce.number().min(0).max(1).default(DEFAULT_MIN_SCORE),
});

export interface CandidatesRouteOptions {
  executor: Executor;
  timeoutMs?: number;
  maxEntities?: number;
}

export function candidatesRouter(opts: CandidatesRouteOptions): express.Router {
  const router = express.Router();
  router.get('/candidates', async (req, res) => {
    const parsed = candidatesQuery.safeParse(req.query);
    if (!parsed.success)
      throw new ValidationError(
        'Some query parameters are invalid.',
        parsed.error.issues.map((i) => ({ path: jsonPath(['query', ...i.path]), message: i.message, code: i.code })),
      );
    const q = parsed.data;
    const candidates = await generateCandidates(opts.executor, {
      limit: q.limit,
      minScore: q.minScore,
      timeoutMs: opts.timeoutMs ?? CANDIDATES_TIMEOUT_MS,
      maxEntities: opts.maxEntities ?? CANDIDATES_MAX_ENTITIES,
      ...(q.type ? { type: q.type } : {}),
      ...(q.importId ? { importId: q.importId } : {}),
      ...(q.entity ? { entityIds: q.entity } : {}),
    });
    res.json({ candidates });
  });
  return router;
}

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {
  '/candidates': {
    get: operation('viewer', 'get', {
      operationId: 'listCandidates',
      tags: ['Resolution'],
      summary: 'Pairs of entities that may be one, best first, with the reasons for their score',
      description: `At most ${CANDIDATES_LIMIT.max} pairs; a type with more than ${CANDIDATES_MAX_ENTITIES} entities is 413 (narrow with importId or entity), a request past ${CANDIDATES_TIMEOUT_MS / 1000} s is 504.`,
      requestParams: { query: candidatesQuery },
      problems: [400, 413, 504],
      responses: { '200': json('The candidate pairs.', z.looseObject({ candidates: z.array(candidate) })) },
    }),
  },
};
