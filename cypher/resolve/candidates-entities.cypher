// @name resolve/candidates-entities
// @description The given entities with the properties candidate scoring reads, and their type (for
//   GET /api/candidates?entity=).
// @param ids: string[] — entity ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS type,
       n {.id, .name, .aliases, .identifiers, .country, .nationality, .birthDate, .birthDatePrecision, .kind} AS props
