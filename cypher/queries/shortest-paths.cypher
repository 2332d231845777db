// @name queries/shortest-paths
// @description The shortest paths between two entities over domain relationships (citations are
//   not a way through), at most maxHops long. 10 hops is the hard ceiling of the search.
// @param from: string — id of one end
// @param to: string — id of the other end
// @param relTypes: string[] — relationship types a path may use
// @param maxHops: integer = 4 — longest path returned
// @param limit: integer = 10 — most paths returned
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[*..10]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $relTypes)
  AND length(p) <= $maxHops
RETURN p
LIMIT $limit
