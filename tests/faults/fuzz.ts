// A bounded, seeded HTTP fuzzer over every endpoint of the app: malformed paths and query strings,
// JSON bodies of wrong shapes, types and sizes, deep nesting, odd unicode and NUL bytes, wrong content
// types and encodings, wrong methods, hostile Cypher, bad tokens, foreign Host and Origin headers.
// Every answer is checked: no 5xx (504 only where a query may time out) and nothing leaked (stack
// traces, file paths, Java class names). Used by fuzz.fault.test.ts and by `npm run fuzz` (fuzz-run.ts).
import { gzipSync, deflateSync } from 'node:zlib';

import { rawRequest, type RawResponse } from '../support/raw-http';
import { prng } from '../support/prng';
import {
  DEPTHS,
  Dice,
  FORMATS,
  JSON_CT,
  NUMBERS,
  REL_TYPES,
  anyString,
  anyValue,
  day,
  deep,
  json,
  mutate,
  queryString,
  segment,
  type FuzzCase,
  type Generator,
  type Material,
} from './fuzz-values';
import { openApiGenerators } from './fuzz-openapi';

export type { FuzzCase, Material };

// ---------------------------------------------------------------------------------------------
// Hostile Cypher for the console

const CYPHER = [
  'RETURN 1',
  'MATCH (n) RETURN n LIMIT 3',
  "MATCH (p:Person {id: 'person-patrushev'})-[r]-(m) RETURN p, r, m",
  'CREATE (n:Person {id: "x"}) RETURN n',
  'MATCH (n) DETACH DELETE n',
  "MERGE (n:Topic {id: 'y'}) RETURN n",
  'MATCH (n) SET n.name = 1',
  "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
  "LOAD CSV FROM 'http://127.0.0.1:1/x' AS l RETURN l",
  'CALL dbms.listConfig()',
  'CALL dbms.components()',
  'CALL db.labels()',
  'CALL db.index.fulltext.queryNodes("x", "y")',
  'SHOW USERS',
  'SHOW DATABASES',
  'CREATE USER x SET PASSWORD "y"',
  'USE system RETURN 1',
  'EXPLAIN MATCH (n) RETURN n',
  'PROFILE MATCH (n) RETURN n',
  'CALL { CREATE (n) } IN TRANSACTIONS',
  'MATCH (n) CALL { WITH n DELETE n } RETURN 1',
  "WITH reduce(s = 'x', i IN range(1, 30) | s + s) AS s RETURN size(s)",
  'UNWIND range(1, 100000000) AS i RETURN count(i)',
  'MATCH (a), (b), (c), (d) RETURN count(*)',
  'RETURN left("a", -1)',
  'RETURN 1/0',
  'RETURN toInteger("x") + 1',
  "RETURN date('yesterday')",
  'RETURN [x IN range(1, 10) | x][100]',
  'RETURN $x',
  'RETURN $x + $y',
  'RETURN apoc.version()',
  'RETURN gds.version()',
  'RETURN',
  'MATCH (n RETURN n',
  "RETURN 'unterminated",
  'RETURN /* unterminated comment',
  '// only a comment',
  ';;;',
  'RETURN 1; RETURN 2',
  'MATCH (n) WHERE n.name =~ "(a+)+$" RETURN n',
  'RETURN 1 AS `\u0000`',
  'RETURN "\u202E"',
  'MATCH (`Перс`:Person) RETURN `Перс` LIMIT 1',
  'FOREACH (x IN [1] | CREATE (:X))',
  'CALL db.createLabel("X")',
  'MATCH p = shortestPath((a)-[*]-(b)) RETURN p LIMIT 1',
];

function hostileCypher(d: Dice): string {
  const r = d.next();
  if (r < 0.06) return `RETURN ${'('.repeat(2_000)}1${')'.repeat(2_000)}`;
  if (r < 0.1) return `RETURN ${'['.repeat(500)}1${']'.repeat(500)}`;
  if (r < 0.13) return `RETURN ${Array.from({ length: 3_000 }, (_, i) => i).join(' + ')}`;
  if (r < 0.16) return `RETURN '${'q'.repeat(20_000)}'`;
  if (r < 0.2) return `${d.pick(CYPHER)} ${d.pick(CYPHER)}`;
  return d.pick(CYPHER);
}

