// `npx tsx bench/hubs.ts` (part of `npm run bench`): neighbours, search and paths at the engine's
// speed, side by side in one run on one embedded Neo4j. (b) On a ~50,000-relationship graph, HTTP
// p50/p95 at concurrency 8 against the same statements run through the driver directly, in one
// read transaction each, like the service runs them; and the layered path search against Cypher's
// ALL SHORTEST. (a) The first page of neighbours of people with 20, 1,000 and 100,000 links, with
// the page query of before (one ORDER BY over all neighbours) as the anchor. The graph is built by
// UNWIND (cypher/bench/graph-*), not by the import pipeline. Writes its section of BENCHMARKS.md.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import type { Driver, Record as Neo4jRecord } from 'neo4j-driver';

import { cypher, renderTemplate, schemaStatements } from '../server/src/db/cypher-files';
import { createDriver } from '../server/src/db/database';
import { startEmbedded } from '../server/src/db/embedded';
import { Executor, prepareParams as prepare } from '../server/src/db/executor';
import { neighbors, parseRelTypes, shortestPaths, type PathQuery } from '../server/src/graph/service';
import { setLogLevel } from '../server/src/log';
import { luceneQuery } from '../server/src/names/keys';
import { runLine, writeSection } from './report';
import { startServerProcess, type ServerProcess } from './server-process';

const PEOPLE = 5_000;
const MEETINGS = 10_000;
const PER_MEETING = 5;
const CONCURRENCY = 8;
const REQUESTS = Number(process.env.BENCH_HUB_REQUESTS ?? 400);
const HUBS = [20, 1_000, 100_000] as const;

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** `total` calls of `fn(i)` by `concurrency` workers; the latency of each, in ms. */
async function load(total: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await fn(i);
        samples.push(performance.now() - t0);
      }
    }),
  );
  return samples;
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return percentile(samples, 0.5);
}

