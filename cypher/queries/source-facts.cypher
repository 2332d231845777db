// @name queries/source-facts
// @description One page of the facts a Source supports, with how many there are in all and per
//   kind: every node and relationship it is cited for, by a quote ((:Citation {factId})-[:CITES]->
//   (:Source)) or by a record of a dataset ((:Record)-[:CITES]->(:Source), listed in the fact's
//   `records`). Facts are ordered nodes first, then by type and id; a page starts after the last
//   fact of the one before (keyset: rank, type, id) rather than skipping over it, and every page
//   reads the Source's citations once to count them: its cost grows with the Source, not with how
//   far one pages. A fact's kind and type come from its id claim (an index seek); a dataset's facts
//   are those whose `records` name one of its records (each checked through the Record index).
//   No row when no Source has the id.
// @param id: string — the Source's id
// @param after: map = null — {rank, type, id} of the last fact of the previous page (rank 0 nodes, 1 relationships); null: the first page
// @param limit: integer — most facts on the page
MATCH (s:Entity:Source {id: $id})
// One row even for a Source that supports nothing: the facts are collected inside the subquery.
CALL (s) {
  CALL (s) {
    MATCH (c:Citation)-[:CITES]->(s)
    WITH DISTINCT c.factId AS factId
    OPTIONAL MATCH (claim:IdClaim {factId: factId})
    OPTIONAL MATCH (n:Entity {id: factId})
    RETURN factId,
           coalesce(claim.kind, CASE WHEN n IS NULL THEN 'relationship' ELSE 'node' END) AS factKind,
           coalesce(claim.type, [l IN labels(n) WHERE l <> 'Entity'][0], '') AS factType
    UNION
    // Only a dataset's Source has records; for an article this finds none and reads no fact.
    WITH s
    WHERE EXISTS { (:Record)-[:CITES]->(s) }
    CALL (s) {
      MATCH (n:Entity)
      WHERE n.records IS NOT NULL AND any(x IN n.records WHERE EXISTS { (:Record {id: x})-[:CITES]->(s) })
      RETURN n.id AS factId, 'node' AS factKind, coalesce([l IN labels(n) WHERE l <> 'Entity'][0], '') AS factType
      UNION
      MATCH ()-[r]->()
      WHERE r.records IS NOT NULL AND any(x IN r.records WHERE EXISTS { (:Record {id: x})-[:CITES]->(s) })
      RETURN r.id AS factId, 'relationship' AS factKind, type(r) AS factType
    }
    RETURN factId, factKind, factType
  }
  WITH factId, factKind, factType, CASE factKind WHEN 'node' THEN 0 ELSE 1 END AS rank
  ORDER BY rank, factType, factId
  RETURN collect({rank: rank, kind: factKind, type: factType, id: factId}) AS facts
}
CALL (facts) {
  UNWIND facts AS f
  WITH f.rank AS rank, f.kind AS kind, f.type AS factType, count(*) AS n
  ORDER BY rank, factType
  RETURN collect({kind: kind, type: factType, count: n}) AS groups
}
WITH s, facts, groups,
     [f IN facts WHERE $after IS NULL OR f.rank > $after.rank
        OR (f.rank = $after.rank AND (f.type > $after.type OR (f.type = $after.type AND f.id > $after.id)))] AS rest
WITH s, size(facts) AS total, groups, rest[0..$limit] AS page, size(rest) > $limit AS more
CALL (page) {
  UNWIND page AS f
  OPTIONAL MATCH (n:Entity {id: f.id})
  WHERE f.kind = 'node'
  OPTIONAL MATCH (claim:IdClaim {factId: f.id, kind: 'relationship'})
  WHERE f.kind = 'relationship'
  OPTIONAL MATCH (a0:Entity {id: claim.source})
  OPTIONAL MATCH (b0:Entity {id: claim.target})
  // The link between the two bound ends in a subquery of its own, so that it is an Expand(Into) from
  // the end of smaller degree (as one pattern the planner walked a hub end's links: see queries/citations-for-facts).
  CALL (a0, b0, f, claim) {
    OPTIONAL MATCH (a0)-[r]->(b0)
    WHERE r.id = f.id AND type(r) = claim.type
    RETURN r, CASE WHEN r IS NULL THEN null ELSE a0 END AS a, CASE WHEN r IS NULL THEN null ELSE b0 END AS b
  }
  WITH f, n, r, a, b
  ORDER BY f.rank, f.type, f.id
  RETURN collect({fact: f, node: n, rel: r, start: a, end: b}) AS elements
}
RETURN s AS source, total, groups, elements, more
