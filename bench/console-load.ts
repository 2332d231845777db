// `npx tsx bench/console-load.ts` (part of `npm run bench`): does a burst of slow console queries
// starve the explorer? On one embedded Neo4j with the demo graph, the explorer's latency (search,
// node details, neighbours over HTTP, two at a time) is measured idle, then while 100 slow console
// queries are fired at once from one address, for several console set-ups: the default limits, the
// per-client limits raised so that only the console's pool protects the explorer (pool of 1, 2, 4),
// and, for contrast, the console sharing the explorer's driver; then while the issue's hostile queries
// (out of heap, 2,000-deep nesting) run. Writes bench/results/console-load.md (and .json), and its two
// sections of BENCHMARKS.md unless run with --results-only; --hostile-only runs the hostile part alone.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import neo4j from 'neo4j-driver';

import { consoleConfig, loadConfig } from '../server/src/config';
import { createDriver, prepareDatabase } from '../server/src/db/database';
import { startEmbedded } from '../server/src/db/embedded';
import { Executor, createConsoleDriver } from '../server/src/db/executor';
import { importBundle } from '../server/src/import/bundle';
import { setLogLevel } from '../server/src/log';
import { serve, testConfig } from '../tests/support/http';
import { runLine, writeSection } from './report';

const DEMO_FILE = path.resolve(__dirname, '../data/demo/patrushev-2019.json');
const RESULTS_DIR = path.resolve(__dirname, 'results');
const BURST = Number(process.env.BENCH_CONSOLE_BURST ?? 100);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
/** Each takes several seconds of one core: a sum over 20 million rows. */
const SLOW_QUERY = 'UNWIND range(1, 20000000) AS x RETURN sum(x) AS total';

/** The issue's two hostile console queries: one runs Java out of heap, one overflows a Bolt thread's stack. */
const OOM_QUERY = "WITH reduce(s = 'x', i IN range(1, 30) | s + s) AS s RETURN size(s)";
const NESTED_QUERY = `RETURN ${'('.repeat(2_000)}1${')'.repeat(2_000)}`;
const HOSTILE = [
  { name: 'out-of-heap query, 5 in a row', query: OOM_QUERY, times: 5, atOnce: 1 },
  { name: '2,000-deep nesting, 100 at once', query: NESTED_QUERY, times: 100, atOnce: 100 },
];

interface HostileOutcome {
  load: string;
  console: Record<string, number>;
  idleSearchP95: number;
  searchP95: number;
  slowestSearch: number;
  slowestRequest: number;
  requests: number;
  failures: Record<string, number>;
  health: Record<string, number>;
  afterwards: { health: number; search: number; searchMs: number };
}

interface Scenario {
  name: string;
  /** null: the console shares the explorer's driver (no pool of its own). */
  connections: number | null;
  ratePerMinute: number;
  perClient: number;
}

const DEFAULTS = { ...consoleConfig({}), ...loadConfig({}) };
const SCENARIOS: Scenario[] = [
  {
    name: `default limits (pool ${DEFAULTS.LIAISON_CONSOLE_CONNECTIONS}, ${DEFAULTS.LIAISON_CONSOLE_PER_CLIENT} per client, ${DEFAULTS.LIAISON_CYPHER_RATE_PER_MINUTE}/min)`,
    connections: DEFAULTS.LIAISON_CONSOLE_CONNECTIONS,
    ratePerMinute: DEFAULTS.LIAISON_CYPHER_RATE_PER_MINUTE,
    perClient: DEFAULTS.LIAISON_CONSOLE_PER_CLIENT,
  },
  ...[1, 2, 4].map((connections) => ({
    name: `client limits raised, console pool ${connections}`,
    connections,
    ratePerMinute: 100_000,
    perClient: 1_000,
  })),
  { name: 'client limits raised, no pool of its own (shared driver)', connections: null, ratePerMinute: 100_000, perClient: 1_000 },
];

const percentile = (samples: number[], p: number) => {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** Resident memory of a process in MiB, from /proc (Linux); null elsewhere. */
function rssMiB(pid: number | null): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples the peak resident memory of Node (this process: app and load generator) and of Java. */
function memoryWatch(javaPid: () => number | null) {
  let node = 0;
  let java = 0;
  const sample = () => {
    node = Math.max(node, process.memoryUsage().rss / 2 ** 20);
    java = Math.max(java, rssMiB(javaPid()) ?? 0);
  };
  sample();
  const timer = setInterval(sample, 200);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { nodeMiB: Math.round(node), javaMiB: Math.round(java) };
    },
  };
}

