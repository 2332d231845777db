// @name resolve/merge-read
// @description What a merge changes beyond the two nodes, read for the judgement's snapshot before
//   it is changed: every relationship of the absorbed entity with its type, id, properties and
//   original endpoints (each end as its kind and id), the claims of those relationship ids, the ids
//   of the quote citations keyed by the absorbed id, the MergedIds that name it (re-pointed to the
//   survivor), and the Sources behind it (quotes and records), which alsoStated entries name.
// @param absorbed: string — the id merged away
MATCH (x:Entity {id: $absorbed})
CALL (x) {
  MATCH (x)-[r]-()
  WITH DISTINCT r
  WITH r, startNode(r) AS f, endNode(r) AS t
  RETURN collect({type: type(r), id: r.id, from: f.id, to: t.id,
                  fromKind: CASE WHEN f:Entity THEN 'Entity' WHEN f:Citation THEN 'Citation' WHEN f:Record THEN 'Record' END,
                  toKind: CASE WHEN t:Entity THEN 'Entity' WHEN t:Citation THEN 'Citation' WHEN t:Record THEN 'Record' END}) AS rels
}
CALL (rels) {
  UNWIND [r IN rels WHERE r.id IS NOT NULL | r.id] AS rid
  MATCH (c:IdClaim {factId: rid})
  RETURN collect({factId: c.factId, source: c.source, target: c.target}) AS claims
}
CALL (x) {
  OPTIONAL MATCH (c:Citation {factId: x.id})
  RETURN collect(c.id) AS citations
}
CALL (x) {
  OPTIONAL MATCH (m:MergedId {canonicalId: x.id})
  RETURN collect(m.id) AS repointed
}
CALL (x) {
  OPTIONAL MATCH (:Citation {factId: x.id})-[:CITES]->(s:Source)
  RETURN collect(DISTINCT s.id) AS quoteSources
}
CALL (x) {
  UNWIND coalesce(x.records, []) AS rid
  MATCH (:Record {id: rid})-[:CITES]->(s:Source)
  RETURN collect(DISTINCT s.id) AS recordSources
}
RETURN rels, claims, citations, repointed, quoteSources + [s IN recordSources WHERE NOT s IN quoteSources] AS sources
