// /api/health tells the truth when the database is away: 503, connected false, a plain reason.
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
