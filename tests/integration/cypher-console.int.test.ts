// POST /api/cypher against the real database with the demo graph: read-only by construction, layer
// by layer (text rules, EXPLAIN plan, READ transaction), with its timeout, row cap, rate limit and
// length limit; and good queries answered with a table and a graph in the API's shapes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ALLOWED_FUNCTIONS, EXCLUDED_BUILTIN_FUNCTIONS } from '../../server/src/console/allow-list';
import { checkPlan } from '../../server/src/console/guard';
import { libraryFiles, parseRequest } from '../../server/src/console/named-queries';
import { QueryRefusedError } from '../../server/src/errors';
import { setLogLevel } from '../../server/src/log';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
/** The same app with a 1 s timeout, for runaway queries (planning a library query can take longer the first time). */
let short: { url: string; close: () => Promise<void> };
const baseConfig = testConfig();

beforeAll(async () => {
  setLogLevel('silent');
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  server = await serve({
    executor: db.executor,
    config: { ...baseConfig, LIAISON_CYPHER_RATE_PER_MINUTE: 100_000, LIAISON_CYPHER_MAX_LENGTH: 2_000 },
  });
  short = await serve({ executor: db.executor, config: { ...baseConfig, LIAISON_QUERY_TIMEOUT_MS: 1_000 } });
});
afterAll(async () => {
  await server.close();
  await short.close();
  await db.close();
  setLogLevel('info');
});

async function cypher(query: string, params: Record<string, unknown> = {}, url = server.url) {
  const res = await fetch(`${url}/api/cypher`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, params }),
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    headers: res.headers,
    body: (await res.json()) as Record<string, any>,
  };
}

/** What a write could change besides the data: labels, types, property keys, indexes, constraints, users. */
async function schemaState(): Promise<string> {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    const names = async (q: string) => (await session.run(q)).records.map((r) => String(r.get(0))).sort();
    const system = db.driver.session({ database: 'system' });
    const users = await system.run('SHOW USERS YIELD user RETURN user').finally(() => system.close());
    return JSON.stringify({
      labels: await names('CALL db.labels() YIELD label RETURN label'),
      types: await names('CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType'),
      keys: await names('CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey'),
      indexes: await names('SHOW INDEXES YIELD name RETURN name'),
      constraints: await names('SHOW CONSTRAINTS YIELD name RETURN name'),
      users: users.records.map((r) => String(r.get(0))).sort(),
    });
  } finally {
    await session.close();
  }
}

