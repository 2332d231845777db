// @name queries/paths-shortest
// @description The plain shortest-path search (server/src/graph/paths.ts): every shortest path
//   between two entities over the given relationship types, by Neo4j's own ALL SHORTEST (a
//   bidirectional breadth-first search in the engine), with what the ranking needs (each link's
//   citation status) and the element ids to load them by. Neo4j 5.26 takes no parameter as a
//   quantifier bound, so the pattern is bounded by the API's largest maxHops and the answer by
//   `length(p) <= $maxHops` (a filter on the paths found: with no path that short, the answer is empty).
//   Shortest paths never visit an entity twice. Time windows, time order and hub avoidance are
//   judged on the path as a whole or on its inner entities: those searches run the layered search.
// @param from: string — id of the first entity
// @param to: string — id of the last entity
// @param relTypes: string[] — relationship types a path may use
// @param maxHops: integer = 4 — longest path, in hops (at most 10)
// @param pool: integer = 1000 — most paths read (of one length: the service ranks them and keeps k)
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = ALL SHORTEST (a)-[rs WHERE type(rs) IN $relTypes]-{1,10}(b)
WHERE length(p) <= $maxHops
RETURN [x IN nodes(p) | x.id] AS nodes, [x IN nodes(p) | elementId(x)] AS nodeElementIds,
       [x IN relationships(p) | {edge: x.id, type: type(x), status: x.citationStatus, elementId: elementId(x)}] AS rels
LIMIT $pool
