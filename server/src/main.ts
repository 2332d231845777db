// Liaison's server process: reads the configuration, opens the database (embedded unless NEO4J_URI
// is set), applies the schema, loads the demo graph into an empty database and serves the app.
import path from 'node:path';
import type { Server } from 'node:http';

import { createApp } from './api/app';
import { ROOT_DIR, loadConfig } from './config';
import { openDatabase } from './db/database';
import { LiaisonError, ValidationError } from './errors';
import { loadDemoIfEmpty } from './import/demo';
import { log } from './log';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config);
  if (config.LIAISON_DEMO) await loadDemoIfEmpty(db.executor);
  const app = createApp({ executor: db.executor, config, clientDir: path.join(ROOT_DIR, 'dist', 'client') });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.info(`Liaison is running on http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal}: shutting down`);
    server.close();
    server.closeAllConnections();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ValidationError) {
    log.error(error.message);
    for (const issue of error.issues) log.error(`  ${issue.path}: ${issue.message}`);
  } else if (error instanceof LiaisonError) log.error(error.message);
  else log.error('Liaison could not start', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
