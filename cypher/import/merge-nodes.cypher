// @name import/merge-nodes
// @description Creates or updates nodes by id. Every node carries :Entity (one uniqueness constraint
//   for all ids) and its domain label, which the importer has checked against the schema's allow-list.
//   Properties are merged (+=): re-importing a bundle changes nothing; a later bundle may add properties.
// @mode write
// @param rows: list — [{id, type, props}]
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:$(row.type)
SET n += row.props
