// @name edit/refresh-citation-status
// @description Derives citationStatus again for the given facts from their citations and records,
//   by the writer's rule (import/write/rows.ts citationStatus): reported if any record or reported
//   quote supports the fact, else disputed if any quote disputes it, else speculative; removed when
//   nothing supports it. Run after a citation's status changed or a citation was added.
// @mode write
// @param ids: string[] — ids of nodes and relationships
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (c:Citation {factId: id})
  RETURN collect(c.status) AS statuses
}
OPTIONAL MATCH (n:Entity {id: id})
OPTIONAL MATCH (claim:IdClaim {factId: id, kind: 'relationship'})
OPTIONAL MATCH (a:Entity {id: claim.source})
OPTIONAL MATCH (b:Entity {id: claim.target})
// The link between the two bound ends in a subquery of its own, so that it is an Expand(Into) from
// the end of smaller degree (as one pattern the planner walked a hub end's links: see queries/citations-for-facts).
CALL (a, b, id, claim) {
  OPTIONAL MATCH (a)-[r]->(b)
  WHERE r.id = id AND type(r) = claim.type
  RETURN r
}
WITH n, r, statuses, coalesce(n.records, r.records, []) AS records
WITH n, r,
     CASE
       WHEN size(records) > 0 OR 'reported' IN statuses THEN 'reported'
       WHEN 'disputed' IN statuses THEN 'disputed'
       WHEN 'speculative' IN statuses THEN 'speculative'
     END AS status
FOREACH (x IN CASE WHEN n IS NULL THEN [] ELSE [n] END | SET x.citationStatus = status)
FOREACH (x IN CASE WHEN r IS NULL THEN [] ELSE [r] END | SET x.citationStatus = status)
RETURN count(*) AS refreshed
