// Bounded work for console and library queries, against the real database: pathological texts and
// parameters refused before Neo4j sees them, the console's own small pool (503 with Retry-After when
// full, 429 past a client's share) leaving the explorer its connections, the watchdog that
// terminates a query on the server at its time limit, and Neo4j's DatabaseErrors shown as 400s.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import neo4j, { type Driver } from 'neo4j-driver';

import { Executor, createConsoleDriver } from '../../server/src/db/executor';
import { TimeoutError } from '../../server/src/errors';
import { setLogLevel } from '../../server/src/log';
import { openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';

let db: TestDb;
let consoleDriver: Driver;
/** An executor like the app's: the console on a pool of one connection that waits 500 ms for it. */
let executor: Executor;
let app: { url: string; close: () => Promise<void> };
/** The same, with a 1 s console timeout. */
let short: { url: string; close: () => Promise<void> };
/** The same, with a 3 s console timeout: long enough to look at the pool while a query holds it. */
let medium: { url: string; close: () => Promise<void> };

const SLOW = 'UNWIND range(1, 10000000000) AS x WITH x WHERE x < 0 RETURN count(*) AS n';

beforeAll(async () => {
  setLogLevel('silent');
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  const user = neo4j.auth.basic('neo4j', db.password);
  consoleDriver = createConsoleDriver(db.uri, user, { connections: 1, queueMs: 500 });
  executor = new Executor(db.driver, { database: 'neo4j', readTimeoutMs: 30_000, writeTimeoutMs: 60_000, consoleDriver });
  const config = testConfig({ LIAISON_CYPHER_RATE_PER_MINUTE: 100_000 });
  app = await serve({ executor, config: { ...config, LIAISON_CONSOLE_PER_CLIENT: 100 } });
  short = await serve({ executor, config: { ...config, LIAISON_QUERY_TIMEOUT_MS: 1_000 } });
  medium = await serve({ executor, config: { ...config, LIAISON_QUERY_TIMEOUT_MS: 3_000 } });
});
afterAll(async () => {
  await app.close();
  await short.close();
  await medium.close();
  await consoleDriver.close();
  await db.close();
  setLogLevel('info');
});

async function post(url: string, path: string, body: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}
const cypher = (query: string, params: Record<string, unknown> = {}, url = app.url) => post(url, '/api/cypher', { query, params });

/** Transactions on the server whose query text contains `text` (other than this very check). */
async function running(text: string): Promise<string[]> {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    const result = await session.run('SHOW TRANSACTIONS YIELD transactionId, currentQuery RETURN transactionId, currentQuery');
    return result.records
      .filter((r) => String(r.get('currentQuery')).includes(text) && !String(r.get('currentQuery')).startsWith('SHOW'))
      .map((r) => String(r.get('transactionId')));
  } finally {
    await session.close();
  }
}

/** Transactions still running the query after up to 3 s: a terminated one is listed until it has rolled back. */
async function stillRunningAfterRollback(text: string): Promise<string[]> {
  let left = await running(text);
  for (let i = 0; i < 30 && left.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = await running(text);
  }
  return left;
}

