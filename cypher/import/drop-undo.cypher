// @name import/drop-undo
// @description After an import ends: the snapshots (ImportUndo) it took of the stored facts it
//   changed are kept for history as (:ImportBefore) when it committed (GET /api/nodes/:id/history
//   names the imports that changed a fact, and reverting an import gives them back), and deleted when
//   it did not; the same for those of imports that are not running any more (left by a process that
//   died between its commit and this clean-up). In transactions of 5,000.
// @mode autocommit
// @param importId: string — the import that ended (or null: only the leftovers)
MATCH (u:ImportUndo)
WHERE u._import = $importId OR NOT EXISTS { MATCH (:Import {id: u._import, status: 'running'}) }
CALL (u) {
  OPTIONAL MATCH (i:Import {id: u._import, status: 'committed'})
  FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | SET u:ImportBefore REMOVE u:ImportUndo)
  FOREACH (_ IN CASE WHEN i IS NULL THEN [1] ELSE [] END | DELETE u)
} IN TRANSACTIONS OF 5000 ROWS
