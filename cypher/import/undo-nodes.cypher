// @name import/undo-nodes
// @description Rollback of an import, part 3: deletes the nodes it created (found by their claims)
//   and their claims. Imports run one at a time, so a node created by this import has no
//   relationship but this import's, which part 2 deleted; in transactions of 2,000.
// @mode autocommit
// @param importId: string — the import being rolled back
MATCH (c:IdClaim {importId: $importId})
WHERE c.kind = 'node'
CALL (c) {
  OPTIONAL MATCH (n:Entity {id: c.factId})
  DETACH DELETE n, c
} IN TRANSACTIONS OF 2000 ROWS
