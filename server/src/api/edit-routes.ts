// Edits in the app (issue 12, item 2): POST /api/facts, PATCH /api/nodes/:id and /api/relationships/:id,
// retractions, citation status — editors only, each validated like an import and recorded as a
// Change (server/src/edit). Also what the edit forms read: a fact as it is stored (GET /api/facts/:id)
// and the Sources to pick evidence from (GET /api/sources?q=).
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import { toJson } from '../db/values';
import {
  bundleProperties,
  correctBody,
  correctFact,
  createBody,
  createFacts,
  plainFact,
  readSnapshot,
  retractBody,
  retractFact,
  setCitationStatus,
  snapshotType,
  statusBody,
} from '../edit';
import { NotFoundError, ValidationError, jsonPath } from '../errors';
import { entityId } from '../schema/validators';
import { JSON_TYPES, jsonBody, requireContentType } from './body';
import { idParam, json, jsonRequest, operation } from './openapi/common';
import type { RouterDeps } from './router-deps';

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string, prefix: string[] = []): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: jsonPath([...prefix, ...i.path]), message: i.message, code: i.code }));
  throw new ValidationError(`${what} has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was changed.`, issues);
}

const idOf = (req: Request) => {
  const id = String(req.params.id ?? '');
  const ok = entityId.safeParse(id);
  if (!ok.success)
    throw new ValidationError('The id is invalid.', [{ path: '$.params.id', message: ok.error.issues[0]!.message, code: 'invalid' }]);
  return id;
};

