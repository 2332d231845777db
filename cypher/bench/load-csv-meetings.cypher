// @name bench/load-csv-meetings
// @description The import benchmark's anchor: how a skilled Neo4j user loads the generated meetings
//   CSV straight into the graph with Neo4j's own LOAD CSV in batched transactions, onto the same
//   constraints (every node :Entity with a unique id). One row: a person, an organisation, a meeting
//   on a DD-MM-YYYY date, and two TAKES_PART relationships. No provenance, no merge rules.
// @mode autocommit
// @param url: string — file:///… URL of the CSV inside the instance's import directory
// @param batch: integer — rows per transaction
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (p:Entity {id: row.person_id})
  SET p:Person, p.name = row.person
  MERGE (o:Entity {id: row.organisation_id})
  SET o:Organization, o.name = row.organisation, o.kind = 'other'
  MERGE (m:Entity {id: row.meeting_id})
  SET m:Meeting, m.title = row.person + ' meets ' + row.organisation, m.kind = 'talks', m.status = 'held',
      m.date = date({year: toInteger(substring(row.date, 6, 4)), month: toInteger(substring(row.date, 3, 2)), day: toInteger(substring(row.date, 0, 2))}),
      m.datePrecision = 'day', m.summary = row.purpose
  MERGE (p)-[h:TAKES_PART {id: row.meeting_id + '-host'}]->(m)
  SET h.role = 'host'
  MERGE (o)-[g:TAKES_PART {id: row.meeting_id + '-guest'}]->(m)
  SET g.role = 'guest'
} IN TRANSACTIONS OF $batch ROWS
