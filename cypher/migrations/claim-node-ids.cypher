// @name migrations/claim-node-ids
// @description Migration step id-claims, part 1: gives every stored node the claim of its id that
//   imports now write (cypher/import/merge-nodes). A node that has several domain labels (written
//   by concurrent imports before the claims) is claimed with no type, which reserves its id and
//   refuses every import of it until someone keeps one label; the claim takes that label then.
// @mode autocommit
// @param labels: string[] — the schema's node labels
MATCH (n:Entity)
WHERE n.id IS NOT NULL
CALL (n) {
  WITH n, [l IN labels(n) WHERE l IN $labels] AS types
  MERGE (claim:IdClaim {factId: n.id})
    ON CREATE SET claim.kind = 'node', claim.type = CASE size(types) WHEN 1 THEN types[0] END
  WITH claim, types
  WHERE claim.kind = 'node' AND claim.type IS NULL AND size(types) = 1
  SET claim.type = types[0]
} IN TRANSACTIONS OF 5000 ROWS
