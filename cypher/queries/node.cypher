// @name queries/node
// @description One entity by id.
// @param id: string — the entity's id
MATCH (n:Entity {id: $id})
RETURN n
