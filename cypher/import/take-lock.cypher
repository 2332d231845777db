// @name import/take-lock
// @description One running import per database: the lock is (:LiaisonMeta {key: 'import-lock'})
//   naming the import that holds it. The SET first takes the node's write lock, so that two imports
//   read and claim it one after the other. It is taken when free, when its holder is no longer
//   running, or when its holder's heartbeat is older than staleMs (its process died: `stale` names
//   it, to be rolled back). An atomic import takes it inside its one transaction, which holds the
//   node's write lock until it commits.
// @mode write
// @param importId: string — the import asking for the lock
// @param staleMs: integer — how old a holder's heartbeat may be before it counts as dead
MERGE (l:LiaisonMeta {key: 'import-lock'})
SET l.askedAt = datetime()
WITH l
OPTIONAL MATCH (held:Import {id: l.importId})
  WHERE held.status = 'running' AND held.id <> $importId
WITH l, held, held IS NOT NULL AND held.heartbeat >= datetime() - duration({milliseconds: $staleMs}) AS busy
FOREACH (_ IN CASE WHEN busy THEN [] ELSE [1] END | SET l.importId = $importId)
RETURN busy, held.id AS holder, CASE WHEN held IS NOT NULL AND NOT busy THEN held.id END AS stale
