// The Express application: JSON API under /api and the built client. It takes its collaborators
// (executor, configuration) as arguments, so tests build it against their own database.
import { existsSync } from 'node:fs';
import path from 'node:path';

import compression from 'compression';
import express, { type Request } from 'express';
import type { z } from 'zod';

import type { Config, ConsoleConfig } from '../config';
import type { Executor } from '../db/executor';
import { NotFoundError, UnavailableError, ValidationError, jsonPath } from '../errors';
import { DEFAULT_PATHS, MAX_PATHS } from '../graph/paths';
import { neighborDates } from '../graph/neighbor-dates';
import { getNode, neighbors, parseRelTypes, search, shortestPaths, sourceFacts } from '../graph/service';
import { createAuth } from '../auth';
import { requestContext } from '../request-context';
import { describeSchema } from '../schema/describe';
import { candidatesRouter } from './candidates-routes';
import { cypherRouter } from './cypher-routes';
import { exportRouter } from './export-routes';
import { importRouter, type ImportRouteConfig } from './import-routes';
import { clientRouter } from './static-files';
import { apiNotFound, problemHandler } from './problem';
import { judgementsRouter } from './judgements-routes';
import { viewsRouter } from './views-routes';
import { authRouter } from './auth-routes';
import { draftRouter } from './draft-routes';
import { editRouter } from './edit-routes';
import { historyRouter } from './history-routes';
import { openapiRouter } from './openapi-routes';
import { placesRouter } from './places-routes';
import { neighborDatesQuery, neighborsQuery, pathsQuery, searchQuery, sourceFactsQuery } from './openapi/core';
import { hostPolicy, requestLogger, requireAllowedHost, requireAllowedOrigin, securityHeaders } from './security';

export interface AppDeps {
  executor: Executor;
  config: Pick<Config, 'LIAISON_API_TOKEN' | 'LIAISON_DATA_DIR' | 'LIAISON_IMPORT_MAX_BYTES'> &
    ImportRouteConfig &
    Partial<ConsoleConfig> &
    // The Host allow-list: HOST gives the default names (loopback when absent), LIAISON_ALLOWED_HOSTS overrides them.
    Partial<Pick<Config, 'HOST' | 'LIAISON_ALLOWED_HOSTS'>> &
    // Users and sessions (server/src/auth): anonymous reads, session lifetimes, the proxy trusted for X-Forwarded-*.
    Partial<Pick<Config, 'LIAISON_ANONYMOUS_READ' | 'LIAISON_SESSION_IDLE_MS' | 'LIAISON_SESSION_MAX_MS' | 'LIAISON_TRUST_PROXY'>>;
  /** Directory of the built client (vite build); absent in API-only set-ups. */
  clientDir?: string;
  /** Per-client limits other than the console's; the fuzzer raises them to reach the code behind them. */
  limits?: { exportsPerMinute?: number; failedTokens?: number; failedSignIns?: number };
  /** The embedded database's life as its supervisor sees it; absent or null for a Neo4j at NEO4J_URI. */
  databaseState?: () => { status: 'running' | 'restarting' | 'failed' | 'stopped'; detail: string | null; restarts: number } | null;
}

/** Parses req.query with a zod schema; failures become a ValidationError naming the parameter. */
function query<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const result = schema.safeParse(req.query);
  if (result.success) return result.data;
  throw new ValidationError(
    'Some query parameters are invalid.',
    result.error.issues.map((i) => ({ path: jsonPath(['query', ...i.path]), message: i.message, code: i.code })),
  );
}

/** LIAISON_TRUST_PROXY as Express takes it: true/false, a number of hops, or addresses and subnets. */
export function trustProxy(value: string): boolean | number | string {
  const v = value.trim();
  if (v === 'true' || v === 'false') return v === 'true';
  return /^\d+$/.test(v) ? Number(v) : v;
}

