// The researchers' Cypher console over HTTP: POST /api/cypher runs a read-only query, GET /api/queries
// lists the library of named queries, POST /api/queries/:name runs one. Both runs answer
// {columns, rows, graph, truncated, summary} and share one rate limit and one cap on queries
// running at once per client; the console's own connection pool bounds them all (db/executor.ts).
import express, { type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import { consoleConfig, type ConsoleConfig } from '../config';
import { fieldIssues, listLibrary } from '../console/named-queries';
import { runConsoleQuery, runNamedQuery } from '../console/run';
import { BUSY_RETRY_AFTER_S, type Executor } from '../db/executor';
import { RateLimitedError, ValidationError } from '../errors';
import { jsonBody } from './body';
import { idParam, json, jsonRequest, operation } from './openapi/common';
import { apiEdge, apiNode, jsonValue } from './openapi/shapes';
import { RATE_LIMIT_BASE } from './security';

export interface CypherDeps {
  executor: Executor;
  config: Partial<ConsoleConfig>;
}

const cypherBody = z.strictObject({
  query: z.string().min(1, 'write a query'),
  params: z.record(z.string(), z.unknown()).default({}),
});

export function cypherRouter(deps: CypherDeps): express.Router {
  const { executor } = deps;
  const config = consoleConfig(deps.config);
  const router = express.Router();

  // Per client address, over a sliding minute; Retry-After and RateLimit headers tell the client when to retry.
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: config.LIAISON_CYPHER_RATE_PER_MINUTE,
    ...RATE_LIMIT_BASE,
    handler: (_req, _res, next) =>
      next(
        new RateLimitedError(
          `The console takes at most ${config.LIAISON_CYPHER_RATE_PER_MINUTE} queries a minute from one client; wait a moment and run it again.`,
        ),
      ),
  });
  // Queries running now per client address: a client past its share waits for its own answers (429),
  // so that one address cannot hold all of the console's connections.
  const running = new Map<string, number>();
  const perClient: RequestHandler = (req, res, next) => {
    const key = req.ip ?? req.socket.remoteAddress ?? '?';
    const now = running.get(key) ?? 0;
    if (now >= config.LIAISON_CONSOLE_PER_CLIENT) {
      res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_S));
      return next(
        new RateLimitedError(
          `You have ${now} console ${now === 1 ? 'query' : 'queries'} running; one client may run ${config.LIAISON_CONSOLE_PER_CLIENT} at once. Wait for an answer, then run the next.`,
          { rule: 'too-many-running', running: now, retryAfter: BUSY_RETRY_AFTER_S },
        ),
      );
    }
    running.set(key, now + 1);
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      const left = (running.get(key) ?? 1) - 1;
      if (left > 0) running.set(key, left);
      else running.delete(key);
    };
    // 'close' comes for answered and for abandoned requests alike.
    res.once('close', release);
    res.once('finish', release);
    next();
  };
  // Room for the longest query the console takes and its parameters; the length rule then speaks precisely.
  const json = jsonBody({ limit: Math.max(1_000_000, config.LIAISON_CYPHER_MAX_LENGTH * 4 + 100_000) });

  router.post('/cypher', limiter, perClient, json, async (req, res) => {
    const body = cypherBody.safeParse(req.body ?? {});
    if (!body.success) throw new ValidationError('The request must be {"query": "…", "params": {…}}.', fieldIssues(body.error));
    res.json(await runConsoleQuery(executor, body.data.query, body.data.params, config));
  });

  router.get('/queries', (_req, res) => {
    res.json({ queries: listLibrary() });
  });

  router.post('/queries/:name', limiter, perClient, json, async (req, res) => {
    res.json(await runNamedQuery(executor, req.params.name as string, req.body, config));
  });

  return router;
}

const consoleResult = z
  .looseObject({
    columns: z.array(z.string()),
    rows: z.array(z.array(jsonValue)).meta({ description: 'One array per record, its cells in the order of columns.' }),
    graph: z.looseObject({ nodes: z.array(apiNode), edges: z.array(apiEdge) }),
    truncated: z.boolean().meta({ description: 'True when the row cap cut the result short.' }),
    summary: z.looseObject({
      resultAvailableAfterMs: z.number().nullable(),
      queryType: z.string(),
      notifications: z.array(z.looseObject({})),
    }),
  })
  .meta({ id: 'ConsoleResult' });

const libraryQuery = z.looseObject({
  name: z.string(),
  description: z.string(),
  params: z.array(z.looseObject({ name: z.string() })),
  text: z.string(),
});

const consoleProblems = [400, 403, 413, 415, 429, 503, 504] as const;

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {
  '/cypher': {
    post: operation('viewer', 'post', {
      operationId: 'runCypher',
      tags: ['Console'],
      summary: 'Run a read-only Cypher query',
      description:
        'Refusals (writes, LOAD CSV, procedures outside the allow-list, other databases, too long or too complex) are 403 with `rule` and `position`; syntax errors are 400 cypher-syntax.',
      requestBody: jsonRequest(cypherBody),
      problems: [...consoleProblems],
      responses: { '200': json('The rows and the graph they hold.', consoleResult) },
    }),
  },
  '/queries': {
    get: operation('viewer', 'get', {
      operationId: 'listNamedQueries',
      tags: ['Console'],
      summary: 'The library of named queries with their parameters',
      responses: { '200': json('The library.', z.looseObject({ queries: z.array(libraryQuery) })) },
    }),
  },
  '/queries/{name}': {
    post: operation('viewer', 'post', {
      operationId: 'runNamedQuery',
      tags: ['Console'],
      summary: 'Run a named query of the library',
      description:
        'Entity parameters take an id or a name; a name several entities answer to is 409 ambiguous-entity with candidates, one none answers to 422.',
      requestParams: { path: idParam('The short name of a library query (GET /api/queries).', 'name') },
      requestBody: jsonRequest(z.looseObject({ params: z.record(z.string(), jsonValue).optional() })),
      problems: [...consoleProblems, 404, 409, 422],
      responses: {
        '200': json(
          'The rows, the graph, and the entity each name parameter became.',
          consoleResult.extend({
            resolved: z.array(z.looseObject({ param: z.string(), value: z.string(), id: z.string(), name: z.string(), type: z.string() })),
          }),
        ),
      },
    }),
  },
};
