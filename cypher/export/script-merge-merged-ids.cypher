// @name export/script-merge-merged-ids
// @description A statement of the exported Cypher script (never run by the server): recreates the
//   ids merged into the exported entities, so that an old id still names its entity. $rows is
//   bound by the `:param rows => [...]` line before it.
// @mode write
// @param rows: list — [{id, canonicalId, judgementId}]
UNWIND $rows AS row
MERGE (m:MergedId {id: row.id})
SET m.canonicalId = row.canonicalId,
    m.judgementId = row.judgementId
