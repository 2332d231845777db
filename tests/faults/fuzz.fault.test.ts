// The fuzzer in CI's shorter form: 2,000 seeded bad requests over every endpoint against the real app
// on the real Neo4j with the demo loaded. Any 5xx (504 only for a query past its limit), any leak of a
// stack trace, path or Java class, or a 4xx that is not problem+json fails it. `npm run fuzz` runs the long form.
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { setLogLevel } from '../../server/src/log';
import { DEMO_FILE } from '../support/db';
import { fuzzApp, type FuzzApp } from './fuzz-app';
import { CI_REQUESTS, allGenerators, fuzzLimiters, gatherMaterial, runFuzz, type FuzzReport } from './fuzz';
import { readOperations } from './fuzz-openapi';

const SEED = 20_260_001;
const REQUESTS = CI_REQUESTS;

let env: FuzzApp;
let report: FuzzReport;

beforeAll(async () => {
  setLogLevel('silent');
  env = await fuzzApp({ startNeo4j: false });
});
afterAll(async () => {
  await env?.close();
  setLogLevel('info');
});

describe('the fuzzer', () => {
  it(`sends ${REQUESTS} bad requests (seed ${SEED}) and gets no 5xx, no leak, problem+json for every 4xx`, async () => {
    const demo = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as Parameters<typeof gatherMaterial>[2];
    const material = await gatherMaterial(env.fuzzed.url, env.token, demo);
    expect(material.queries.length).toBeGreaterThan(3);
    report = await runFuzz({ baseUrl: env.fuzzed.url, material, seed: SEED, requests: REQUESTS, concurrency: 4 });
    expect(report.failures.slice(0, 5)).toEqual([]);
    expect([report.fiveXX, report.leaks]).toEqual([0, 0]);
    // It reached every documented operation (a route added later gets a generator from the
    // description), and not only its refusals.
    const documented = readOperations(material.openapi).map((op) => op.endpoint);
    expect(documented.length).toBeGreaterThan(50);
    expect(Object.keys(allGenerators(material))).toEqual(expect.arrayContaining(documented));
    expect(documented.filter((e) => !report.statusCounts[e])).toEqual([]);
    expect(report.totals['200']).toBeGreaterThan(100);
  });

  it('the database and the explorer are fine afterwards', async () => {
    expect((await fetch(`${env.fuzzed.url}/api/health`)).status).toBe(200);
    const search = await fetch(`${env.fuzzed.url}/api/search?q=Patrushev`);
    expect(search.status).toBe(200);
  });

  it('the limiters answer 429 with Retry-After, whatever X-Forwarded-For says', async () => {
    const limits = await fuzzLimiters(env.limited.url);
    expect(limits.console).toEqual({ 200: 60, 429: 10 });
    expect(limits.failedTokens).toEqual({ 401: 10, 429: 5 });
    expect(limits.retryAfter).toBe(true);
  });
});
