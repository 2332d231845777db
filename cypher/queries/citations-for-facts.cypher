// @name queries/citations-for-facts
// @description The citations behind the given facts (node or relationship ids), with their
//   sources, both kinds in one row shape: quotes ((:Citation {factId})-[:CITES]->(:Source)) and
//   records of datasets ((:Record)-[:CITES]->(:Source), listed in the fact's `records`). A
//   relationship is found through its id claim, which names its endpoints: two index seeks and the
//   links between those two, from the end of smaller degree (no walk of a hub's links). Columns a
//   kind does not have are null.
// @param factIds: string[] — ids of nodes and relationships
UNWIND $factIds AS fid
// The fact's id is `fid`, not `factId`: a variable named like the property it is compared with
// ({factId: factId}) made the planner scan the whole non-unique Citation(factId) index for every
// fact (PROFILE: every citation of the store read again per fact) where it otherwise seeks. Each
// kind in a CALL of its own, the rows joined as lists.
CALL (fid) {
  MATCH (c:Citation {factId: fid})-[:CITES]->(s:Source)
  RETURN collect({kind: 'quote', s: s, key: c.id, quote: c.quote, status: c.status, lang: c.lang, note: c.note, rec: null}) AS quotes
}
CALL (fid) {
  MATCH (n:Entity {id: fid})
  MATCH (rec:Record)-[:CITES]->(s:Source)
  WHERE rec.id IN coalesce(n.records, [])
  RETURN collect({kind: 'record', s: s, key: rec.id, quote: null, status: 'reported', lang: null, note: null, rec: rec}) AS nodeRecords
}
CALL (fid) {
  MATCH (claim:IdClaim {factId: fid, kind: 'relationship'})
  MATCH (a:Entity {id: claim.source})
  MATCH (b:Entity {id: claim.target})
  // The link between the two bound ends, in a subquery of its own: planned with both as arguments,
  // it is an Expand(Into), which walks from the end of smaller degree. In one query part the planner
  // chose Expand(All) from a hub end and a filter (a million rows for 100 facts of a hub of 10,000).
  CALL (a, b, fid, claim) {
    MATCH (a)-[r]->(b)
    WHERE r.id = fid AND type(r) = claim.type
    RETURN r
  }
  MATCH (rec:Record)-[:CITES]->(s:Source)
  WHERE rec.id IN coalesce(r.records, [])
  RETURN collect({kind: 'record', s: s, key: rec.id, quote: null, status: 'reported', lang: null, note: null, rec: rec}) AS relRecords
}
UNWIND quotes + nodeRecords + relRecords AS x
WITH fid, x.kind AS kind, x.s AS s, x.key AS key, x.quote AS quote, x.status AS status, x.lang AS lang, x.note AS note, x.rec AS rec
RETURN fid AS factId, kind, s AS source, quote, status, lang, note,
       rec.id AS record, rec.file AS file, rec.line AS line, rec.row AS row, rec.recordId AS recordId,
       rec.pointer AS pointer, rec.raw AS raw
ORDER BY factId, kind, s.id, coalesce(rec.line, rec.row), key
