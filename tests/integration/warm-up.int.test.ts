// The start-up warm-up against the real database: on an empty graph it runs nothing and says so;
// on the demo it runs the explorer's first requests (search, node, neighbours), changing nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { warmUp } from '../../server/src/graph/warm-up';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';

let db: TestDb;

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
});
afterAll(async () => {
  await db.close();
});

describe('warmUp', () => {
  it('runs nothing on an empty graph', async () => {
    expect((await warmUp(db.executor)).ran).toEqual([]);
  });

  it('runs search, a node and its neighbours on the demo, and writes nothing', async () => {
    await db.loadDemo();
    const before = await dumpGraph(db.executor);
    const w = await warmUp(db.executor);
    expect(w.ran).toEqual(['search', 'node', 'neighbors']);
    expect(w.ms).toBeGreaterThanOrEqual(0);
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});
