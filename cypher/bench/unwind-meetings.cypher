// @name bench/unwind-meetings
// @description The import benchmark's second anchor: the same rows as bench/load-csv-meetings, parsed
//   in Node and sent through the driver as UNWIND batches, one transaction per batch.
// @mode write
// @param rows: list — [{person_id, person, organisation_id, organisation, meeting_id, year, month, day, purpose}]
UNWIND $rows AS row
MERGE (p:Entity {id: row.person_id})
SET p:Person, p.name = row.person
MERGE (o:Entity {id: row.organisation_id})
SET o:Organization, o.name = row.organisation, o.kind = 'other'
MERGE (m:Entity {id: row.meeting_id})
SET m:Meeting, m.title = row.person + ' meets ' + row.organisation, m.kind = 'talks', m.status = 'held',
    m.date = date({year: toInteger(row.year), month: toInteger(row.month), day: toInteger(row.day)}), m.datePrecision = 'day', m.summary = row.purpose
MERGE (p)-[h:TAKES_PART {id: row.meeting_id + '-host'}]->(m)
SET h.role = 'host'
MERGE (o)-[g:TAKES_PART {id: row.meeting_id + '-guest'}]->(m)
SET g.role = 'guest'