// Write, schema, administration, file-access and procedure queries: each refused, nothing changed.
const REFUSED: Array<[string, number, string]> = [
  ["CREATE (n:Probe {id: 'probe'})", 403, 'not-read-only'],
  ["MATCH (n:Person {id: 'person-patrushev'}) SET n.name = 'Changed'", 403, 'not-read-only'],
  ["MATCH (n:Person {id: 'person-patrushev'}) REMOVE n.name", 403, 'not-read-only'],
  ["MATCH (n:Person {id: 'person-patrushev'}) REMOVE n:Person", 403, 'not-read-only'],
  ["MATCH (n:Person {id: 'person-patrushev'}) DETACH DELETE n", 403, 'not-read-only'],
  ['MATCH ()-[r:KNOWS]->() DELETE r', 403, 'not-read-only'],
  ["MERGE (n:Person {id: 'person-new'}) RETURN n", 403, 'not-read-only'],
  ['MATCH (n:Person) CALL (n) { CREATE (m:Probe) } RETURN count(*)', 403, 'not-read-only'],
  ['CALL { CREATE (m:Probe) } RETURN 1', 403, 'not-read-only'],
  ['MATCH (n) CALL (n) { SET n.touched = true } IN TRANSACTIONS OF 10 ROWS', 403, 'not-read-only'],
  ['FOREACH (x IN range(1, 3) | CREATE (:Probe {x: x}))', 403, 'not-read-only'],
  ['MATCH (n:Person) FOREACH (ignored IN [1] | SET n.probe = 1)', 403, 'not-read-only'],
  ['CREATE INDEX probe_index FOR (n:Person) ON (n.probe)', 403, 'not-read-only'],
  ['CREATE CONSTRAINT probe_unique FOR (n:Probe) REQUIRE n.id IS UNIQUE', 403, 'not-read-only'],
  ['DROP CONSTRAINT entity_id', 403, 'not-read-only'],
  ['DROP INDEX meeting_date', 403, 'not-read-only'],
  ['INSERT (n:Probe)', 403, 'not-read-only'],
  ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", 403, 'load-csv'],
  ["LOAD CSV WITH HEADERS FROM 'https://example.org/x.csv' AS row CREATE (:Probe {x: row.x})", 403, 'load-csv'],
  ["CALL db.createLabel('Probe')", 403, 'procedure-not-allowed'],
  ["CALL db.createProperty('probe')", 403, 'procedure-not-allowed'],
  ["CALL db.index.fulltext.createNodeIndex('probe', ['Person'], ['name'])", 403, 'procedure-not-allowed'],
  ['CALL db.clearQueryCaches()', 403, 'procedure-not-allowed'],
  ["CALL db.stats.collect('QUERIES')", 403, 'procedure-not-allowed'],
  ['CALL dbms.components()', 403, 'procedure-not-allowed'],
  ['CALL dbms.listConfig()', 403, 'procedure-not-allowed'],
  ["CALL dbms.killConnections(['bolt-1'])", 403, 'procedure-not-allowed'],
  ["CALL tx.setMetaData({who: 'me'})", 403, 'procedure-not-allowed'],
  ["CALL apoc.create.node(['Probe'], {})", 403, 'procedure-not-allowed'],
  ["MATCH (n:Person) CALL apoc.refactor.rename.label('Person', 'Probe') YIELD total RETURN total", 403, 'procedure-not-allowed'],
  ["RETURN apoc.text.join(['a', 'b'], ',') AS s", 403, 'function-not-allowed'],
  ['WITH 1 AS x RETURN file() AS f', 403, 'function-not-allowed'],
  ['USE system SHOW USERS', 403, 'other-database'],
  ['SHOW DATABASES', 403, 'administration'],
  ['SHOW TRANSACTIONS', 403, 'administration'],
  ['SHOW SETTINGS', 403, 'administration'],
  ["CREATE USER probe SET PASSWORD 'probe-password-1'", 403, 'administration'],
  ["ALTER USER neo4j SET PASSWORD 'another-password'", 403, 'administration'],
  ['GRANT ROLE admin TO probe', 403, 'administration'],
  ['DENY READ {*} ON GRAPH * TO PUBLIC', 403, 'administration'],
  ["TERMINATE TRANSACTIONS 'neo4j-transaction-1'", 403, 'administration'],
  ['STOP DATABASE neo4j', 403, 'administration'],
  ['CREATE DATABASE probe', 403, 'administration'],
  ['PROFILE MATCH (n) RETURN n', 403, 'explain-profile'],
  ['MATCH (n) RETURN n; CREATE (m:Probe)', 403, 'not-read-only'],
];

describe('POST /api/cypher refuses what is not a read', () => {
  let graphBefore: string;
  let schemaBefore: string;
  beforeAll(async () => {
    graphBefore = await dumpGraph(db.executor);
    schemaBefore = await schemaState();
  });

  it(`has at least 30 queries to refuse`, () => {
    expect(REFUSED.length).toBeGreaterThanOrEqual(30);
  });

  it.each(REFUSED)('refuses %s (%i, %s)', async (query, status, rule) => {
    const res = await cypher(query);
    expect([res.status, res.body.rule]).toEqual([status, rule]);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toEqual(expect.any(String));
  });

  it('leaves the graph, its schema and the users exactly as they were', async () => {
    expect(await dumpGraph(db.executor)).toBe(graphBefore);
    expect(await schemaState()).toBe(schemaBefore);
  });

  it('says where in the text the refused part is', async () => {
    const res = await cypher('MATCH (n:Person)\nWITH n CALL { CREATE (m:Probe) } RETURN n');
    expect(res.body.position).toEqual({ line: 2, column: 15, offset: 31 });
  });
});

