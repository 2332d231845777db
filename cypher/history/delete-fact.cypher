// @name history/delete-fact
// @description A revert removes a fact the reverted change created: a relationship, or a node with
//   its relationships, with the citations of each and their id claims (history keeps the fact in the
//   revert's before). Returns how many facts went.
// @mode write
// @param id: string — the fact
CALL () {
  OPTIONAL MATCH (n:Entity {id: $id})
  OPTIONAL MATCH (n)-[r]-(:Entity)
  WITH n, collect(DISTINCT r) AS rels
  WITH n, rels, [r IN rels | r.id] AS relIds
  CALL (relIds) {
    UNWIND relIds AS rid
    OPTIONAL MATCH (c:Citation {factId: rid})
    OPTIONAL MATCH (k:IdClaim {factId: rid})
    DETACH DELETE c, k
  }
  FOREACH (r IN rels | DELETE r)
  DETACH DELETE n
  RETURN count(n) AS nodes
}
CALL () {
  OPTIONAL MATCH (claim:IdClaim {factId: $id, kind: 'relationship'})
  OPTIONAL MATCH (ms:MergedId {id: claim.source})
  OPTIONAL MATCH (mt:MergedId {id: claim.target})
  OPTIONAL MATCH (a:Entity {id: coalesce(ms.canonicalId, claim.source)})
  OPTIONAL MATCH (b:Entity {id: coalesce(mt.canonicalId, claim.target)})
  // The link between the two bound ends in a subquery of its own, so that it is an Expand(Into) from
  // the end of smaller degree (as one pattern the planner walked a hub end's links: see queries/citations-for-facts).
  CALL (a, b) {
    OPTIONAL MATCH (a)-[r]->(b)
      WHERE r.id = $id
    RETURN r
  }
  DELETE r
  RETURN count(r) AS relationships
}
CALL () {
  OPTIONAL MATCH (c:Citation {factId: $id})
  OPTIONAL MATCH (k:IdClaim {factId: $id})
  DETACH DELETE c, k
  RETURN count(c) AS citations
}
RETURN nodes, relationships, citations
