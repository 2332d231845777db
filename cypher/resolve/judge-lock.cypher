// @name resolve/judge-lock
// @description Keeps merges and splits apart from imports. The SET takes the write lock of the
//   import lock node (import/take-lock) for the rest of this transaction: an atomic import holding
//   it makes this wait until it commits, and an import that asks for it meanwhile waits for this
//   transaction. Unlike import/take-lock it does not name itself the holder, so a batched import
//   that took the lock a moment ago keeps it. `busy`: a batched import is running (its heartbeat
//   younger than staleMs), whose batches take no lock; the caller refuses then (409). `seq`: the
//   next number of the judgements' one sequence, counted on the same node (held by this lock, so
//   no two transactions take the same).
// @mode write
// @param staleMs: integer — how old a holder's heartbeat may be before it counts as dead
MERGE (l:LiaisonMeta {key: 'import-lock'})
SET l.askedAt = datetime(), l.judgementSeq = coalesce(l.judgementSeq, 0) + 1
WITH l
OPTIONAL MATCH (held:Import {id: l.importId})
  WHERE held.status = 'running'
RETURN coalesce(held.heartbeat >= datetime() - duration({milliseconds: $staleMs}), false) AS busy, held.id AS holder, l.judgementSeq AS seq