const sourcesQuery = z.object({
  q: z.string().trim().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const snapshotSchema = z.object({}).passthrough().meta({ description: 'A FactSnapshot (server/src/history/types.ts)' });
const changeAnswer = z.object({ changeId: z.string(), fact: snapshotSchema.nullable() });

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {
  '/facts': {
    post: operation('editor', 'post', {
      tags: ['Edit'],
      operationId: 'createFacts',
      summary: 'Add entities and links with their evidence',
      description:
        'The request becomes an import bundle (Sources first, then nodes, then relationships), validated and written like an import. ' +
        'Every new fact needs evidence: its own `citations`, or the request’s `citations` (quotes of a stored Source or of one in `sources`, or record references). ' +
        'Ids may be left out; they are made from the type and caption. Records a Change of kind create.',
      requestBody: jsonRequest(createBody),
      responses: {
        '201': json(
          'Written; the ids of the facts and of the Change',
          z.object({
            changeId: z.string().nullable(),
            importId: z.string(),
            nodes: z.array(z.string()),
            relationships: z.array(z.string()),
            sources: z.array(z.string()),
          }),
        ),
      },
      problems: [400, 409, 413, 415],
    }),
  },
  '/facts/{id}': {
    get: operation('viewer', 'get', {
      tags: ['Edit'],
      operationId: 'getFact',
      summary: 'A node or relationship as stored, for the edit forms',
      requestParams: { path: idParam('The fact’s id') },
      responses: {
        '200': json(
          'The fact, its declared properties in bundle form, and its quote citations with their ids',
          z.object({ fact: snapshotSchema, type: z.string().nullable(), properties: z.record(z.string(), z.unknown()) }),
        ),
      },
      problems: [400, 404],
    }),
  },
  '/sources': {
    get: operation('viewer', 'get', {
      tags: ['Edit'],
      operationId: 'findSources',
      summary: 'Sources whose title, publisher or URL contains the text (the evidence picker)',
      requestParams: { query: sourcesQuery },
      responses: {
        '200': json(
          'Matching Sources, newest first',
          z.object({
            sources: z.array(
              z.object({
                id: z.string(),
                title: z.string().nullable(),
                publisher: z.string().nullable(),
                url: z.string().nullable(),
                published: z.string().nullable(),
              }),
            ),
          }),
        ),
      },
      problems: [400],
    }),
  },
  '/nodes/{id}': {
    patch: operation('editor', 'patch', {
      tags: ['Edit'],
      operationId: 'correctNode',
      summary: 'Correct a node’s properties, with the evidence',
      description:
        'New values replace the stored ones (kept in the Change’s before); derived properties are computed again. Records a Change of kind edit.',
      requestParams: { path: idParam('The node’s id') },
      requestBody: jsonRequest(correctBody),
      responses: { '200': json('Corrected', changeAnswer) },
      problems: [400, 404, 409, 415],
    }),
  },
  '/relationships/{id}': {
    patch: operation('editor', 'patch', {
      tags: ['Edit'],
      operationId: 'correctRelationship',
      summary: 'Correct a relationship’s properties, with the evidence',
      requestParams: { path: idParam('The relationship’s id') },
      requestBody: jsonRequest(correctBody),
      responses: { '200': json('Corrected', changeAnswer) },
      problems: [400, 404, 409, 415],
    }),
  },
  '/nodes/{id}/retract': {
    post: operation('editor', 'post', {
      tags: ['Edit'],
      operationId: 'retractNode',
      summary: 'Retract a node, with its links and citations',
      description:
        'Removes them from the graph; the Change (kind retract) keeps each whole in before. A Source cited by other facts is refused (409).',
      requestParams: { path: idParam('The node’s id') },
      requestBody: jsonRequest(retractBody),
      responses: { '200': json('Retracted', z.object({ changeId: z.string(), retracted: z.array(z.string()) })) },
      problems: [400, 404, 409, 415],
    }),
  },
  '/relationships/{id}/retract': {
    post: operation('editor', 'post', {
      tags: ['Edit'],
      operationId: 'retractRelationship',
      summary: 'Retract a relationship with its citations',
      requestParams: { path: idParam('The relationship’s id') },
      requestBody: jsonRequest(retractBody),
      responses: { '200': json('Retracted', z.object({ changeId: z.string(), retracted: z.array(z.string()) })) },
      problems: [400, 404, 415],
    }),
  },
  '/citations/{id}': {
    patch: operation('editor', 'patch', {
      tags: ['Edit'],
      operationId: 'setCitationStatus',
      summary: 'Change a quote citation’s status (reported, speculative, disputed), with the reason',
      requestParams: { path: idParam('The citation’s id (GET /api/facts/{id} lists them)') },
      requestBody: jsonRequest(statusBody),
      responses: { '200': json('Changed; the fact with its citation status derived again', changeAnswer.extend({ factId: z.string() })) },
      problems: [400, 404, 415],
    }),
  },
};

export function editRouter(deps: RouterDeps): express.Router {
  const { executor, auth } = deps;
  const router = express.Router();
  const editor = auth.require('editor');
  const viewer = auth.require('viewer');
  const body = [requireContentType(JSON_TYPES, 'an edit'), jsonBody({ limit: '2mb' })];

  router.get('/facts/:id', ...viewer, async (req, res) => {
    const id = idOf(req);
    const fact = await executor.transaction('read', (tx) => readSnapshot(tx, id), { context: 'read fact' });
    if (!fact)
      throw new NotFoundError(`No node or relationship with id "${id}".`, {}, [
        { path: '$.params.id', message: 'no fact has this id', code: 'not_found' },
      ]);
    res.json({ fact: plainFact(fact), type: snapshotType(fact), properties: bundleProperties(fact) });
  });

  router.get('/sources', ...viewer, async (req, res) => {
    const q = parse(sourcesQuery, req.query, 'The query', ['query']);
    const r = await executor.read('edit/find-sources', { q: q.q.toLowerCase(), limit: q.limit });
    res.json({ sources: r.records.map((x) => toJson(x.toObject())) });
  });

  router.post('/facts', ...editor, ...body, async (req, res) => {
    const input = parse(createBody, req.body, 'The new facts');
    res.status(201).json(await createFacts(executor, input));
  });

  for (const kind of ['node', 'relationship'] as const) {
    const base = kind === 'node' ? '/nodes/:id' : '/relationships/:id';
    router.patch(base, ...editor, ...body, async (req: Request, res: Response) => {
      const id = idOf(req);
      res.json(await correctFact(executor, kind, id, parse(correctBody, req.body, 'The correction')));
    });
    router.post(`${base}/retract`, ...editor, ...body, async (req: Request, res: Response) => {
      const id = idOf(req);
      const { reason } = parse(retractBody, req.body, 'The retraction');
      res.json(await retractFact(executor, kind, id, reason));
    });
  }

  router.patch('/citations/:id', ...editor, ...body, async (req, res) => {
    const id = String(req.params.id ?? '');
    res.json(await setCitationStatus(executor, id, parse(statusBody, req.body, 'The status change')));
  });

  return router;
}
