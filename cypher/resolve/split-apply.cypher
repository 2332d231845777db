// @name resolve/split-apply
// @description Undoes one merge (resolve/merge-apply) from its judgement's snapshot: the absorbed
//   node comes back with its labels and properties, the survivor gets back its properties from
//   before the merge, and every relationship moved then has its survivor's end given back to the
//   absorbed node (the relationship found on the survivor by type and id, a CITES by its citation or
//   record; its properties and its other end as they are now, so a neighbour merged since stays
//   where it went), the claim of its id naming its ends again; the re-keyed citations are keyed by
//   the absorbed id again, the re-pointed MergedIds name it again, and its own MergedId goes.
//   Relationships and citations the survivor gained after the merge stay with it. Returns nothing
//   when the survivor is gone (the caller refuses).
// @mode write
// @param survivor: string — the id that stayed
// @param absorbed: string — the id merged away, given back
// @param absorbedLabels: string[] — the absorbed node's labels (from the snapshot, checked against the schema by merge.ts)
// @param absorbedProps: map — its properties before the merge
// @param survivorProps: map — the survivor's properties before the merge
// @param rels: list — [{type, id, from, fromKind, to, toKind}] as they were before the merge
// @param citations: string[] — ids of the citations re-keyed by the merge
// @param repointed: string[] — ids of the MergedIds re-pointed by the merge
MATCH (s:Entity {id: $survivor})
CREATE (x:$($absorbedLabels))
SET x = $absorbedProps
SET s = $survivorProps
WITH s, x
CALL (s, x) {
  UNWIND $rels AS rel
  CALL (rel, s) {
    WITH rel, s
    WHERE rel.id IS NOT NULL
    MATCH (s)-[r]-()
      WHERE r.id = rel.id AND type(r) = rel.type
    RETURN DISTINCT r
    UNION
    WITH rel, s
    WHERE rel.id IS NULL AND rel.fromKind = 'Citation'
    MATCH (:Citation {id: rel.from})-[r:CITES]->(s)
    RETURN r
    UNION
    WITH rel, s
    WHERE rel.id IS NULL AND rel.fromKind = 'Record'
    MATCH (:Record {id: rel.from})-[r:CITES]->(s)
    RETURN r
  }
  WITH rel, s, x, r, type(r) AS type, properties(r) AS props,
       CASE WHEN rel.from = $absorbed AND rel.fromKind = 'Entity' THEN x ELSE startNode(r) END AS of,
       CASE WHEN rel.to = $absorbed AND rel.toKind = 'Entity' THEN x ELSE endNode(r) END AS ot
  DELETE r
  CREATE (of)-[n:$(type)]->(ot)
  SET n = props
  WITH n, of, ot
  OPTIONAL MATCH (c:IdClaim {factId: n.id})
  SET c.source = of.id, c.target = ot.id
  RETURN count(n) AS moved
}
CALL () {
  UNWIND $citations AS cid
  MATCH (c:Citation {id: cid})
  SET c.factId = $absorbed
  RETURN count(c) AS citations
}
CALL () {
  UNWIND $repointed AS mid
  MATCH (m:MergedId {id: mid})
  SET m.canonicalId = $absorbed
  RETURN count(m) AS repointed
}
CALL () {
  MATCH (m:MergedId {id: $absorbed})
  DELETE m
  RETURN count(m) AS dropped
}
RETURN moved, citations, repointed
