// The HTTP perimeter against the real app and database: security headers on pages and API answers,
// the Host and Origin allow-lists, the write token (constant-time, failed attempts limited), request
// ids, body bounds (decompressed size, depth, encodings, content types) and bad input that used to 500.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { CSP_DIRECTIVES, defaultAllowedHosts, hostAllowed, hostPolicy, tokensEqual } from '../../server/src/api/security';
import { MAX_JSON_DEPTH, jsonDepthExceeds } from '../../server/src/api/body';
import { ROOT_DIR } from '../../server/src/config';
import { setLogLevel } from '../../server/src/log';
import { openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';
import { rawRequest, type RawResponse } from '../support/raw-http';

const TOKEN = 'test-token-0123456789abcdef';
let db: TestDb;
let app: { url: string; close: () => Promise<void> };
let clientDir: string;

beforeAll(async () => {
  setLogLevel('silent');
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  // A stand-in for dist/client, so this file needs no build: two pages, a script and its source map.
  clientDir = mkdtempSync(path.join(tmpdir(), 'liaison-client-'));
  writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>x</title><script type="module" src="/assets/a.js"></script>');
  writeFileSync(path.join(clientDir, 'console.html'), '<!doctype html><title>c</title>');
  writeFileSync(path.join(clientDir, 'a.js'), `console.log(${JSON.stringify('x'.repeat(20_000))});\n//# sourceMappingURL=a.js.map`);
  writeFileSync(path.join(clientDir, 'a.js.map'), '{"version":3,"sources":["/work/main/client/src/main.ts"]}');
  app = await serve({ executor: db.executor, config: testConfig({ LIAISON_API_TOKEN: TOKEN }), clientDir });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
  rmSync(clientDir, { recursive: true, force: true });
  setLogLevel('info');
});

const get = (p: string, headers: Record<string, string> = {}) => rawRequest(app.url, { path: p, headers });
const post = (p: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  rawRequest(app.url, { method: 'POST', path: p, body, headers: { 'content-type': 'application/json', ...headers } });
const auth = { authorization: `Bearer ${TOKEN}` };

/** CSP header → {directive: [sources]} */
function parseCsp(header: string): Record<string, string[]> {
  return Object.fromEntries(
    header
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...sources] = d.split(/\s+/);
        return [name!, sources];
      }),
  );
}

function expectProblem(res: RawResponse, status: number): Record<string, any> {
  expect([res.status, String(res.headers['content-type'])]).toEqual([status, expect.stringContaining('application/problem+json')]);
  expect(res.json).not.toBeNull();
  expect(res.json!.status).toBe(status);
  expect(res.json!.requestId).toBe(res.headers['x-request-id']);
  return res.json!;
}

