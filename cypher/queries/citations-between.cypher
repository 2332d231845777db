// @name queries/citations-between
// @description How two people are connected and who says so: the shortest paths between them over
//   domain relationships (at most maxHops long) and, for every node and relationship on them, each
//   citation with its quote, status and source. One row per citation of each step of each path.
// @library
// @param a: string — one person: id, name or alias
// @param b: string — the other person: id, name or alias
// @param maxHops: integer = 4 — longest path considered (at most 10)
// @param paths: integer = 5 — most paths returned
MATCH (pa:Person)
WHERE pa.id = $a OR toLower(pa.name) = toLower($a) OR any(alias IN coalesce(pa.aliases, []) WHERE toLower(alias) = toLower($a))
MATCH (pb:Person)
WHERE pb.id = $b OR toLower(pb.name) = toLower($b) OR any(alias IN coalesce(pb.aliases, []) WHERE toLower(alias) = toLower($b))
MATCH p = allShortestPaths((pa)-[*..10]-(pb))
WHERE pa <> pb AND length(p) <= $maxHops AND all(n IN nodes(p) WHERE n:Entity AND NOT n:Source)
WITH p
LIMIT $paths
UNWIND range(0, length(p) - 1) AS step
WITH p, step, relationships(p)[step] AS r, nodes(p)[step + 1] AS next
MATCH (c:Citation)-[:CITES]->(s:Source)
WHERE c.factId = r.id OR (c.factId = next.id AND next <> last(nodes(p)))
RETURN p AS path, type(r) AS relationship, coalesce(next.name, next.title) AS via, c.factId AS factId,
       c.status AS status, c.quote AS quote, s.title AS source, s.publisher AS publisher, r AS factRelationship, s AS sourceNode
ORDER BY length(p), step, c.factId, s.id
