// @name import/drop-undo
// @description After a batched import commits: its snapshots (ImportUndo) are no longer needed;
//   also those of imports that are not running any more (left by a process that died between its
//   commit and this clean-up). In transactions of 5,000.
// @mode autocommit
// @param importId: string — the import that committed (or null: only the leftovers)
MATCH (u:ImportUndo)
WHERE u._import = $importId OR NOT EXISTS { MATCH (:Import {id: u._import, status: 'running'}) }
CALL (u) {
  DELETE u
} IN TRANSACTIONS OF 5000 ROWS
