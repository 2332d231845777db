// Exports over HTTP: GET /api/export/formats lists the formats; POST /api/export takes
// {format, title?, subgraph} and GET /api/export?format=&node=&hops=[&from=&to=] the neighbourhood
// form (for links and scripts). The answer is the file itself, streamed, with its content type and
// `Content-Disposition: attachment; filename="liaison-<slug>-<date>.<ext>"`.
import type { Response } from 'express';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { ZodOpenApiPathsObject, ZodOpenApiResponseObject } from 'zod-openapi';

import type { Executor } from '../db/executor';
import { RateLimitedError } from '../errors';
import { describeFormats, parseExportQuery, parseExportRequest, prepareExport, writeExport, type ExportRequest } from '../export';
import { log } from '../log';
import { EXPORT_FORMAT_NAMES, MAX_HOPS as EXPORT_MAX_HOPS, exportRequest } from '../export/spec';
import { entityId, fuzzyDate } from '../schema/validators';
import { JSON_TYPES, jsonBody, requireContentType } from './body';
import { json, jsonRequest, operation } from './openapi/common';
import { RATE_LIMIT_BASE } from './security';

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
    ...RATE_LIMIT_BASE,
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

/** GET /api/export's query, as export/spec.ts parseExportQuery reads it (problems named after the parameter). */
const exportQuery = z.object({
  format: z.enum(EXPORT_FORMAT_NAMES),
  node: entityId.meta({ description: 'The entity at the centre.' }),
  hops: z.coerce.number().int().min(1).max(EXPORT_MAX_HOPS).default(1).optional(),
  from: fuzzyDate.optional().meta({ description: 'Only links in force from this (fuzzy) date.' }),
  to: fuzzyDate.optional().meta({ description: 'Only links in force until this (fuzzy) date.' }),
  title: z.string().trim().max(200).optional(),
});

const exportFile: ZodOpenApiResponseObject = {
  description:
    'The file, streamed, with Content-Disposition: attachment; filename="liaison-<slug>-<date>.<ext>". Its content type is the format\'s (GET /api/export/formats).',
  content: Object.fromEntries(
    [...new Set(describeFormats().map((f) => f.contentType.split(';')[0]!.trim()))].map((type) => [
      type,
      { schema: z.string().meta({ format: 'binary' }) },
    ]),
  ),
};

const exportProblems = [400, 404, 413, 415, 429] as const;

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {
  '/export/formats': {
    get: operation('viewer', 'get', {
      operationId: 'listExportFormats',
      tags: ['Export'],
      summary: 'The export formats',
      responses: {
        '200': json(
          'Every format with its file extension and content type.',
          z.array(
            z.looseObject({
              format: z.enum(EXPORT_FORMAT_NAMES),
              label: z.string(),
              description: z.string(),
              extension: z.string(),
              contentType: z.string(),
            }),
          ),
        ),
      },
    }),
  },
  '/export': {
    get: operation('viewer', 'get', {
      operationId: 'exportNeighborhood',
      tags: ['Export'],
      summary: "An entity's neighbourhood as a file (the link form)",
      description: `At most ${EXPORTS_PER_MINUTE} exports a minute from one client.`,
      requestParams: { query: exportQuery },
      problems: [...exportProblems],
      responses: { '200': exportFile },
    }),
    post: operation('viewer', 'post', {
      operationId: 'exportSubgraph',
      tags: ['Export'],
      summary: 'A subgraph (listed elements or a neighbourhood) as a file',
      description: `At most ${EXPORTS_PER_MINUTE} exports a minute from one client.`,
      requestBody: jsonRequest(exportRequest),
      problems: [...exportProblems],
      responses: { '200': exportFile },
    }),
  },
};
