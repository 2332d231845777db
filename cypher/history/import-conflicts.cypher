// @name history/import-conflicts
// @description Why an import cannot be reverted now: a later change (not itself reverted) that
//   touched a fact the import created or changed or cited — an edit, merge or other change naming
//   it, or a later import that changed it (ImportBefore), cited it, or linked a relationship to a
//   node the import created (deleting the node would take that relationship with it). Returns the
//   latest such change, if any.
// @param importId: string — the import
// @param changeId: string — its Change
MATCH (self:Change {id: $changeId})
WITH self,
     COLLECT { MATCH (x:IdClaim {importId: $importId}) RETURN x.factId } AS created,
     COLLECT { MATCH (x:IdClaim {importId: $importId, kind: 'node'}) RETURN x.factId } AS createdNodes,
     COLLECT { MATCH (x:ImportBefore {_import: $importId}) RETURN x._fact }
     + COLLECT { MATCH (x:Citation {importId: $importId}) RETURN DISTINCT x.factId } AS touched
WITH self, createdNodes, created + touched AS facts
WITH self, facts,
     COLLECT { UNWIND facts AS f MATCH (x:ImportBefore {_fact: f}) WHERE x._import <> $importId RETURN x._import }
     + COLLECT { UNWIND facts AS f MATCH (x:Citation {factId: f}) WHERE x.importId <> $importId RETURN x.importId }
     + COLLECT { UNWIND createdNodes AS n MATCH (:Entity {id: n})-[r]-() MATCH (x:IdClaim {factId: r.id}) WHERE x.importId <> $importId RETURN x.importId } AS others
MATCH (c:Change)
WHERE c.at >= self.at AND c.id <> self.id AND c.revertedBy IS NULL AND c.kind <> 'revert'
  AND ((c.importId IN others AND c.kind IN ['import', 'create']) OR any(s IN c.subjects WHERE s IN facts))
RETURN c.id AS id, c.kind AS kind, c.summary AS summary, toString(c.at) AS at
ORDER BY c.at DESC, c.id DESC LIMIT 1
