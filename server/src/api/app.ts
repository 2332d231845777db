// The Express application: JSON API under /api and the built client. It takes its collaborators
// (executor, configuration) as arguments, so tests build it against their own database.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import compression from 'compression';
import express, { type Request, type RequestHandler } from 'express';
import { z } from 'zod';

import type { Config, ConsoleConfig } from '../config';
import type { Executor } from '../db/executor';
import { ForbiddenError, NotFoundError, UnavailableError, ValidationError, jsonPath } from '../errors';
import { DEFAULT_PATHS, MAX_HOPS, MAX_PATHS } from '../graph/paths';
import { SOURCE_FACTS_PAGE, getNode, neighbors, parseRelTypes, search, shortestPaths, sourceFacts } from '../graph/service';
import { log } from '../log';
import { requestContext } from '../request-context';
import { describeSchema } from '../schema/describe';
import { NODE_LABELS } from '../schema/model';
import { fuzzyDate, isValidFuzzyDate } from '../schema/validators';
import { candidatesRouter } from './candidates-routes';
import { cypherRouter } from './cypher-routes';
import { exportRouter } from './export-routes';
import { importRouter, type ImportRouteConfig } from './import-routes';
import { clientRouter } from './static-files';
import { apiNotFound, problemHandler } from './problem';
import { judgementsRouter } from './judgements-routes';
import { viewsRouter } from './views-routes';
import {
  failedTokenLimiter,
  hostPolicy,
  requestLogger,
  requireAllowedHost,
  requireAllowedOrigin,
  requireBearer,
  securityHeaders,
} from './security';

export interface AppDeps {
  executor: Executor;
  config: Pick<Config, 'LIAISON_API_TOKEN' | 'LIAISON_DATA_DIR' | 'LIAISON_IMPORT_MAX_BYTES'> &
    ImportRouteConfig &
    Partial<ConsoleConfig> &
    // The Host allow-list: HOST gives the default names (loopback when absent), LIAISON_ALLOWED_HOSTS overrides them.
    Partial<Pick<Config, 'HOST' | 'LIAISON_ALLOWED_HOSTS'>>;
  /** Directory of the built client (vite build); absent in API-only set-ups. */
  clientDir?: string;
  /** Per-client limits other than the console's; the fuzzer raises them to reach the code behind them. */
  limits?: { exportsPerMinute?: number; failedTokens?: number };
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

/** The token that allows writes over HTTP: the environment, else <dataDir>/api-token, else none. */
export function writeToken(config: AppDeps['config']): string | null {
  if (config.LIAISON_API_TOKEN) return config.LIAISON_API_TOKEN;
  const file = path.join(config.LIAISON_DATA_DIR, 'api-token');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return token;
    log.warn('ignoring api-token file: the token must be at least 16 characters', { file });
  }
  return null;
}

function requireWriteToken(config: AppDeps['config']): RequestHandler {
  return requireBearer(
    () => writeToken(config),
    () =>
      new ForbiddenError(
        'Writes over HTTP are disabled because no API token is configured. Set LIAISON_API_TOKEN (16+ characters) ' +
          'or write one to api-token in the data directory, then send it as "Authorization: Bearer <token>"; ' +
          'or import from the command line with `npm run import -- FILE`.',
      ),
  );
}

export function createApp(deps: AppDeps): express.Express {
  const { executor } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const hosts = hostPolicy(deps.config.LIAISON_ALLOWED_HOSTS, deps.config.HOST ?? '127.0.0.1');
  // Request id and log line first, so that every answer (refusals included) carries the id.
  app.use(requestLogger());
  app.use(requestContext);
  app.use(securityHeaders());
  app.use(requireAllowedHost(hosts));
  app.use(requireAllowedOrigin(hosts));
  app.use(compression());
  const api = express.Router();

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

  const searchQuery = z.object({
    q: z.string().trim().min(1, 'type at least one character').max(200),
    types: csv.refine((v) => !v || v.every((t) => (NODE_LABELS as string[]).includes(t)), {
      message: `each type must be one of ${NODE_LABELS.join(', ')}`,
    }),
    limit: z.coerce.number().int().min(1).max(100).default(10),
  });
  api.get('/search', async (req, res) => {
    const { q, types, limit } = query(searchQuery, req);
    res.json({ query: q, results: await search(executor, q, types, limit) });
  });

  api.get('/nodes/:id', async (req, res) => {
    res.json(await getNode(executor, req.params.id as string));
  });

  const neighborsQuery = z.object({
    relTypes: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
    asOf: z
      .string()
      .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isValidFuzzyDate(v), 'must be a day as YYYY-MM-DD')
      .optional(),
  });
  api.get('/nodes/:id/neighbors', async (req, res) => {
    const q = query(neighborsQuery, req);
    res.json(await neighbors(executor, req.params.id as string, parseRelTypes(q.relTypes), q.limit, q.cursor, { asOf: q.asOf }));
  });

  // A Source as a page: every fact it supports, grouped by kind, a page at a time.
  const sourceFactsQuery = z.object({
    limit: z.coerce.number().int().min(1).max(SOURCE_FACTS_PAGE.max).default(SOURCE_FACTS_PAGE.default),
    cursor: z.string().max(1000).optional(),
  });
  api.get('/sources/:id/facts', async (req, res) => {
    const q = query(sourceFactsQuery, req);
    res.json(await sourceFacts(executor, req.params.id as string, q.limit, q.cursor));
  });

  const pathsQuery = z.object({
    from: z.string().min(1, 'name the entity to start from'),
    to: z.string().min(1, 'name the entity to reach'),
    maxHops: z.coerce.number().int().min(1).max(MAX_HOPS).default(4),
    relTypes: z.string().optional(),
    excludeRelTypes: z.string().optional(),
    k: z.coerce.number().int().min(1).max(MAX_PATHS).optional(),
    // The first name of k, still accepted (k wins); above MAX_PATHS it gives MAX_PATHS.
    limit: z.coerce.number().int().min(1).max(50).optional(),
    alternatives: z.stringbool().default(false),
    avoidHubsAbove: z.coerce.number().int().min(0).optional(),
    timeRespecting: z.stringbool().default(false),
    after: fuzzyDate.optional(),
    before: fuzzyDate.optional(),
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
      guards: [failedTokenLimiter({ limit: deps.limits?.failedTokens }), requireWriteToken(deps.config)],
    }).router,
  );

  api.use(candidatesRouter({ executor }));
  api.use(cypherRouter(deps));
  api.use(exportRouter(deps));
  api.use(viewsRouter({ executor, guards: [failedTokenLimiter({ limit: deps.limits?.failedTokens }), requireWriteToken(deps.config)] }));
  api.use(
    judgementsRouter({ executor, guards: [failedTokenLimiter({ limit: deps.limits?.failedTokens }), requireWriteToken(deps.config)] }),
  );
  api.use(apiNotFound);
  app.use('/api', api);

  if (deps.clientDir && existsSync(path.join(deps.clientDir, 'index.html'))) {
    // Precompressed copies, long-cached hashed assets, pages revalidated, no source maps: static-files.ts.
    const pages = ['console', 'import', 'review'].filter((page) => existsSync(path.join(deps.clientDir!, `${page}.html`)));
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