/**
 * The request target as bytes on the wire: raw UTF-8 for non-ASCII characters (node:http takes a
 * latin1 string, one char per byte), control characters and spaces, which no client can send raw, escaped.
 */
function wirePath(p: string): string {
  const escaped = [...p]
    .map((c) => (c.charCodeAt(0) <= 0x20 || c === '\u007f' ? `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}` : c))
    .join('');
  return Buffer.from(escaped.replace(/[\uD800-\uDFFF]/g, '\uFFFD'), 'utf8').toString('latin1');
}

/** Encodes a path segment, sometimes wrongly on purpose. */

/** One generator per endpoint (and the static pages); each aims at its route with mostly-wrong input. */
export const ENDPOINTS: Record<string, Generator> = {
  'GET /api/health': (d, m) => ({
    endpoint: 'GET /api/health',
    method: 'GET',
    path: `/api/health${queryString(d, m, ['x'])}`,
    headers: {},
  }),
  'GET /api/schema': (d, m) => ({
    endpoint: 'GET /api/schema',
    method: 'GET',
    path: `/api/schema${queryString(d, m, ['x'])}`,
    headers: {},
  }),
  'GET /api/search': (d, m) => ({
    endpoint: 'GET /api/search',
    method: 'GET',
    path: `/api/search${queryString(d, m, ['q', 'types', 'limit'], {
      q: () => d.pick(['Patrushev', 'baku', 'Патрушев', 'a', '*', '~', '"', 'AND', 'OR NOT', '(', '\\', 'a:b', '[', '{', '^2', '/x/']),
      types: () => d.pick(['Person', 'Person,Meeting', 'Nope', ',,,', 'Person,']),
      limit: () => String(d.pick(NUMBERS)),
    })}`,
    headers: {},
  }),
  'GET /api/nodes/:id': (d, m) => ({ endpoint: 'GET /api/nodes/:id', method: 'GET', path: `/api/nodes/${segment(d, m)}`, headers: {} }),
  'GET /api/nodes/:id/neighbors': (d, m) => ({
    endpoint: 'GET /api/nodes/:id/neighbors',
    method: 'GET',
    path: `/api/nodes/${segment(d, m)}/neighbors${queryString(d, m, ['relTypes', 'limit', 'cursor', 'asOf'], {
      relTypes: () => d.pick(REL_TYPES),
      limit: () => String(d.pick(NUMBERS)),
      cursor: () => d.pick(['0', '50', '-1', 'abc', 'eyJ4Ijo1fQ==', '999999999999']),
      asOf: () => day(d),
    })}`,
    headers: {},
  }),
  'GET /api/paths': (d, m) => ({
    endpoint: 'GET /api/paths',
    method: 'GET',
    mayTimeOut: true,
    path: `/api/paths${queryString(
      d,
      m,
      [
        'from',
        'to',
        'maxHops',
        'relTypes',
        'excludeRelTypes',
        'k',
        'limit',
        'alternatives',
        'avoidHubsAbove',
        'timeRespecting',
        'after',
        'before',
      ],
      {
        from: () => d.pick(m.nodeIds),
        to: () => d.pick(m.nodeIds),
        maxHops: () => String(d.int(8)),
        relTypes: () => d.pick(REL_TYPES),
        excludeRelTypes: () => d.pick(REL_TYPES),
        k: () => String(d.int(12)),
        limit: () => String(d.int(60)),
        alternatives: () => d.pick(['true', 'false', 'yes', '1', 'maybe']),
        avoidHubsAbove: () => String(d.int(20) - 2),
        timeRespecting: () => d.pick(['true', 'false', 'x']),
        after: () => day(d),
        before: () => day(d),
      },
    )}`,
    headers: {},
  }),
  'GET /api/queries': (d, m) => ({
    endpoint: 'GET /api/queries',
    method: 'GET',
    path: `/api/queries${queryString(d, m, ['x'])}`,
    headers: {},
  }),
  'POST /api/cypher': (d, m) => {
    const r = d.next();
    let body: unknown;
    if (r < 0.6) body = { query: hostileCypher(d), ...(d.chance(0.4) ? { params: mutate(d, m, { x: 1, y: 'a' }) } : {}) };
    else if (r < 0.75) body = mutate(d, m, { query: 'RETURN $x AS x', params: { x: anyValue(d, m) } });
    else if (r < 0.85) body = { query: 'RETURN $x AS x', params: { x: JSON.parse(deep(d, d.pick([10, 40, 63]))) as unknown } };
    else body = anyValue(d, m);
    return {
      endpoint: 'POST /api/cypher',
      method: 'POST',
      path: '/api/cypher',
      headers: { ...JSON_CT },
      body: json(body),
      mayTimeOut: true,
    };
  },
  'POST /api/queries/:name': (d, m) => {
    const q = d.chance(0.8) && m.queries.length ? d.pick(m.queries) : { name: segment(d, m), params: [] };
    const params: Record<string, unknown> = {};
    for (const p of q.params)
      if (d.chance(0.8))
        params[p.name] = d.chance(0.5)
          ? p.type === 'string'
            ? d.pick(m.nodeIds)
            : p.type === 'string[]'
              ? [d.pick(m.nodeIds), d.pick(m.nodeIds)]
              : p.type === 'integer'
                ? d.pick(NUMBERS)
                : p.type === 'boolean'
                  ? d.chance(0.5)
                  : d.pick(NUMBERS)
          : anyValue(d, m);
    const body = d.chance(0.8) ? mutate(d, m, params) : anyValue(d, m);
    return {
      endpoint: 'POST /api/queries/:name',
      method: 'POST',
      path: `/api/queries/${q.name}`,
      headers: { ...JSON_CT },
      body: json(body),
      mayTimeOut: true,
    };
  },
  'POST /api/import': (d, m) => {
    const r = d.next();
    let body: Buffer;
    let contentType = 'application/json';
    if (r < 0.45) {
      // Near-valid bundles: a few demo-like records with one thing wrong.
      const node = {
        id: `fuzz-${d.int(50)}`,
        type: d.pick(['Person', 'Organization', 'Topic', 'Meeting', 'Source', 'Nope']),
        properties: { name: 'Fuzz' },
        citations: [{ source: d.pick(m.nodeIds), quote: 'q' }],
      };
      const rel = {
        id: `fuzz-rel-${d.int(50)}`,
        type: d.pick(REL_TYPES),
        source: d.pick(m.nodeIds),
        target: `fuzz-${d.int(50)}`,
        properties: {},
        citations: [],
      };
      body = json(mutate(d, m, { nodes: [node], relationships: d.chance(0.5) ? [rel] : [] }));
    } else if (r < 0.6) body = json(anyValue(d, m));
    else if (r < 0.7) body = Buffer.from(`{"nodes": ${deep(d, d.pick(DEPTHS))}}`);
    else if (r < 0.8) {
      contentType = d.pick(['application/zip', 'application/x-zip-compressed']);
      body = d.chance(0.5) ? Buffer.from('PK\u0003\u0004 not really a zip') : Buffer.from(Array.from({ length: 200 }, () => d.int(256)));
    } else body = Buffer.from(d.pick(['', '{', 'null', '[]', '"x"', '{"nodes": [}', 'nodes,edges\n1,2', '\u0000\u0000']));
    const tokenHeader: Record<string, string> = d.chance(0.85)
      ? { authorization: `Bearer ${m.token}` }
      : d.pick<Record<string, string>>([
          {},
          { authorization: 'Bearer x' },
          { authorization: 'Basic YTpi' },
          { authorization: 'Bearer ' },
          { authorization: `Bearer ${m.token}x` },
          { authorization: 'bearer\t' + m.token },
        ]);
    return {
      endpoint: 'POST /api/import',
      method: 'POST',
      path: `/api/import${queryString(d, m, ['mode'], { mode: () => d.pick(['atomic', 'batched', 'x']) })}`,
      headers: { 'content-type': contentType, ...tokenHeader },
      body,
    };
  },
  'GET /api/export/formats': (d, m) => ({
    endpoint: 'GET /api/export/formats',
    method: 'GET',
    path: `/api/export/formats${queryString(d, m, ['x'])}`,
    headers: {},
  }),
  'GET /api/export': (d, m) => ({
    endpoint: 'GET /api/export',
    method: 'GET',
    path: `/api/export${queryString(d, m, ['format', 'node', 'hops', 'from', 'to', 'title'], {
      format: () => d.pick(FORMATS),
      node: () => d.pick(m.nodeIds),
      hops: () => String(d.int(7) - 1),
      from: () => day(d),
      to: () => day(d),
      title: () => anyString(d, m).slice(0, 300),
    })}`,
    headers: {},
    mayTimeOut: true,
  }),
  'POST /api/export': (d, m) => {
    const subgraph = d.chance(0.5)
      ? { kind: 'elements', nodeIds: [d.pick(m.nodeIds), d.pick(m.nodeIds)], edgeIds: [d.pick(m.relIds)] }
      : { kind: 'neighborhood', node: d.pick(m.nodeIds), hops: d.int(6), from: day(d), to: day(d) };
    const body = d.chance(0.85)
      ? mutate(d, m, { format: d.pick(FORMATS), title: anyString(d, m).slice(0, 250), subgraph })
      : anyValue(d, m);
    return {
      endpoint: 'POST /api/export',
      method: 'POST',
      path: '/api/export',
      headers: { ...JSON_CT },
      body: json(body),
      mayTimeOut: true,
    };
  },
  'GET /api/*': (d, m) => ({ endpoint: 'GET /api/*', method: 'GET', path: `/api/${segment(d, m)}/${segment(d, m)}`, headers: {} }),
  'GET /': (d, m) => ({
    endpoint: 'GET /',
    method: 'GET',
    path:
      d.pick([
        '/',
        '/console.html',
        '/index.html',
        '/assets/',
        '/assets/x.js',
        '/assets/main.js.map',
        `/${segment(d, m)}`,
        '/%2e%2e/%2e%2e/etc/passwd',
        '/..%5c..%5c',
        '//x',
        '/.env',
        '/.git/config',
      ]) + queryString(d, m, ['focus']),
    headers: d.chance(0.3)
      ? d.pick([
          { range: 'bytes=0-10' },
          { range: 'bytes=abc' },
          { range: 'bytes=99999999-' },
          { 'if-none-match': '*' },
          { 'if-modified-since': 'yesterday' },
        ])
      : {},
  }),
};

