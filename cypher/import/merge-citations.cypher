// @name import/merge-citations
// @description Quote provenance: one :Citation per (fact, source, quote), linked to its Source.
//   factId is the id of the node or relationship the citation supports. A stored citation is kept
//   as it is (its status among them): a merge loses nothing, and the facts' citationStatus, which
//   the merge statements derive from the stored status and the new citations, stays exact. Rows
//   whose Source is not stored come back in `missing`.
// @mode write
// @param rows: list — [{id, factId, factKind, source, quote, status, lang, note}]
// @param importId: string — the import writing them (on the citations it creates)
UNWIND $rows AS row
OPTIONAL MATCH (s:Entity:Source {id: row.source})
CALL (row, s) {
  WITH row, s
  WHERE s IS NOT NULL
  MERGE (c:Citation {id: row.id})
    ON CREATE SET c.factId = row.factId,
                  c.factKind = row.factKind,
                  c.quote = row.quote,
                  c.status = row.status,
                  c.lang = row.lang,
                  c.note = row.note,
                  c.importId = $importId
  MERGE (c)-[:CITES]->(s)
}
RETURN collect(CASE WHEN s IS NULL THEN {id: row.factId, source: row.source} END) AS missing
