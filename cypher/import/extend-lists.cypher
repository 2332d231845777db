// @name import/extend-lists
// @description The writer's fast path for nodes of one type restated within one import exactly as
//   it wrote them before (same scalars, statuses and alsoStated entries, by the writer's memory of
//   what it wrote): import/merge-nodes could only add list items (aliases, identifiers, searchKeys,
//   records) to them, so this adds them as unions and compares nothing else. Needs no journal: the
//   import created these nodes or snapshotted them at its first change. Returns the columns of
//   import/merge-nodes.
// @mode write
// @template LABEL: nodeLabel
// @param rows: list — [{id, lists}] of type LABEL: lists {key: [values]} to add as unions
UNWIND $rows AS row
MATCH (n:Entity:{{LABEL}} {id: row.id})
  USING INDEX n:Entity(id)
FOREACH (k IN keys(row.lists) |
  SET n[k] = coalesce(n[k], []) + [x IN row.lists[k] WHERE NOT x IN coalesce(n[k], [])])
RETURN 0 AS created, count(n) AS merged, 0 AS alsoStated, [] AS conflicts