describe('each layer refuses on its own', () => {
  const inspectNothing = () => {};
  const run = (query: string, inspect: (s: any) => void) =>
    db.executor.runUserQuery(query, {}, { maxRows: 10, timeoutMs: 5_000, inspect }).then(
      () => null,
      (error: unknown) => (error instanceof QueryRefusedError ? error.rule : `not refused: ${String(error)}`),
    );

  it.each<[string, string]>([
    ["CREATE (n:Probe {id: 'probe'})", 'not-read-only'],
    ['MATCH (n:Person) CALL (n) { SET n.probe = 1 } RETURN count(*)', 'not-read-only'],
    ['CREATE INDEX probe_index FOR (n:Person) ON (n.probe)', 'not-read-only'],
    ["CALL db.createLabel('Probe')", 'procedure-not-allowed'],
    ['CALL db.clearQueryCaches()', 'procedure-not-allowed'],
    ['CALL dbms.components()', 'procedure-not-allowed'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", 'load-csv'],
    ["TERMINATE TRANSACTIONS 'neo4j-transaction-1'", 'administration'],
    ['SHOW TRANSACTIONS', 'administration'],
    ['SHOW DATABASES', 'administration'],
  ])('EXPLAIN and the plan rules, without the text rules: %s → %s', async (query, rule) => {
    expect(await run(query, checkPlan)).toBe(rule);
  });

  it.each([
    "CREATE (n:Probe {id: 'probe'})",
    "MERGE (n:Person {id: 'person-patrushev'}) SET n.name = 'x'",
    'MATCH (n:Person) CALL (n) { SET n.probe = 1 } RETURN count(*)',
    "CALL db.createLabel('Probe')",
    'CREATE INDEX probe_index FOR (n:Person) ON (n.probe)',
    "MATCH (n:Person {id: 'person-usubov'}) DETACH DELETE n",
  ])('the READ transaction, with every check before it switched off: %s', async (query) => {
    expect(await run(query, inspectNothing)).toBe('not-read-only');
  });

  it('and none of them changed anything', async () => {
    expect((await cypher("MATCH (n:Person {id: 'person-usubov'}) RETURN n.name AS name, n.probe AS probe")).body.rows).toEqual([
      ['Ramil Usubov', null],
    ]);
    expect((await schemaState()).includes('Probe')).toBe(false);
    expect((await schemaState()).includes('probe')).toBe(false);
  });
});

describe('POST /api/cypher runs reads', () => {
  it('answers nodes and relationships in the API’s shapes, with citations, and fills the graph', async () => {
    const res = await cypher("MATCH (p:Person {id: 'person-patrushev'})-[r:KNOWS]-(o:Person) RETURN p, r, o.name AS other");
    expect(res.status).toBe(200);
    expect(res.body.columns).toEqual(['p', 'r', 'other']);
    const [p, r, other] = res.body.rows[0];
    expect(p).toEqual({
      id: 'person-patrushev',
      type: 'Person',
      name: 'Nikolai Patrushev',
      properties: expect.objectContaining({ nationality: 'RU' }),
      citationStatus: 'reported',
    });
    expect(p.properties).not.toHaveProperty('searchKeys');
    expect(r).toMatchObject({
      id: 'rel-patrushev-knows-usubov',
      type: 'KNOWS',
      source: 'person-patrushev',
      target: 'person-usubov',
      citationStatus: 'speculative',
    });
    expect(r.citations).toHaveLength(2);
    expect(r.citations[0]).toMatchObject({ quote: expect.stringMatching(/kennen/), status: 'speculative' });
    expect(other).toBe('Ramil Usubov');
    // The other end was not returned, yet the graph has it, so the edge can be drawn.
    expect(res.body.graph.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['person-patrushev', 'person-usubov']);
    expect(res.body.graph.edges).toEqual([r]);
    expect(res.body.truncated).toBe(false);
    expect(res.body.summary).toMatchObject({ queryType: 'r', resultAvailableAfterMs: expect.any(Number), notifications: [] });
  });

  it('gives paths as the ids of their nodes and relationships, with all of them in the graph', async () => {
    const res = await cypher(
      "MATCH p = (:Person {id: 'person-patrushev'})-[:TAKES_PART]->(:Meeting {id: 'meeting-2019-09-04-baku-aliyev'})<-[:TAKES_PART]-(:Person {id: 'person-aliyev'}) RETURN p",
    );
    expect(res.body.rows[0][0]).toEqual({
      nodes: ['person-patrushev', 'meeting-2019-09-04-baku-aliyev', 'person-aliyev'],
      edges: ['rel-patrushev-takes-part-2019-09-04-baku-aliyev', 'rel-aliyev-takes-part-2019-09-04-baku-aliyev'],
      length: 2,
    });
    expect(res.body.graph.nodes).toHaveLength(3);
    expect(res.body.graph.edges.every((e: { citations: unknown[] }) => e.citations.length > 0)).toBe(true);
  });

  it('turns temporal values into ISO strings, safe integers into numbers and larger ones into strings', async () => {
    const res = await cypher(
      "MATCH (m:Meeting {id: 'meeting-2019-09-04-baku-aliyev'}) RETURN m.date AS date, datetime('2019-09-04T10:00:00Z') AS at, 42 AS small, 9007199254740993 AS big, 0.5 AS half, {list: [1, 'a']} AS map",
    );
    expect(res.body.rows[0]).toEqual(['2019-09-04', '2019-09-04T10:00:00Z', 42, '9007199254740993', 0.5, { list: [1, 'a'] }]);
  });

  it('sends whole-number parameters as integers, so LIMIT takes them', async () => {
    const res = await cypher('MATCH (p:Person) WHERE p.nationality = $country RETURN p.name AS name ORDER BY name LIMIT $n', {
      country: 'RU',
      n: 2,
    });
    expect(res.body.rows).toEqual([['Mikhail Bocharnikov'], ['Nikolai Patrushev']]);
  });

  it('does not refuse a read whose comments and strings mention writes (negative control)', async () => {
    const res = await cypher(
      "// CREATE (x:Probe)\nMATCH (n:Person) WHERE n.name <> 'CREATE (x); DETACH DELETE n' /* SET n.x = 1 */ RETURN count(n) AS people, 'LOAD CSV FROM x' AS s",
    );
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([[9, 'LOAD CSV FROM x']]);
  });

  it('allows full-text search and schema introspection', async () => {
    const search = await cypher(
      "CALL db.index.fulltext.queryNodes('entity_names', 'patrushev') YIELD node, score RETURN node.id AS id ORDER BY score DESC LIMIT 1",
    );
    expect(search.body.rows).toEqual([['person-patrushev']]);
    const labels = await cypher('CALL db.labels() YIELD label RETURN label ORDER BY label');
    expect(labels.body.rows.flat()).toEqual(expect.arrayContaining(['Person', 'Meeting', 'Citation']));
    const schema = await cypher('CALL db.schema.visualization()');
    expect(schema.status).toBe(200);
    expect(schema.body.graph.nodes.map((n: { name: string }) => n.name)).toEqual(expect.arrayContaining(['Person', 'Meeting']));
    expect(schema.body.graph.edges.length).toBeGreaterThan(0);
  });

  it('caps the rows at the configured number and says so', async () => {
    const res = await cypher('UNWIND range(1, 5000) AS x RETURN x');
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(1000);
    expect(res.body.rows.at(-1)).toEqual([1000]);
    expect(res.body.truncated).toBe(true);
    const exact = await cypher('UNWIND range(1, 1000) AS x RETURN x');
    expect([exact.body.rows.length, exact.body.truncated]).toEqual([1000, false]);
  });

  it('stops reading the stream at the cap instead of collecting everything', async () => {
    // 100 million rows could not be collected within the 1 s timeout; capped, they are not.
    const started = Date.now();
    const res = await cypher('UNWIND range(1, 100000000) AS x RETURN x', {}, short.url);
    expect([res.status, res.body.rows.length, res.body.truncated]).toEqual([200, 1000, true]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops a runaway query at the timeout with a clear error', async () => {
    for (const query of [
      'MATCH (a), (b), (c), (d), (e) WHERE a.id + b.id + c.id + d.id + e.id STARTS WITH $never RETURN count(*)',
      'UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN x',
    ]) {
      const started = Date.now();
      const res = await cypher(query, { never: 'never' }, short.url);
      expect([res.status, res.body.rule]).toEqual([504, 'timeout']);
      expect(res.type).toMatch(/problem\+json/);
      expect(res.body.detail).toMatch(/time limit of 1 s/);
      expect(Date.now() - started).toBeLessThan(8_000);
    }
  });

  it('answers a syntax error with 400, Neo4j’s code and message, and the position in the user’s text', async () => {
    const res = await cypher('MATCH (n)\nRETURN n LIMT 5');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      rule: 'syntax',
      neo4jCode: 'Neo.ClientError.Statement.SyntaxError',
      detail: expect.stringMatching(/^Invalid input 'LIMT'/),
      position: { line: 2, column: 10, offset: 19 },
    });
    const firstLine = await cypher('MATCH (n) RETURN n LIMIT');
    expect(firstLine.body.position).toEqual({ line: 1, column: 25, offset: 24 });
    expect(firstLine.body.detail).not.toMatch(/EXPLAIN/);
  });

  it('answers other errors in the query with 400 and Neo4j’s message', async () => {
    const res = await cypher('RETURN 1 / 0 AS x');
    expect([res.status, res.body.rule, res.body.neo4jCode]).toEqual([400, 'cypher-error', 'Neo.ClientError.Statement.ArithmeticError']);
    const missing = await cypher('RETURN $absent + 1 AS x');
    expect([missing.status, missing.body.neo4jCode]).toEqual([400, 'Neo.ClientError.Statement.ParameterMissing']);
  });

  it('refuses a query longer than the configured length', async () => {
    const res = await cypher(`RETURN 1 AS x ${'// padding\n'.repeat(200)}`);
    expect([res.status, res.body.rule]).toEqual([403, 'too-long']);
  });

  it('checks the request body', async () => {
    const res = await fetch(`${server.url}/api/cypher`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ params: {}, extra: 1 }),
    });
    const body = (await res.json()) as { errors: Array<{ path: string }> };
    expect(res.status).toBe(400);
    expect(body.errors.map((e) => e.path).sort()).toEqual(['$.extra', '$.query']);
  });
});

