// `npm run fuzz [-- --seed N --requests N --concurrency N --out FILE]`: starts the embedded Neo4j on a
// temporary directory, loads the demo, serves the real app and fuzzes every endpoint (tests/faults/fuzz.ts);
// prints the status counts per endpoint, every 5xx and leak with its request, and writes the report as JSON
// and as its section of BENCHMARKS.md (unless --results-only).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { runLine, writeSection } from '../../bench/report';
import { ROOT_DIR } from '../../server/src/config';
import { setLogLevel } from '../../server/src/log';
import { DEMO_FILE } from '../support/db';
import { fuzzApp, type FuzzApp } from './fuzz-app';
import { CI_REQUESTS, fuzzLimiters, gatherMaterial, runFuzz } from './fuzz';

function arg(name: string, fallback: number): number;
function arg(name: string, fallback: string): string;
function arg(name: string, fallback: number | string): number | string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  if (value === undefined) return fallback;
  return typeof fallback === 'number' ? Number(value) : value;
}

async function main(): Promise<void> {
  const seed = arg('seed', 20_260_001);
  // Enough that well over 5,000 of them are bad requests (answered 4xx), the issue's floor.
  const requests = arg('requests', 9_000);
  const concurrency = arg('concurrency', 4);
  const out = path.resolve(ROOT_DIR, arg('out', 'bench/results/fuzz-report.json'));
  setLogLevel((process.env.LOG_LEVEL as 'silent') ?? 'silent');

  let env: FuzzApp | null = null;
  try {
    process.stderr.write('fuzz: starting Neo4j and the app…\n');
    env = await fuzzApp({ startNeo4j: true });
    const demo = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as Parameters<typeof gatherMaterial>[2];
    const material = await gatherMaterial(env.fuzzed.url, env.token, demo);
    process.stderr.write(`fuzz: seed ${seed}, ${requests} requests, ${concurrency} at a time\n`);
    let last = 0;
    const report = await runFuzz({
      baseUrl: env.fuzzed.url,
      material,
      seed,
      requests,
      concurrency,
      onProgress: (n) => {
        if (n - last >= 500 || n === requests) {
          last = n;
          process.stderr.write(`  ${n}/${requests}\n`);
        }
      },
    });
    const limiters = await fuzzLimiters(env.limited.url);
    const health = await fetch(`${env.fuzzed.url}/api/health`);
    const search = await fetch(`${env.fuzzed.url}/api/search?q=Patrushev`);
    const full = { ...report, limiters, after: { health: health.status, search: search.status } };

    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(full, null, 2)}\n`);

    const statuses = [...new Set(Object.values(report.statusCounts).flatMap((c) => Object.keys(c)))].sort();
    const rows = Object.entries(report.statusCounts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([endpoint, c]) => `${endpoint.padEnd(30)} ${statuses.map((s) => String(c[s] ?? '').padStart(6)).join('')}`);
    console.log(`\n${'endpoint'.padEnd(30)} ${statuses.map((s) => s.padStart(6)).join('')}`);
    for (const row of rows) console.log(row);
    console.log(
      `\n${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s (seed ${seed}): ` +
        `${report.fiveXX} × 5xx, ${report.leaks} leaks, ${report.timeouts504} query timeouts (504), ` +
        `${report.failures.filter((f) => f.kind === 'not-problem-json').length} 4xx not problem+json, ` +
        `${report.failures.filter((f) => f.kind === 'no-answer').length} without answer`,
    );
    console.log(
      `rate limits: console ${JSON.stringify(limiters.console)}, failed tokens ${JSON.stringify(limiters.failedTokens)}, Retry-After ${limiters.retryAfter ? 'always' : 'MISSING'}`,
    );
    console.log(`afterwards: health ${health.status}, search ${search.status}`);
    for (const f of report.failures.slice(0, 30))
      console.log(`\n${f.kind} ${f.status}: ${f.detail}\n  ${JSON.stringify(f.request).slice(0, 1_500)}`);
    console.log(`\nreport: ${path.relative(ROOT_DIR, out)}`);
    if (!process.argv.includes('--results-only')) writeSection('fuzz', fuzzSection(full, seed, concurrency, statuses));
    process.exitCode = report.failures.length || health.status !== 200 ? 1 : 0;
  } finally {
    await env?.close();
  }
}

/** The fuzz run as a BENCHMARKS.md section: status counts per endpoint, and what counts against it. */
function fuzzSection(
  full: Awaited<ReturnType<typeof runFuzz>> & {
    after: { health: number; search: number };
    limiters: Awaited<ReturnType<typeof fuzzLimiters>>;
  },
  seed: number,
  concurrency: number,
  statuses: string[],
): string {
  const bad = Object.entries(full.totals)
    .filter(([status]) => Number(status) >= 400 && Number(status) < 500)
    .reduce((sum, [, n]) => sum + n, 0);
  const table = [
    `| endpoint | ${statuses.join(' | ')} |`,
    `|---|${statuses.map(() => '---:').join('|')}|`,
    ...Object.entries(full.statusCounts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([endpoint, c]) => `| \`${endpoint}\` | ${statuses.map((st) => String(c[st] ?? '')).join(' | ')} |`),
    `| **all** | ${statuses.map((st) => `**${full.totals[st] ?? 0}**`).join(' | ')} |`,
  ];
  return [
    '## Fuzzing every endpoint',
    '',
    'Written by `npm run fuzz` (tests/faults/fuzz-run.ts): the real app on the embedded Neo4j with the demo graph,',
    `${full.requests.toLocaleString('en')} seeded requests (seed ${seed}, ${concurrency} at a time) of every kind — malformed paths and`,
    'percent-encoding, query strings, JSON of wrong shapes, sizes and depths, odd Unicode and NUL bytes, wrong content',
    'types and encodings, wrong methods, foreign Host and Origin headers, hostile Cypher, bad tokens. Every answer is',
    'checked for a 5xx and for leaks (stack frames, server paths, Java class names), and every 4xx for problem+json.',
    `${Object.keys(full.statusCounts).length} endpoints: the core routes by hand-aimed generators, every other operation of the app's`,
    'OpenAPI description (`/api/openapi.json`) by one built from its parameters and body schema (tests/faults/fuzz-openapi.ts).',
    `\`npm test\` runs ${CI_REQUESTS.toLocaleString('en-GB')} of them (tests/faults/fuzz.fault.test.ts).`,
    '',
    runLine(),
    '',
    `**${bad.toLocaleString('en')} bad requests answered 4xx; ${full.fiveXX} × 5xx other than query timeouts; ${full.leaks} leaks;** ` +
      `${full.timeouts504} × 504: console or path queries that are valid Cypher but ran past the time limit the fuzzer sets ` +
      '(stopped on the server, answered 504 by contract, as for any user). Rate limits fuzzed at their defaults: console ' +
      `${JSON.stringify(full.limiters.console)}, failed tokens ${JSON.stringify(full.limiters.failedTokens)}, Retry-After always ` +
      `${full.limiters.retryAfter ? 'present' : 'MISSING'}. Afterwards health ${full.after.health}, search ${full.after.search}.`,
    '',
    ...table,
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
