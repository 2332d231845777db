// @name export/script-merge-changes
// @description A statement of the exported Cypher script (never run by the server): recreates the
//   history of the exported facts as (:Change) nodes by id, with their stored properties (before and
//   after as JSON text, `at` as a date-time). $rows is bound by the `:param rows => [...]` line before it.
// @mode write
// @param rows: list — [{id, at, props}]
UNWIND $rows AS row
MERGE (c:Change {id: row.id})
SET c += row.props, c.at = datetime(row.at)
