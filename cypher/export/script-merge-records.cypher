// @name export/script-merge-records
// @description A statement of the exported Cypher script (never run by the server): recreates the
//   provenance records of datasets behind the exported facts, one (:Record)-[:CITES]->(:Source) per
//   record, as Liaison stores them; the facts list them in their `records` property, which the node
//   and relationship statements carry over. $rows is bound by the `:param rows => [...]` line before it.
// @mode write
// @param rows: list — [{id, source, file, line, row, recordId, pointer, raw}]
UNWIND $rows AS row
MATCH (s:Entity:Source {id: row.source})
MERGE (rec:Record {id: row.id})
SET rec.source = row.source,
    rec.file = row.file,
    rec.line = row.line,
    rec.row = row.row,
    rec.recordId = row.recordId,
    rec.pointer = row.pointer,
    rec.raw = row.raw
MERGE (rec)-[:CITES]->(s)
