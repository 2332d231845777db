// @name edit/citing-facts
// @description How many facts other than the given ones a Source supports (by quote or by record):
//   a Source still cited cannot be retracted, or those facts would lose their evidence.
// @mode read
// @param id: string — the Source's id
// @param except: string[] — fact ids retracted with it
MATCH (s:Source {id: $id})
CALL (s) {
  OPTIONAL MATCH (c:Citation)-[:CITES]->(s)
  WHERE NOT c.factId IN $except
  RETURN count(c) AS quotes
}
CALL (s) {
  OPTIONAL MATCH (rec:Record)-[:CITES]->(s)
  RETURN count(rec) AS records
}
RETURN quotes, records
