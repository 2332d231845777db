// @name migrations/id-collisions
// @description Stored facts that break the one id space: a node with several domain labels, or a
//   relationship whose id is claimed by another fact (a node, another relationship type, or the same
//   type between other endpoints). Their citations (linked by factId) may be mixed. The total, and
//   the first `limit` of them by id.
// @param labels: string[] — the schema's node labels
// @param types: string[] — the schema's relationship types
// @param limit: integer = 20 — how many to list
CALL () {
  MATCH (n:Entity)
  WITH n, [l IN labels(n) WHERE l IN $labels] AS types
  WHERE size(types) > 1
  RETURN n.id AS id, 'node' AS kind, types AS types, null AS source, null AS target, null AS claimedBy
  UNION ALL
  MATCH (a:Entity)-[r]->(b:Entity)
  WHERE type(r) IN $types AND r.id IS NOT NULL
  OPTIONAL MATCH (claim:IdClaim {factId: r.id})
  WITH a, r, b, claim
  WHERE NOT coalesce(claim.kind = 'relationship' AND claim.type = type(r) AND claim.source = a.id AND claim.target = b.id, false)
  RETURN r.id AS id, 'relationship' AS kind, [type(r)] AS types, a.id AS source, b.id AS target,
         claim {.kind, .type, .source, .target} AS claimedBy
}
WITH id, kind, types, source, target, claimedBy
ORDER BY id, kind
WITH collect({id: id, kind: kind, types: types, source: source, target: target, claimedBy: claimedBy}) AS found
RETURN size(found) AS total, found[..$limit] AS sample
