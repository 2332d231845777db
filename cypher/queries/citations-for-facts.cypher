// @name queries/citations-for-facts
// @description The citations behind the given facts (node or relationship ids), with their sources.
// @param factIds: string[] — ids of nodes and relationships
MATCH (c:Citation)-[:CITES]->(s:Source)
WHERE c.factId IN $factIds
RETURN c.factId AS factId, s AS source, c.quote AS quote, c.status AS status, c.lang AS lang, c.note AS note
ORDER BY factId, s.id, c.id
