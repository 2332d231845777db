// @name resolve/judge-entities
// @description The entities a judgement names: each id followed to the entity it names now (a
//   merged-away id to its canonical one), with its labels, properties, links (every relationship,
//   citations of a Source included) and the import that first claimed its id (ids start with the
//   import's time), from which merge.ts chooses the survivor.
// @param ids: string[] — the ids the caller gave, in order
UNWIND $ids AS id
OPTIONAL MATCH (m:MergedId {id: id})
WITH id, coalesce(m.canonicalId, id) AS canonicalId
OPTIONAL MATCH (n:Entity {id: canonicalId})
OPTIONAL MATCH (claim:IdClaim {factId: canonicalId})
RETURN id, canonicalId, n IS NOT NULL AS found, labels(n) AS labels, properties(n) AS props,
       CASE WHEN n IS NULL THEN 0 ELSE COUNT { (n)--() } END AS links, claim.importId AS importId
