// @name migrations/claim-relationship-ids
// @description Migration step id-claims, part 2 (after the nodes): gives every stored relationship
//   the claim of its id, with its type and endpoints. An id already claimed (by a node, or by a
//   relationship of another type or between other endpoints) is left to that claim and reported by
//   migrations/id-collisions; nothing is changed or deleted.
// @mode autocommit
// @param types: string[] — the schema's relationship types
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types AND r.id IS NOT NULL
CALL (a, r, b) {
  MERGE (claim:IdClaim {factId: r.id})
    ON CREATE SET claim.kind = 'relationship', claim.type = type(r), claim.source = a.id, claim.target = b.id
} IN TRANSACTIONS OF 5000 ROWS
