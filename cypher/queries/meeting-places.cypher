// @name queries/meeting-places
// @description The place, country and format of meetings by id, for the map of meeting places:
//   the meeting's own country, else that of a Country it is HELD_IN. Ids that are not meetings
//   give no row.
// @param ids: string[] — meeting ids (those in view)
MATCH (m:Entity:Meeting)
WHERE m.id IN $ids
OPTIONAL MATCH (m)-[:HELD_IN]->(c:Country)
WITH m, collect(c.code)[0] AS heldIn
RETURN m.id AS id, m.place AS place, coalesce(m.country, heldIn) AS country, m.format AS format
