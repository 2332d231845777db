// The name-keys migration step and the search it serves, on the real database: a store whose
// searchKeys were written by the release before (bench/name-keys-before.ts) is brought to this
// release's keys page by page, idempotently; then titles, initials, comma forms, Dutch spellings,
// Hebrew, Arabic and Greek script and CJK aliases find their entity through search() as the API
// runs it, and an optional title never finds things by itself.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { nameKeys as nameKeysBefore } from '../../bench/name-keys-before';
import { migrate } from '../../server/src/db/migrations';
import { toJson } from '../../server/src/db/values';
import { search } from '../../server/src/graph/service';
import { nameKeys } from '../../server/src/names/keys';
import { nameKeysStep } from '../../server/src/names/migration';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

async function run(text: string, params: Record<string, unknown> = {}) {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    return (await session.run(text, params)).records.map((r) => toJson(r.toObject()) as Record<string, unknown>);
  } finally {
    await session.close();
  }
}

const PEOPLE: Array<{ id: string; name: string; aliases: string[] }> = [
  { id: 'p-putin', name: 'Vladimir Putin', aliases: ['Vladimir Vladimirovich Putin', 'Владимир Владимирович Путин'] },
  { id: 'p-putina', name: 'Lyudmila Putina', aliases: [] },
  { id: 'p-netanyahu', name: 'Benjamin Netanyahu', aliases: [] },
  { id: 'p-abbas', name: 'Mahmoud Abbas', aliases: [] },
  { id: 'p-tsipras', name: 'Alexis Tsipras', aliases: [] },
  { id: 'p-xi', name: 'Xi Jinping', aliases: ['习近平'] },
  { id: 'p-moon', name: 'Moon Jae-in', aliases: ['문재인'] },
  { id: 'p-ahmad', name: 'Lord Ahmad of Wimbledon', aliases: ['Tariq Ahmad'] },
  { id: 'p-cameron', name: 'David Cameron', aliases: ['Prime Minister, The Rt Hon David Cameron MP'] },
];
// An organisation whose alias holds the title word: a query's optional "President" must not find it.
const ORGS = [{ id: 'o-presidency', name: 'Presidency of Russia', aliases: ['President of Russia'] }];
// A meeting (caption: title) is searchable too, and gets its keys from its title.
const MEETINGS = [{ id: 'm-talks', title: 'Talks with Patruschew in Moscow', aliases: [] as string[] }];

/** The entities as the release before stored them: its keys, written by plain Cypher. */
async function writeTheOldWay(): Promise<void> {
  const row = (p: { id: string; name?: string; title?: string; aliases: string[] }) => ({
    ...p,
    searchKeys: nameKeysBefore([p.name ?? p.title, ...p.aliases]),
  });
  await run('UNWIND $rows AS row CREATE (n:Entity:Person) SET n = row', { rows: PEOPLE.map(row) });
  await run('UNWIND $rows AS row CREATE (n:Entity:Organization) SET n = row', { rows: ORGS.map(row) });
  await run('UNWIND $rows AS row CREATE (n:Entity:Meeting) SET n = row', { rows: MEETINGS.map(row) });
  await db.executor.autoCommit('system/await-indexes');
}

const ids = async (q: string) => (await search(db.executor, q, null, 10)).map((h) => h.id);

