// The import journal: (:Import) nodes, the one-import-at-a-time lock, and the undo of an import
// (created facts, citations and records deleted by the import id they carry; changed facts given
// back their snapshots). Start-up rolls back imports whose process died (recoverImports).
import { randomUUID } from 'node:crypto';

import type { Executor, NamedTx } from '../../db/executor';
import { toJson } from '../../db/values';
import { UnavailableError } from '../../errors';
import { log } from '../../log';

/** This process, as named on the imports it runs (Import.owner). */
export const PROCESS_OWNER = randomUUID();

/** Imports running in this process: never taken for dead. */
export const liveImports = new Set<string>();

/** A running import whose heartbeat is older than this is taken for dead (its process stopped). */
export const STALE_MS = 120_000;
/** How often a batched import renews its heartbeat while open (and with each batch). */
export const HEARTBEAT_MS = 20_000;
/** How long an import waits for another process's import to end before giving up. */
export const LOCK_WAIT_MS = 300_000;

export const newImportId = () => `imp-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One import at a time in this process, per executor (the database lock covers other processes). */
const turns = new WeakMap<Executor, Promise<void>>();

/** Waits for this process's earlier imports on `executor` to end; returns the release. */
export async function localTurn(executor: Executor): Promise<() => void> {
  const before = turns.get(executor) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const chained = before.then(() => mine);
  turns.set(executor, chained);
  await before;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
    if (turns.get(executor) === chained) turns.delete(executor);
  };
}

/**
 * Takes the database's import lock for `importId`, in a transaction of its own, waiting while
 * another process's import runs; an import found dead holding it is rolled back first. An atomic
 * import takes it again inside its one transaction (takeLockInTx), which then holds the lock
 * node's write lock until it commits.
 */
export async function takeLock(executor: Executor, importId: string): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let wait = 200; ; wait = Math.min(wait * 2, 5_000)) {
    const r = (await executor.write('import/take-lock', { importId, staleMs: STALE_MS })).records[0];
    const stale = (r?.get('stale') as string | null) ?? null;
    if (stale && !liveImports.has(stale)) {
      // The lock is ours now; the dead import's writes are undone before ours begin.
      log.warn('an import left running by a process that stopped is rolled back', { importId: stale });
      await rollbackImport(executor, stale);
    }
    if (!r?.get('busy')) return;
    if (Date.now() > deadline) throw lockBusy(String(r.get('holder')));
    await sleep(wait);
  }
}

/** Takes the lock inside an atomic import's transaction; false when another import took it meanwhile. */
export async function takeLockInTx(tx: NamedTx, importId: string): Promise<boolean> {
  const r = (await tx.run('import/take-lock', { importId, staleMs: STALE_MS })).records[0];
  return !r?.get('busy');
}

const lockBusy = (holder: string) =>
  new UnavailableError(`Another import (${holder}) is running on this database; try again when it has finished.`, {
    rule: 'import-running',
    retryAfter: 30,
  });

export async function releaseLock(executor: Executor, importId: string): Promise<void> {
  await executor.write('import/release-lock', { importId });
}

/**
 * Undoes an import: facts it changed get their snapshots back, the relationships, nodes, citations
 * and records it created are deleted, each step in transactions of its own (so any size fits), and
 * the journal says rolled_back. Every step is idempotent: a rollback interrupted in turn is
 * finished by the next one (the import stays 'running' until the end).
 */
export async function rollbackImport(executor: Executor, importId: string): Promise<void> {
  await executor.autoCommit('import/undo-restore', { importId });
  await executor.autoCommit('import/undo-relationships', { importId });
  await executor.autoCommit('import/undo-nodes', { importId });
  await executor.autoCommit('import/undo-provenance', { importId });
  await executor.write('import/finish-import', { importId, status: 'rolled_back', counts: '{}' });
  await releaseLock(executor, importId);
}

/**
 * At start-up (prepareDatabase): rolls back the imports journaled as running that no process runs
 * any more, and drops snapshots left by imports that ended. `exclusive`: this process alone uses
 * the database (the embedded Neo4j), so every running import not of this process is dead;
 * otherwise only those whose heartbeat is older than STALE_MS.
 */
export async function recoverImports(executor: Executor, opts: { exclusive?: boolean } = {}): Promise<string[]> {
  const rolledBack: string[] = [];
  const running = (await executor.read('import/running-imports')).records.map((r) => ({
    id: r.get('id') as string,
    ageMs: Number(toJson(r.get('ageMs'))),
  }));
  for (const imp of running) {
    if (liveImports.has(imp.id)) continue;
    if (!opts.exclusive && imp.ageMs < STALE_MS) continue;
    log.warn('rolling back an import interrupted before it finished', { importId: imp.id });
    await rollbackImport(executor, imp.id);
    rolledBack.push(imp.id);
  }
  await executor.autoCommit('import/drop-undo', { importId: null });
  return rolledBack;
}
