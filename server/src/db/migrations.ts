// Migrations of stored data: named, idempotent steps applied in order on every start (prepareDatabase),
// with the store's version and the applied steps kept in the graph, on (:LiaisonMeta {key: 'schema'}),
// so that a later release adds a step here instead of asking anyone to run a script.
import { log } from '../log';
import { nameKeysStep } from '../names/migration';
import { NODE_LABELS, RELATIONSHIP_TYPE_NAMES } from '../schema/model';
import type { Executor } from './executor';
import { toJson, type Json } from './values';

/** What a step found: complete, or held back by stored data it will not change on its own. */
export type StepOutcome = { complete: true } | { complete: false; reason: string; details: Json };

export interface MigrationStep {
  /** Recorded in the graph once the step is complete; a released step is never renamed. */
  readonly name: string;
  readonly description: string;
  /** Applies the step; safe to run again on a store where it ran in part or in full. */
  run(executor: Executor): Promise<StepOutcome>;
}

export interface IdCollision {
  id: string;
  kind: 'node' | 'relationship';
  /** The node's domain labels (several), or the relationship's type. */
  types: string[];
  source: string | null;
  target: string | null;
  /** The claim the id has (another fact's), for a relationship. */
  claimedBy: { kind: string; type: string | null; source: string | null; target: string | null } | null;
}

/** Stored facts that break the one id space (see migrations/id-collisions.cypher). */
export async function findIdCollisions(executor: Executor, limit = 20): Promise<{ total: number; sample: IdCollision[] }> {
  const r = (await executor.read('migrations/id-collisions', { labels: NODE_LABELS, types: RELATIONSHIP_TYPE_NAMES, limit })).records[0];
  return { total: Number(toJson(r?.get('total') ?? 0)), sample: (toJson(r?.get('sample') ?? []) as unknown as IdCollision[]) ?? [] };
}

/**
 * Stores written before the one id space have no id claims. The step claims every node's id, then
 * every relationship's (after dropping claims whose fact is gone, when it runs again after a fix). What already breaks the id space (a relationship that took a node's id, or
 * another type's; a node given several types by concurrent imports) is not changed: deciding which
 * fact keeps the id and where its citations go needs a person. Such ids stay claimed by one fact
 * (or by no type, for a node of several types), so imports refuse them with a 409; the step is
 * reported in the log and stays pending, and runs again at the next start, until they are fixed.
 */
export const idClaimsStep: MigrationStep = {
  name: 'id-claims',
  description: 'one id space for nodes and relationships: an (:IdClaim) per stored id',
  async run(executor) {
    await executor.autoCommit('migrations/drop-orphan-claims');
    await executor.autoCommit('migrations/claim-node-ids', { labels: NODE_LABELS });
    await executor.autoCommit('migrations/claim-relationship-ids', { types: RELATIONSHIP_TYPE_NAMES });
    const collisions = await findIdCollisions(executor);
    if (collisions.total === 0) return { complete: true };
    return {
      complete: false,
      reason:
        `${collisions.total} stored fact${collisions.total === 1 ? '' : 's'} break the one id space of nodes and relationships ` +
        '(a relationship with the id of a node or of another relationship, or a node with several types); their citations ' +
        'may be mixed. Nothing was changed or deleted, and imports that touch these ids are refused. Fix each by hand ' +
        '(give the relationship a new id and set it as the factId of its citations whose factKind is relationship; or take ' +
        'the wrong label off a node), then restart: the step runs again at every start until it completes.',
      details: collisions as unknown as Json,
    };
  },
};

/**
 * Imports are journaled (server/src/import/write): what an import creates carries its id, so that a
 * failed or interrupted import can be undone. What was stored before is marked as created by one
 * committed (:Import {id: 'legacy'}), so that every claim and citation names the import it came
 * from. Records (record provenance) did not exist before, and facts keep their properties as they
 * are: the lossless merge reads them as they were written (lists as lists, dates with precision).
 */
export const importJournalStep: MigrationStep = {
  name: 'import-journal',
  description: 'imports are journaled: claims and citations stored before name a committed legacy import',
  async run(executor) {
    const unmarked = Number(toJson((await executor.read('migrations/count-unjournaled')).records[0]?.get('total') ?? 0));
    if (unmarked > 0) {
      await executor.write('migrations/legacy-import');
      await executor.autoCommit('migrations/mark-legacy');
    }
    return { complete: true };
  },
};

/** In order; a new step goes at the end, and the store's version is the number of steps applied. */
export const MIGRATIONS: readonly MigrationStep[] = [idClaimsStep, importJournalStep, nameKeysStep];

export interface MigrationReport {
  /** The store's version after this run: how many steps, in order, are complete. */
  version: number;
  /** Steps completed by this run. */
  applied: string[];
  /** Steps not complete (the first one held back, and those after it). */
  pending: string[];
}

/**
 * Brings the stored data up to this release's format. A step held back by the data is logged as a
 * warning and the start goes on (the app refuses what would make things worse); later steps wait,
 * since they may rely on it. A failure of the database itself is thrown, as from the schema.
 */
export async function migrate(executor: Executor, steps: readonly MigrationStep[] = MIGRATIONS): Promise<MigrationReport> {
  const meta = (await executor.read('migrations/read-meta')).records[0];
  const done = new Set((toJson(meta?.get('steps') ?? []) as string[]) ?? []);
  const unknown = [...done].filter((name) => !steps.some((s) => s.name === name));
  if (unknown.length > 0)
    log.warn('the store has migration steps this release does not know: it was written by a newer release', { unknown });
  const report: MigrationReport = { version: 0, applied: [], pending: [] };
  for (const [i, step] of steps.entries()) {
    if (report.pending.length > 0) {
      report.pending.push(step.name);
      continue;
    }
    if (!done.has(step.name)) {
      const outcome = await step.run(executor);
      if (!outcome.complete) {
        log.warn(`migration step "${step.name}" is held back by stored data: ${outcome.reason}`, {
          step: step.name,
          details: outcome.details,
        });
        report.pending.push(step.name);
        continue;
      }
      await executor.write('migrations/record-step', { step: step.name, version: i + 1 });
      log.info('migration step applied', { step: step.name, description: step.description, version: i + 1 });
      report.applied.push(step.name);
    }
    report.version = i + 1;
  }
  return report;
}
