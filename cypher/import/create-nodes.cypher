// @name import/create-nodes
// @description The writer's fast path for nodes of one type that this transaction found unclaimed
//   (import/lookup-facts, inside the same transaction and under the import lock): each claims its
//   id and is created whole, with none of import/merge-nodes' comparisons. Its claim is CREATEd: if
//   another writer claimed the id meanwhile, the claims' uniqueness constraint fails the transaction
//   rather than letting two facts share an id. Returns the columns of import/merge-nodes.
// @mode write
// @template LABEL: nodeLabel
// @param rows: list — [{id, props}] of type LABEL, unclaimed, each id once: props as stored (the whole new node)
// @param importId: string — the import creating them (on their claims, which its rollback follows)
UNWIND $rows AS row
CREATE (:IdClaim {factId: row.id, kind: 'node', type: '{{LABEL}}', importId: $importId})
CREATE (n:Entity:{{LABEL}})
SET n = row.props
RETURN count(*) AS created, 0 AS merged, 0 AS alsoStated, [] AS conflicts
