// @name queries/paths-expand
// @description One step of the path search (server/src/graph/paths.ts): the neighbours of a
//   frontier of entities over the given relationship types, with what the search needs to judge
//   them (their type, meeting dates with precision, the link's citation status) and the element
//   ids to load them by afterwards. A neighbour whose degree over domain relationships exceeds
//   avoidHubsAbove is left out unless it is one of the two ends. CITES links are the only ones that
//   are not domain relationships, so they are subtracted from the total degree; both counts are
//   read from the degree store, not by walking a hub's relationships.
// @param ids: string[] — ids of the entities to expand
// @param relTypes: string[] — relationship types a path may use
// @param ends: string[] — ids of the two ends, exempt from hub avoidance
// @param avoidHubsAbove: integer|null = null — largest degree of an entity a path may pass through (null: any)
// @param maxRows: integer = 200001 — most rows returned: the search's remaining budget, plus one to notice overflow
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]-(m:Entity)
WHERE type(r) IN $relTypes
  AND ($avoidHubsAbove IS NULL OR m.id IN $ends OR COUNT { (m)--() } - COUNT { (m)<-[:CITES]-() } <= $avoidHubsAbove)
RETURN n.id AS from, elementId(n) AS fromElementId, r.id AS edge, elementId(r) AS edgeElementId, type(r) AS type,
       r.citationStatus AS status, m.id AS to, elementId(m) AS toElementId, labels(m) AS labels,
       m.date AS date, m.datePrecision AS datePrecision, m.endDate AS endDate, m.endDatePrecision AS endDatePrecision
LIMIT $maxRows
