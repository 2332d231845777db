// The 1-million-row import of `bench/import.ts`, in a process of its own: started with a capped V8
// heap, so that its peak RSS (the kernel's VmHWM, exact rather than sampled) shows the memory the
// import needs, not how lazily an uncapped heap collects. Connects to the bench's Neo4j; prints one
// JSON line {ms, counts, peakRssBytes}.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { createDriver } from '../server/src/db/database';
import { Executor } from '../server/src/db/executor';
import { setLogLevel } from '../server/src/log';

async function main(): Promise<void> {
  setLogLevel('warn');
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`bench/import-child: ${name} is not set`);
    return value;
  };
  const driver = createDriver(env('BENCH_NEO4J_URI'), env('BENCH_NEO4J_USER'), env('BENCH_NEO4J_PASSWORD'));
  const executor = new Executor(driver, { database: 'neo4j', readTimeoutMs: 600_000, writeTimeoutMs: 3_600_000 });
  try {
    const { runImport } = await import('../server/src/import/pipeline/run');
    const file = env('BENCH_FILE');
    const start = performance.now();
    const report = await runImport(executor, [{ path: file, name: path.basename(file) }], {
      mapping: env('BENCH_MAPPING'),
      allowMappingPaths: true,
    });
    const ms = performance.now() - start;
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    process.stdout.write(
      `${JSON.stringify({ ms, status: report.status, counts: report.counts, peakRssBytes: hwm ? Number(hwm[1]) * 1024 : null })}\n`,
    );
  } finally {
    await driver.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
