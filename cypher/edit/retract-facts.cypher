// @name edit/retract-facts
// @description Removes facts from the graph (a retraction; its Change keeps them whole in `before`):
//   the relationships (found through their claims), then the nodes with any link left, and the
//   quote citations and id claims of all of them. Records of datasets stay: other facts share them.
// @mode write
// @param nodeIds: string[] — nodes to remove
// @param relIds: string[] — relationships to remove (those at the nodes among them)
CALL () {
  UNWIND $relIds AS id
  MATCH (claim:IdClaim {factId: id, kind: 'relationship'})
  MATCH (a:Entity {id: claim.source})
  MATCH (b:Entity {id: claim.target})
  // The link between the two bound ends in a subquery of its own, so that it is an Expand(Into) from
  // the end of smaller degree (as one pattern the planner walked a hub end's links: see queries/citations-for-facts).
  CALL (a, b, id, claim) {
    MATCH (a)-[r]->(b)
    WHERE r.id = id AND type(r) = claim.type
    RETURN r
  }
  DELETE r
  RETURN count(*) AS relationships
}
CALL () {
  UNWIND $nodeIds AS id
  MATCH (n:Entity {id: id})
  DETACH DELETE n
  RETURN count(*) AS nodes
}
CALL () {
  UNWIND $nodeIds + $relIds AS id
  MATCH (c:Citation {factId: id})
  DETACH DELETE c
  RETURN count(*) AS citations
}
CALL () {
  UNWIND $nodeIds + $relIds AS id
  MATCH (claim:IdClaim {factId: id})
  DELETE claim
  RETURN count(*) AS claims
}
RETURN relationships, nodes, citations, claims
