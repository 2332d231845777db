// Canonical ids for imports: an id a "same" judgement merged away (a (:MergedId)) names the entity
// that absorbed it, so an import that restates it restates that entity, by the writer's rules that
// lose nothing (aliases united, a different name kept as an alias and in alsoStated, records and
// citations on the canonical id), instead of recreating the duplicate. The merged-away id keeps its
// IdClaim, so no other fact can take it. resolve/canonical.ts answers the same for the read API;
// this asks only for the few ids that were merged away, once per batch.
import type { Executor, NamedTx } from '../../db/executor';

const IDS_PER_STATEMENT = 5_000;

/** The ids among `ids` that were merged away, each with its canonical id (one statement per 5,000 ids). */
export async function mergedIds(db: Executor | NamedTx, ids: Iterable<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const all = [...new Set(ids)];
  for (let i = 0; i < all.length; i += IDS_PER_STATEMENT) {
    const params = { ids: all.slice(i, i + IDS_PER_STATEMENT) };
    const result = 'read' in db ? await db.read('import/merged-ids', params) : await db.run('import/merged-ids', params);
    for (const [id, canonical] of (result.records[0]?.get('pairs') ?? []) as Array<[string, string]>) out.set(id, canonical);
  }
  return out;
}

/** Whether any id was ever merged away: with none, an import need not map what it reads. */
export async function anyMergedIds(executor: Executor): Promise<boolean> {
  return (await executor.read('import/any-merged-ids')).records[0]?.get('any') === true;
}

/** `id` as the import must write it: the canonical id when it was merged away, else itself. */
export const canonicalOf = (merged: ReadonlyMap<string, string>) => (id: string) => merged.get(id) ?? id;

/** A fact whose node id and relationship endpoints may name merged-away entities. */
interface MappableFact {
  id: string;
  source?: string;
  target?: string;
}

/** The ids of facts that may have been merged away: node ids and relationship endpoints. */
export function mappableIds(nodes: readonly MappableFact[], relationships: readonly MappableFact[]): string[] {
  const ids: string[] = [];
  for (const n of nodes) ids.push(n.id);
  for (const r of relationships) if (r.source !== undefined && r.target !== undefined) ids.push(r.source, r.target);
  return ids;
}

/** Nodes and relationships with merged-away ids replaced by canonical ones (the same objects where nothing changes). */
export function mapFacts<N extends MappableFact, R extends MappableFact>(
  merged: ReadonlyMap<string, string>,
  nodes: readonly N[],
  relationships: readonly R[],
): { nodes: N[]; relationships: R[] } {
  if (merged.size === 0) return { nodes: [...nodes], relationships: [...relationships] };
  const to = canonicalOf(merged);
  return {
    nodes: nodes.map((n) => (merged.has(n.id) ? { ...n, id: to(n.id) } : n)),
    relationships: relationships.map((r) =>
      r.source !== undefined && r.target !== undefined && (merged.has(r.source) || merged.has(r.target))
        ? { ...r, source: to(r.source), target: to(r.target) }
        : r,
    ),
  };
}
