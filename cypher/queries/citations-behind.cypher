// @name queries/citations-behind
// @description The citations behind given facts, such as the nodes and relationships of a path: one
//   row per citation with its quote, status and source. Ids are those of nodes and relationships
//   (the explorer and every API answer show them).
// @library
// @param ids: string[] — ids of nodes and relationships
UNWIND $ids AS factId
OPTIONAL MATCH (n:Entity {id: factId})
// Relationships have no label to index them by: look among them only for ids that name no node.
OPTIONAL MATCH ()-[r]->()
WHERE n IS NULL AND r.id = factId
MATCH (c:Citation)-[:CITES]->(s:Source)
WHERE c.factId = factId
WITH c, s, n, r
ORDER BY c.factId, s.id, c.id
RETURN c.factId AS factId, c.factKind AS factKind, coalesce(n.name, n.title, type(r)) AS fact,
       c.status AS status, c.quote AS quote, c.lang AS lang, c.note AS note,
       s.title AS source, s.publisher AS publisher, s.url AS url,
       left(toString(s.published), CASE s.publishedPrecision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS published,
       coalesce(n, r) AS factElement, s AS sourceNode