/** Turns a well-aimed case into a wrong one at the HTTP level: method, content type, encoding, Host, Origin. */
function perturb(d: Dice, m: Material, c: FuzzCase): FuzzCase {
  const out: FuzzCase = { ...c, headers: { ...c.headers } };
  const r = d.next();
  if (r < 0.06)
    out.method = d.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', c.method === 'GET' ? 'POST' : 'GET', 'PROPFIND', 'TRACE']);
  if (out.method === 'GET' || out.method === 'HEAD' || out.method === 'OPTIONS' || out.method === 'TRACE') {
    if (d.chance(0.9)) delete out.body;
  }
  if (out.body && d.chance(0.25)) {
    const p = d.next();
    if (p < 0.2)
      out.headers['content-type'] = d.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        '*/*',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'application/json; charset=nope',
        'application/ld+json',
        'garbage;;;=',
      ]);
    else if (p < 0.3) delete out.headers['content-type'];
    else if (p < 0.5) {
      out.headers['content-encoding'] = 'gzip';
      out.body = gzipSync(out.body);
    } else if (p < 0.6) {
      out.headers['content-encoding'] = 'deflate';
      out.body = deflateSync(out.body);
    } else if (p < 0.8)
      out.headers['content-encoding'] = d.pick(['gzip', 'deflate', 'br']); // a lie: the body is plain
    else out.headers['content-encoding'] = d.pick(['compress', 'zstd', 'gzip, gzip', 'identity, gzip', 'x-nope']);
  }
  if (out.body && d.chance(0.02)) out.body = Buffer.concat([out.body, Buffer.alloc(1_200_000, 0x20)]); // past every body limit
  if (d.chance(0.03)) out.headers.host = d.pick(['evil.example', 'localhost.evil.example:80', '127.0.0.1:1', '[::1]', 'LOCALHOST', '']);
  if (out.method !== 'GET' && d.chance(0.05))
    out.headers.origin = d.pick(['http://evil.example', 'null', 'file://', 'http://localhost:1', 'not a url']);
  if (d.chance(0.03)) out.headers['x-request-id'] = d.pick(['ok-id-1', 'a b c', 'x'.repeat(500), '{"msg":"forged"}']);
  if (d.chance(0.03)) out.headers['x-forwarded-for'] = d.pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1']);
  if (d.chance(0.02)) out.headers.accept = d.pick(['text/html', 'application/xml', '*/*;q=0', 'nonsense']);
  if (d.chance(0.02)) out.headers['accept-encoding'] = d.pick(['gzip', 'br', 'identity;q=0', 'deflate, gzip;q=2']);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checks

