// Follows ids that a merge took away to the entity that absorbed them, for the read API (an old
// permalink still opens the person) and for imports (a re-import restates the canonical entity
// instead of recreating the duplicate).
import type { Executor, NamedTx } from '../db/executor';

/** Each id mapped to the id of the entity it names now (itself when it was never merged away). */
export async function canonicalIds(db: Executor | NamedTx, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const params = { ids: [...new Set(ids)] };
  const result =
    'read' in db
      ? await db.read<{ id: string; canonicalId: string }>('resolve/canonical-ids', params)
      : await db.run<{ id: string; canonicalId: string }>('resolve/canonical-ids', params);
  for (const r of result.records) out.set(r.get('id'), r.get('canonicalId'));
  return out;
}
