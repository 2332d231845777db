// @name import/create-records
// @description The writer's fast path for provenance records that this transaction found unstored
//   (import/stored-records): each is created with its link to its Source, with none of
//   import/merge-records' MERGEs; the Record id's uniqueness constraint guards against another
//   writer. Rows whose Source is not stored come back in `missing`, as from import/merge-records.
// @mode write
// @param rows: list — [{id, source, file, line, row, recordId, pointer, raw}], unstored, each id once
// @param importId: string — the import creating them (on the records, which its rollback follows)
UNWIND $rows AS row
OPTIONAL MATCH (s:Entity:Source {id: row.source})
CALL (row, s) {
  WITH row, s
  WHERE s IS NOT NULL
  CREATE (r:Record {id: row.id, source: row.source, file: row.file, line: row.line, row: row.row, recordId: row.recordId,
                    pointer: row.pointer, raw: row.raw, importId: $importId})
  CREATE (r)-[:CITES]->(s)
}
RETURN collect(CASE WHEN s IS NULL THEN {id: row.id, source: row.source} END) AS missing
