// @name draft/stored-meetings
// @description The stored meetings people take part in, with date and kind, for matching a drafted
//   meeting to one the graph already holds (same people, agreeing date).
// @mode read
// @param people: string[] — ids of stored people the draft names
UNWIND $people AS pid
MATCH (:Entity {id: pid})-[:TAKES_PART]->(m:Meeting)
WITH m, collect(DISTINCT pid) AS named
MATCH (x)-[:TAKES_PART]->(m)
RETURN m.id AS id, m.title AS title, m.kind AS kind, m.status AS status, toString(m.date) AS date, m.datePrecision AS precision, named,
  collect(DISTINCT x.id) AS participants
