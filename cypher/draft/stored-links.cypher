// @name draft/stored-links
// @description Relationships already stored between entities a draft links names to (a post, a
//   participation, an acquaintance), so that the Draft page cites the stored fact instead of
//   writing it again under a new id. Directed as stored: an acquaintance is asked both ways.
// @mode read
// @param pairs: list — [{source: string, target: string, type: string}]
UNWIND $pairs AS p
MATCH (a:Entity {id: p.source})-[r]->(b:Entity {id: p.target})
WHERE type(r) = p.type
RETURN p.source AS source, p.target AS target, p.type AS type, min(r.id) AS id
