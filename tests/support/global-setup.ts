// Jest global set-up: starts one real Neo4j for the run when a project that needs it is selected.
import type { Config } from 'jest';

import { PASSWORD_ENV, URI_ENV, startTestNeo4j } from './neo4j-instance';

declare global {
  var __liaisonNeo4jStop: (() => Promise<void>) | undefined;
}

/** Project names given with --selectProjects (Jest keeps them on argv, not on the global config). */
function selectedProjects(argv: string[]): string[] | null {
  const i = argv.indexOf('--selectProjects');
  if (i < 0) return null;
  const names: string[] = [];
  for (const a of argv.slice(i + 1)) {
    if (a.startsWith('-')) break;
    names.push(a);
  }
  return names;
}

export default async function globalSetup(_globalConfig: Config): Promise<void> {
  const selected = selectedProjects(process.argv);
  const needsDb = !selected || selected.some((p) => p !== 'unit');
  if (!needsDb || process.env[URI_ENV]) return;
  const { uri, password, stop } = await startTestNeo4j();
  process.env[URI_ENV] = uri;
  process.env[PASSWORD_ENV] = password;
  globalThis.__liaisonNeo4jStop = stop;
}
