// @name import/update-relationship-citation-status
// @description Recomputes citationStatus on relationships of one type from all their citations
//   (same rule as for nodes, relationship citations only); the endpoints anchor the lookup on the id index.
// @mode write
// @template TYPE: relationshipType
// @param rows: list — [{id, source, target}]
UNWIND $rows AS row
MATCH (:Entity {id: row.source})-[r:{{TYPE}} {id: row.id}]->(:Entity {id: row.target})
OPTIONAL MATCH (c:Citation {factId: row.id})
WHERE c.factKind = 'relationship'
WITH r, collect(c.status) AS statuses
SET r.citationStatus = CASE
  WHEN size(statuses) = 0 THEN null
  WHEN 'reported' IN statuses THEN 'reported'
  WHEN 'disputed' IN statuses THEN 'disputed'
  ELSE 'speculative' END
