// @name resolve/merge-apply
// @description Merges the absorbed entity into the survivor, in the judgement's transaction: the
//   survivor takes its merged properties (merge.ts mergeProperties); every relationship of the
//   absorbed one is re-created on the survivor with the same type, id and properties (Neo4j cannot
//   move a relationship's end; a relationship between the two becomes a loop on the survivor), and
//   the claims of those ids name the new endpoint; quote citations keyed by the absorbed id are keyed
//   by the survivor's; MergedIds that named the absorbed id name the survivor (every MergedId points
//   at a live entity, so one step resolves any old id); the absorbed id becomes a MergedId; the
//   absorbed node goes. The old relationship is deleted before its copy is created, as the copy takes
//   its id under the type's uniqueness constraint.
// @mode write
// @param survivor: string — the id that stays
// @param absorbed: string — the id merged away
// @param props: map — the survivor's whole property map after the merge
// @param relIds: string[] — ids of the absorbed entity's relationships (merge-read), whose claims change endpoint
// @param judgementId: string — the "same" judgement doing it
MATCH (x:Entity {id: $absorbed})
MATCH (s:Entity {id: $survivor})
CALL (x, s) {
  MATCH (x)-[r]-()
  WITH DISTINCT x, s, r
  WITH x, s, r, startNode(r) AS f, endNode(r) AS t, type(r) AS type, properties(r) AS props
  WITH r, type, props, CASE WHEN f = x THEN s ELSE f END AS nf, CASE WHEN t = x THEN s ELSE t END AS nt
  DELETE r
  CREATE (nf)-[n:$(type)]->(nt)
  SET n = props
  RETURN count(n) AS moved
}
CALL () {
  UNWIND $relIds AS rid
  MATCH (c:IdClaim {factId: rid})
  SET c.source = CASE WHEN c.source = $absorbed THEN $survivor ELSE c.source END,
      c.target = CASE WHEN c.target = $absorbed THEN $survivor ELSE c.target END
  RETURN count(c) AS claims
}
CALL () {
  MATCH (c:Citation {factId: $absorbed})
  SET c.factId = $survivor
  RETURN count(c) AS citations
}
CALL () {
  MATCH (m:MergedId {canonicalId: $absorbed})
  SET m.canonicalId = $survivor
  RETURN count(m) AS repointed
}
SET s = $props
CREATE (:MergedId {id: $absorbed, canonicalId: $survivor, judgementId: $judgementId})
DETACH DELETE x
RETURN moved, claims, citations, repointed
