// @name history/fact-history
// @description The history of one node or relationship, newest first (GET /api/nodes/:id/history,
//   /api/relationships/:id/history): the changes whose subjects include its id, and the imports that
//   wrote it — the one whose claim created it, those that added citations of it, and those that
//   changed it (their ImportBefore snapshots of it).
// @param id: string — a fact id
// @param limit: integer = 200 — at most this many changes
WITH COLLECT { MATCH (x:IdClaim {factId: $id}) WHERE x.importId IS NOT NULL RETURN x.importId }
     + COLLECT { MATCH (x:Citation {factId: $id}) WHERE x.importId IS NOT NULL RETURN DISTINCT x.importId }
     + COLLECT { MATCH (x:ImportBefore {_fact: $id}) RETURN DISTINCT x._import } AS imports
MATCH (c:Change)
WHERE $id IN c.subjects OR (c.importId IN imports AND c.kind IN ['import', 'create'])
WITH c ORDER BY c.at DESC, c.id DESC LIMIT $limit
RETURN c {.*, at: toString(c.at)} AS change