/** What a response must never show: a stack frame, a server path, a Java class. */
export const LEAK_PATTERNS: Array<[string, RegExp]> = [
  ['stack trace', /\bat [\w$.<>[\] ]+ \(?[^\s()]+:\d+:\d+\)?/],
  ['file path', /\/work\/|\/home\/|\/root\/|\/usr\/|\/tmp\/|node_modules|\.ts:\d+|\.js:\d+/],
  ['java class', /\b(?:java|javax|org\.neo4j|scala|com\.neo4j)\.[a-z]+\.[A-Za-z]|\b[A-Z]\w*(?:Exception|Error)\b/],
];

/** Leaks in a response; bundles of the client (JS) are ours and mention exceptions by name, so only paths count there. */
export function leaksIn(res: RawResponse, c: FuzzCase): string[] {
  const type = String(res.headers['content-type'] ?? '');
  const isScript = /javascript/.test(type);
  // Neo4j's public status codes (Neo.ClientError.Statement.SyntaxError) are shown to console users on purpose.
  const text = (res.headers['content-encoding'] ? '' : res.text).replace(/\bNeo\.\w+\.\w+\.\w+/g, '');
  const found: string[] = [];
  for (const [name, re] of LEAK_PATTERNS) {
    if (isScript && name !== 'file path') continue;
    const m = re.exec(text);
    // What the request itself carried may come back (the problem's `instance`, a syntax error quoting the query).
    if (m && !c.path.includes(m[0]) && !(c.body && c.body.includes(m[0]))) found.push(`${name}: ${m[0]}`);
  }
  return found;
}

