// How the built client is served, against the real app: a stand-in build run through the real build
// step (scripts/precompress.mjs) and then fetched over HTTP — brotli and gzip copies chosen by
// Accept-Encoding that decompress to the very bytes of the file, Vary on every compressible file,
// hashed assets cached for a year, pages revalidated, source maps and the copies themselves never
// served; dynamic answers still compressed by compression(). And the real build, when there is one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ROOT_DIR } from '../../server/src/config';
import { setLogLevel } from '../../server/src/log';
import { openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';
import { rawRequest } from '../support/raw-http';

let db: TestDb;
let app: { url: string; close: () => Promise<void> };
let tmp: string;
let clientDir: string;
let buildLog: string;

/** A script big and varied enough that compression pays, and different on every run. */
const script =
  `export const made = ${Date.now()};\n` +
  Array.from({ length: 400 }, (_, i) => `export function f${i}(x) { return x * ${i} + ${i % 7}; }`).join('\n');
const page = `<!doctype html><html lang="en"><head><title>t</title><script type="module" src="/assets/main-AbC123.js"></script></head><body>${'<p>Liaison</p>'.repeat(200)}</body></html>`;

beforeAll(async () => {
  setLogLevel('silent');
  tmp = mkdtempSync(path.join(tmpdir(), 'liaison-serving-'));
  clientDir = path.join(tmp, 'client');
  mkdirSync(path.join(clientDir, 'assets'), { recursive: true });
  writeFileSync(path.join(clientDir, 'index.html'), page);
  writeFileSync(path.join(clientDir, 'console.html'), page.replace('<title>t', '<title>console'));
  writeFileSync(path.join(clientDir, 'assets', 'main-AbC123.js'), script);
  writeFileSync(path.join(clientDir, 'assets', 'main-AbC123.js.map'), '{"version":3,"sources":["/work/main/client/src/main.ts"]}');
  writeFileSync(path.join(clientDir, 'assets', 'tiny-Zz9.css'), 'a{color:red}');
  // The build step itself, as Vite's config runs it at the end of a build (a plain Node script).
  buildLog = execFileSync(process.execPath, [path.join(ROOT_DIR, 'scripts', 'precompress.mjs'), clientDir], { encoding: 'utf8' });
  db = await openTestDb();
  app = await serve({ executor: db.executor, config: testConfig(), clientDir });
});

afterAll(async () => {
  await app?.close();
  await db?.close();
  rmSync(tmp, { recursive: true, force: true });
  setLogLevel('info');
});

const get = (p: string, headers: Record<string, string> = {}) => rawRequest(app.url, { path: p, headers });

describe('the build step', () => {
  it('writes .br and .gz beside the files worth compressing and moves the maps out of the public directory', () => {
    expect(buildLog).toMatch(/^precompress: 3 files, .*; 1 source maps moved out$/m);
    expect(readdirSync(path.join(clientDir, 'assets')).sort()).toEqual([
      'main-AbC123.js',
      'main-AbC123.js.br',
      'main-AbC123.js.gz',
      'tiny-Zz9.css', // 12 bytes: below the threshold, no copies
    ]);
    expect(existsSync(path.join(tmp, 'sourcemaps', 'assets', 'main-AbC123.js.map'))).toBe(true);
  });
});

describe('precompressed assets', () => {
  const raw = () => readFileSync(path.join(clientDir, 'assets', 'main-AbC123.js'));

  it('sends the brotli copy to a browser that takes br, and it decompresses to the same bytes', async () => {
    // Chrome's header: gzip is named first, brotli still wins (smaller).
    const res = await get('/assets/main-AbC123.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(String(res.headers['content-type'])).toMatch(/^(text|application)\/javascript/);
    expect(String(res.headers.vary)).toMatch(/Accept-Encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(raw().length / 3);
    expect(brotliDecompressSync(res.body).equals(raw())).toBe(true);
  });

  it('sends the gzip copy when brotli is not taken, the file itself when neither is', async () => {
    const gz = await get('/assets/main-AbC123.js', { 'accept-encoding': 'gzip, br;q=0' });
    expect([gz.status, gz.headers['content-encoding']]).toEqual([200, 'gzip']);
    expect(gunzipSync(gz.body).equals(raw())).toBe(true);
    const plain = await get('/assets/main-AbC123.js', { 'accept-encoding': 'identity' });
    expect([plain.status, plain.headers['content-encoding']]).toEqual([200, undefined]);
    expect(plain.body.equals(raw())).toBe(true);
    expect(String(plain.headers.vary)).toMatch(/Accept-Encoding/i);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The ETag names the bytes sent, so a cache never mixes up an encoded and a plain answer.
    expect(gz.headers.etag).not.toBe(plain.headers.etag);
  });

  it('answers a conditional request for an unchanged copy with 304', async () => {
    const first = await get('/assets/main-AbC123.js', { 'accept-encoding': 'br' });
    const again = await get('/assets/main-AbC123.js', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('serves pages (by file, short path and permalink) compressed and revalidated every time', async () => {
    for (const p of ['/', '/index.html', '/console', '/console.html', '/some/permalink?focus=x']) {
      const res = await get(p, { 'accept-encoding': 'br' });
      const want = p.startsWith('/console') ? page.replace('<title>t', '<title>console') : page;
      expect({ p, status: res.status, enc: res.headers['content-encoding'], cache: res.headers['cache-control'] }).toEqual({
        p,
        status: 200,
        enc: 'br',
        cache: 'no-cache',
      });
      expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
      expect(brotliDecompressSync(res.body).toString('utf8')).toBe(want);
    }
  });

  it('never serves a source map or a compressed copy by its own name', async () => {
    // Even one left in the public directory (a build without the step, or a copy by hand).
    writeFileSync(path.join(clientDir, 'assets', 'left-Q1.js.map'), '{"version":3,"sources":["/work/main/client/src/x.ts"]}');
    for (const p of ['/assets/left-Q1.js.map', '/assets/main-AbC123.js.map', '/assets/main-AbC123.js.br', '/assets/main-AbC123.js.gz']) {
      const res = await get(p, { 'accept-encoding': 'br, gzip' });
      expect({ p, status: res.status }).toEqual({ p, status: 404 });
      expect(String(res.headers['content-type'])).toContain('application/problem+json');
      expect(res.text).not.toContain('/work/');
    }
  });

  it('compresses a small file without a copy, and API answers, on the fly (compression())', async () => {
    const css = await get('/assets/tiny-Zz9.css', { 'accept-encoding': 'br' });
    expect([css.status, css.text]).toEqual([200, 'a{color:red}']); // under compression()'s 1 KB threshold
    const api = await get('/api/schema', { 'accept-encoding': 'br' });
    expect([api.status, api.headers['content-encoding']]).toEqual([200, 'br']);
    const schema = JSON.parse(brotliDecompressSync(api.body).toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(schema).length).toBeGreaterThan(0);
  });
});

describe('the real build', () => {
  const dist = path.join(ROOT_DIR, 'dist', 'client');
  it('holds no source map and a brotli and gzip copy of every script and stylesheet', () => {
    if (!existsSync(dist)) return; // npm test builds first
    const assets = readdirSync(path.join(dist, 'assets'));
    expect(assets.filter((f) => f.endsWith('.map'))).toEqual([]);
    const sources = assets.filter((f) => /\.(js|css)$/.test(f));
    expect(sources.length).toBeGreaterThan(3);
    for (const f of sources.filter((s) => readFileSync(path.join(dist, 'assets', s)).length >= 1024))
      expect({ f, br: assets.includes(`${f}.br`), gz: assets.includes(`${f}.gz`) }).toEqual({ f, br: true, gz: true });
  });
});
