// @name history/restore-citations
// @description A revert gives a fact back the citations a change's before kept: those it has now and
//   the snapshot lacks are deleted, the snapshot's are written whole (each linked to the Source it
//   cites).
// @mode write
// @param factId: string — the fact
// @param citations: list — [{props, source}] the citations as stored, and the id of the Source each cites
WITH [c IN $citations | c.props.id] AS keep
OPTIONAL MATCH (old:Citation {factId: $factId})
  WHERE NOT old.id IN keep
DETACH DELETE old
WITH count(*) AS removed
UNWIND $citations AS row
MERGE (c:Citation {id: row.props.id})
SET c = row.props
WITH c, row
OPTIONAL MATCH (c)-[old:CITES]->()
DELETE old
WITH c, row
MATCH (s:Entity {id: row.source})
MERGE (c)-[:CITES]->(s)
RETURN count(c) AS citations