/** The explorer's requests, in turn: a search, a node's details, its first page of neighbours. */
function explorerPaths(ids: string[], names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    out.push(`/api/search?q=${encodeURIComponent(names[i % names.length]!)}`);
    out.push(`/api/nodes/${encodeURIComponent(ids[i]!)}`);
    out.push(`/api/nodes/${encodeURIComponent(ids[i]!)}/neighbors?limit=50`);
  }
  return out;
}

/** Runs the explorer's requests two at a time until `until` resolves; latencies in ms and failures. */
async function explore(base: string, paths: string[], until: Promise<unknown>) {
  let done = false;
  void until.then(() => (done = true));
  const latencies: number[] = [];
  const searches: number[] = [];
  const failures: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (!done) {
      const p = paths[next++ % paths.length]!;
      const t0 = performance.now();
      const res = await fetch(`${base}${p}`);
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (p.startsWith('/api/search')) searches.push(performance.now() - t0);
      if (res.status !== 200) failures[res.status] = (failures[res.status] ?? 0) + 1;
    }
  };
  await Promise.all([worker(), worker()]);
  return { latencies, searches, failures };
}

/** The real app on a free port with the scenario's console limits (the tests' serve(), other settings). */
function serveScenario(executor: Executor, scenario: Scenario, dataDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  return serve({
    executor,
    config: testConfig({
      LIAISON_DATA_DIR: dataDir,
      LIAISON_CYPHER_RATE_PER_MINUTE: scenario.ratePerMinute,
      LIAISON_CONSOLE_PER_CLIENT: scenario.perClient,
    }),
  });
}

interface Outcome {
  scenario: string;
  idle: { requests: number; p50: number; p95: number };
  load: { requests: number; p50: number; p95: number; failures: Record<string, number> };
  ratio: number;
  console: { statuses: Record<string, number>; burstMs: number; slowestOkMs: number | null };
  memory: { nodeMiB: number; javaMiB: number };
}

