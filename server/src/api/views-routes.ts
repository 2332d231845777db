// Saved views of the explorer (issue 11, item 5): a name, a description, who saved it and when,
// and the view state (the permalink's query, every node's position, the viewport, and for a graph
// handed over by the console or a file the ids of its elements), stored as (:SavedView) nodes.
// Reads are open, like the rest of the read API; writes need the write token, like imports.
import { randomBytes } from 'node:crypto';

import express, { type RequestHandler } from 'express';
import type { Node } from 'neo4j-driver';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import type { Executor } from '../db/executor';
import type { SavedViewSummary } from '../graph/api-types';
import { toJson } from '../db/values';
import { NotFoundError, ValidationError, jsonPath, type FieldIssue } from '../errors';
import { entityId } from '../schema/validators';
import { JSON_TYPES, jsonBody, requireContentType } from './body';
import { idParam, json, jsonRequest, operation } from './openapi/common';
import { nextCursor } from './openapi/shapes';

/** Largest view state, counted as UTF-8 JSON: 256 KiB hold the positions of thousands of nodes. */
export const MAX_STATE_BYTES = 256 * 1024;
/** Most node positions one view keeps; the export's cap on a view's elements is higher, but a canvas of more is unreadable. */
export const MAX_POSITIONS = 5_000;
/** Most element ids of a handed-over graph (console results, opened files). */
export const MAX_ELEMENT_IDS = 5_000;
export const VIEWS_PAGE = { default: 20, max: 100 } as const;

const finite = z.number().finite();
const point = z.strictObject({ x: finite, y: finite });

/**
 * The state of a view. `query` is the permalink as the client's toQuery writes it ("?focus=…&x=…"),
 * kept as text so that the permalink can grow new parameters without a change here.
 */
export const viewState = z.strictObject({
  query: z
    .string()
    .max(32_000)
    .refine((q) => q === '' || q.startsWith('?'), 'must be a query string starting with "?" (or empty)'),
  positions: z
    .record(z.string().min(1).max(500), point)
    .refine((p) => Object.keys(p).length <= MAX_POSITIONS, `at most ${MAX_POSITIONS} node positions`),
  /** Zoom and pan as Cytoscape has them, and the canvas size they were taken at (to keep the centre on another screen). */
  viewport: z.strictObject({
    zoom: finite.positive().max(1_000),
    pan: point,
    width: finite.positive().max(100_000).optional(),
    height: finite.positive().max(100_000).optional(),
  }),
  /** The elements of a graph handed over by the console or a file, fetched again by id when the view opens. */
  elements: z
    .strictObject({
      nodeIds: z.array(entityId).max(MAX_ELEMENT_IDS),
      edgeIds: z.array(entityId).max(MAX_ELEMENT_IDS).default([]),
    })
    .optional(),
});
export type SavedViewState = z.infer<typeof viewState>;

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const viewBody = z.strictObject({
  name: text(200).min(1, 'give the view a name'),
  description: text(4_000).default(''),
  author: text(200).default(''),
  state: viewState,
});

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(VIEWS_PAGE.max).default(VIEWS_PAGE.default),
  cursor: z
    .string()
    .max(300)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a nextCursor of an earlier page')
    .optional(),
});

/** View ids are made here: 12 URL-safe characters (72 random bits), short enough for a link. */
const VIEW_ID = /^[A-Za-z0-9_-]{1,64}$/;
const newId = () => randomBytes(9).toString('base64url');

function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'query' | 'body'): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    where === 'query' ? 'Some query parameters are invalid.' : 'The saved view is invalid.',
    result.error.issues.map((i) => ({
      path: jsonPath(where === 'query' ? ['query', ...i.path] : i.path),
      message: i.message,
      code: i.code,
    })),
  );
}

/** The body, checked, with its state as JSON text within MAX_STATE_BYTES. */
function readBody(body: unknown): { fields: z.infer<typeof viewBody>; state: string; nodeCount: number } {
  const fields = parse(viewBody, body, 'body');
  const state = JSON.stringify(fields.state);
  const bytes = Buffer.byteLength(state, 'utf8');
  if (bytes > MAX_STATE_BYTES) {
    const issue: FieldIssue = { path: '$.state', message: `is ${bytes} bytes as JSON; at most ${MAX_STATE_BYTES}`, code: 'too_big' };
    throw new ValidationError(`The view state is larger than ${MAX_STATE_BYTES / 1024} KiB.`, [issue], { limit: MAX_STATE_BYTES });
  }
  return { fields, state, nodeCount: Object.keys(fields.state.positions).length };
}

export type { SavedViewSummary };

export interface SavedView extends SavedViewSummary {
  state: SavedViewState;
}

function fromNode(node: Node): SavedView {
  const p = toJson(node.properties) as Record<string, unknown>;
  return {
    id: String(p.id),
    name: String(p.name ?? ''),
    description: String(p.description ?? ''),
    author: String(p.author ?? ''),
    createdAt: String(p.createdAt ?? ''),
    updatedAt: String(p.updatedAt ?? p.createdAt ?? ''),
    nodeCount: Number(p.nodeCount ?? 0),
    state: JSON.parse(String(p.state ?? '{}')) as SavedViewState,
  };
}

