// @name import/merge-relationships
// @description Creates or updates relationships of one type by id between existing nodes. An id
//   reused between other endpoints breaks the uniqueness constraint and rolls the whole import back.
// @mode write
// @template TYPE: relationshipType
// @param rows: list — [{id, source, target, props}], all of type TYPE
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:{{TYPE}} {id: row.id}]->(b)
SET r += row.props
