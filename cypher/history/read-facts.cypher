// @name history/read-facts
// @description The facts with the given ids as they are now, for a change's before or after
//   (server/src/history/snapshot.ts): a node with its labels, a relationship with its type and ends,
//   each with its citations and the id of the Source each cites (a relationship found by its claim's
//   ends, through the ids a merge moved them from). An id that names no fact is left out.
// @param ids: string[] — ids of nodes or relationships
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
OPTIONAL MATCH (claim:IdClaim {factId: id})
  WHERE n IS NULL AND claim.kind = 'relationship'
OPTIONAL MATCH (ms:MergedId {id: claim.source})
OPTIONAL MATCH (mt:MergedId {id: claim.target})
OPTIONAL MATCH (a:Entity {id: coalesce(ms.canonicalId, claim.source)})
OPTIONAL MATCH (b:Entity {id: coalesce(mt.canonicalId, claim.target)})
// The link between the two bound ends in a subquery of its own, so that it is an Expand(Into) from
// the end of smaller degree (as one pattern the planner walked a hub end's links: see queries/citations-for-facts).
CALL (a, b, id) {
  OPTIONAL MATCH (a)-[r]->(b)
    WHERE r.id = id
  RETURN r
}
WITH id, n, head(collect(r)) AS r
WHERE n IS NOT NULL OR r IS NOT NULL
CALL (id) {
  OPTIONAL MATCH (c:Citation {factId: id})
  OPTIONAL MATCH (c)-[:CITES]->(s:Source)
  WITH c, s ORDER BY c.id
  RETURN collect(CASE WHEN c IS NOT NULL THEN {props: properties(c), source: s.id} END) AS citations
}
RETURN id,
       CASE WHEN n IS NOT NULL THEN 'node' ELSE 'relationship' END AS kind,
       CASE WHEN n IS NOT NULL THEN labels(n) ELSE [] END AS labels,
       CASE WHEN n IS NOT NULL THEN properties(n) ELSE properties(r) END AS props,
       CASE WHEN r IS NOT NULL THEN type(r) END AS type,
       CASE WHEN r IS NOT NULL THEN startNode(r).id END AS source,
       CASE WHEN r IS NOT NULL THEN endNode(r).id END AS target,
       citations
