// @name import/create-relationships
// @description The writer's fast path for relationships of one type that this transaction found
//   unclaimed (as import/create-nodes): between stored nodes of the type's endpoint labels, each
//   claims its id and is created whole. A row whose endpoints are not stored, or not of those labels,
//   writes nothing and comes back in `missing`. Returns the columns of import/merge-relationships.
// @mode write
// @template TYPE: relationshipType
// @param rows: list — [{id, source, target, props}] of type TYPE, unclaimed, each id once
// @param from: string[] — labels the type may start at
// @param to: string[] — labels the type may end at
// @param importId: string — the import creating them (on their claims, which its rollback follows)
UNWIND $rows AS row
OPTIONAL MATCH (a:Entity {id: row.source})
OPTIONAL MATCH (b:Entity {id: row.target})
WITH row, a, b,
     coalesce(any(l IN labels(a) WHERE l IN $from) AND any(l IN labels(b) WHERE l IN $to), false) AS ends
CALL (row, a, b, ends) {
  WITH row, a, b
  WHERE ends
  CREATE (:IdClaim {factId: row.id, kind: 'relationship', type: '{{TYPE}}', source: row.source, target: row.target, importId: $importId})
  CREATE (a)-[s:{{TYPE}}]->(b)
  SET s = row.props
}
RETURN count(CASE WHEN ends THEN 1 END) AS created,
       0 AS merged,
       0 AS alsoStated,
       [] AS conflicts,
       collect(CASE WHEN NOT ends THEN {id: row.id, source: labels(a), target: labels(b)} END) AS missing
