// @name export/script-merge-nodes
// @description A statement of the exported Cypher script (never run by the server): creates or
//   updates the nodes of one type by id with the properties as Liaison stores them (dates as
//   Neo4j dates with their precision, name keys, citation status). The script binds $rows with a
//   `:param rows => [...]` line before it, as cypher-shell and Neo4j Browser read it. Each id is
//   claimed as Liaison claims it (one id space): in a store where another fact holds the id, the
//   claim's uniqueness constraint stops the statement.
// @mode write
// @template LABEL: nodeLabel
// @param rows: list — [{id, props}], all of type LABEL
UNWIND $rows AS row
MERGE (claim:IdClaim {factId: row.id, kind: 'node', type: '{{LABEL}}'})
MERGE (n:Entity {id: row.id})
SET n:{{LABEL}}
SET n += row.props
