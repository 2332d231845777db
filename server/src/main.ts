// Liaison's server process: reads the configuration, opens the database (embedded unless NEO4J_URI
// is set), applies the schema, loads the demo graph into an empty database and serves the app.
// It shuts down gracefully on SIGTERM/SIGINT/SIGHUP and, when scripts/start.mjs started it, ends with it.
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';

import { createApp } from './api/app';
import { ROOT_DIR, loadConfig } from './config';
import { openDatabase, type Database } from './db/database';
import { LiaisonError, ValidationError } from './errors';
import { warmUp } from './graph/warm-up';
import { loadDemoIfEmpty } from './import/demo';
import { ensureTokenFile, removeServerFile, writeServerFile } from './import/pipeline/instance';
import { log } from './log';

/** How often the process checks that its parent is alive (a dead parent re-parents us, changing ppid). */
const PARENT_POLL_MS = 1_000;

async function main(): Promise<void> {
  const config = loadConfig();
  // Until the server listens, a signal (or a dead parent) only has the database to stop.
  let db: Database | null = null;
  let server: Server | null = null;
  let closing = false;
  const shutdown = async (reason: string, signal?: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log.info(`${reason}: shutting down`);
    // `npm run import` stops sending files here at once, and opens the data directory after we exit.
    removeServerFile(config.LIAISON_DATA_DIR);
    if (server) await closeServer(server, config.LIAISON_SHUTDOWN_GRACE_MS);
    await db?.close();
    log.info('stopped');
    // Ended by a signal, even gracefully, the app is gone: exit as a shell reports it (128 + n), so
    // whoever waits on us (start.mjs, a supervisor) does not take it for a normal end.
    process.exit(signal ? 128 + os.constants.signals[signal] : 0);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal, signal));
  // Only scripts/start.mjs asks for this: a server started directly (nohup …, a supervisor that
  // re-parents it) must not stop because its parent changed.
  if (process.env.LIAISON_EXIT_WITH_PARENT === '1') {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void shutdown(`the parent process (${parent}) exited`);
    }, PARENT_POLL_MS).unref();
  }

  db = await openDatabase(config);
  if (closing) return;
  if (config.LIAISON_DEMO) await loadDemoIfEmpty(db.executor);
  // In the background: requests are served meanwhile, only the first ones would have been slower.
  void warmUp(db.executor).then((w) => w.ran.length && log.info('read queries warmed up', { ran: w.ran, ms: w.ms }));
  const database = db;
  const app = createApp({
    executor: db.executor,
    config,
    clientDir: path.join(ROOT_DIR, 'dist', 'client'),
    databaseState: () => database.state(),
  });
  server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  if (closing) return void (await closeServer(server, 0));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
  // Writes over HTTP (the Import page, `npm run import` while we hold the data directory) need a
  // token: without one configured, the first start makes one. The file is only ever named, never logged.
  const tokenFile = ensureTokenFile(config.LIAISON_DATA_DIR, config.LIAISON_API_TOKEN);
  if (tokenFile) log.info(`a write token was generated in ${tokenFile} (for the Import page and npm run import)`);
  writeServerFile(config.LIAISON_DATA_DIR, { pid: process.pid, url, startedAt: new Date().toISOString() });
  process.once('exit', () => removeServerFile(config.LIAISON_DATA_DIR));
  log.info(`Liaison is running on ${url}`, { neo4jPid: db.embedded?.pid() ?? null });
  log.info(
    `Import page: ${url}/import.html (token: ${config.LIAISON_API_TOKEN ? 'LIAISON_API_TOKEN' : path.join(config.LIAISON_DATA_DIR, 'api-token')}); ` +
      '`npm run import -- FILE` now sends files to this server',
  );
}

/**
 * Stops accepting connections, lets requests in flight finish for up to graceMs, then cuts what is
 * left. Keep-alive connections are closed once idle, so they carry no new requests: at every pass of
 * a timer, not at once, because a connection whose request the kernel holds but the event loop has
 * not read yet looks idle to Node, and closing it at the signal reset a request already sent (the
 * SIGTERM fault test saw it under load).
 */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 250);
    const timer = setTimeout(() => {
      log.warn(`requests still running after ${graceMs} ms are cut`);
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(timer);
      resolve();
    });
  });
}

main().catch((error: unknown) => {
  if (error instanceof ValidationError) {
    log.error(error.message);
    for (const issue of error.issues) log.error(`  ${issue.path}: ${issue.message}`);
  } else if (error instanceof LiaisonError) log.error(error.message);
  else log.error('Liaison could not start', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