describe('pathological texts and parameters are refused before the database', () => {
  it('refuses the issue’s 2,000-deep parentheses as too-deep, and search keeps answering', async () => {
    const res = await cypher(`RETURN ${'('.repeat(2_000)}1${')'.repeat(2_000)}`);
    expect(res.status).toBe(403);
    expect(res.body.rule).toBe('too-deep');
    expect((await fetch(`${app.url}/api/search?q=Patrushev`)).status).toBe(200);
  });

  it('refuses a long operator chain as too-complex', async () => {
    expect((await cypher(`RETURN 'a'${" + 'a'".repeat(400)}`)).body.rule).toBe('too-complex');
  });

  it('refuses deeply nested params as params-too-large, for the console and the library alike', async () => {
    // Raw JSON: 40 levels pass the HTTP layer's depth limit and meet the params guard's (32).
    const nested = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    const raw = (path: string, json: string) =>
      fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, any>,
      }));
    const console = await raw('/api/cypher', `{"query": "RETURN $x AS x", "params": {"x": ${nested(40)}}}`);
    expect([console.status, console.body.rule]).toEqual([403, 'params-too-large']);
    expect(console.body.errors).toEqual([
      { path: expect.stringMatching(/^\$\.params\.x(\[0\])+$/), message: expect.any(String), code: 'too-deep' },
    ]);
    const library = await raw('/api/queries/most-connected', `{"params": {"x": ${nested(40)}}}`);
    expect([library.status, library.body.rule]).toEqual([403, 'params-too-large']);
    // 100,000 levels: refused as a 4xx too, by whichever layer sees it first.
    const deeper = await raw('/api/cypher', `{"query": "RETURN $x AS x", "params": {"x": ${nested(100_000)}}}`);
    expect(deeper.status).toBeGreaterThanOrEqual(400);
    expect(deeper.status).toBeLessThan(500);
    const long = await cypher('RETURN size($s) AS n', { s: 'x'.repeat(200_000) });
    expect([long.status, long.body.rule]).toEqual([403, 'params-too-large']);
  });

  it('still runs parameters within the bounds', async () => {
    const res = await cypher('RETURN size($ids) AS n, $m.a[0].b AS b', {
      ids: Array.from({ length: 5_000 }, (_, i) => i),
      m: { a: [{ b: 'ok' }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([[5_000, 'ok']]);
  });
});

describe('Neo4j’s errors about a researcher’s query are 4xx', () => {
  it('answers left("a", -1), a Neo4j DatabaseError, with a 400 cypher-error and a clean message', async () => {
    const res = await cypher('RETURN left("a", -1)');
    expect(res.status).toBe(400);
    expect(res.body.rule).toBe('cypher-error');
    expect(res.body.neo4jCode).toMatch(/^Neo\.DatabaseError\./);
    expect(res.body.detail).toMatch(/negative/);
    expect(JSON.stringify(res.body)).not.toMatch(/java\.|org\.neo4j|\bat [\w.]+\(|\/[a-z]+\/[a-z]+\//);
  });
});

describe('request ids', () => {
  it('puts the response’s X-Request-Id into the console query’s transaction metadata', async () => {
    const marker = 'range(1, 10000000003)';
    const slow = cypher(`UNWIND ${marker} AS x WITH x WHERE x < 0 RETURN count(*) AS n`, {}, short.url);
    let metaData: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !metaData; i++) {
      const session = db.driver.session({ database: 'neo4j' });
      try {
        const result = await session.run('SHOW TRANSACTIONS YIELD metaData, currentQuery RETURN metaData, currentQuery');
        metaData = result.records.find((r) => String(r.get('currentQuery')).includes(marker))?.get('metaData');
      } finally {
        await session.close();
      }
      if (!metaData) await new Promise((r) => setTimeout(r, 100));
    }
    const res = await slow;
    expect(res.status).toBe(504);
    expect(metaData).toMatchObject({ app: 'liaison', requestId: res.headers.get('x-request-id') });
    expect(metaData?.queryId).not.toBe(metaData?.requestId);
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  });
});

describe('the console’s own pool', () => {
  it('answers 503 with Retry-After while its one connection is taken, and the explorer keeps answering', async () => {
    const slow = cypher(SLOW, {}, medium.url);
    // Wait until the slow query holds the console's connection.
    for (let i = 0; i < 50 && (await running('range(1, 10000000000)')).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const busy = await cypher('RETURN 1 AS one');
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(busy.body.rule).toBe('console-busy');
    expect(busy.body.detail).toMatch(/console is busy: 1 query is running;/);
    expect((await fetch(`${app.url}/api/search?q=Patrushev`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/nodes/person-patrushev`)).status).toBe(200);
    expect((await slow).status).toBe(504);
  });

  it('caps the queries one client runs at once with a 429 and Retry-After', async () => {
    const capped = await serve({ executor, config: { ...testConfig(), LIAISON_QUERY_TIMEOUT_MS: 3_000, LIAISON_CONSOLE_PER_CLIENT: 1 } });
    try {
      const first = cypher(SLOW, {}, capped.url);
      for (let i = 0; i < 50 && (await running('range(1, 10000000000)')).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      const second = await cypher('RETURN 1 AS one', {}, capped.url);
      expect(second.status).toBe(429);
      expect(second.body.rule).toBe('too-many-running');
      expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await first).status).toBe(504);
      // Once the first is answered, the client may run again.
      expect((await cypher('RETURN 1 AS one', {}, capped.url)).status).toBe(200);
    } finally {
      await capped.close();
    }
  });
});

describe('a query past its time limit is stopped on the server', () => {
  it('answers 504 and leaves no transaction of the query running', async () => {
    const res = await cypher(SLOW, {}, short.url);
    expect(res.status).toBe(504);
    expect(res.body.rule).toBe('timeout');
    expect(await stillRunningAfterRollback('range(1, 10000000000)')).toEqual([]);
    expect((await cypher('RETURN 1 AS one', {}, short.url)).status).toBe(200);
  });

  it('the watchdog terminates it by its request id when Neo4j’s own timer has not', async () => {
    // A grace below zero makes the watchdog act a second before Neo4j's own timeout would.
    const watched = new Executor(db.driver, {
      database: 'neo4j',
      readTimeoutMs: 30_000,
      writeTimeoutMs: 60_000,
      consoleDriver,
      watchdogGraceMs: -9_000,
    });
    const error = await watched.runUserQuery(SLOW, {}, { maxRows: 10, timeoutMs: 10_000, inspect: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    // Terminated on the server before the answer, long before its own 10 s timeout (a terminated
    // transaction is listed until it has rolled back).
    expect(await stillRunningAfterRollback('range(1, 10000000000)')).toEqual([]);
    expect((await cypher('RETURN 1 AS one')).status).toBe(200);
  });

  it('destroys a connection the server never gives back (the deep-nesting hang, past the guard)', async () => {
    const watched = new Executor(db.driver, {
      database: 'neo4j',
      readTimeoutMs: 30_000,
      writeTimeoutMs: 60_000,
      consoleDriver,
      watchdogGraceMs: -1_000,
      closeGraceMs: 1_000,
    });
    // Straight to the executor, past the text guard: Neo4j's parser never answers this.
    const deep = `RETURN ${'('.repeat(2_000)}1${')'.repeat(2_000)}`;
    const error = await watched.runUserQuery(deep, {}, { maxRows: 10, timeoutMs: 2_000, inspect: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    // The console's single connection comes back (destroyed and replaced) within the close grace.
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await cypher('RETURN 1 AS one')).status;
    }
    expect(status).toBe(200);
    expect((await fetch(`${app.url}/api/search?q=Patrushev`)).status).toBe(200);
  });
});
