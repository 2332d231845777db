// @name edit/fact-snapshots
// @description The facts with the given ids as history keeps them (server/src/edit/snapshot.ts):
//   a node with its labels and properties, or a relationship with its type, ends and properties
//   (found through its id claim, which names its ends: index seeks, no scan), each with its quote
//   citations (every property, and the id of the Source cited). An id that names nothing gives a
//   row with null node and relationship.
// @mode read
// @param ids: string[] — ids of nodes and relationships
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
OPTIONAL MATCH (claim:IdClaim {factId: id, kind: 'relationship'})
OPTIONAL MATCH (a:Entity {id: claim.source})-[r]->(b:Entity {id: claim.target})
  WHERE r.id = id AND type(r) = claim.type
CALL (id) {
  OPTIONAL MATCH (c:Citation {factId: id})-[:CITES]->(s:Source)
  WITH c, s ORDER BY c.id
  RETURN collect(CASE WHEN c IS NULL THEN null ELSE c {.*, source: s.id} END) AS citations
}
RETURN id, labels(n) AS labels, properties(n) AS nodeProps,
       type(r) AS type, a.id AS source, b.id AS target, properties(r) AS relProps, citations
