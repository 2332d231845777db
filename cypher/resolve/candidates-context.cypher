// @name resolve/candidates-context
// @description For the entities of pairs that passed blocking: the organisations each holds a post
//   at, and up to $cap other neighbours that are not meetings or sources (attending one meeting
//   says two people are different people, not one; a shared source says nothing).
// @param ids: string[] — entity ids
// @param cap: integer = 200 — most neighbours read per entity
UNWIND $ids AS id
MATCH (n:Entity {id: id})
CALL (n) {
  OPTIONAL MATCH (n)-[:HOLDS_POST]->(o:Organization)
  RETURN collect(DISTINCT o.id) AS posts
}
CALL (n) {
  OPTIONAL MATCH (n)--(m:Entity)
  WHERE NOT m:Meeting AND NOT m:Source
  WITH DISTINCT m LIMIT $cap
  RETURN collect(m.id) AS neighbours
}
RETURN id, posts, neighbours