/** Named statements run straight through the driver, in one read transaction: the anchor of "the same Cypher". */
function direct(driver: Driver) {
  const text = (name: string, template?: Record<string, string>) => {
    const file = cypher(name);
    return file.templates.length > 0 ? renderTemplate(file, template ?? {}, () => true) : file.text;
  };
  return async <T>(
    work: (run: (name: string, params: Record<string, unknown>, template?: Record<string, string>) => Promise<Neo4jRecord[]>) => Promise<T>,
  ) => {
    const session = driver.session({ database: 'neo4j', defaultAccessMode: 'READ' });
    try {
      return await session.executeRead((tx) =>
        work((name, params, template) => tx.run(text(name, template), prepare(cypher(name), params)).then((r) => r.records)),
      );
    } finally {
      await session.close();
    }
  };
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-bench-hubs-'));
  const instance = await startEmbedded({ dataDir, heap: '1g', pageCacheMb: 512 });
  const driver = createDriver(instance.uri, instance.user, instance.password);
  const executor = new Executor(driver, { database: 'neo4j', readTimeoutMs: 60_000, writeTimeoutMs: 600_000 });
  const inTx = direct(driver);
  const loadRows: string[] = [];
  const pathRows: string[] = [];
  const hubRows: string[] = [];
  let built = 0;
  let relationships = 0;
  const ratios: Record<string, number> = {};
  let server: ServerProcess | undefined;
  try {
    await executor.applySchema(schemaStatements());

    const t0 = performance.now();
    await executor.autoCommit('bench/graph-people', { prefix: 'x-', from: 0, count: PEOPLE });
    await executor.autoCommit('bench/graph-meetings', { prefix: 'x-', from: 0, count: MEETINGS });
    await executor.autoCommit('bench/graph-links', { prefix: 'x-', people: PEOPLE, meetings: MEETINGS, per: PER_MEETING });
    built = performance.now() - t0;
    relationships = MEETINGS * PER_MEETING;
    await executor.autoCommit('system/await-indexes');
    // The server as npm start runs it, in its own process (its event loop is not the bench's).
    server = await startServerProcess(instance);
    const base = server.base;

    // (b) HTTP against the driver, at concurrency 8, on the background graph.
    const person = (i: number) => `x-p${(i * 37) % PEOPLE}`;
    const pair = (i: number) => [`x-p${(i * 101) % PEOPLE}`, `x-p${(i * 211 + 2_500) % PEOPLE}`] as const;
    const get = async (url: string) => {
      const res = await fetch(`${base}${url}`);
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const cases: Array<{ name: string; http: (i: number) => Promise<unknown>; driver: (i: number) => Promise<unknown> }> = [
      {
        name: 'neighbours (first page of 50)',
        http: (i) => get(`/api/nodes/${person(i)}/neighbors?limit=50`),
        driver: (i) =>
          inTx(async (run) => {
            const id = person(i);
            // As the service: an id merged away is followed first (resolve/canonical-ids), then counts, page, citations.
            await run('resolve/canonical-ids', { ids: [id] });
            await run('queries/neighbor-counts', { id });
            const page = await run('queries/neighbors', { id, after: '', asOf: null, limit: 51 }, { REL: 'TAKES_PART' });
            await run('queries/citations-for-facts', {
              factIds: page.map((r) => (r.get('r') as { properties: { id: string } }).properties.id),
            });
          }),
      },
      {
        name: 'search (a name among 5,000 similar ones)',
        http: (i) => get(`/api/search?q=Petrov${(i * 37) % PEOPLE}&limit=10`),
        driver: (i) =>
          inTx((run) => run('queries/search-entities', { q: luceneQuery(`Petrov${(i * 37) % PEOPLE}`), types: null, limit: 10 })),
      },
      {
        name: 'paths (3 shortest, up to 6 hops)',
        http: (i) => get(`/api/paths?from=${pair(i)[0]}&to=${pair(i)[1]}&relTypes=TAKES_PART&maxHops=6&k=3`),
        driver: (i) =>
          inTx(async (run) => {
            const [from, to] = pair(i);
            await run('queries/node', { id: from });
            await run('queries/node', { id: to });
            const found = await run('queries/paths-shortest', { from, to, relTypes: ['TAKES_PART'], maxHops: 6, pool: 1000 });
            const kept = found.slice(0, 3);
            const nodeIds = [...new Set(kept.flatMap((r) => r.get('nodeElementIds') as string[]))];
            const rels = kept.flatMap((r) => r.get('rels') as Array<{ edge: string; elementId: string }>);
            await run('queries/paths-elements', { nodeIds, relIds: [...new Set(rels.map((r) => r.elementId))] });
            await run('queries/citations-for-facts', { factIds: [...new Set(rels.map((r) => r.edge))] });
          }),
      },
    ];
    for (const c of cases) {
      await load(40, CONCURRENCY, c.http);
      await load(40, CONCURRENCY, c.driver);
      // Alternated halves, so that a change in the machine's load falls on both sides alike.
      const http: number[] = [];
      const drv: number[] = [];
      for (let round = 0; round < 2; round++) {
        drv.push(...(await load(REQUESTS / 2, CONCURRENCY, (i) => c.driver(i + round * REQUESTS))));
        http.push(...(await load(REQUESTS / 2, CONCURRENCY, (i) => c.http(i + round * REQUESTS))));
      }
      const ratio = percentile(http, 0.95) / percentile(drv, 0.95);
      ratios[c.name] = ratio;
      loadRows.push(
        `| ${c.name} | ${ms(percentile(drv, 0.5))} | ${ms(percentile(drv, 0.95))} | ${ms(percentile(http, 0.5))} | ${ms(percentile(http, 0.95))} | **${ratio.toFixed(2)}×** |`,
      );
    }

    // The layered path search of before against ALL SHORTEST: same requests, same answers, concurrency 8.
    const pathQuery: PathQuery = { maxHops: 6, k: 3, relTypes: ['TAKES_PART'] };
    let same = 0;
    for (let i = 0; i < 20; i++) {
      const [from, to] = pair(i);
      const a = await shortestPaths(executor, from, to, pathQuery);
      const b = await shortestPaths(executor, from, to, { ...pathQuery, algorithm: 'layered' });
      if (JSON.stringify(a.paths) === JSON.stringify(b.paths)) same++;
    }
    const layered = await load(REQUESTS / 2, CONCURRENCY, (i) =>
      shortestPaths(executor, ...pair(i), { ...pathQuery, algorithm: 'layered' }),
    );
    const native = await load(REQUESTS / 2, CONCURRENCY, (i) => shortestPaths(executor, ...pair(i), pathQuery));
    ratios.paths = percentile(layered, 0.95) / percentile(native, 0.95);
    pathRows.push(
      `| layered search (paths-expand rounds + enumeration in Node) | ${ms(percentile(layered, 0.5))} | ${ms(percentile(layered, 0.95))} | ${(percentile(layered, 0.95) / percentile(native, 0.95)).toFixed(2)}× |`,
      `| Cypher ALL SHORTEST (queries/paths-shortest), what plain searches now run | ${ms(percentile(native, 0.5))} | ${ms(percentile(native, 0.95))} | 1.00× |`,
      `| same paths from both, of 20 pairs compared | ${same} / 20 | | |`,
    );

    // (a) Hubs: three people taking part in 20, 1,000 and 100,000 meetings (meetings of their own).
    await executor.autoCommit('bench/graph-meetings', { prefix: 'x-', from: MEETINGS, count: 100_000 });
    for (const degree of HUBS)
      await executor.autoCommit('bench/graph-hub', { prefix: 'x-', hub: `x-hub${degree}`, from: MEETINGS, degree });
    const all = parseRelTypes(undefined);
    for (const degree of HUBS) {
      await neighbors(executor, `x-hub${degree}`, all, 50);
      await executor.read('bench/neighbors-ordered', { id: `x-hub${degree}`, relTypes: all, skip: 0, limit: 50 });
    }
    const page: Record<number, number[]> = {};
    const before: Record<number, number[]> = {};
    const last: Record<number, number[]> = {};
    const lastCursor: Record<number, string> = {};
    for (const degree of HUBS) {
      // A cursor near the end of the hub's neighbours: the page there costs what the first does.
      const near = Math.max(0, degree - 60);
      if (near === 0) {
        lastCursor[degree] = '';
        continue;
      }
      const first = await neighbors(executor, `x-hub${degree}`, all, Math.min(500, near));
      let cursor = first.nextCursor;
      let seen = first.edges.length;
      while (cursor && seen < near) {
        const next = await neighbors(executor, `x-hub${degree}`, all, Math.min(500, near - seen), cursor);
        seen += next.edges.length;
        cursor = next.nextCursor;
      }
      lastCursor[degree] = cursor ?? '';
    }
    for (let round = 0; round < 15; round++)
      for (const degree of HUBS) {
        const id = `x-hub${degree}`;
        (page[degree] ??= []).push(await median(1, () => neighbors(executor, id, all, 50)));
        (last[degree] ??= []).push(await median(1, () => neighbors(executor, id, all, 50, lastCursor[degree] || undefined)));
        if (round < 5)
          (before[degree] ??= []).push(
            await median(1, () => executor.read('bench/neighbors-ordered', { id, relTypes: all, skip: 0, limit: 50 })),
          );
      }
    const base20 = percentile(page[20]!, 0.5);
    const before20 = percentile(before[20]!, 0.5);
    for (const degree of HUBS) {
      const p = percentile(page[degree]!, 0.5);
      const l = percentile(last[degree]!, 0.5);
      const b = percentile(before[degree]!, 0.5);
      ratios[`hub${degree}`] = p / base20;
      hubRows.push(
        `| ${degree.toLocaleString('en')} | ${ms(p)} | **${(p / base20).toFixed(2)}×** | ${ms(l)} | ${ms(b)} | ${(b / before20).toFixed(1)}× |`,
      );
    }
  } finally {
    await server?.stop();
    await driver.close();
    await instance.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const report = [
    '## Neighbours, search and paths at the engine’s speed; hubs',
    '',
    'Written by `npx tsx bench/hubs.ts`; every row measured in the same run on the same embedded Neo4j 5.26.',
    '',
    runLine(),
    '',
    `Graph for (b): ${PEOPLE.toLocaleString('en')} people, ${MEETINGS.toLocaleString('en')} meetings, ${relationships.toLocaleString('en')} TAKES_PART links, built by UNWIND in ${(built / 1000).toFixed(1)} s.`,
    '',
    `**HTTP against the driver**, ${REQUESTS} requests per side at concurrency ${CONCURRENCY} (ms; the server runs in a process of its own, as \`npm start\` runs it; the driver side runs the same named statements in one read transaction, as the service does; goal ≤ 1.2×):`,
    '',
    '| request | driver p50 | driver p95 | HTTP p50 | HTTP p95 | HTTP p95 ÷ driver p95 |',
    '|---|---:|---:|---:|---:|---:|',
    ...loadRows,
    '',
    `**Path search, old code against ALL SHORTEST**, ${REQUESTS / 2} searches each at concurrency ${CONCURRENCY}, through the service (ms):`,
    '',
    '| search | p50 | p95 | p95 ratio |',
    '|---|---:|---:|---:|',
    ...pathRows,
    '',
    '**First page of neighbours (50) by degree**, median of 15 through the service (counts, page, citations; one transaction), alternating the hubs round by round (ms; goal ≤ 3× degree 20):',
    '',
    '| degree | first page | ÷ degree 20 | a page near the end | before: ORDER BY over all (query only) | ÷ degree 20 |',
    '|---:|---:|---:|---:|---:|---:|',
    ...hubRows,
  ].join('\n');
  writeSection('hubs', report);
  console.log(report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
