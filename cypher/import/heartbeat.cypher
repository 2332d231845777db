// @name import/heartbeat
// @description Renews a running import's heartbeat and tells its status: each batch of a batched
//   import runs it first, in its own transaction, so that a batch never writes for an import that
//   was rolled back meanwhile (by a recovery that took it for dead), and the write lock it takes on
//   the Import node orders the two.
// @mode write
// @param importId: string — the import
OPTIONAL MATCH (i:Import {id: $importId})
FOREACH (_ IN CASE WHEN i.status = 'running' THEN [1] ELSE [] END | SET i.heartbeat = datetime())
RETURN i.status AS status
