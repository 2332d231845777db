// @name queries/warm-up-entity
// @description One entity with neighbours, any: the start-up warm-up (server/src/graph/warm-up.ts)
//   runs the explorer's first requests (search, node, neighbours) on it once.
MATCH (n:Entity)
WHERE n.id IS NOT NULL AND EXISTS { (n)--(:Entity) }
RETURN n.id AS id, n.name AS name
LIMIT 1
