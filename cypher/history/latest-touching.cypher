// @name history/latest-touching
// @description For a revert refused because facts changed since: the latest change after the given
//   time (not the one being reverted) whose subjects include one of the facts, or an import after it
//   that wrote one of them (claims, citations, ImportBefore snapshots).
// @param ids: string[] — fact ids
// @param at: string — ISO date-time of the change being reverted
// @param exclude: string — the id of the change being reverted
WITH COLLECT { UNWIND $ids AS id MATCH (x:IdClaim {factId: id}) WHERE x.importId IS NOT NULL RETURN x.importId }
     + COLLECT { UNWIND $ids AS id MATCH (x:Citation {factId: id}) WHERE x.importId IS NOT NULL RETURN x.importId }
     + COLLECT { UNWIND $ids AS id MATCH (x:ImportBefore {_fact: id}) RETURN x._import } AS imports
MATCH (c:Change)
WHERE c.at >= datetime($at) AND c.id <> $exclude
  AND (any(s IN c.subjects WHERE s IN $ids) OR (c.importId IN imports AND c.kind IN ['import', 'create']))
RETURN c.id AS id, c.kind AS kind, c.summary AS summary, toString(c.at) AS at
ORDER BY c.at DESC, c.id DESC LIMIT 1
