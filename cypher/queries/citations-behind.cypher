// @name queries/citations-behind
// @description The citations behind given facts, such as the nodes and relationships of a path:
//   one row per citation, of either kind in the same columns. A quote (kind "quote") gives its
//   sentence, status and language; a record of a dataset (kind "record") gives its file, line or
//   row, the dataset's record id and the record as read (raw); both give the source, and a
//   dataset's version, retrieval date and licence. Ids are those of nodes and relationships (the
//   explorer and every API answer show them); a relationship is found through its id claim, by
//   its two ends.
//   (A relationship's link is looked up in a CALL of its own, from the end of smaller degree, and
//   the fact's id is `fid`, not `factId`: either way the planner walked a hub or scanned every
//   citation per fact; see queries/citations-for-facts.)
// @library
// @param ids: string[] — ids of nodes and relationships
UNWIND $ids AS fid
OPTIONAL MATCH (n:Entity {id: fid})
OPTIONAL MATCH (claim:IdClaim {factId: fid, kind: 'relationship'})
OPTIONAL MATCH (a:Entity {id: claim.source})
OPTIONAL MATCH (b:Entity {id: claim.target})
CALL (a, b, fid, claim) {
  OPTIONAL MATCH (a)-[r]->(b)
  WHERE r.id = fid AND type(r) = claim.type
  RETURN r
}
WITH fid, n, r
WHERE n IS NOT NULL OR r IS NOT NULL
CALL (fid) {
  MATCH (c:Citation {factId: fid})-[:CITES]->(s:Source)
  RETURN collect({kind: 'quote', status: c.status, quote: c.quote, lang: c.lang, note: c.note, s: s, key: c.id}) AS quotes
}
CALL (n, r) {
  MATCH (rec:Record)-[:CITES]->(s:Source)
  WHERE rec.id IN coalesce(n.records, r.records, [])
  RETURN collect({kind: 'record', status: 'reported', rec: rec, s: s, key: rec.id}) AS records
}
UNWIND quotes + records AS x
WITH fid, n, r, x.kind AS kind, x.status AS status, x.quote AS quote, x.lang AS lang, x.note AS note, x.rec AS rec, x.s AS s, x.key AS key
ORDER BY fid, kind, s.id, coalesce(rec.line, rec.row), key
RETURN fid AS factId, CASE WHEN n IS NULL THEN 'relationship' ELSE 'node' END AS factKind, coalesce(n.name, n.title, type(r)) AS fact,
       kind, status, quote, lang, note,
       rec.file AS file, rec.line AS line, rec.row AS row, rec.recordId AS recordId, rec.pointer AS pointer, rec.raw AS raw,
       s.title AS source, s.publisher AS publisher, s.url AS url,
       left(toString(s.published), CASE s.publishedPrecision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS published,
       s.version AS version,
       left(toString(s.retrieved), CASE s.retrievedPrecision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS retrieved,
       s.licence AS licence,
       coalesce(n, r) AS factElement, s AS sourceNode
