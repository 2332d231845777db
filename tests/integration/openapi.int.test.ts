// The OpenAPI description against the real server and database (demo graph): GET /api/openapi.json
// serves it, open to everybody; every route registered in the Express app (its router stack walked)
// is described and every described operation is routed and answers something other than the
// generic 404 (and never a 500); the answers of the read API match the schemas the description
// gives; operations described as editor or admin refuse anonymous callers; errors are problem+json
// with their field paths.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathItemObject } from 'zod-openapi';

import { createApp } from '../../server/src/api/app';
import { openApiDocument, openApiFragments } from '../../server/src/api/openapi-routes';
import { checkOpenApiDocument } from '../../server/src/api/openapi/check';
import { problem } from '../../server/src/api/openapi/common';
import { mergePaths } from '../../server/src/api/openapi/document';
import { registeredRoutes } from '../../server/src/api/openapi/routes';
import { openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';

const TOKEN = 'openapi-test-token-0123456789';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

let db: TestDb;
let dataDir: string;
let server: { url: string; close: () => Promise<void> };
/** The same app with anonymous reads off. */
let closedServer: { url: string; close: () => Promise<void> };

const config = (overrides: Record<string, unknown> = {}) =>
  testConfig({ LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: dataDir, ...overrides } as Parameters<typeof testConfig>[0]);

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-openapi-'));
  // Refused requests count against the client (failed-token limiter); the sweeps below make many on purpose.
  server = await serve({ executor: db.executor, config: config(), limits: { failedTokens: 100_000 } });
  closedServer = await serve({
    executor: db.executor,
    config: config({ LIAISON_ANONYMOUS_READ: false }),
    limits: { failedTokens: 100_000 },
  });
});
afterAll(async () => {
  await server.close();
  await closedServer.close();
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The described operations, from the fragments themselves (their zod schemas, before rendering). */
function described(): Array<{ method: (typeof METHODS)[number]; path: string; op: ZodOpenApiOperationObject }> {
  const paths = mergePaths(openApiFragments()) as Record<string, ZodOpenApiPathItemObject>;
  return Object.entries(paths).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ method: m, path: p, op: item[m] as ZodOpenApiOperationObject })),
  );
}

/** A concrete URL for a described path: each {param} filled with a probe value (or the sample given). */
const fill = (p: string, samples: Record<string, string> = {}) =>
  `/api${p.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(samples[name] ?? 'openapi-probe'))}`;

