// @name import/undo-restore
// @description Rollback of a batched import, part 1: every stored fact it changed gets back the
//   properties snapshotted in its (:ImportUndo) before the first change (dates keep their types),
//   and the snapshot is deleted; in transactions of 1,000.
// @mode autocommit
// @param importId: string — the import being rolled back
MATCH (u:ImportUndo {_import: $importId})
CALL (u) {
  OPTIONAL MATCH (n:Entity {id: u._fact})
    WHERE u._kind = 'node'
  OPTIONAL MATCH (:Entity {id: u._source})-[r]->(:Entity {id: u._target})
    WHERE u._kind = 'relationship' AND r.id = u._fact AND type(r) = u._type
  FOREACH (x IN CASE WHEN n IS NULL THEN [] ELSE [n] END |
    SET x = properties(u)
    REMOVE x._key, x._import, x._fact, x._kind)
  FOREACH (x IN CASE WHEN r IS NULL THEN [] ELSE [r] END |
    SET x = properties(u)
    REMOVE x._key, x._import, x._fact, x._kind, x._type, x._source, x._target)
  DELETE u
} IN TRANSACTIONS OF 1000 ROWS
