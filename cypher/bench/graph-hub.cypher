// @name bench/graph-hub
// @description A hub for the hub benchmark (bench/hubs.ts): the person `hub` takes part in meetings
//   from..from+degree-1 of the graph (created beforehand by bench/graph-meetings), so its degree is
//   exactly `degree` (the hub is created with its first link). Created in bulk by UNWIND.
// @mode autocommit
// @param prefix: string — id prefix of this graph
// @param hub: string — the hub's id
// @param from: integer — first meeting number
// @param degree: integer — links to create
UNWIND range($from, $from + $degree - 1) AS i
CALL (i) {
  MERGE (h:Entity {id: $hub})
  ON CREATE SET h:Person, h.name = 'Hub ' + $hub, h.citationStatus = 'reported'
  WITH h
  MATCH (m:Entity {id: $prefix + 'm' + i})
  CREATE (h)-[:TAKES_PART {id: $hub + '-tp' + i, role: 'guest', citationStatus: 'reported'}]->(m)
} IN TRANSACTIONS OF 10000 ROWS
