// @name import/undo-relationships
// @description Rollback of an import, part 2: deletes the relationships it created (found by their
//   claims, which carry its id) and their claims; in transactions of 2,000.
// @mode autocommit
// @param importId: string — the import being rolled back
MATCH (c:IdClaim {importId: $importId})
WHERE c.kind = 'relationship'
CALL (c) {
  OPTIONAL MATCH (:Entity {id: c.source})-[r]->(:Entity {id: c.target})
    WHERE r.id = c.factId AND type(r) = c.type
  DELETE r, c
} IN TRANSACTIONS OF 2000 ROWS
