// @name import/merge-relationships
// @description Creates or updates relationships by id between existing nodes; the type comes from the
//   schema's allow-list. An id reused between other endpoints breaks the uniqueness constraint and
//   rolls the whole import back.
// @mode write
// @param rows: list — [{id, type, source, target, props}]
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
SET r += row.props