export function createApp(deps: AppDeps): express.Express {
  const { executor } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (deps.config.LIAISON_TRUST_PROXY) app.set('trust proxy', trustProxy(deps.config.LIAISON_TRUST_PROXY));
  const hosts = hostPolicy(deps.config.LIAISON_ALLOWED_HOSTS, deps.config.HOST ?? '127.0.0.1');
  // Request id and log line first, so that every answer (refusals included) carries the id.
  app.use(requestLogger());
  app.use(requestContext);
  const auth = createAuth({ executor, config: deps.config, limits: deps.limits });
  app.use(securityHeaders());
  app.use(requireAllowedHost(hosts));
  app.use(requireAllowedOrigin(hosts));
  // Answers under 8 KB go as they are: compressing a page of neighbours (~4 KB) cost ~1 ms of CPU
  // per request (a profile at concurrency 8), queueing for everyone on a small machine, to save 3 KB.
  // The schema, graph exports, big pages and the client's assets (precompressed, static-files.ts) still do.
  app.use(compression({ threshold: 8 * 1024 }));
  const api = express.Router();
  // Who is asking: every /api request runs with its actor in the request context (auth/index.ts).
  api.use(auth.attach);
  const routerDeps = { executor, auth, config: deps.config };

  api.get('/health', async (_req, res) => {
    // While the supervisor restarts the embedded database (or has given up), say so at once rather
    // than after a driver timeout.
    const state = deps.databaseState?.() ?? null;
    if (state && state.status !== 'running') {
      if (state.status === 'restarting') res.set('Retry-After', '5');
      res.status(503).json({
        status: 'unavailable',
        neo4j: { connected: false, version: null, embedded: { status: state.status, restarts: state.restarts } },
        detail: state.detail,
      });
      return;
    }
    try {
      const result = await executor.read<{ version: string; edition: string }>('queries/health', {}, { timeoutMs: 5_000 });
      const r = result.records[0];
      res.json({ status: 'ok', neo4j: { connected: true, version: r?.get('version') ?? null, edition: r?.get('edition') ?? null } });
    } catch (error) {
      const detail = error instanceof UnavailableError ? error.message : 'The database did not answer.';
      res.status(503).json({ status: 'unavailable', neo4j: { connected: false, version: null }, detail });
    }
  });

  api.get('/schema', (_req, res) => {
    res.json(describeSchema());
  });

  api.get('/search', async (req, res) => {
    const { q, types, limit } = query(searchQuery, req);
    res.json({ query: q, results: await search(executor, q, types, limit) });
  });

  api.get('/nodes/:id', async (req, res) => {
    res.json(await getNode(executor, req.params.id as string));
  });

  api.get('/nodes/:id/neighbors', async (req, res) => {
    const q = query(neighborsQuery, req);
    res.json(
      await neighbors(executor, req.params.id as string, parseRelTypes(q.relTypes), q.limit, q.cursor, { asOf: q.asOf, search: q.q }),
    );
  });

  api.get('/nodes/:id/neighbor-dates', async (req, res) => {
    const q = query(neighborDatesQuery, req);
    res.json(await neighborDates(executor, req.params.id as string, q.relType));
  });

  api.get('/sources/:id/facts', async (req, res) => {
    const q = query(sourceFactsQuery, req);
    res.json(await sourceFacts(executor, req.params.id as string, q.limit, q.cursor));
  });

  api.get('/paths', async (req, res) => {
    const q = query(pathsQuery, req);
    res.json(
      await shortestPaths(executor, q.from, q.to, {
        maxHops: q.maxHops,
        k: q.k ?? Math.min(q.limit ?? DEFAULT_PATHS, MAX_PATHS),
        relTypes: parseRelTypes(q.relTypes),
        excludeRelTypes: q.excludeRelTypes ? parseRelTypes(q.excludeRelTypes, 'excludeRelTypes') : [],
        alternatives: q.alternatives,
        avoidHubsAbove: q.avoidHubsAbove ?? null,
        timeRespecting: q.timeRespecting,
        after: q.after ?? null,
        before: q.before ?? null,
      }),
    );
  });

  // Imports (uploads, preview, jobs, mappings and the one-shot POST /api/import): import-routes.ts.
  // Failed tokens count against the client before the token is even looked at; bodies are read only after both.
  api.use(
    importRouter({
      executor,
      config: deps.config,
      guards: auth.require('editor'),
    }).router,
  );

  api.use(candidatesRouter({ executor }));
  api.use(cypherRouter(deps));
  api.use(exportRouter(deps));
  api.use(viewsRouter({ executor, guards: auth.require('editor') }));
  api.use(judgementsRouter({ executor, guards: auth.require('editor') }));
  api.use(authRouter(routerDeps));
  api.use(historyRouter(routerDeps));
  api.use(editRouter(routerDeps));
  api.use(draftRouter(routerDeps));
  api.use(openapiRouter(routerDeps));
  // Where the meetings in view took place, for the explorer's map (places-routes.ts).
  api.use(placesRouter({ executor }));
  api.use(apiNotFound);
  app.use('/api', api);

  if (deps.clientDir && existsSync(path.join(deps.clientDir, 'index.html'))) {
    // Precompressed copies, long-cached hashed assets, pages revalidated, no source maps: static-files.ts.
    const pages = ['console', 'import', 'review', 'draft', 'admin'].filter((page) =>
      existsSync(path.join(deps.clientDir!, `${page}.html`)),
    );
    app.use(clientRouter(deps.clientDir, pages));
  } else {
    app.get('/', (_req, res) =>
      res.type('text/plain').send('Liaison API is running. The client is not built: run `npm run build`, then reload.'),
    );
  }
  // Other methods and paths: a problem+json 404 rather than Express's HTML page.
  app.use((req, _res, next) => next(new NotFoundError(`Nothing at ${req.method} ${req.path}.`)));
  app.use(problemHandler);
  return app;
}