describe('security headers', () => {
  // The checked list, written out here rather than imported, so a change to the policy is a visible change to this test.
  const EXPECTED_CSP = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };

  it.each(['/', '/console.html', '/api/health', '/api/search?q=x', '/api/nodes/nope'])('%s carries the checked list', async (p) => {
    const res = await get(p);
    expect(res.status).toBeLessThan(500);
    const h = res.headers;
    expect(parseCsp(String(h['content-security-policy']))).toEqual(EXPECTED_CSP);
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['cross-origin-opener-policy']).toBe('same-origin');
    expect(h['cross-origin-resource-policy']).toBe('same-origin');
    expect(h['x-powered-by']).toBeUndefined();
    expect(h['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the policy in code is the checked list', () => {
    expect(CSP_DIRECTIVES).toEqual(EXPECTED_CSP);
  });

  it('the built pages have no inline script the CSP would block', () => {
    const dist = path.join(ROOT_DIR, 'dist', 'client');
    if (!existsSync(dist)) return; // npm test builds first; the e2e tests run the pages themselves
    for (const page of readdirSync(dist).filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(path.join(dist, page), 'utf8');
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\bsrc="\/assets\//);
      expect(html).not.toMatch(/\son[a-z]+="/); // no inline event handlers either
    }
  });

  it('source maps are not served', async () => {
    const res = await get('/a.js.map');
    expectProblem(res, 404);
    expect(res.text).not.toContain('/work/');
    expect((await get('/a.js')).status).toBe(200);
    // Ids may contain dots: an API path ending in .map still reaches the API.
    const node = await get('/api/nodes/report.map');
    expectProblem(node, 404);
    expect(JSON.parse(node.text).detail).not.toMatch(/No such file/);
  });

  it('a missing asset or another method is a problem+json 404, not the page', async () => {
    expectProblem(await get('/assets/nope.js'), 404);
    expectProblem(await rawRequest(app.url, { method: 'DELETE', path: '/console.html' }), 404);
    expect((await get('/some/permalink')).status).toBe(200);
  });

  it('compresses what is worth compressing', async () => {
    const res = await get('/a.js', { 'accept-encoding': 'gzip' });
    expect([res.status, res.headers['content-encoding']]).toEqual([200, 'gzip']);
    const api = await get('/api/schema', { 'accept-encoding': 'gzip' });
    expect(api.headers['content-encoding']).toBe('gzip');
    // A small answer is not worth the CPU (app.ts: under 8 KB).
    const small = await get('/api/health', { 'accept-encoding': 'gzip' });
    expect([small.status, small.headers['content-encoding']]).toEqual([small.status, undefined]);
  });
});

describe('request ids', () => {
  it('takes a sane X-Request-Id and echoes it, in the header and in problem bodies', async () => {
    const res = await get('/api/nodes/nope', { 'x-request-id': 'trace-abc.123' });
    expect(res.headers['x-request-id']).toBe('trace-abc.123');
    expect(expectProblem(res, 404).requestId).toBe('trace-abc.123');
  });

  it('replaces one that could forge log lines', async () => {
    const res = await get('/api/health', { 'x-request-id': 'a b\tc"}{' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('Host and Origin', () => {
  it.each(['evil.example', 'evil.example:80', 'localhost.evil.example', '127.0.0.1.nip.io', 'a b', '[::1'])(
    'refuses Host %p',
    async (host) => {
      const res = await get('/api/health', { host });
      const body = expectProblem(res, 421);
      expect(body.rule).toBe('host-not-allowed');
    },
  );

  it('refuses a request without Host (HTTP/1.0)', async () => {
    const url = new URL(app.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.end('GET /api/health HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 421 /);
  });

  it('refuses a foreign Host on pages too (DNS rebinding reads pages as well)', async () => {
    expectProblem(await get('/', { host: 'evil.example:3000' }), 421);
  });

  it.each(['localhost:1234', '127.0.0.1', '[::1]:80', 'LOCALHOST'])('accepts Host %p', async (host) => {
    expect((await get('/api/health', { host })).status).toBe(200);
  });

  it('refuses a POST whose Origin is foreign, and takes it from our own origin or with no Origin', async () => {
    const body = JSON.stringify({ query: 'RETURN 1 AS one' });
    const foreign = await post('/api/cypher', body, { origin: 'http://evil.example' });
    expect(expectProblem(foreign, 403).rule).toBe('origin-not-allowed');
    expectProblem(await post('/api/cypher', body, { origin: 'null' }), 403);
    // Another local port is another origin.
    expectProblem(await post('/api/cypher', body, { origin: 'http://localhost:1' }), 403);
    const own = await post('/api/cypher', body, { origin: app.url });
    expect(own.status).toBe(200);
    expect((await post('/api/cypher', body)).status).toBe(200);
  });

  it('a GET with a foreign Origin is a read and passes (CORS keeps its answer from the page)', async () => {
    const res = await get('/api/health', { origin: 'http://evil.example' });
    expect([res.status, res.headers['access-control-allow-origin']]).toEqual([200, undefined]);
  });

  it('defaults follow the listening host; * turns the check off; ports pin when given', () => {
    expect(defaultAllowedHosts('127.0.0.1')).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(defaultAllowedHosts('::1')).toEqual(['localhost', '127.0.0.1', '[::1]']);
    const any = defaultAllowedHosts('0.0.0.0');
    expect(any).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '[::1]']));
    expect(any.length).toBeGreaterThan(3);
    expect(hostAllowed(hostPolicy('*', '127.0.0.1'), 'evil.example')).toBe(true);
    const pinned = hostPolicy('liaison.example.org:8443, other.example', '127.0.0.1');
    expect(hostAllowed(pinned, 'liaison.example.org:8443')).toBe(true);
    expect(hostAllowed(pinned, 'liaison.example.org:8080')).toBe(false);
    expect(hostAllowed(pinned, 'other.example:1')).toBe(true);
    expect(hostAllowed(pinned, 'localhost')).toBe(false);
    let thrown: unknown;
    try {
      hostPolicy('not a host!', '127.0.0.1');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ issues: [{ path: 'env.LIAISON_ALLOWED_HOSTS' }] });
  });
});

describe('the write token', () => {
  it('is compared in constant time over digests (any length, no throw)', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
    expect(tokensEqual('ü'.repeat(1000), TOKEN)).toBe(false);
  });

  it('limits failed attempts per client: 10 in 15 minutes, then 429 with Retry-After; successes do not count', async () => {
    // Its own app, so the count starts at zero and the shared app stays usable.
    const own = await serve({ executor: db.executor, config: testConfig({ LIAISON_API_TOKEN: TOKEN }) });
    try {
      const attempt = (headers: Record<string, string>) =>
        rawRequest(own.url, {
          method: 'POST',
          path: '/api/import',
          body: '{}',
          headers: { 'content-type': 'application/json', ...headers },
        });
      // Good tokens must not use up the allowance (the empty bundle imports nothing).
      for (let i = 0; i < 5; i++) expect((await attempt(auth)).status).toBe(200);
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await attempt(i % 2 ? { authorization: 'Bearer wrong-token-123456' } : {})).status);
      expect(statuses).toEqual(Array(10).fill(401));
      const limited = await attempt({ authorization: 'Bearer wrong-token-123456' });
      expect(expectProblem(limited, 429).rule).toBe('failed-token-limit');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Past the limit the client waits, whatever it sends.
      expect((await attempt(auth)).status).toBe(429);
    } finally {
      await own.close();
    }
  });
});

describe('request bodies', () => {
  it('counts the import limit after decompression (a gzip bomb is 413)', async () => {
    const inflated = Buffer.from(JSON.stringify({ nodes: [], pad: '0'.repeat(20_000_000) }));
    const bomb = gzipSync(inflated);
    expect(bomb.length).toBeLessThan(100_000);
    const res = await post('/api/import', bomb, { ...auth, 'content-encoding': 'gzip' });
    expect(expectProblem(res, 413).rule).toBe('too-large');
  });

  it('reads a gzip body that is what it says', async () => {
    const res = await post('/api/export', gzipSync(JSON.stringify({ format: 'json', subgraph: { kind: 'elements', nodeIds: [] } })), {
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(200);
  });

  it('Content-Encoding: gzip on a plain body is a 400', async () => {
    const res = await post('/api/import', '{"nodes": []}', { ...auth, 'content-encoding': 'gzip' });
    expect(expectProblem(res, 400).rule).toBe('content-encoding');
    expectProblem(await post('/api/cypher', '{"query": "RETURN 1"}', { 'content-encoding': 'gzip' }), 400);
    expectProblem(await post('/api/export', '{}', { 'content-encoding': 'deflate' }), 400);
  });

  it('an unsupported Content-Encoding is a 415 naming the accepted ones', async () => {
    const body = expectProblem(await post('/api/export', '{}', { 'content-encoding': 'compress' }), 415);
    expect(body.accepted).toEqual(['identity', 'gzip', 'deflate', 'br']);
  });

  it('a wrong content type for an import is a 415 naming the accepted types', async () => {
    const body = expectProblem(await post('/api/import', 'nodes,edges', { ...auth, 'content-type': 'text/csv' }), 415);
    expect(body.accepted).toEqual(expect.arrayContaining(['application/json', 'application/zip']));
    expect(body.detail).toMatch(/application\/json/);
    expectProblem(await post('/api/export', '{}', { 'content-type': 'text/plain' }), 415);
  });

  it('a non-UTF-8 charset is a 415', async () => {
    expectProblem(await post('/api/export', '{}', { 'content-type': 'application/json; charset=utf-16le' }), 415);
  });

  it.each(['/api/import', '/api/export', '/api/cypher', '/api/queries/meetings-of'])(
    'JSON nested deeper than the limit is refused on %s before anything parses it',
    async (p) => {
      const deep = `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`;
      const res = await post(p, `{"query": "RETURN 1", "params": {"x": ${deep}}}`, auth);
      expect(expectProblem(res, 400).rule).toBe('too-deep');
      // 100,000 deep, as a hostile client would send it.
      const deeper = await post(p, `{"a": ${'{"a": '.repeat(100_000)}1${'}'.repeat(100_000)}}`, auth);
      expect(expectProblem(deeper, 400).rule).toBe('too-deep');
    },
  );

  it('the depth scan skips brackets inside strings and escapes', () => {
    const inString = Buffer.from(JSON.stringify({ s: '['.repeat(500), t: '\\"[[[' }));
    expect(jsonDepthExceeds(inString, 2)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('[[[1]]]'), 2)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('[[1],[2],[3]]'), 2)).toBe(false);
  });

  it('invalid JSON is a 400 that says so', async () => {
    expect(expectProblem(await post('/api/export', '{"format": '), 400).rule).toBe('json-syntax');
  });
});

describe('bad input that used to be a 500', () => {
  it.each(['/api/nodes/%E0%A4%A', '/api/nodes/%', '/api/nodes/%zz/neighbors', '/%E0%A4%A', '/console%ZZ.html'])(
    'malformed percent-encoding in %s is a 400',
    async (p) => {
      const res = await get(p);
      expect(expectProblem(res, 400).rule).toBe('uri');
    },
  );

  it('an export date like "yesterday" is a 400 naming the field', async () => {
    const res = await post(
      '/api/export',
      JSON.stringify({ format: 'json', subgraph: { kind: 'neighborhood', node: 'person-patrushev', from: '2019', to: 'yesterday' } }),
    );
    const body = expectProblem(res, 400);
    expect(body.errors).toEqual([expect.objectContaining({ path: '$.subgraph.to', code: 'custom' })]);
    const q = await get('/api/export?format=json&node=person-patrushev&from=yesterday&to=2020');
    expect(expectProblem(q, 400).errors).toEqual([expect.objectContaining({ path: '$.query.from' })]);
  });
});
