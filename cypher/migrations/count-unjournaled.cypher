// @name migrations/count-unjournaled
// @description Migration step import-journal: how many id claims and citations name no import
//   (written before imports were journaled).
CALL () {
  MATCH (c:IdClaim)
  WHERE c.importId IS NULL
  RETURN count(c) AS claims
}
CALL () {
  MATCH (c:Citation)
  WHERE c.importId IS NULL
  RETURN count(c) AS citations
}
RETURN claims + citations AS total
