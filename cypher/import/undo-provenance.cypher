// @name import/undo-provenance
// @description Rollback of an import, part 4: deletes the citations and records it created; in
//   transactions of 5,000.
// @mode autocommit
// @param importId: string — the import being rolled back
CALL () {
  MATCH (x:Citation {importId: $importId})
  RETURN x
  UNION
  MATCH (x:Record {importId: $importId})
  RETURN x
}
CALL (x) {
  DETACH DELETE x
} IN TRANSACTIONS OF 5000 ROWS
