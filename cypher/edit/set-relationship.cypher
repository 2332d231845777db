// @name edit/set-relationship
// @description A correction of a relationship: its properties replaced whole by the corrected set
//   (edit/correct.ts). Found through its id claim, which names its ends. Type and ends stay.
// @mode write
// @param id: string — the relationship's id
// @param props: map — every property the relationship keeps (id among them)
MATCH (claim:IdClaim {factId: $id, kind: 'relationship'})
MATCH (a:Entity {id: claim.source})
MATCH (b:Entity {id: claim.target})
// The link between the two bound ends in a subquery of its own, so that it is an Expand(Into) from
// the end of smaller degree (as one pattern the planner walked a hub end's links: see queries/citations-for-facts).
CALL (a, b, claim) {
  MATCH (a)-[r]->(b)
  WHERE r.id = $id AND type(r) = claim.type
  RETURN r
}
SET r = $props
RETURN r.id AS id
