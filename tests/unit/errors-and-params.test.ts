// Errors and their HTTP form, statement parameters, driver error mapping, neighbour cursors,
// relationship-type filters and configuration: the pure parts of the server's plumbing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NextFunction, Request, Response } from 'express';
import neo4j, { Neo4jError } from 'neo4j-driver';

import { problemHandler } from '../../server/src/api/problem';
import { loadConfig } from '../../server/src/config';
import { parseCypherFile } from '../../server/src/db/cypher-files';
import { mapDriverError, prepareParams } from '../../server/src/db/executor';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InternalError,
  type LiaisonError,
  NotFoundError,
  PayloadTooLargeError,
  TimeoutError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
  jsonPath,
} from '../../server/src/errors';
import { decodeCursor, encodeCursor, parseRelTypes } from '../../server/src/graph/service';
import { setLogLevel } from '../../server/src/log';
import { RELATIONSHIP_TYPE_NAMES } from '../../server/src/schema/model';

// The handler and the mapper log unknown errors; keep the test output clean.
beforeAll(() => setLogLevel('silent'));
afterAll(() => setLogLevel('info'));

describe('jsonPath', () => {
  it.each([
    [[], '$'],
    [['nodes', 3, 'id'], '$.nodes[3].id'],
    [['nodes', 0, 'citations', 1, 'source'], '$.nodes[0].citations[1].source'],
    [['properties', 'my key'], '$.properties["my key"]'],
    [['0abc'], '$["0abc"]'],
    [['a"b'], '$["a\\"b"]'],
    [['$schema', '_x1'], '$.$schema._x1'],
    [['names', 'Патрушев'], '$.names["Патрушев"]'],
  ] as Array<[PropertyKey[], string]>)('renders %j as %s', (parts, expected) => {
    expect(jsonPath(parts)).toBe(expected);
  });
});

interface Captured {
  status?: number;
  type?: string;
  body?: Record<string, unknown>;
}

/** Runs the problem handler against minimal stand-ins for Express's request and response. */
function handle(error: unknown, url = '/api/things?x=1'): Captured {
  const captured: Captured = {};
  const res = {
    status(code: number) {
      captured.status = code;
      return res;
    },
    type(t: string) {
      captured.type = t;
      return res;
    },
    json(body: Record<string, unknown>) {
      captured.body = body;
      return res;
    },
    getHeader: (): undefined => undefined,
    setHeader: () => res,
  };
  const req = { path: url.split('?')[0], originalUrl: url, method: 'GET' };
  const next: NextFunction = () => {
    throw new Error('the problem handler must answer, not pass the error on');
  };
  problemHandler(error, req as unknown as Request, res as unknown as Response, next);
  return captured;
}

describe('problemHandler', () => {
  it.each([
    [new BadRequestError('bad'), 400, 'bad-request'],
    [new UnauthorizedError('who'), 401, 'unauthorized'],
    [new ForbiddenError('no'), 403, 'forbidden'],
    [new NotFoundError('gone', { id: 'x' }), 404, 'not-found'],
    [new ConflictError('clash'), 409, 'conflict'],
    [new PayloadTooLargeError('big'), 413, 'payload-too-large'],
    [new InternalError('ours'), 500, 'internal'],
    [new UnavailableError('down'), 503, 'unavailable'],
    [new TimeoutError('slow'), 504, 'timeout'],
  ] as Array<[LiaisonError, number, string]>)('answers %p with its own status as problem+json', (error, status, code) => {
    const { status: sent, type, body } = handle(error);
    expect(sent).toBe(status);
    expect(type).toBe('application/problem+json');
    expect(body).toMatchObject({
      type: `urn:liaison:problem:${code}`,
      title: error.title,
      status,
      detail: error.message,
      instance: '/api/things?x=1',
    });
    expect(body).not.toHaveProperty('errors');
  });

  it('carries the extra members of an error', () => {
    expect(handle(new NotFoundError('gone', { id: 'person-x' })).body).toMatchObject({ id: 'person-x' });
  });

  it('lists the issues of a ValidationError under errors', () => {
    const issues = [
      { path: '$.nodes[0].id', message: 'must not be empty' },
      { path: '$.nodes[1].type', message: 'unknown type', code: 'invalid_union' },
    ];
    const { status, type, body } = handle(new ValidationError('2 problems', issues));
    expect(status).toBe(400);
    expect(type).toBe('application/problem+json');
    expect(body).toMatchObject({ type: 'urn:liaison:problem:validation', errors: issues });
  });

  it('answers an unknown error with a generic 500 that reveals nothing', () => {
    const error = new Error('connection to bolt://secret-host:7687 failed for user admin');
    error.stack = `Error: ${error.message}\n    at Object.<anonymous> (/srv/liaison/server/src/secret.ts:12:3)`;
    const { status, type, body } = handle(error);
    expect(status).toBe(500);
    expect(type).toBe('application/problem+json');
    expect(body).toMatchObject({ type: 'urn:liaison:problem:internal', status: 500 });
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/secret|bolt:|admin|\bat Object|\.ts:\d+/);
  });

  it.each([null, undefined, 'a string', 42, { message: 'an object' }])('answers a thrown non-error (%p) with 500', (thrown) => {
    expect(handle(thrown).status).toBe(500);
  });

  it('turns a body-parser JSON error into 400', () => {
    const { status, type, body } = handle(
      Object.assign(new SyntaxError('Unexpected token } in JSON'), { type: 'entity.parse.failed', status: 400 }),
    );
    expect(status).toBe(400);
    expect(type).toBe('application/problem+json');
    expect(body).toMatchObject({ type: 'urn:liaison:problem:bad-request' });
  });

  it('turns a body-parser size error into 413 naming the limit', () => {
    const { status, body } = handle({ type: 'entity.too.large', limit: 10 });
    expect(status).toBe(413);
    expect(body).toMatchObject({ type: 'urn:liaison:problem:payload-too-large' });
    expect(String(body?.detail)).toContain('10');
  });

  it('turns an unsupported charset into 415', () => {
    expect(handle({ type: 'charset.unsupported' }).status).toBe(415);
  });
});

