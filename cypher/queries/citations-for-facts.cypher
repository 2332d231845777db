// @name queries/citations-for-facts
// @description The citations behind the given facts (node or relationship ids), with their
//   sources, both kinds in one row shape: quotes ((:Citation {factId})-[:CITES]->(:Source)) and
//   records of datasets ((:Record)-[:CITES]->(:Source), listed in the fact's `records`). A
//   relationship is found through its id claim, which names its endpoints: two index seeks, no scan
//   of relationships. Columns a kind does not have are null.
// @param factIds: string[] — ids of nodes and relationships
UNWIND $factIds AS factId
CALL (factId) {
  MATCH (c:Citation {factId: factId})-[:CITES]->(s:Source)
  RETURN 'quote' AS kind, s, c.id AS key, c.quote AS quote, c.status AS status, c.lang AS lang, c.note AS note, null AS rec
  UNION ALL
  MATCH (n:Entity {id: factId})
  MATCH (rec:Record)-[:CITES]->(s:Source)
  WHERE rec.id IN coalesce(n.records, [])
  RETURN 'record' AS kind, s, rec.id AS key, null AS quote, 'reported' AS status, null AS lang, null AS note, rec
  UNION ALL
  MATCH (claim:IdClaim {factId: factId, kind: 'relationship'})
  MATCH (:Entity {id: claim.source})-[r]->(:Entity {id: claim.target})
  WHERE r.id = factId AND type(r) = claim.type
  MATCH (rec:Record)-[:CITES]->(s:Source)
  WHERE rec.id IN coalesce(r.records, [])
  RETURN 'record' AS kind, s, rec.id AS key, null AS quote, 'reported' AS status, null AS lang, null AS note, rec
}
RETURN factId, kind, s AS source, quote, status, lang, note,
       rec.id AS record, rec.file AS file, rec.line AS line, rec.row AS row, rec.recordId AS recordId,
       rec.pointer AS pointer, rec.raw AS raw
ORDER BY factId, kind, s.id, coalesce(rec.line, rec.row), key
