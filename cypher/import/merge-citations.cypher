// @name import/merge-citations
// @description Records provenance: one :Citation per (fact, source, quote), linked to its Source.
//   factId is the id of the node or relationship the citation supports.
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
