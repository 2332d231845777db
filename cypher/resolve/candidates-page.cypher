// @name resolve/candidates-page
// @description One page of the entities of a type, in id order (keyset on the unique Entity id, so
//   each page is an index seek), with the properties candidate scoring reads. Ids merged away by a
//   "same" judgement are left out: they name another entity now.
// @template LABEL: nodeLabel
// @param after: string = "" — the last id of the page before ("" for the first page)
// @param limit: integer = 5000 — most entities returned
MATCH (n:Entity)
WHERE n.id > $after AND n:{{LABEL}}
  AND NOT EXISTS { MATCH (:MergedId {id: n.id}) }
WITH n
ORDER BY n.id
LIMIT $limit
RETURN n {.id, .name, .aliases, .identifiers, .country, .nationality, .birthDate, .birthDatePrecision, .kind} AS props
