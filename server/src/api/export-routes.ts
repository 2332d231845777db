// Exports over HTTP: GET /api/export/formats lists the formats; POST /api/export takes
// {format, title?, subgraph} and GET /api/export?format=&node=&hops=[&from=&to=] the neighbourhood
// form (for links and scripts). The answer is the file itself, streamed, with its content type and
// `Content-Disposition: attachment; filename="liaison-<slug>-<date>.<ext>"`.
import type { Response } from 'express';
import express from 'express';
import { rateLimit } from 'express-rate-limit';

import type { Executor } from '../db/executor';
import { RateLimitedError } from '../errors';
import { describeFormats, parseExportQuery, parseExportRequest, prepareExport, writeExport, type ExportRequest } from '../export';
import { log } from '../log';
import { JSON_TYPES, jsonBody, requireContentType } from './body';

export interface ExportDeps {
  executor: Executor;
  limits?: { exportsPerMinute?: number };
}

/** Exports read a whole subgraph and its citations; a person exports a few a minute at most. */
export const EXPORTS_PER_MINUTE = 60;

export function exportRouter(deps: ExportDeps): express.Router {
  const { executor } = deps;
  const router = express.Router();
  const perMinute = deps.limits?.exportsPerMinute ?? EXPORTS_PER_MINUTE;

  const limiter = rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new RateLimitedError(`At most ${perMinute} exports a minute from one client; wait a moment and export again.`)),
  });

  const send = async (request: ExportRequest, res: Response) => {
    // Everything that can fail for a reason the client should hear happens before the first byte.
    const prepared = await prepareExport(executor, request);
    res.status(200);
    res.setHeader('Content-Type', prepared.format.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${prepared.fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      await writeExport(prepared, res);
      res.end();
    } catch (error) {
      if (!res.headersSent) throw error;
      // Half a file has gone out: the client must see a broken download, not a complete-looking one.
      log.warn('export stopped', { format: request.format, error: error instanceof Error ? error.message : String(error) });
      res.destroy();
    }
    log.info('export', {
      format: request.format,
      kind: request.subgraph.kind,
      nodes: prepared.graph.nodes.length,
      edges: prepared.graph.edges.length,
    });
  };

  router.get('/export/formats', (_req, res) => {
    res.json(describeFormats());
  });

  router.get('/export', limiter, async (req, res) => {
    await send(parseExportQuery(req.query), res);
  });

  router.post('/export', limiter, requireContentType(JSON_TYPES, 'An export request'), jsonBody({ limit: '5mb' }), async (req, res) => {
    await send(parseExportRequest(req.body ?? {}), res);
  });

  return router;
}
