// @name import/update-node-citation-status
// @description Recomputes citationStatus on nodes from all their citations: reported if any source
//   reports the fact, else disputed if any disputes it, else speculative. Only node citations count:
//   a store written before the one id space may hold a relationship with the same id.
// @mode write
// @param ids: string[] — node ids whose citations changed
UNWIND $ids AS id
MATCH (n:Entity {id: id})
OPTIONAL MATCH (c:Citation {factId: id})
WHERE c.factKind = 'node'
WITH n, collect(c.status) AS statuses
SET n.citationStatus = CASE
  WHEN size(statuses) = 0 THEN null
  WHEN 'reported' IN statuses THEN 'reported'
  WHEN 'disputed' IN statuses THEN 'disputed'
  ELSE 'speculative' END