describe('prepareParams', () => {
  const file = parseCypherFile(
    'queries/page',
    [
      '// @param id: string — the id',
      '// @param skip: integer = 0 — offset',
      '// @param limit: integer = 50 — page size',
      '// @param types: string[] = null — filter',
      '// @param score: float — a float',
      'MATCH (n {id: $id}) WHERE $types IS NULL AND n.score > $score RETURN n SKIP $skip LIMIT $limit',
    ].join('\n'),
  );

  it('sends integer-declared numbers as Cypher integers', () => {
    const out = prepareParams(file, { id: 'x', skip: 20, limit: 5, score: 3 });
    expect(neo4j.isInt(out.skip)).toBe(true);
    expect(neo4j.isInt(out.limit)).toBe(true);
    expect(String(out.skip)).toBe('20');
    expect(String(out.limit)).toBe('5');
  });

  it('leaves other parameters as they are', () => {
    const out = prepareParams(file, { id: 'x', score: 3, extra: 7 });
    expect(out.id).toBe('x');
    expect(out.score).toBe(3);
    expect(neo4j.isInt(out.score)).toBe(false);
    expect(out.extra).toBe(7);
  });

  it('fills declared defaults, as integers where declared so, and null defaults too', () => {
    const out = prepareParams(file, { id: 'x' });
    expect(neo4j.isInt(out.skip)).toBe(true);
    expect(String(out.skip)).toBe('0');
    expect(String(out.limit)).toBe('50');
    expect(out).toHaveProperty('types', null);
    expect(out).not.toHaveProperty('score');
  });

  it('does not change the caller’s object', () => {
    const params = { id: 'x', limit: 5 };
    prepareParams(file, params);
    expect(params).toEqual({ id: 'x', limit: 5 });
  });

  it.each([2.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p for an integer parameter', (limit) => {
    expect(() => prepareParams(file, { id: 'x', limit })).toThrow(BadRequestError);
  });
});

describe('mapDriverError', () => {
  const driverError = (code: string) => new Neo4jError(`driver says ${code}`, code, '50N42', 'general processing exception');

  it.each([
    ['ServiceUnavailable', UnavailableError, 503],
    ['SessionExpired', UnavailableError, 503],
    ['Neo.ClientError.Schema.ConstraintValidationFailed', ConflictError, 409],
    ['Neo.ClientError.Transaction.TransactionTimedOut', TimeoutError, 504],
    ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', TimeoutError, 504],
    ['Neo.ClientError.Statement.SyntaxError', InternalError, 500],
    ['Neo.DatabaseError.General.UnknownError', InternalError, 500],
  ] as const)('maps %s to %p', (code, cls, status) => {
    const mapped = mapDriverError(driverError(code), 'queries/node');
    expect(mapped).toBeInstanceOf(cls);
    expect(mapped.status).toBe(status);
  });

  it('keeps the driver’s own text out of the message', () => {
    for (const code of ['ServiceUnavailable', 'Neo.ClientError.Statement.SyntaxError', 'Neo.ClientError.Schema.ConstraintValidationFailed'])
      expect(mapDriverError(driverError(code), 'import').message).not.toContain('driver says');
  });

  it('names the context of a timeout', () => {
    expect(mapDriverError(driverError('Neo.ClientError.Transaction.TransactionTimedOut'), 'queries/shortest-paths').message).toContain(
      'queries/shortest-paths',
    );
  });

  it('answers an exhausted pool with 503 and a Retry-After delay, never 500', () => {
    const exhausted = new Neo4jError(
      'Connection acquisition timed out in 10000 ms. Pool status: Active conn count = 100, Idle conn count = 0.',
      'N/A',
      '50N42',
      'general processing exception',
    );
    const mapped = mapDriverError(exhausted, 'queries/search-entities');
    expect(mapped).toBeInstanceOf(UnavailableError);
    expect(mapped.extra).toMatchObject({ rule: 'pool-busy', retryAfter: expect.any(Number) });
    expect(mapped.message).not.toMatch(/Pool status|conn count/);
  });

  it('answers a memory limit on Liaison’s own reads with 503, not 500', () => {
    for (const code of ['Neo.TransientError.General.MemoryPoolOutOfMemoryError', 'Neo.TransientError.General.OutOfMemoryError'])
      expect(mapDriverError(driverError(code), 'queries/neighbors')).toBeInstanceOf(UnavailableError);
  });

  it('answers a write past the transaction memory limit with 413 and the way out, not a 503 to retry', () => {
    for (const code of [
      'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
      'Neo.TransientError.General.TransactionMemoryLimit',
      'Neo.TransientError.General.OutOfMemoryError',
    ]) {
      const mapped = mapDriverError(driverError(code), 'import', undefined, 'write');
      expect(mapped).toBeInstanceOf(PayloadTooLargeError);
      expect(mapped.status).toBe(413);
      expect(mapped.extra).toMatchObject({ rule: 'memory-limit' });
      expect(mapped.extra).not.toHaveProperty('retryAfter');
      expect(mapped.message).toMatch(/mode=batched/);
    }
  });

  it('passes a LiaisonError through unchanged', () => {
    const error = new BadRequestError('no');
    expect(mapDriverError(error, 'x')).toBe(error);
  });

  it('maps anything else to InternalError', () => {
    expect(mapDriverError(new Error('boom'), 'x')).toBeInstanceOf(InternalError);
    expect(mapDriverError('boom', 'x')).toBeInstanceOf(InternalError);
  });
});

