// @name queries/citations-between
// @description How two people are connected and who says so: the shortest paths between them over
//   domain relationships (at most maxHops long) and, for every node and relationship on them, each
//   citation with its source: a quote (its sentence and status) or a record of a dataset (its file,
//   line or row and record id), in the same columns. One row per citation of each step of each path.
// @library
// @param a: string — one person: id, name or alias
// @param b: string — the other person: id, name or alias
// @param maxHops: integer = 4 — longest path considered (at most 10)
// @param paths: integer = 5 — most paths returned
MATCH (pa:Person)
WHERE pa.id = $a OR toLower(pa.name) = toLower($a) OR any(alias IN coalesce(pa.aliases, []) WHERE toLower(alias) = toLower($a))
MATCH (pb:Person)
WHERE pb.id = $b OR toLower(pb.name) = toLower($b) OR any(alias IN coalesce(pb.aliases, []) WHERE toLower(alias) = toLower($b))
MATCH p = allShortestPaths((pa)-[*..10]-(pb))
WHERE pa <> pb AND length(p) <= $maxHops AND all(n IN nodes(p) WHERE n:Entity AND NOT n:Source)
WITH p
LIMIT $paths
UNWIND range(0, length(p) - 1) AS step
WITH p, step, relationships(p)[step] AS r, nodes(p)[step + 1] AS next
// The step's relationship, and the node it enters unless that is the far end.
UNWIND CASE WHEN next <> last(nodes(p)) THEN [r, next] ELSE [r] END AS fact
// Each kind in a CALL of its own, the rows joined as lists (a UNION in a correlated subquery plans no better).
CALL (fact) {
  MATCH (c:Citation {factId: fact.id})-[:CITES]->(s:Source)
  RETURN collect({kind: 'quote', status: c.status, quote: c.quote, rec: null, s: s, key: c.id}) AS quotes
}
CALL (fact) {
  MATCH (rec:Record)-[:CITES]->(s:Source)
  WHERE rec.id IN coalesce(fact.records, [])
  RETURN collect({kind: 'record', status: 'reported', quote: null, rec: rec, s: s, key: rec.id}) AS records
}
UNWIND quotes + records AS x
WITH p, step, r, next, fact, x.kind AS kind, x.status AS status, x.quote AS quote, x.rec AS rec, x.s AS s, x.key AS key
RETURN p AS path, type(r) AS relationship, coalesce(next.name, next.title) AS via, fact.id AS factId,
       kind, status, quote, rec.file AS file, rec.line AS line, rec.row AS row, rec.recordId AS recordId,
       s.title AS source, s.publisher AS publisher, r AS factRelationship, s AS sourceNode
ORDER BY length(p), step, factId, kind, s.id, key
