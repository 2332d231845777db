// @name history/restore-relationship
// @description A revert gives a relationship back the state a change's before kept: its properties
//   whole, created between its ends (with its id claim) when it is gone. Nothing when an end is gone
//   (restored first by the revert when the same change removed it).
// @mode write
// @template TYPE: relationshipType
// @param id: string — the relationship
// @param source: string — its start node
// @param target: string — its end node
// @param props: map — its properties as stored
MATCH (a:Entity {id: $source})
MATCH (b:Entity {id: $target})
MERGE (claim:IdClaim {factId: $id})
  ON CREATE SET claim.kind = 'relationship', claim.type = '{{TYPE}}', claim.source = $source, claim.target = $target,
                claim.importId = null
MERGE (a)-[r:{{TYPE}} {id: $id}]->(b)
SET r = $props
RETURN r.id AS id
