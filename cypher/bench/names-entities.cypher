// @name bench/names-entities
// @description The name-recall benchmark's entities (bench/name-recall.ts), created by UNWIND rather
//   than through the import pipeline: only what search reads (labels, id, caption, aliases,
//   searchKeys).
// @mode write
// @template LABEL: nodeLabel
// @param rows: list — [{props}] of type LABEL, props holding id, name or title, aliases, searchKeys
UNWIND $rows AS row
CREATE (n:Entity:{{LABEL}})
SET n = row.props
