// @name bench/candidates-orgs
// @description The candidate benchmark's synthetic organisations (bench/candidates.ts), created in
//   bulk by UNWIND rather than through the import pipeline: only what candidate generation reads.
// @mode write
// @param rows: list — [{id, name}]
UNWIND $rows AS row
CREATE (:Entity:Organization {id: row.id, name: row.name, kind: 'other', citationStatus: 'reported'})
