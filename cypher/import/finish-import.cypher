// @name import/finish-import
// @description Ends an import's journal entry: committed (its facts stay), rolled_back or failed.
//   Only a running import changes: a commit of an import that a recovery rolled back meanwhile
//   finds nothing, and the writer reports it.
// @mode write
// @param importId: string — the import
// @param status: string — committed, rolled_back or failed
// @param counts: string — what it wrote, as JSON (WriteCounts)
MATCH (i:Import {id: $importId})
WHERE i.status = 'running'
SET i.status = $status, i.finishedAt = datetime(), i.counts = $counts
RETURN i.id AS id
