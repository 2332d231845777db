// @name export/script-merge-relationships
// @description A statement of the exported Cypher script (never run by the server): creates or
//   updates the relationships of one type by id between nodes the script created before, with
//   their stored properties, each id claimed as Liaison claims it (see script-merge-nodes). $rows is
//   bound by the `:param rows => [...]` line before it.
// @mode write
// @template TYPE: relationshipType
// @param rows: list — [{id, source, target, props}], all of type TYPE
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (claim:IdClaim {factId: row.id, kind: 'relationship', type: '{{TYPE}}', source: row.source, target: row.target})
MERGE (a)-[r:{{TYPE}} {id: row.id}]->(b)
SET r += row.props
