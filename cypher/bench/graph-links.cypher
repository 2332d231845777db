// @name bench/graph-links
// @description The hub benchmark's background graph (bench/hubs.ts): meeting i has `per`
//   participants, people (i * per + k) * 7919 mod people, so that paths between people run through
//   shared meetings. Created in bulk by UNWIND.
// @mode autocommit
// @param prefix: string — id prefix of this graph
// @param people: integer — people in the graph
// @param meetings: integer — meetings in the graph
// @param per: integer — participants per meeting
UNWIND range(0, $meetings * $per - 1) AS j
CALL (j) {
  WITH j / $per AS i, j % $per AS k
  MATCH (m:Entity {id: $prefix + 'm' + i})
  MATCH (p:Entity {id: $prefix + 'p' + ((i * $per + k) * 7919 % $people)})
  CREATE (p)-[:TAKES_PART {id: $prefix + 'tp' + j, role: 'participant', citationStatus: 'reported'}]->(m)
} IN TRANSACTIONS OF 10000 ROWS
