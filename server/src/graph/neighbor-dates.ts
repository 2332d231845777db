// When an entity's neighbours through one relationship type are dated: the per-year counts behind
// the explorer's group nodes ("322 meetings, 2019–2024") and their mini-timeline. Kept apart from
// the neighbour pages because it walks the entity's links (the pages' counts come from the degree
// store in constant time), so the client asks for it once per group, not with every page.
import { NotFoundError } from '../errors';
import type { Executor } from '../db/executor';
import { toJson } from '../db/values';
import { canonicalIds } from '../resolve/canonical';
import type { NeighborDates } from './api-types';

export async function neighborDates(executor: Executor, asked: string, relType: string): Promise<NeighborDates> {
  return executor.transaction(
    'read',
    async (tx) => {
      // An id merged away answers for the entity that absorbed it, as the neighbour pages do.
      const id = (await canonicalIds(tx, [asked])).get(asked) ?? asked;
      const exists = await tx.run('queries/node', { id });
      if (exists.records.length === 0) throw new NotFoundError(`No entity with id "${id}".`, { id });
      const rows = (
        await tx.run<{ year: unknown; count: unknown; first: string; last: string }>('queries/neighbor-dates', { id }, { REL: relType })
      ).records;
      const byYear = rows.map((r) => ({ year: Number(toJson(r.get('year'))), count: Number(toJson(r.get('count'))) }));
      return {
        id,
        relType,
        dated: byYear.reduce((a, b) => a + b.count, 0),
        first: rows[0]?.get('first') ?? null,
        last: rows[rows.length - 1]?.get('last') ?? null,
        byYear,
      };
    },
    { context: 'queries/neighbor-dates' },
  );
}
