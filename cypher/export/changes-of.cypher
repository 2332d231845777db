// @name export/changes-of
// @description The history behind one batch of an export's facts (nodes and relationships): every
//   change whose subjects name one of them, and the imports (and their reverts) that created, cited
//   or changed one of them (by the import ids their claims, citations and ImportBefore snapshots
//   carry). Oldest first.
// @param ids: string[] — ids of exported nodes and relationships (one batch)
WITH COLLECT { UNWIND $ids AS id MATCH (x:IdClaim {factId: id}) WHERE x.importId IS NOT NULL RETURN DISTINCT x.importId }
     + COLLECT { UNWIND $ids AS id MATCH (x:Citation {factId: id}) WHERE x.importId IS NOT NULL RETURN DISTINCT x.importId }
     + COLLECT { UNWIND $ids AS id MATCH (x:ImportBefore {_fact: id}) RETURN DISTINCT x._import } AS imports
OPTIONAL MATCH (c:Change)
WHERE c.importId IN imports OR any(s IN c.subjects WHERE s IN $ids)
WITH c ORDER BY c.at, c.id
RETURN collect(c {.*, at: toString(c.at)}) AS changes