export interface FuzzFailure {
  kind: '5xx' | 'leak' | 'no-answer' | 'not-problem-json';
  status: number;
  detail: string;
  request: { method: string; path: string; headers: Record<string, string>; body?: string };
}

export interface FuzzReport {
  seed: number;
  requests: number;
  durationMs: number;
  statusCounts: Record<string, Record<string, number>>;
  totals: Record<string, number>;
  timeouts504: number;
  failures: FuzzFailure[];
  leaks: number;
  fiveXX: number;
}

function summarize(c: FuzzCase): FuzzFailure['request'] {
  const body = c.body
    ? c.headers['content-encoding']
      ? `<${c.body.length} bytes, ${c.headers['content-encoding']}>`
      : c.body.toString('utf8')
    : undefined;
  return {
    method: c.method,
    path: c.path.length > 500 ? `${c.path.slice(0, 500)}…(${c.path.length})` : c.path,
    headers: c.headers,
    ...(body !== undefined ? { body: body.length > 1_000 ? `${body.slice(0, 1_000)}…(${body.length})` : body } : {}),
  };
}

/**
 * Sends `requests` seeded requests to `baseUrl`, `concurrency` at a time, and checks each answer.
 * The same seed gives the same requests (their order of completion may differ).
 */
export async function runFuzz(options: {
  baseUrl: string;
  material: Material;
  seed: number;
  requests: number;
  concurrency?: number;
  onProgress?: (done: number) => void;
}): Promise<FuzzReport> {
  const d = new Dice(prng(options.seed));
  const generators = allGenerators(options.material);
  const names = Object.keys(generators);
  // Generated up front, so the sequence depends on the seed (and the app's description) only.
  const cases: FuzzCase[] = Array.from({ length: options.requests }, () =>
    perturb(d, options.material, generators[d.pick(names)]!(d, options.material)),
  );
  const report: FuzzReport = {
    seed: options.seed,
    requests: options.requests,
    durationMs: 0,
    statusCounts: {},
    totals: {},
    timeouts504: 0,
    failures: [],
    leaks: 0,
    fiveXX: 0,
  };
  const started = Date.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      let res: RawResponse;
      try {
        res = await rawRequest(options.baseUrl, {
          method: c.method,
          path: wirePath(c.path),
          headers: c.headers,
          body: c.body,
          timeoutMs: 60_000,
        });
      } catch (error) {
        report.failures.push({ kind: 'no-answer', status: 0, detail: (error as Error).message, request: summarize(c) });
        continue;
      } finally {
        options.onProgress?.(++done);
      }
      const counts = (report.statusCounts[c.endpoint] ??= {});
      counts[res.status] = (counts[res.status] ?? 0) + 1;
      report.totals[res.status] = (report.totals[res.status] ?? 0) + 1;
      if (res.status >= 500) {
        if (res.status === 504 && c.mayTimeOut) report.timeouts504++;
        else {
          report.fiveXX++;
          report.failures.push({ kind: '5xx', status: res.status, detail: res.text.slice(0, 500), request: summarize(c) });
        }
      }
      // Answers from the app itself (they carry a request id; Node's own 431 for huge headers does not) are problem+json.
      const fromApp = res.headers['x-request-id'] !== undefined;
      if (res.status >= 400 && fromApp && c.method !== 'HEAD' && !/application\/problem\+json/.test(String(res.headers['content-type'])))
        report.failures.push({
          kind: 'not-problem-json',
          status: res.status,
          detail: String(res.headers['content-type']),
          request: summarize(c),
        });
      const leaks = leaksIn(res, c);
      if (leaks.length) {
        report.leaks++;
        report.failures.push({
          kind: 'leak',
          status: res.status,
          detail: `${leaks.join('; ')} in ${res.text.slice(0, 300)}`,
          request: summarize(c),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  report.durationMs = Date.now() - started;
  return report;
}

/** How many requests `npm test` sends (fuzz.fault.test.ts); `npm run fuzz` sends more. */
export const CI_REQUESTS = 2_000;

/** The hand-aimed generators, and one per documented operation they do not cover. */
export function allGenerators(m: Material): Record<string, Generator> {
  return { ...ENDPOINTS, ...openApiGenerators(m.openapi, new Set(Object.keys(ENDPOINTS))) };
}

/** Every string under an `id` (or a mapping's `name`) anywhere in a JSON answer. */
function idsIn(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) idsIn(v, into);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'id' || k === 'name') && typeof v === 'string') into.add(v);
      else idsIn(v, into);
    }
}

