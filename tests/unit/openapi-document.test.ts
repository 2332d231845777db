// The OpenAPI description without a server: it is a well-formed OpenAPI 3.1 document by the
// structural check (which itself refuses broken documents), every operation names its role with
// matching security, errors are problem+json with errors[].path, fragments merge by method and
// refuse an operation described twice, and docs/openapi.json is the document as served (not stale).
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';

import { openApiDocument, openApiFragments } from '../../server/src/api/openapi-routes';
import { checkOpenApiDocument, resolveRef } from '../../server/src/api/openapi/check';
import { operation, securityFor } from '../../server/src/api/openapi/common';
import { createOpenApiDocument, mergePaths } from '../../server/src/api/openapi/document';
import { toOpenApiPath } from '../../server/src/api/openapi/routes';

type Obj = Record<string, any>;
const doc = (): Obj => JSON.parse(JSON.stringify(openApiDocument())) as Obj;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const operations = (d: Obj) =>
  Object.entries(d.paths as Obj).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ method: m, path: p, op: item[m] as Obj })),
  );

describe('the OpenAPI document', () => {
  it('is a well-formed OpenAPI 3.1 description', () => {
    const d = doc();
    expect(d.openapi).toBe('3.1.0');
    expect(d.servers).toEqual([expect.objectContaining({ url: '/api' })]);
    expect(checkOpenApiDocument(d)).toEqual([]);
  });

  it('describes the routes of app.ts and of the existing routers', () => {
    const described = new Set(operations(doc()).map((o) => `${o.method.toUpperCase()} ${o.path}`));
    for (const op of [
      'GET /health',
      'GET /schema',
      'GET /search',
      'GET /nodes/{id}',
      'GET /nodes/{id}/neighbors',
      'GET /sources/{id}/facts',
      'GET /paths',
      'POST /import',
      'GET /import/jobs/{id}/report.json',
      'GET /candidates',
      'POST /cypher',
      'POST /queries/{name}',
      'GET /export',
      'POST /export',
      'PUT /views/{id}',
      'DELETE /judgements/{id}',
      'GET /openapi.json',
    ])
      expect(described).toContain(op);
  });

  it('gives every operation its role, with security to match', () => {
    for (const { method, path: p, op } of operations(doc())) {
      const role = op['x-liaison-role'] as string;
      expect({ at: `${method} ${p}`, role }).toEqual({
        at: `${method} ${p}`,
        role: expect.stringMatching(/^(public|viewer|editor|admin)$/),
      });
      expect(op.description).toContain('Role: ');
      const anonymous = (op.security as Obj[]).some((r) => Object.keys(r).length === 0);
      if (role === 'editor' || role === 'admin') {
        expect(anonymous).toBe(false);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
      }
      if (role === 'public') expect(op.security).toEqual([{}]);
    }
    const d = doc();
    expect(d.paths['/import'].post['x-liaison-role']).toBe('editor');
    expect(d.paths['/views'].get['x-liaison-role']).toBe('viewer');
    expect(d.paths['/health'].get['x-liaison-role']).toBe('public');
    expect(d.paths['/openapi.json'].get['x-liaison-role']).toBe('public');
  });

  it('declares the cookie session with its CSRF header and the bearer API key', () => {
    const schemes = doc().components.securitySchemes as Obj;
    expect(schemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'liaison_session' });
    expect(schemes.csrfToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-csrf-token' });
    expect(schemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    // A write through a session needs the CSRF header in the same requirement (AND); a read does not.
    expect(securityFor('editor', 'post')).toEqual([{ sessionCookie: [], csrfToken: [] }, { apiKey: [] }]);
    expect(securityFor('editor', 'get')).toEqual([{ sessionCookie: [] }, { apiKey: [] }]);
    expect(securityFor('viewer', 'get')).toEqual([{}, { sessionCookie: [] }, { apiKey: [] }]);
    expect(securityFor('viewer', 'delete', false)).toEqual([{ sessionCookie: [], csrfToken: [] }, { apiKey: [] }]);
    expect(doc().paths['/judgements'].post.security).toEqual([{ sessionCookie: [], csrfToken: [] }, { apiKey: [] }]);
  });

  it('describes errors as problem+json whose issues carry their field path', () => {
    const d = doc();
    const problem = d.components.schemas.Problem as Obj;
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance']));
    const issues = resolveRef(d, problem.properties.errors.items.$ref as string) as Obj;
    expect(issues.required).toEqual(expect.arrayContaining(['path', 'message']));
    expect(issues.properties.path.type).toBe('string');
    const search = d.paths['/search'].get;
    expect(search.responses['400'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(search.responses.default.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
  });

  it("renders a route's own zod schemas: query parameters with their bounds, request bodies", () => {
    const d = doc();
    const limit = (d.paths['/search'].get.parameters as Obj[]).find((p) => p.name === 'limit')!;
    expect(limit).toMatchObject({ in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 } });
    const q = (d.paths['/search'].get.parameters as Obj[]).find((p) => p.name === 'q')!;
    expect(q).toMatchObject({ required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } });
    const id = (d.paths['/nodes/{id}'].get.parameters as Obj[]).find((p) => p.in === 'path')!;
    expect(id).toMatchObject({ name: 'id', required: true });
    const judgement = d.paths['/judgements'].post.requestBody.content['application/json'].schema as Obj;
    expect(judgement.required).toEqual(expect.arrayContaining(['a', 'b', 'judgement']));
    expect(judgement.properties.judgement.enum).toEqual(['same', 'not_same', 'unsure']);
    expect(judgement.additionalProperties).toBe(false);
    const bundle = d.paths['/import'].post.requestBody.content['application/json'].schema as Obj;
    expect(Object.keys(bundle.properties)).toEqual(expect.arrayContaining(['nodes', 'relationships']));
  });

  it('docs/openapi.json is the document as served (run `npm run openapi:write` after changing a fragment)', () => {
    const file = JSON.parse(readFileSync(path.resolve(__dirname, '../../docs/openapi.json'), 'utf8')) as unknown;
    expect(file).toEqual(doc());
  });
});

describe('the structural check', () => {
  it('finds what is wrong in a broken document', () => {
    const d = doc();
    d.openapi = '3.0.3';
    d.paths['/nodes/{id}'].get.parameters = d.paths['/nodes/{id}'].get.parameters.filter((p: Obj) => p.in !== 'path');
    d.paths['/search'].get.operationId = 'getNode';
    d.paths['/paths'].get.responses['400'].content = { 'application/json': { schema: { type: 'object' } } };
    delete d.paths['/paths'].get.responses['400'].content;
    d.paths['/schema'].get.responses = {};
    d.paths['/views'].post.security = [{}, { apiKey: [] }];
    d.paths['/views'].get.security = [{ nobody: [] }];
    d.paths['/judgements'].post.security = [{ sessionCookie: [] }];
    d.paths['/health'].get['x-liaison-role'] = 'everybody';
    d.paths['/candidates'].get.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/Nothing' };
    d.paths['/export/formats'].get.responses['200'].content['application/json'].schema = { type: 'string', nullable: true };
    d.paths['/import/jobs/:id'] = d.paths['/import/jobs/{id}'];
    const problems = checkOpenApiDocument(d).join('\n');
    expect(problems).toContain('openapi must be 3.1.x');
    expect(problems).toContain('GET /nodes/{id}: {id} is not declared as a path parameter');
    expect(problems).toMatch(/operationId getNode is also GET \/nodes\/\{id\}'s|GET \/nodes\/\{id\}: operationId getNode is also/);
    expect(problems).toContain('GET /paths 400: an error answer must be application/problem+json');
    expect(problems).toContain('GET /schema: no responses');
    expect(problems).toContain('POST /views: an editor operation must not allow anonymous callers');
    expect(problems).toContain('GET /views: security scheme nobody is not declared');
    expect(problems).toContain('POST /judgements: a session writes only with its CSRF token');
    expect(problems).toContain('GET /health: x-liaison-role must be one of');
    expect(problems).toContain('$ref #/components/schemas/Nothing resolves to nothing');
    expect(problems).toContain('"nullable" is OpenAPI 3.0');
    expect(problems).toContain('/import/jobs/:id: parameters are written {name}, not :name');
  });
});

describe('assembling the fragments', () => {
  const ok = { responses: { '200': { description: 'ok' } } };

  it('merges the methods of one path from several routers and refuses one described twice', () => {
    const merged = mergePaths([
      ['a.ts', { '/nodes/{id}': { get: { operationId: 'a', ...ok } } }],
      ['b.ts', { '/nodes/{id}': { patch: { operationId: 'b', ...ok } }, '/other': { post: { operationId: 'c', ...ok } } }],
    ]);
    expect(Object.keys(merged['/nodes/{id}']!)).toEqual(['get', 'patch']);
    expect(Object.keys(merged)).toEqual(['/nodes/{id}', '/other']);
    expect(() =>
      mergePaths([
        ['a.ts', { '/x': { get: { operationId: 'a', ...ok } } }],
        ['b.ts', { '/x': { get: { operationId: 'b', ...ok } } }],
      ]),
    ).toThrow('GET /x is described by both a.ts and b.ts');
    // The real fragments do not collide.
    expect(() => mergePaths(openApiFragments())).not.toThrow();
  });

  it('operation() stamps the role, its security and its problem answers; tags in use are declared', () => {
    const op = operation('editor', 'patch', { operationId: 'p', summary: 'Patch', problems: [400, 409], responses: ok.responses });
    expect(op['x-liaison-role']).toBe('editor');
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '403', '409', '429', 'default']);
    const d = createOpenApiDocument({ '/p': { patch: { ...op, tags: ['Somewhere'] } } }) as Obj;
    expect(d.tags.map((t: Obj) => t.name)).toContain('Somewhere');
    expect(checkOpenApiDocument(JSON.parse(JSON.stringify(d)))).toEqual([]);
    const schemaOnly = createOpenApiDocument({
      '/q': {
        get: operation('viewer', 'get', {
          operationId: 'q',
          summary: 'Q',
          requestParams: { query: z.object({ n: z.coerce.number() }) },
          ...ok,
        }),
      },
    }) as Obj;
    expect(schemaOnly.paths['/q'].get.parameters[0]).toMatchObject({ name: 'n', in: 'query', schema: { type: 'number' } });
  });

  it("turns Express's :params into OpenAPI's {params}", () => {
    expect(toOpenApiPath('/api/nodes/:id/neighbors')).toBe('/api/nodes/{id}/neighbors');
    expect(toOpenApiPath('/api/import/jobs/:id/report.txt')).toBe('/api/import/jobs/{id}/report.txt');
    expect(toOpenApiPath('/api/files/*rest')).toBe('/api/files/{rest}');
    expect(toOpenApiPath('/api/x/')).toBe('/api/x');
  });
});