const encodeCursor = (v: { createdAt: string; id: string }) => Buffer.from(`${v.createdAt}\n${v.id}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('\n');
  if (!createdAt || !id || rest.length > 0 || !VIEW_ID.test(id))
    throw new ValidationError('Some query parameters are invalid.', [
      { path: '$.query.cursor', message: 'must be a nextCursor of an earlier page', code: 'invalid_cursor' },
    ]);
  return { createdAt, id };
}

const notFound = (id: string) =>
  new NotFoundError(`No saved view with id "${id}".`, {}, [
    { path: '$.params.id', message: 'no saved view has this id', code: 'not_found' },
  ]);

export function viewsRouter(deps: { executor: Executor; guards: RequestHandler[] }): express.Router {
  const { executor, guards } = deps;
  const router = express.Router();
  // Bodies are read only after the token is checked, so an anonymous client cannot make us parse 512 KiB.
  const body = [requireContentType(JSON_TYPES, 'A saved view'), jsonBody({ limit: MAX_STATE_BYTES * 2 })];

  router.get('/views', async (req, res) => {
    const q = parse(listQuery, req.query, 'query');
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    const r = (
      await executor.read('queries/views-list', {
        afterCreatedAt: after?.createdAt ?? null,
        afterId: after?.id ?? null,
        limit: q.limit + 1,
      })
    ).records[0];
    const all = (toJson(r?.get('views') ?? []) as unknown as SavedViewSummary[]).map((v) => ({
      ...v,
      description: v.description ?? '',
      author: v.author ?? '',
      updatedAt: v.updatedAt ?? v.createdAt,
    }));
    const views = all.slice(0, q.limit);
    const last = views[views.length - 1];
    res.json({ total: Number(toJson(r?.get('total') ?? 0)), views, nextCursor: all.length > q.limit && last ? encodeCursor(last) : null });
  });

  router.get('/views/:id', async (req, res) => {
    const id = req.params.id as string;
    if (!VIEW_ID.test(id)) throw notFound(id);
    const node = (await executor.read<{ v: Node }>('queries/views-get', { id })).records[0]?.get('v');
    if (!node) throw notFound(id);
    res.json({ view: fromNode(node) });
  });

  router.post('/views', ...guards, ...body, async (req, res) => {
    const { fields, state, nodeCount } = readBody(req.body);
    const id = newId();
    const r = await executor.write<{ v: Node }>('queries/views-create', {
      id,
      name: fields.name,
      description: fields.description,
      author: fields.author,
      createdAt: new Date().toISOString(),
      state,
      nodeCount,
    });
    const view = fromNode(r.records[0]!.get('v'));
    res
      .status(201)
      .location(`/api/views/${id}`)
      .json({ view, url: `/?view=${id}` });
  });

  router.put('/views/:id', ...guards, ...body, async (req, res) => {
    const id = req.params.id as string;
    if (!VIEW_ID.test(id)) throw notFound(id);
    const { fields, state, nodeCount } = readBody(req.body);
    const r = await executor.write<{ v: Node }>('queries/views-update', {
      id,
      name: fields.name,
      description: fields.description,
      author: fields.author,
      updatedAt: new Date().toISOString(),
      state,
      nodeCount,
    });
    const node = r.records[0]?.get('v');
    if (!node) throw notFound(id);
    res.json({ view: fromNode(node), url: `/?view=${id}` });
  });

  router.delete('/views/:id', ...guards, async (req, res) => {
    const id = req.params.id as string;
    if (!VIEW_ID.test(id)) throw notFound(id);
    const r = await executor.write<{ deleted: unknown }>('queries/views-delete', { id });
    if (Number(toJson(r.records[0]?.get('deleted') ?? 0)) === 0) throw notFound(id);
    res.status(204).end();
  });

  return router;
}

const viewSummary = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    author: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    nodeCount: z.number().int(),
  })
  .meta({ id: 'SavedViewSummary' });
const savedView = viewSummary.extend({ state: viewState }).meta({ id: 'SavedView' });
const viewAnswer = z.looseObject({ view: savedView, url: z.string().meta({ description: 'The explorer link: /?view=<id>.' }) });
const viewId = idParam('The id of a saved view (12 URL-safe characters).');

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {
  '/views': {
    get: operation('viewer', 'get', {
      operationId: 'listViews',
      tags: ['Views'],
      summary: 'Saved views, newest first',
      requestParams: { query: listQuery },
      problems: [400],
      responses: {
        '200': json('One page of views.', z.looseObject({ total: z.number().int(), views: z.array(viewSummary), nextCursor })),
      },
    }),
    post: operation('editor', 'post', {
      operationId: 'createView',
      tags: ['Views'],
      summary: 'Save a view of the explorer',
      description: `The state is at most ${MAX_STATE_BYTES / 1024} KiB as JSON and ${MAX_POSITIONS} node positions.`,
      requestBody: jsonRequest(viewBody),
      problems: [400, 413, 415],
      responses: {
        '201': json('The stored view (Location: /api/views/{id}).', viewAnswer, {
          headers: z.object({ location: z.string().meta({ description: 'Where the view is.' }) }),
        }),
      },
    }),
  },
  '/views/{id}': {
    get: operation('viewer', 'get', {
      operationId: 'getView',
      tags: ['Views'],
      summary: 'One saved view with its state',
      requestParams: { path: viewId },
      problems: [404],
      responses: { '200': json('The view.', z.looseObject({ view: savedView })) },
    }),
    put: operation('editor', 'put', {
      operationId: 'updateView',
      tags: ['Views'],
      summary: 'Replace a saved view',
      requestParams: { path: viewId },
      requestBody: jsonRequest(viewBody),
      problems: [400, 404, 413, 415],
      responses: { '200': json('The view as stored now.', viewAnswer) },
    }),
    delete: operation('editor', 'delete', {
      operationId: 'deleteView',
      tags: ['Views'],
      summary: 'Delete a saved view',
      requestParams: { path: viewId },
      problems: [404],
      responses: { '204': { description: 'Deleted.' } },
    }),
  },
};
