// @name import/merge-relationships
// @description Creates or updates relationships of one type by id between existing nodes, each after
//   claiming its id in the one id space of nodes and relationships (as import/merge-nodes does). A
//   row whose id is claimed by a node, by another relationship type or by this type between other
//   endpoints writes nothing and comes back in `conflicts`; the importer rolls the whole transaction back.
// @mode write
// @template TYPE: relationshipType
// @param rows: list — [{id, source, target, props}], all of type TYPE, sorted by id
UNWIND $rows AS row
MERGE (claim:IdClaim {factId: row.id})
  ON CREATE SET claim.kind = 'relationship', claim.type = '{{TYPE}}', claim.source = row.source, claim.target = row.target
WITH row, claim,
     coalesce(claim.kind = 'relationship' AND claim.type = '{{TYPE}}' AND claim.source = row.source AND claim.target = row.target, false) AS ours
CALL (row, ours) {
  WITH row, ours
  WHERE ours
  MATCH (a:Entity {id: row.source})
  MATCH (b:Entity {id: row.target})
  MERGE (a)-[r:{{TYPE}} {id: row.id}]->(b)
  SET r += row.props
}
RETURN collect(CASE WHEN NOT ours THEN {id: row.id, kind: claim.kind, type: claim.type, source: claim.source, target: claim.target} END) AS conflicts