describe('neighbour cursors', () => {
  it.each([
    { type: 0, id: 'a' },
    { type: 1, id: 'meeting-2019-09-04-baku-aliyev--person-aliyev' },
    { type: 8, id: 'with.dots:and k1.prefix\nand a line break' },
  ])('round-trips the key %j', (key) => {
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
  });

  it('starts from the beginning without a cursor', () => {
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it("stays within the route's 100 characters for an id of 96", () => {
    expect(encodeCursor({ type: 8, id: 'x'.repeat(96) }).length).toBeLessThanOrEqual(100);
  });

  it.each([
    'not-a-cursor',
    '50',
    'k.abc',
    'k1.',
    'k99.abc',
    `k${RELATIONSHIP_TYPE_NAMES.length}.abc`,
    Buffer.from('o:5').toString('base64url'),
  ])('rejects the foreign cursor %j with a 400', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(BadRequestError);
  });
});

describe('parseRelTypes', () => {
  it('defaults to every relationship type', () => {
    expect(parseRelTypes(undefined)).toEqual(RELATIONSHIP_TYPE_NAMES);
    expect(parseRelTypes('')).toEqual(RELATIONSHIP_TYPE_NAMES);
  });

  it('hands out a fresh list that callers may change', () => {
    parseRelTypes(undefined).pop();
    expect(parseRelTypes(undefined)).toHaveLength(RELATIONSHIP_TYPE_NAMES.length);
  });

  it('reads a comma-separated list, trimming spaces', () => {
    expect(parseRelTypes('KNOWS, HOLDS_POST ,')).toEqual(['KNOWS', 'HOLDS_POST']);
  });

  it('rejects an unknown type with a 400 naming it and the parameter', () => {
    let error: unknown;
    try {
      parseRelTypes('KNOWS,FRIENDS_WITH');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).message).toContain('FRIENDS_WITH');
    expect((error as BadRequestError).extra).toEqual({ param: 'relTypes' });
  });

  it('is case-sensitive, as Cypher types are', () => {
    expect(() => parseRelTypes('knows')).toThrow(BadRequestError);
  });
});

describe('loadConfig', () => {
  it('has defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      NEO4J_USER: 'neo4j',
      NEO4J_DATABASE: 'neo4j',
      LIAISON_DEMO: true,
      LIAISON_QUERY_TIMEOUT_MS: 10_000,
      LIAISON_NEO4J_HEAP: '2g',
    });
    expect(config.NEO4J_URI).toBeUndefined();
    expect(config.LIAISON_API_TOKEN).toBeUndefined();
    expect(config.LIAISON_DATA_DIR).toMatch(/\.liaison$/);
  });

  it('reads and coerces values from the environment', () => {
    const config = loadConfig({ PORT: '8080', LIAISON_DEMO: 'no', NEO4J_URI: 'neo4j+s://db.example.org' });
    expect(config.PORT).toBe(8080);
    expect(config.LIAISON_DEMO).toBe(false);
    expect(config.NEO4J_URI).toBe('neo4j+s://db.example.org');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LIAISON_DEMO: '' })).toMatchObject({ PORT: 3000, LIAISON_DEMO: true });
  });

  it.each(['abc', '70000', '-1', '80.5'])('rejects PORT=%s with a ValidationError naming PORT', (port) => {
    let error: unknown;
    try {
      loadConfig({ PORT: port });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toMatch(/\bPORT\b/);
    expect(issues[0]!.path).not.toMatch(/NEO4J_PORT/);
  });

  it('reports every invalid variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'x', NEO4J_URI: 'http://db', LIAISON_API_TOKEN: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path).sort()).toEqual(['env.LIAISON_API_TOKEN', 'env.NEO4J_URI', 'env.PORT']);
  });
});
