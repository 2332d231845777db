// @name history/record-change
// @description Writes one (:Change) in the transaction of the change it records (server/src/history
//   /record.ts): who (byId, byName, byVia), when (the transaction's time), why, the ids of the facts
//   it touches (subjects) and each fact before and after it (as JSON). A revert also marks the change
//   it undoes (revertedBy), in the same transaction, so that a change is undone at most once.
// @mode write
// @param id: string — a fresh change id
// @param kind: string — a ChangeKind
// @param byId: string — the actor's user id
// @param byName: string — the actor's name, as shown in history
// @param byVia: string — how the actor proved who they are
// @param reason: string|null = null — why, in the actor's words
// @param subjects: string[] — ids of the facts the change touches
// @param before: string — JSON array of FactSnapshot|null
// @param after: string — JSON array of FactSnapshot|null
// @param summary: string — one line for lists
// @param importId: string|null = null — the import whose facts the change wrote
// @param reverts: string|null = null — the change a revert undoes
CREATE (c:Change {id: $id, kind: $kind, at: datetime.transaction(), byId: $byId, byName: $byName, byVia: $byVia,
                  reason: $reason, subjects: $subjects, before: $before, after: $after, summary: $summary,
                  importId: $importId, reverts: $reverts, revertedBy: null})
WITH c
OPTIONAL MATCH (r:Change {id: $reverts})
FOREACH (x IN CASE WHEN r IS NULL THEN [] ELSE [r] END | SET x.revertedBy = $id)
RETURN c.id AS id, toString(c.at) AS at