describe('migration step name-keys', () => {
  beforeEach(async () => {
    await db.reset();
  });

  it('recomputes every searchable entity’s keys with nameKeys, page by page, and changes nothing when run again', async () => {
    await writeTheOldWay();
    // The old keys have no consonant skeletons: Hebrew script cannot meet a Latin name.
    expect(await ids('נתניהו')).not.toContain('p-netanyahu');
    const small = { ...nameKeysStep, batch: 3 };
    expect(await small.run(db.executor)).toEqual({ complete: true });
    const stored = await run('MATCH (n:Entity) RETURN n.id AS id, n.searchKeys AS keys ORDER BY n.id');
    const expected = [...PEOPLE, ...ORGS, ...MEETINGS.map((m) => ({ id: m.id, name: m.title, aliases: m.aliases }))]
      .map((p) => ({ id: p.id, keys: nameKeys([p.name, ...p.aliases]) }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(stored).toEqual(expected);
    expect(stored.length).toBe(11);

    const dump = await dumpGraph(db.executor);
    expect(await small.run(db.executor)).toEqual({ complete: true });
    expect(await dumpGraph(db.executor)).toBe(dump);
  });

  it('runs through migrate() as the third step and is recorded in the graph', async () => {
    await writeTheOldWay();
    await run("MERGE (m:LiaisonMeta {key: 'schema'}) SET m.version = 2, m.steps = ['id-claims', 'import-journal']");
    const report = await migrate(db.executor);
    expect(report).toEqual({ version: 3, applied: ['name-keys'], pending: [] });
    expect(await run("MATCH (m:LiaisonMeta {key: 'schema'}) RETURN m.version AS version, m.steps AS steps")).toEqual([
      { version: 3, steps: ['id-claims', 'import-journal', 'name-keys'] },
    ]);
    const [putin] = await run("MATCH (n:Entity {id: 'p-putin'}) RETURN n.searchKeys AS keys");
    expect(putin!.keys).toEqual(nameKeys([PEOPLE[0]!.name, ...PEOPLE[0]!.aliases]));
  });
});

describe('search after the migration', () => {
  beforeAll(async () => {
    await db.reset();
    await writeTheOldWay();
    await nameKeysStep.run(db.executor);
    await db.executor.autoCommit('system/await-indexes');
  });

  it.each([
    ['Poetin', 'p-putin'],
    ['Präsident Putin', 'p-putin'],
    ['Президент Путин', 'p-putin'],
    ['Г-н Путин', 'p-putin'],
    ['В. В. Путин', 'p-putin'],
    ['Putin V.V.', 'p-putin'],
    ['Vladimir V. Putin', 'p-putin'],
    ['Putin, Vladimir', 'p-putin'],
    ['נתניהו', 'p-netanyahu'],
    ['בנימין נתניהו', 'p-netanyahu'],
    ['محمود عباس', 'p-abbas'],
    ['Τσίπρας', 'p-tsipras'],
    ['习近平', 'p-xi'],
    ['習近平', 'p-xi'],
    ['문재인', 'p-moon'],
    ['Moon Jae-in', 'p-moon'],
    ['Lord Ahmad', 'p-ahmad'],
    ['Lord', 'p-ahmad'],
    ['Rt Hon David Cameron MP', 'p-cameron'],
    ['Cameron, David', 'p-cameron'],
  ])('%s finds %s first', async (q, id) => {
    expect((await ids(q))[0]).toBe(id);
  });

  it('makes a title optional, never sufficient: "President Putin" finds no Presidency', async () => {
    const hits = await ids('President Putin');
    expect(hits[0]).toBe('p-putin');
    expect(hits).not.toContain('o-presidency');
    // "President" alone still finds what is called so.
    expect(await ids('President')).toContain('o-presidency');
    // With several required words, the optional titles after them (a AND b OR c) find nothing alone either.
    expect(await ids('Prime Minister Lord David Cameron')).toEqual(['p-cameron']);
  });

  it('finds a meeting by the new keys of its title', async () => {
    expect((await ids('Patroesjev'))[0]).toBe('m-talks');
  });

  it('does not let a wrong initial through', async () => {
    expect(await ids('A. Putin')).not.toContain('p-putin');
  });

  it('indexes a CJK alias itself too: the analyzer splits Han characters, and the stored name keeps them', async () => {
    const [xi] = await run("MATCH (n:Entity {id: 'p-xi'}) RETURN n.aliases AS aliases, n.searchKeys AS keys");
    expect(xi!.aliases).toEqual(['习近平']);
    expect(xi!.keys).toContain('xijinping');
    const hits = await run("CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.id AS id", { q: '习近平' });
    expect(hits.map((h) => h.id)).toEqual(['p-xi']);
  });
});
