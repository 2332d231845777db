// /api/health tells the truth when the database is away: 503, connected false, a plain reason;
// while the embedded database is being restarted, the supervisor's reason at once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createDriver } from '../../server/src/db/database';
import { freePort } from '../../server/src/db/embedded';
import { Executor } from '../../server/src/db/executor';
import { serve, testConfig } from '../support/http';

let server: { url: string; close: () => Promise<void> };
let driver: ReturnType<typeof createDriver>;

beforeAll(async () => {
  // A port nobody listens on: the driver gets "connection refused" at once.
  driver = createDriver(`bolt://127.0.0.1:${await freePort()}`, 'neo4j', '');
  const executor = new Executor(driver, { database: 'neo4j', readTimeoutMs: 2_000, writeTimeoutMs: 2_000 });
  server = await serve({
    executor,
    config: testConfig(),
  });
});
afterAll(async () => {
  await server.close();
  await driver.close();
});

describe('without a database', () => {
  it('answers /api/health with 503 and connected: false', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; neo4j: { connected: boolean } };
    expect(body).toMatchObject({ status: 'unavailable', neo4j: { connected: false } });
  });

  it('answers other reads with 503 problem+json, without driver internals', async () => {
    const res = await fetch(`${server.url}/api/search?q=Patrushev`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    const text = await res.text();
    expect(text).toMatch(/cannot be reached/);
    expect(text).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);
  });
});

describe('while the supervisor restarts the embedded database', () => {
  it('answers /api/health with 503 at once, with the supervisor’s reason and Retry-After', async () => {
    const detail = 'the embedded database stopped (signal SIGKILL) at 2026-01-01T00:00:00.000Z; restarting, attempt 2';
    const restarting = await serve({
      executor: new Executor(driver, { database: 'neo4j', readTimeoutMs: 2_000, writeTimeoutMs: 2_000 }),
      config: testConfig(),
      databaseState: () => ({ status: 'restarting', detail, restarts: 1 }),
    });
    try {
      const res = await fetch(`${restarting.url}/api/health`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({
        status: 'unavailable',
        neo4j: { connected: false, embedded: { status: 'restarting', restarts: 1 } },
        detail,
      });
    } finally {
      await restarting.close();
    }
  });
});
