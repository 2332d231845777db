// One entity with neighbours, any: the warm-up (server/src/graph/warm-up.ts) runs the explorer's first
// requests on it once at start-up.
MATCH (n:Entity)
WHERE n.id IS NOT NULL AND EXISTS { (n)--(:Entity) }
RETURN n.id AS id, n.name AS name
LIMIT 1
