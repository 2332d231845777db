// A relationship fact of a hub is found through its id claim without walking the hub's links:
// every statement that looks a relationship up by its claim (citations, edits, history, retraction)
// costs the same per fact at a hub of 2,000 links as at a meeting's few, counted as database hits
// by PROFILE on the real database. (Written as one pattern, the planner walked the hub end: 2,000
// rows per fact.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { cypher, renderTemplate } from '../../server/src/db/cypher-files';
import { prepareParams } from '../../server/src/db/executor';
import { importBundle } from '../../server/src/import/bundle';
import { openTestDb, type TestDb } from '../support/db';
import { hubBundle } from '../support/hub-bundle';

let db: TestDb;
const DEGREE = 2_000;
const hub = hubBundle({ prefix: 'hf-', count: DEGREE });
const facts = hub.meetings.slice(0, 40).map((m) => `${hub.hub}--${m.id}`);

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await importBundle(db.executor, hub.bundle);
  // As a store that has lived a while: index statistics sampled, no plan cached from the empty one.
  const session = db.driver.session();
  try {
    await session.run('CALL db.prepareForReplanning()');
  } finally {
    await session.close();
  }
}, 300_000);
afterAll(async () => {
  await db?.close();
});

interface Plan {
  dbHits?: number;
  rows?: number;
  children?: Plan[];
}
const hits = (p: Plan): number => (p.dbHits ?? 0) + (p.children ?? []).reduce((a, c) => a + hits(c), 0);
const maxRows = (p: Plan): number => Math.max(p.rows ?? 0, ...(p.children ?? []).map(maxRows));

/** PROFILE of a named statement (read-only ones run as they are; writing ones in a transaction rolled back). */
async function profile(name: string, params: Record<string, unknown>): Promise<Plan> {
  const file = cypher(name);
  const text = file.templates.length > 0 ? renderTemplate(file, {}, () => true) : file.text;
  const session = db.driver.session();
  const tx = session.beginTransaction();
  try {
    const result = await tx.run(`PROFILE ${text}`, prepareParams(file, params));
    return result.summary.profile as unknown as Plan;
  } finally {
    await tx.rollback();
    await session.close();
  }
}

describe("a hub's relationship facts, looked up by their claims", () => {
  it.each([
    ['queries/citations-for-facts', () => ({ factIds: facts })],
    ['queries/citations-behind', () => ({ ids: facts })],
    ['history/read-facts', () => ({ ids: facts })],
    ['edit/refresh-citation-status', () => ({ ids: facts })],
    ['edit/retract-facts', () => ({ relIds: facts, nodeIds: [] })],
  ])('%s reads a bounded number of rows per fact, not the hub', async (name, params) => {
    const plan = await profile(name, params());
    if (process.env.HF_DUMP) {
      const dump = (p: any, d = 0): string =>
        `${'  '.repeat(d)}${p.operatorType} rows=${p.rows} hits=${p.dbHits} ${JSON.stringify(p.arguments?.Details ?? '')}\n` +
        (p.children ?? []).map((c: any) => dump(c, d + 1)).join('');
      console.log(name + '\n' + dump(plan));
    }
    // Per fact: a few index seeks and the links between two nodes (from the meeting's side: a handful).
    expect(hits(plan)).toBeLessThan(facts.length * 80);
    expect(maxRows(plan)).toBeLessThan(DEGREE);
  });

  it('edit/set-relationship and history/delete-fact, one fact each', async () => {
    const id = facts[3]!;
    for (const [name, params] of [
      ['edit/set-relationship', { id, props: { id, role: 'participant' } }],
      ['history/delete-fact', { id }],
    ] as const) {
      const plan = await profile(name, params);
      expect({ name, hits: hits(plan) < 400, rows: maxRows(plan) < DEGREE }).toEqual({ name, hits: true, rows: true });
    }
  });
});