async function call(method: string, url: string, init: { headers?: Record<string, string>; body?: string } = {}, base = server.url) {
  const unsafe = method !== 'get' && method !== 'delete';
  const res = await fetch(`${base}${url}`, {
    method: method.toUpperCase(),
    headers: { ...(unsafe ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(unsafe ? { body: init.body ?? '{}' } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a file, a page)
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: body as Record<string, any> };
}

const isGeneric404 = (r: { status: number; body: Record<string, any> }) =>
  r.status === 404 && typeof r.body?.detail === 'string' && /^(No API endpoint|Nothing at) /.test(r.body.detail);

describe('GET /api/openapi.json', () => {
  it('serves the assembled description, a well-formed OpenAPI 3.1 document', async () => {
    const r = await call('get', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect(checkOpenApiDocument(r.body)).toEqual([]);
  });

  it('is open to everybody, also when anonymous reads are off', async () => {
    const r = await call('get', '/api/openapi.json', {}, closedServer.url);
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    // …while a viewer read is not (AUTH: 401 when nobody is signed in).
    expect((await call('get', '/api/schema', {}, closedServer.url)).status).toBe(401);
  });
});

describe('the description and the routes of the Express app', () => {
  const app = () => createApp({ executor: db.executor, config: config() });

  it('describes every /api route registered in the app (its router stack walked)', () => {
    const documented = new Set(described().map((d) => `${d.method} /api${d.path}`));
    const routes = registeredRoutes(app()).filter((r) => r.path.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes.map((r) => `${r.method} ${r.path}`).filter((key) => !documented.has(key));
    expect(missing).toEqual([]);
  });

  it('routes every described operation', () => {
    const routed = new Set(registeredRoutes(app()).map((r) => `${r.method} ${r.path}`));
    const unrouted = described()
      .map((d) => `${d.method} /api${d.path}`)
      .filter((key) => !routed.has(key));
    expect(unrouted).toEqual([]);
  });

  it('answers every described operation with something other than the generic 404, and never a 500', async () => {
    const wrong: string[] = [];
    for (const { method, path: p } of described()) {
      const r = await call(method, fill(p));
      if (isGeneric404(r) || r.status >= 500)
        wrong.push(`${method.toUpperCase()} ${p}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the walk sees a route that is not described (the check can fail)', () => {
    const extra = app();
    extra.get('/api/not-described', (_req, res) => {
      res.json({});
    });
    const documented = new Set(described().map((d) => `${d.method} /api${d.path}`));
    const missing = registeredRoutes(extra)
      .map((r) => `${r.method} ${r.path}`)
      .filter((key) => key.startsWith('get /api/') && !documented.has(key));
    expect(missing).toEqual(['get /api/not-described']);
  });
});

describe('roles as described', () => {
  it('refuses anonymous callers on every editor and admin operation (401 or 403, problem+json)', async () => {
    const wrong: string[] = [];
    for (const { method, path: p, op } of described()) {
      const role = (op as unknown as Record<string, unknown>)['x-liaison-role'];
      if (role !== 'editor' && role !== 'admin') continue;
      const r = await call(method, fill(p));
      if (![401, 403].includes(r.status) || !r.type.startsWith('application/problem+json'))
        wrong.push(`${method.toUpperCase()} ${p} (${String(role)}): ${r.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('with anonymous reads on, answers anonymous callers as the security says: refused where it names no anonymous access, let in where it does', async () => {
    const wrong: string[] = [];
    for (const { method, path: p, op } of described()) {
      const anonymous = (op.security ?? []).some((r) => Object.keys(r).length === 0);
      const r = await call(method, fill(p));
      const refused = r.status === 401 || (r.status === 403 && r.body?.rule !== 'query-refused');
      if (anonymous === refused)
        wrong.push(`${method.toUpperCase()} ${p} (${anonymous ? 'anonymous allowed' : 'signed in only'}): ${r.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('with anonymous reads off, refuses anonymous callers on every viewer operation and lets them call the public ones', async () => {
    const wrong: string[] = [];
    for (const { method, path: p, op } of described()) {
      const role = (op as unknown as Record<string, unknown>)['x-liaison-role'];
      const r = await call(method, fill(p), {}, closedServer.url);
      if (role === 'viewer' && ![401, 403].includes(r.status)) wrong.push(`${method.toUpperCase()} ${p} (viewer): ${r.status}`);
      if (role === 'public' && [401, 403].includes(r.status) && r.body?.rule !== 'csrf')
        wrong.push(`${method.toUpperCase()} ${p} (public): ${r.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lets anonymous callers read what is described as viewer with anonymous access (LIAISON_ANONYMOUS_READ on)', async () => {
    for (const url of ['/api/schema', '/api/search?q=Patrushev', '/api/nodes/person-patrushev', '/api/views', '/api/export/formats'])
      expect((await call('get', url)).status).toBe(200);
  });
});

describe('answers match the described schemas', () => {
  /** The zod schema the description gives for an operation's answer of `status` in `type`. */
  function answerSchema(method: string, p: string, status: string, type = 'application/json'): z.ZodType {
    const found = described().find((d) => d.method === method && d.path === p);
    if (!found) throw new Error(`${method} ${p} is not described`);
    const response = found.op.responses[status as `2${string}`] as { content?: Record<string, { schema?: unknown }> } | undefined;
    const schema = response?.content?.[type]?.schema;
    if (!schema || typeof (schema as z.ZodType).safeParse !== 'function')
      throw new Error(`${method} ${p} ${status} has no zod schema for ${type}`);
    return schema as z.ZodType;
  }

  const samples: Array<[string, string, string]> = [
    ['get', '/health', '/api/health'],
    ['get', '/schema', '/api/schema'],
    ['get', '/search', '/api/search?q=Patruschew&limit=5'],
    ['get', '/nodes/{id}', '/api/nodes/person-patrushev'],
    ['get', '/nodes/{id}/neighbors', '/api/nodes/person-patrushev/neighbors?limit=20'],
    ['get', '/sources/{id}/facts', '/api/sources/src-caucasus-watch-2019-09/facts?limit=10'],
    ['get', '/paths', '/api/paths?from=person-patrushev&to=person-usubov'],
    ['get', '/candidates', '/api/candidates?type=Person&limit=5'],
    ['get', '/queries', '/api/queries'],
    ['get', '/export/formats', '/api/export/formats'],
    ['get', '/views', '/api/views'],
    ['get', '/judgements', '/api/judgements'],
    ['get', '/openapi.json', '/api/openapi.json'],
  ];

  it.each(samples)('%s %s', async (method, p, url) => {
    const r = await call(method, url);
    expect(r.status).toBe(200);
    const parsed = answerSchema(method, p, '200').safeParse(r.body);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it('every GET without required parameters answers as its 200 schema says (with the operator token)', async () => {
    const wrong: string[] = [];
    const checked: string[] = [];
    for (const { method, path: p, op } of described()) {
      if (method !== 'get' || p.includes('{')) continue;
      const query = op.requestParams?.query as z.ZodObject | undefined;
      if (query && !query.safeParse({}).success) continue;
      const content = (op.responses['200'] as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
      const schema = content?.['application/json']?.schema as z.ZodType | undefined;
      if (!schema || typeof schema.safeParse !== 'function') continue;
      const r = await call('get', `/api${p}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      checked.push(p);
      if (r.status !== 200) {
        wrong.push(`GET ${p}: ${r.status}`);
        continue;
      }
      const parsed = schema.safeParse(r.body);
      if (!parsed.success) wrong.push(`GET ${p}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    expect(checked).toEqual(expect.arrayContaining(['/health', '/schema', '/views', '/import/jobs', '/import/mappings']));
    expect(wrong).toEqual([]);
  });

  it('POST /api/cypher answers as described', async () => {
    const r = await call('post', '/api/cypher', {
      body: JSON.stringify({ query: 'MATCH (p:Person {id: $id}) RETURN p', params: { id: 'person-usubov' } }),
    });
    expect(r.status).toBe(200);
    const parsed = answerSchema('post', '/cypher', '200').safeParse(r.body);
    expect(parsed.success).toBe(true);
  });

  it('an invalid query parameter is problem+json with the issue at $.query.<name>, as described', async () => {
    const r = await call('get', '/api/search?q=Usubov&limit=1000');
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(problem.safeParse(r.body).success).toBe(true);
    expect(r.body.errors).toEqual([expect.objectContaining({ path: '$.query.limit' })]);
    // The description names the same status for this operation.
    expect(Object.keys(described().find((d) => d.method === 'get' && d.path === '/search')!.op.responses)).toContain('400');
  });

  it('an invalid body is problem+json with the issue at its JSONPath', async () => {
    const r = await call('post', '/api/export', {
      body: JSON.stringify({ format: 'graphml', subgraph: { kind: 'neighborhood', node: '', hops: 9 } }),
    });
    expect(r.status).toBe(400);
    expect(problem.safeParse(r.body).success).toBe(true);
    expect((r.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(expect.arrayContaining(['$.subgraph.hops']));
  });

  it("every described integer bound of a GET's query parameter is the server's bound (one past it is a 400 at $.query.<name>)", async () => {
    // Valid values for the parameters some operations require, so that only the bound under test is wrong.
    const base: Record<string, string> = {
      q: 'Usubov',
      from: 'person-patrushev',
      to: 'person-usubov',
      format: 'json',
      node: 'person-patrushev',
    };
    const rendered = JSON.parse(JSON.stringify(openApiDocument())) as { paths: Record<string, Record<string, any>> };
    const checked: string[] = [];
    const wrong: string[] = [];
    for (const [p, item] of Object.entries(rendered.paths)) {
      const op = item.get;
      if (!op) continue;
      const params = (op.parameters ?? []) as Array<{ name: string; in: string; required?: boolean; schema?: Record<string, any> }>;
      const required = params.filter((x) => x.in === 'query' && x.required).map((x) => x.name);
      if (required.some((name) => !(name in base))) continue;
      for (const param of params) {
        if (param.in !== 'query' || param.schema?.type !== 'integer' || typeof param.schema.maximum !== 'number') continue;
        const query = new URLSearchParams(Object.fromEntries(required.map((name) => [name, base[name]!])));
        query.set(param.name, String(param.schema.maximum + 1));
        const headers: Record<string, string> = op['x-liaison-role'] === 'viewer' ? {} : { authorization: `Bearer ${TOKEN}` };
        const r = await call('get', `${fill(p, { id: 'person-patrushev' })}?${query}`, { headers });
        checked.push(`${p} ${param.name}`);
        const paths = ((r.body?.errors ?? []) as Array<{ path: string }>).map((e) => e.path);
        if (r.status !== 400 || !paths.includes(`$.query.${param.name}`)) wrong.push(`GET ${p}?${query}: ${r.status} ${paths.join(' ')}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['/search limit', '/nodes/{id}/neighbors limit', '/paths maxHops', '/views limit']));
    expect(wrong).toEqual([]);
  });

  it('the schema check can fail: an answer missing a described member is refused', () => {
    const schema = answerSchema('get', '/search', '200');
    expect(schema.safeParse({ query: 'x', results: [{ id: 'a' }] }).success).toBe(false);
  });

  it('GET /api/openapi.json does not need the token, and sending one changes nothing', async () => {
    const r = await call('get', '/api/openapi.json', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.body.info.title).toBe('Liaison API');
  });
});
