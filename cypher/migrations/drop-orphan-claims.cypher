// @name migrations/drop-orphan-claims
// @description Migration step id-claims, part 0: removes claims that no stored fact holds any more,
//   because someone fixed a collision by hand (gave a relationship a new id, removed a fact). A claim
//   and its fact are always written in one transaction, so no import in progress can lose its claim.
// @mode autocommit
MATCH (claim:IdClaim)
WHERE NOT coalesce(
  CASE claim.kind
    WHEN 'node' THEN EXISTS { MATCH (:Entity {id: claim.factId}) }
    WHEN 'relationship' THEN EXISTS {
      MATCH (:Entity {id: claim.source})-[r {id: claim.factId}]->(:Entity {id: claim.target})
      WHERE type(r) = claim.type
    }
  END, false)
CALL (claim) { DELETE claim } IN TRANSACTIONS OF 5000 ROWS