describe('the rate limit', () => {
  it('answers 429 with rule rate-limited and Retry-After once a client has run its share', async () => {
    const limited = await serve({ executor: db.executor, config: { ...baseConfig, LIAISON_CYPHER_RATE_PER_MINUTE: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await cypher('RETURN 1 AS x', {}, limited.url)).status);
      const res = await cypher('RETURN 1 AS x', {}, limited.url);
      expect(statuses).toEqual([200, 200, 200]);
      expect([res.status, res.body.rule]).toEqual([429, 'rate-limited']);
      expect(res.type).toMatch(/problem\+json/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      // Library queries share the budget; listing them does not use it.
      const named = await fetch(`${limited.url}/api/queries/most-connected`, { method: 'POST' });
      expect(named.status).toBe(429);
      expect((await fetch(`${limited.url}/api/queries`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('the allow-lists and the library against the running Neo4j', () => {
  it('list every built-in function of this Neo4j, allowed or excluded with a reason', async () => {
    const session = db.driver.session({ database: 'neo4j' });
    try {
      const result = await session.run('SHOW FUNCTIONS YIELD name, isBuiltIn WHERE isBuiltIn RETURN DISTINCT name');
      const builtIn = result.records.map((r) => String(r.get('name'))).sort();
      expect([...ALLOWED_FUNCTIONS, ...Object.keys(EXCLUDED_BUILTIN_FUNCTIONS)].sort()).toEqual(builtIn);
    } finally {
      await session.close();
    }
  });

  it('runs every library query’s text through the console with the same answer as by name', async () => {
    const examples: Record<string, Record<string, unknown>> = {
      'meetings-between': { a: 'person-patrushev', b: 'person-usubov' },
      'people-met': { person: 'person-patrushev', from: '2019-08', to: '2019-09' },
      'co-attendance': { organization: 'org-security-council-ru' },
      'post-holders': { organization: 'org-security-council-az', date: '2019-07-01', title: 'Secretary' },
      'citations-behind': { ids: ['person-usubov', 'rel-patrushev-knows-usubov'] },
      'citations-between': { a: 'person-patrushev', b: 'person-aliyev' },
      'country-meetings': { countryA: 'RU', countryB: 'AZ' },
      'most-connected': {},
      'find-entities': { text: 'Aliyev' },
    };
    for (const [name, file] of libraryFiles()) {
      const params = parseRequest(name, { params: examples[name] ?? {} }).params;
      const direct = await cypher(file.text, params);
      const byName = await fetch(`${server.url}/api/queries/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ params: examples[name] ?? {} }),
      });
      const named = (await byName.json()) as Record<string, any>;
      expect([name, direct.status, byName.status]).toEqual([name, 200, 200]);
      expect([name, direct.body.rows.length > 0]).toEqual([name, true]);
      expect([name, direct.body.rows]).toEqual([name, named.rows]);
    }
  });

  it('receives whole-number parameters as Cypher integers, others as floats', async () => {
    const res = await cypher('RETURN valueType($n) AS t, valueType($f) AS u', { n: 3, f: 3.5 });
    expect(res.body.rows).toEqual([['INTEGER NOT NULL', 'FLOAT NOT NULL']]);
  });
});
