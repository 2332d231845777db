// @name resolve/candidates-by-identifier
// @description Stored entities of a type that carry any of the given identifiers (scheme:value):
//   one pass over the type for a whole batch of incoming entities, since list properties have no
//   index. Ids merged away are left out.
// @template LABEL: nodeLabel
// @param identifiers: string[] — scheme:value identifiers of the incoming entities
MATCH (n:{{LABEL}})
WHERE n.identifiers IS NOT NULL AND any(i IN n.identifiers WHERE i IN $identifiers)
  AND NOT EXISTS { MATCH (:MergedId {id: n.id}) }
RETURN n {.id, .name, .aliases, .identifiers, .country, .nationality, .birthDate, .birthDatePrecision, .kind} AS props