async function main(): Promise<void> {
  setLogLevel('silent');
  const resultsOnly = process.argv.includes('--results-only');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-bench-console-'));
  const instance = await startEmbedded({ dataDir, heap: '2g', pageCacheMb: 512 });
  const driver = createDriver(instance.uri, instance.user, instance.password);
  const outcomes: Outcome[] = [];
  const hostileOutcomes: HostileOutcome[] = [];
  let soloMs = 0;
  try {
    const setup = new Executor(driver, { database: 'neo4j', readTimeoutMs: 60_000, writeTimeoutMs: 600_000 });
    await prepareDatabase(setup);
    await setup.autoCommit('system/clear-graph');
    await importBundle(setup, JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as unknown);
    await setup.autoCommit('system/await-indexes');
    const nodes = await driver.executeQuery(
      'MATCH (n) WHERE n.name IS NOT NULL AND NOT n:Source RETURN n.id AS id, n.name AS name ORDER BY n.id LIMIT 60',
      {},
      { database: 'neo4j' },
    );
    const ids = nodes.records.map((r) => String(r.get('id')));
    const names = nodes.records.map((r) => String(r.get('name')).split(' ').at(-1)!);
    const paths = explorerPaths(ids, names);

    // How long one slow query takes alone, for the table.
    const t0 = performance.now();
    await driver.executeQuery(SLOW_QUERY, {}, { database: 'neo4j' });
    soloMs = performance.now() - t0;

    for (const scenario of process.argv.includes('--hostile-only') ? [] : SCENARIOS) {
      const consoleDriver =
        scenario.connections === null
          ? undefined
          : createConsoleDriver(instance.uri, neo4j.auth.basic(instance.user, instance.password), {
              connections: scenario.connections,
              queueMs: DEFAULTS.LIAISON_CONSOLE_QUEUE_MS,
            });
      const executor = new Executor(driver, {
        database: 'neo4j',
        readTimeoutMs: DEFAULTS.LIAISON_QUERY_TIMEOUT_MS,
        writeTimeoutMs: 600_000,
        ...(consoleDriver ? { consoleDriver, consoleConnections: scenario.connections! } : {}),
      });
      const app = await serveScenario(executor, scenario, dataDir);
      try {
        // Warm-up, then idle.
        await explore(app.url, paths, new Promise((r) => setTimeout(r, 2_000)));
        const idle = await explore(app.url, paths, new Promise((r) => setTimeout(r, IDLE_MS)));

        const memory = memoryWatch(() => instance.pid());
        const burstStart = performance.now();
        const statuses: Record<string, number> = {};
        let slowestOkMs: number | null = null;
        const burst = Promise.all(
          Array.from({ length: BURST }, async () => {
            const start = performance.now();
            const res = await fetch(`${app.url}/api/cypher`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ query: SLOW_QUERY }),
            });
            await res.arrayBuffer();
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
            if (res.status === 200) slowestOkMs = Math.max(slowestOkMs ?? 0, performance.now() - start);
          }),
        );
        const load = await explore(app.url, paths, burst);
        const burstMs = performance.now() - burstStart;
        const mem = memory.stop();
        const outcome: Outcome = {
          scenario: scenario.name,
          idle: { requests: idle.latencies.length, p50: percentile(idle.latencies, 50), p95: percentile(idle.latencies, 95) },
          load: {
            requests: load.latencies.length,
            p50: percentile(load.latencies, 50),
            p95: percentile(load.latencies, 95),
            failures: load.failures,
          },
          ratio: percentile(load.latencies, 95) / percentile(idle.latencies, 95),
          console: { statuses, burstMs, slowestOkMs },
          memory: mem,
        };
        outcomes.push(outcome);
        console.log(JSON.stringify(outcome));
        // Let whatever the burst left running on the server finish before the next set-up.
        for (let i = 0; i < 60; i++) {
          const left = await driver.executeQuery(
            "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS 'range(1, 20000000)' RETURN count(*) AS n",
            {},
            { database: 'neo4j' },
          );
          if (Number(left.records[0]?.get('n') ?? 0) === 0) break;
          await new Promise((r) => setTimeout(r, 1_000));
        }
      } finally {
        await app.close();
        await consoleDriver?.close();
      }
    }

    // The hostile queries, with the default console pool and the client's limits raised so that every
    // one reaches the server's guards and the database: search must keep answering within 1 s.
    for (const h of HOSTILE) {
      const consoleDriver = createConsoleDriver(instance.uri, neo4j.auth.basic(instance.user, instance.password), {
        connections: DEFAULTS.LIAISON_CONSOLE_CONNECTIONS,
        queueMs: DEFAULTS.LIAISON_CONSOLE_QUEUE_MS,
      });
      const executor = new Executor(driver, {
        database: 'neo4j',
        readTimeoutMs: DEFAULTS.LIAISON_QUERY_TIMEOUT_MS,
        writeTimeoutMs: 600_000,
        consoleDriver,
        consoleConnections: DEFAULTS.LIAISON_CONSOLE_CONNECTIONS,
      });
      const app = await serveScenario(executor, { name: h.name, connections: 1, ratePerMinute: 100_000, perClient: 1_000 }, dataDir);
      try {
        await explore(app.url, paths, new Promise((r) => setTimeout(r, 2_000)));
        const idle = await explore(app.url, paths, new Promise((r) => setTimeout(r, IDLE_MS / 2)));
        const statuses: Record<string, number> = {};
        const health: Record<string, number> = {};
        const fire = async () => {
          const res = await fetch(`${app.url}/api/cypher`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: h.query }),
          });
          await res.arrayBuffer();
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        };
        const hostile = (async () => {
          for (let sent = 0; sent < h.times; sent += h.atOnce) await Promise.all(Array.from({ length: h.atOnce }, fire));
        })();
        let watching = true;
        const healthWatch = (async () => {
          while (watching) {
            const res = await fetch(`${app.url}/api/health`);
            await res.arrayBuffer();
            health[res.status] = (health[res.status] ?? 0) + 1;
            await new Promise((r) => setTimeout(r, 250));
          }
        })();
        const seen = await explore(app.url, paths, hostile);
        watching = false;
        await healthWatch;
        const t0 = performance.now();
        const after = await fetch(`${app.url}/api/search?q=Patrushev`);
        await after.arrayBuffer();
        const searchMs = performance.now() - t0;
        const afterHealth = await fetch(`${app.url}/api/health`);
        const outcome: HostileOutcome = {
          load: h.name,
          console: statuses,
          idleSearchP95: percentile(idle.searches, 95),
          searchP95: percentile(seen.searches, 95),
          slowestSearch: Math.max(...seen.searches),
          slowestRequest: Math.max(...seen.latencies),
          requests: seen.latencies.length,
          failures: seen.failures,
          health,
          afterwards: { health: afterHealth.status, search: after.status, searchMs },
        };
        hostileOutcomes.push(outcome);
        console.log(JSON.stringify(outcome));
      } finally {
        await app.close();
        await consoleDriver.close();
      }
    }
  } finally {
    await driver.close();
    await instance.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const statusText = (s: Record<string, number>) =>
    Object.entries(s)
      .sort()
      .map(([k, v]) => `${v}×${k}`)
      .join(', ') || '—';
  const report = [
    '## Console load: 100 slow console queries at once vs the explorer',
    '',
    'Written by `npx tsx bench/console-load.ts`. The explorer (search, node details, first page of',
    'neighbours over HTTP, two requests at a time, demo graph) is measured idle, then while',
    `${BURST} console queries \`${SLOW_QUERY}\` (${(soloMs / 1000).toFixed(1)} s alone) are fired at once`,
    'from one address; the load window lasts until the last console query is answered. **ratio** is the',
    'explorer’s p95 under load over its idle p95 (the issue’s target: ≤ 2). Memory is the peak',
    'resident size during the burst: Node (the app and this load generator, one process) and Neo4j’s JVM.',
    '',
    runLine(),
    '',
    '| set-up | idle p95 | p95 under load | ratio | explorer requests (failed) | console answers | burst answered in | peak RSS Node / Neo4j |',
    '|---|---:|---:|---:|---:|---|---:|---:|',
    ...outcomes.map(
      (o) =>
        `| ${o.scenario} | ${ms(o.idle.p95)} | ${ms(o.load.p95)} | ${o.ratio.toFixed(2)} | ${o.load.requests} (${statusText(o.load.failures)}) | ${statusText(o.console.statuses)} | ${(o.console.burstMs / 1000).toFixed(1)} s | ${o.memory.nodeMiB} / ${o.memory.javaMiB} MiB |`,
    ),
    '',
    'Console answers: 200 ran to the end, 503 found the console’s pool full after waiting',
    '`LIAISON_CONSOLE_QUEUE_MS` (Retry-After), 429 passed the client’s share (`LIAISON_CONSOLE_PER_CLIENT`',
    'running at once, or `LIAISON_CYPHER_RATE_PER_MINUTE`), 504 ran past the 10 s time limit.',
  ].join('\n');
  const hostileReport = [
    '## Hostile console queries vs the explorer',
    '',
    'The issue’s two queries that used to take the database down: `' + OOM_QUERY + '` (runs Java out of heap',
    'unless the transaction memory limit stops it) and `RETURN ((((…(1)…))))` nested 2,000 deep (overflowed a Bolt',
    'thread, which then never answered). Sent with the default console pool and the client’s limits raised, so',
    'that every one reaches the server’s guards and the database, while the explorer runs as above and',
    '`/api/health` is polled every 250 ms. The target: health 200 and search within 1 s throughout and afterwards.',
    `Written by \`npx tsx bench/console-load.ts\` (\`--hostile-only\` for this table alone).`,
    '',
    runLine(),
    '',
    '| hostile load | console answers | explorer requests (failed) | search p95 idle | search p95 during | slowest search | slowest request | health answers | afterwards: health, search |',
    '|---|---|---:|---:|---:|---:|---:|---|---|',
    ...hostileOutcomes.map(
      (o) =>
        `| ${o.load} | ${statusText(o.console)} | ${o.requests} (${statusText(o.failures)}) | ${ms(o.idleSearchP95)} | ${ms(o.searchP95)} | **${ms(o.slowestSearch)}** | ${ms(o.slowestRequest)} | ${statusText(o.health)} | ${o.afterwards.health}, ${o.afterwards.search} in ${ms(o.afterwards.searchMs)} |`,
    ),
  ].join('\n');
  const hostileOnly = process.argv.includes('--hostile-only');
  mkdirSync(RESULTS_DIR, { recursive: true });
  const results = path.join(RESULTS_DIR, hostileOnly ? 'console-hostile' : 'console-load');
  writeFileSync(`${results}.md`, `${hostileOnly ? '' : `${report}\n\n`}${hostileReport}\n`);
  writeFileSync(`${results}.json`, `${JSON.stringify({ run: runLine(), soloMs, outcomes, hostile: hostileOutcomes }, null, 2)}\n`);
  if (!resultsOnly) {
    if (!hostileOnly) writeSection('console-load', report);
    writeSection('console-hostile', hostileReport);
  }
  console.log(hostileOnly ? hostileReport : `${report}\n\n${hostileReport}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
