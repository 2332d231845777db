// POST /api/nodes/:id/retract and /api/relationships/:id/retract: a fact taken out of the graph. A
// node goes with its links and the citations of all of them; its Change ('retract') keeps each
// whole in `before`, so the history shows what was there and a revert puts it back. A Source still
// cited by other facts is not retracted: they would lose their evidence.
import { z } from 'zod';

import type { Executor } from '../db/executor';
import { ConflictError } from '../errors';
import { recordChange } from '../history/record';
import type { FactSnapshot } from '../history/types';
import { factNotFound } from './correct';
import { readSnapshot, snapshotList, snapshotType } from './snapshot';

export const retractBody = z.strictObject({
  reason: z.string().trim().min(1, 'say why the fact is retracted').max(2_000),
});

export interface RetractResult {
  changeId: string;
  /** The facts removed: the node (or relationship) first, then the node's links. */
  retracted: string[];
}

export async function retractFact(executor: Executor, kind: 'node' | 'relationship', id: string, reason: string): Promise<RetractResult> {
  return executor.transaction(
    'write',
    async (tx) => {
      const fact = await readSnapshot(tx, id);
      if (!fact || fact.kind !== kind) throw factNotFound(kind, id);
      const relIds =
        kind === 'node'
          ? (((await tx.run('edit/node-relationship-ids', { id })).records[0]?.get('ids') as string[] | undefined) ?? [])
          : [];
      if (kind === 'node' && snapshotType(fact) === 'Source') {
        const r = (await tx.run('edit/citing-facts', { id, except: [id, ...relIds] })).records[0];
        const quotes = Number(r?.get('quotes') ?? 0);
        const records = Number(r?.get('records') ?? 0);
        if (quotes + records > 0)
          throw new ConflictError(
            `"${id}" is the evidence of other facts (${quotes} quote${quotes === 1 ? '' : 's'}, ${records} record${records === 1 ? '' : 's'}); retract or re-cite those first.`,
            { rule: 'source-cited', quotes, records },
          );
      }
      const ids = [id, ...relIds];
      const before = (await snapshotList(tx, ids)).filter((s): s is FactSnapshot => s !== null);
      await tx.run('edit/retract-facts', { nodeIds: kind === 'node' ? [id] : [], relIds: kind === 'node' ? relIds : [id] });
      const citations = before.flatMap((s) => (s.citations ?? []).map((c) => String(c.id)));
      const changeId = await recordChange(tx, {
        kind: 'retract',
        reason,
        subjects: [...before.map((s) => s.id), ...citations],
        before,
        after: before.map(() => null),
      });
      return { changeId, retracted: before.map((s) => s.id) };
    },
    { context: `retract ${id}` },
  );
}
