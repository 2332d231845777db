// @name import/merge-nodes
// @description Creates or updates nodes of one type by id. Every node carries :Entity (one
//   uniqueness constraint for all ids) and its domain label. Properties are merged (+=):
//   re-importing a bundle changes nothing; a later bundle may add properties.
// @mode write
// @template LABEL: nodeLabel
// @param rows: list — [{id, props}], all of type LABEL
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:{{LABEL}}
SET n += row.props
