// Jest global set-up: starts one real Neo4j for the run when a project that needs it is selected.
import type { Config } from 'jest';

import { URI_ENV, startTestNeo4j } from './neo4j-instance';

declare global {
  var __liaisonNeo4jStop: (() => Promise<void>) | undefined;
}

export default async function globalSetup(globalConfig: Config & { selectProjects?: string[] }): Promise<void> {
  const selected = globalConfig.selectProjects;
  const needsDb = !selected || selected.some((p) => p !== 'unit');
  if (!needsDb || process.env[URI_ENV]) return;
  const { uri, stop } = await startTestNeo4j();
  process.env[URI_ENV] = uri;
  globalThis.__liaisonNeo4jStop = stop;
}
