// @name bench/load-csv-meetings-provenance
// @description The import benchmark's like-for-like anchor: LOAD CSV … IN TRANSACTIONS building the
//   graph Liaison builds from the same rows — the facts of bench/load-csv-meetings plus what Liaison
//   stores with them: a (:Record)-[:CITES]->(:Source) per row listed in each fact's `records`, an
//   (:IdClaim) per fact, `citationStatus`. No validation, no merge rules beyond MERGE, no journal, no
//   search keys (they are computed in Node): the cost of the data model without Liaison's pipeline.
// @mode autocommit
// @param url: string — file:///… URL of the CSV inside the instance's import directory
// @param batch: integer — rows per transaction
// @param source: string — id of the dataset's Source node (merged on the first row)
// @param file: string — the file name recorded on each Record
LOAD CSV WITH HEADERS FROM $url AS row
WITH row, linenumber() AS line
CALL (row, line) {
  MERGE (s:Entity {id: $source})
    ON CREATE SET s:Source, s.title = $file, s.kind = 'dataset'
  CREATE (rec:Record {id: $source + ':' + row.meeting_id, source: $source, file: $file, line: line, raw: row.meeting_id})
  CREATE (rec)-[:CITES]->(s)
  MERGE (pc:IdClaim {factId: row.person_id})
    ON CREATE SET pc.kind = 'node', pc.type = 'Person'
  MERGE (p:Entity {id: row.person_id})
    ON CREATE SET p:Person, p.name = row.person, p.citationStatus = 'reported', p.records = []
  SET p.records = p.records + rec.id
  MERGE (oc:IdClaim {factId: row.organisation_id})
    ON CREATE SET oc.kind = 'node', oc.type = 'Organization'
  MERGE (o:Entity {id: row.organisation_id})
    ON CREATE SET o:Organization, o.name = row.organisation, o.kind = 'other', o.citationStatus = 'reported', o.records = []
  SET o.records = o.records + rec.id
  MERGE (mc:IdClaim {factId: row.meeting_id})
    ON CREATE SET mc.kind = 'node', mc.type = 'Meeting'
  MERGE (m:Entity {id: row.meeting_id})
  SET m:Meeting, m.title = row.person + ' meets ' + row.organisation, m.kind = 'talks', m.status = 'held',
      m.date = date({year: toInteger(substring(row.date, 6, 4)), month: toInteger(substring(row.date, 3, 2)), day: toInteger(substring(row.date, 0, 2))}),
      m.datePrecision = 'day', m.summary = row.purpose, m.citationStatus = 'reported', m.records = [rec.id]
  MERGE (hc:IdClaim {factId: row.meeting_id + '-host'})
    ON CREATE SET hc.kind = 'relationship', hc.type = 'TAKES_PART', hc.source = row.person_id, hc.target = row.meeting_id
  MERGE (p)-[h:TAKES_PART {id: row.meeting_id + '-host'}]->(m)
  SET h.role = 'host', h.citationStatus = 'reported', h.records = [rec.id]
  MERGE (gc:IdClaim {factId: row.meeting_id + '-guest'})
    ON CREATE SET gc.kind = 'relationship', gc.type = 'TAKES_PART', gc.source = row.organisation_id, gc.target = row.meeting_id
  MERGE (o)-[g:TAKES_PART {id: row.meeting_id + '-guest'}]->(m)
  SET g.role = 'guest', g.citationStatus = 'reported', g.records = [rec.id]
} IN TRANSACTIONS OF $batch ROWS
