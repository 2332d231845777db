// PATCH /api/citations/:id: a quote citation's status (reported, speculative, disputed) changed,
// with the reason; the fact's citationStatus is derived again, and the Change ('status') holds the
// fact with its citations before and after.
import { z } from 'zod';

import type { Executor } from '../db/executor';
import { NotFoundError } from '../errors';
import { recordChange } from '../history/record';
import { CITATION_STATUSES } from '../schema/model';
import type { EditResult } from './correct';
import { readSnapshot } from './snapshot';

export const statusBody = z.strictObject({
  status: z.enum(CITATION_STATUSES),
  reason: z.string().trim().min(1, 'say why the status changes').max(2_000),
});
export type StatusBody = z.infer<typeof statusBody>;

export async function setCitationStatus(executor: Executor, id: string, body: StatusBody): Promise<EditResult & { factId: string }> {
  return executor.transaction(
    'write',
    async (tx) => {
      const c = (await tx.run('edit/citation', { id })).records[0];
      if (!c)
        throw new NotFoundError(`No citation with id "${id}".`, {}, [
          { path: '$.params.id', message: 'no quote citation has this id', code: 'not_found' },
        ]);
      const factId = c.get('factId') as string;
      const before = await readSnapshot(tx, factId);
      await tx.run('edit/set-citation-status', { id, status: body.status });
      await tx.run('edit/refresh-citation-status', { ids: [factId] });
      const after = await readSnapshot(tx, factId);
      const changeId = await recordChange(tx, {
        kind: 'status',
        reason: body.reason,
        subjects: [factId, id],
        before: [before],
        after: [after],
      });
      return { changeId, fact: after, factId };
    },
    { context: `citation status ${id}` },
  );
}
