// @name export/script-merge-citations
// @description A statement of the exported Cypher script (never run by the server): records the
//   provenance of the exported facts, one (:Citation)-[:CITES]->(:Source) per fact, source and
//   quote, as Liaison stores it. $rows is bound by the `:param rows => [...]` line before it.
// @mode write
// @param rows: list — [{id, factId, factKind, source, quote, status, lang, note}]
UNWIND $rows AS row
MATCH (s:Entity:Source {id: row.source})
MERGE (c:Citation {id: row.id})
SET c.factId = row.factId,
    c.factKind = row.factKind,
    c.quote = row.quote,
    c.status = row.status,
    c.lang = row.lang,
    c.note = row.note
MERGE (c)-[:CITES]->(s)
