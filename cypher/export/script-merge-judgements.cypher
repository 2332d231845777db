// @name export/script-merge-judgements
// @description A statement of the exported Cypher script (never run by the server): recreates the
//   judgements on the exported entities, live and undone, by id with their stored properties
//   (seq, pairKey, reasons as JSON text) except a merge's snapshot, which describes entities
//   outside the export. $rows is bound by the `:param rows => [...]` line before it.
// @mode write
// @param rows: list — [{id, props}]
UNWIND $rows AS row
MERGE (j:Judgement {id: row.id})
SET j += row.props