/** Reads the ids, the query library and the API description from the running app, so the fuzzer aims at what exists. */
export async function gatherMaterial(
  baseUrl: string,
  token: string,
  demo: { nodes: Array<{ id: string }>; relationships: Array<{ id: string }> },
): Promise<Material> {
  const res = await rawRequest(baseUrl, { path: '/api/queries' });
  const queries = ((res.json?.queries ?? []) as Array<{ name: string; params: Array<{ name: string; type: string }> }>).map((q) => ({
    name: q.name,
    params: q.params,
  }));
  const openapi = (await rawRequest(baseUrl, { path: '/api/openapi.json' })).json;
  const ids = new Set<string>();
  for (const list of ['/api/changes?limit=50', '/api/views', '/api/judgements', '/api/import/jobs', '/api/import/mappings', '/api/users'])
    idsIn((await rawRequest(baseUrl, { path: list, headers: { authorization: `Bearer ${token}` } })).json, ids);
  return { nodeIds: demo.nodes.map((n) => n.id), relIds: demo.relationships.map((r) => r.id), queries, token, ids: [...ids], openapi };
}

/** The rate limits themselves, with their defaults: past the limit a 429 with Retry-After, never a 5xx. */
export async function fuzzLimiters(
  baseUrl: string,
): Promise<{ console: Record<string, number>; failedTokens: Record<string, number>; retryAfter: boolean }> {
  const tally = (into: Record<string, number>, s: number) => (into[s] = (into[s] ?? 0) + 1);
  const consoleCounts: Record<string, number> = {};
  const tokenCounts: Record<string, number> = {};
  let retryAfter = true;
  for (let i = 0; i < 70; i++) {
    const res = await rawRequest(baseUrl, {
      method: 'POST',
      path: '/api/cypher',
      headers: { ...JSON_CT, 'x-forwarded-for': `10.0.0.${i}` },
      body: json({ query: 'RETURN 1' }),
    });
    tally(consoleCounts, res.status);
    if (res.status === 429 && !res.headers['retry-after']) retryAfter = false;
  }
  for (let i = 0; i < 15; i++) {
    const res = await rawRequest(baseUrl, {
      method: 'POST',
      path: '/api/import',
      headers: { ...JSON_CT, authorization: `Bearer wrong-${i}-0123456789` },
      body: json({ nodes: [] }),
    });
    tally(tokenCounts, res.status);
    if (res.status === 429 && !res.headers['retry-after']) retryAfter = false;
  }
  return { console: consoleCounts, failedTokens: tokenCounts, retryAfter };
}
