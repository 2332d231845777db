// @name migrations/mark-legacy
// @description Migration step import-journal, part 2: id claims and citations written before
//   imports were journaled are marked as created by the legacy import, as an import marks what it
//   creates (the facts themselves, their values and citations are not changed). In transactions of 10,000.
// @mode autocommit
CALL () {
  MATCH (x:IdClaim)
  WHERE x.importId IS NULL
  RETURN x
  UNION
  MATCH (x:Citation)
  WHERE x.importId IS NULL
  RETURN x
}
CALL (x) {
  SET x.importId = 'legacy'
} IN TRANSACTIONS OF 10000 ROWS
