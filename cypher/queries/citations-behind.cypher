// @name queries/citations-behind
// @description The citations behind given facts, such as the nodes and relationships of a path:
//   one row per citation, of either kind in the same columns. A quote (kind "quote") gives its
//   sentence, status and language; a record of a dataset (kind "record") gives its file, line or
//   row, the dataset's record id and the record as read (raw); both give the source, and a
//   dataset's version, retrieval date and licence. Ids are those of nodes and relationships (the
//   explorer and every API answer show them); a relationship is found through its id claim, by
//   its two ends.
// @library
// @param ids: string[] — ids of nodes and relationships
UNWIND $ids AS factId
OPTIONAL MATCH (n:Entity {id: factId})
OPTIONAL MATCH (claim:IdClaim {factId: factId, kind: 'relationship'})
OPTIONAL MATCH (:Entity {id: claim.source})-[r]->(:Entity {id: claim.target})
WHERE r.id = factId AND type(r) = claim.type
WITH factId, n, r
WHERE n IS NOT NULL OR r IS NOT NULL
CALL (factId, n, r) {
  // Quotes: (:Citation {factId})-[:CITES]->(:Source).
  MATCH (c:Citation {factId: factId})-[:CITES]->(s:Source)
  RETURN 'quote' AS kind, c.status AS status, c.quote AS quote, c.lang AS lang, c.note AS note, null AS rec, s, c.id AS key
  UNION ALL
  // Records: the fact lists their ids in `records`; each (:Record)-[:CITES]->(:Source).
  MATCH (rec:Record)-[:CITES]->(s:Source)
  WHERE rec.id IN coalesce(n.records, r.records, [])
  RETURN 'record' AS kind, 'reported' AS status, null AS quote, null AS lang, null AS note, rec, s, rec.id AS key
}
WITH factId, n, r, kind, status, quote, lang, note, rec, s, key
ORDER BY factId, kind, s.id, coalesce(rec.line, rec.row), key
RETURN factId, CASE WHEN n IS NULL THEN 'relationship' ELSE 'node' END AS factKind, coalesce(n.name, n.title, type(r)) AS fact,
       kind, status, quote, lang, note,
       rec.file AS file, rec.line AS line, rec.row AS row, rec.recordId AS recordId, rec.pointer AS pointer, rec.raw AS raw,
       s.title AS source, s.publisher AS publisher, s.url AS url,
       left(toString(s.published), CASE s.publishedPrecision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS published,
       s.version AS version,
       left(toString(s.retrieved), CASE s.retrievedPrecision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS retrieved,
       s.licence AS licence,
       coalesce(n, r) AS factElement, s AS sourceNode
