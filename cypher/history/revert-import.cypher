// @name history/revert-import
// @description Reverts a committed import in one transaction (POST /api/changes/:id/revert, after
//   history/import-conflicts found no later change on its facts): the stored facts it changed get
//   back their ImportBefore snapshots (kept, as history), then the relationships it created, the
//   nodes it created, and the citations and records it created are deleted, with their claims.
//   Returns what it did.
// @mode write
// @param importId: string — the import
CALL () {
  MATCH (u:ImportBefore {_import: $importId})
  OPTIONAL MATCH (n:Entity {id: u._fact})
    WHERE u._kind = 'node'
  OPTIONAL MATCH (:Entity {id: u._source})-[r]->(:Entity {id: u._target})
    WHERE u._kind = 'relationship' AND r.id = u._fact AND type(r) = u._type
  FOREACH (x IN CASE WHEN n IS NULL THEN [] ELSE [n] END |
    SET x = properties(u)
    REMOVE x._key, x._import, x._fact, x._kind)
  FOREACH (x IN CASE WHEN r IS NULL THEN [] ELSE [r] END |
    SET x = properties(u)
    REMOVE x._key, x._import, x._fact, x._kind, x._type, x._source, x._target)
  RETURN count(u) AS restored
}
CALL () {
  MATCH (c:IdClaim {importId: $importId})
  WHERE c.kind = 'relationship'
  OPTIONAL MATCH (ms:MergedId {id: c.source})
  OPTIONAL MATCH (mt:MergedId {id: c.target})
  OPTIONAL MATCH (:Entity {id: coalesce(ms.canonicalId, c.source)})-[r]->(:Entity {id: coalesce(mt.canonicalId, c.target)})
    WHERE r.id = c.factId AND type(r) = c.type
  DELETE r, c
  RETURN count(c) AS relationships
}
CALL () {
  MATCH (c:IdClaim {importId: $importId})
  WHERE c.kind = 'node'
  OPTIONAL MATCH (n:Entity {id: c.factId})
  DETACH DELETE n, c
  RETURN count(c) AS nodes
}
CALL () {
  OPTIONAL MATCH (x:Citation {importId: $importId})
  DETACH DELETE x
  RETURN count(x) AS citations
}
CALL () {
  OPTIONAL MATCH (x:Record {importId: $importId})
  DETACH DELETE x
  RETURN count(x) AS records
}
RETURN restored, relationships, nodes, citations, records
