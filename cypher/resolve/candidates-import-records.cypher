// @name resolve/candidates-import-records
// @description What an import wrote, as the import journal marks it: the ids of the nodes of one
//   type whose id it claimed first (IdClaim.importId, set when the import created them), and the ids
//   of the provenance records it created (Record.importId), which the nodes it restated list.
// @param importId: string — the import
// @param type: string — the node type (Person, Organization, …)
CALL () {
  MATCH (c:IdClaim {importId: $importId})
  WHERE c.kind = 'node' AND c.type = $type
  RETURN collect(c.factId) AS created
}
CALL () {
  MATCH (r:Record {importId: $importId})
  RETURN collect(r.id) AS records
}
RETURN created, records
