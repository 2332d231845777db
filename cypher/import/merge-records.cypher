// @name import/merge-records
// @description Record provenance: one (:Record) per record of a dataset, linked to its Source, shared
//   by every fact derived from it (facts list its id in `records`). A stored record is kept as it is:
//   its id (recordNodeId) already says which record of which file it is. Rows whose Source is not
//   stored come back in `missing`.
// @mode write
// @param rows: list — [{id, source, file, line, row, recordId, pointer, raw}]
// @param importId: string — the import writing them (on the records it creates)
UNWIND $rows AS row
OPTIONAL MATCH (s:Entity:Source {id: row.source})
CALL (row, s) {
  WITH row, s
  WHERE s IS NOT NULL
  MERGE (r:Record {id: row.id})
    ON CREATE SET r.source = row.source,
                  r.file = row.file,
                  r.line = row.line,
                  r.row = row.row,
                  r.recordId = row.recordId,
                  r.pointer = row.pointer,
                  r.raw = row.raw,
                  r.importId = $importId
  MERGE (r)-[:CITES]->(s)
}
RETURN collect(CASE WHEN s IS NULL THEN {id: row.id, source: row.source} END) AS missing
