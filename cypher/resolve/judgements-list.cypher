// @name resolve/judgements-list
// @description Judgements, newest first (by seq), a page at a time after a cursor; with `entities`,
//   those naming any of them (as a, b, or the canonical or absorbed entity of a merge).
// @param entities: string[] = null — an entity's ids (as asked, and the one it has now), or null for all
// @param afterSeq: integer = null — the seq of the last judgement of the previous page, or null
// @param limit: integer — at most this many
MATCH (j:Judgement)
WHERE ($afterSeq IS NULL OR j.seq < $afterSeq)
  AND ($entities IS NULL OR any(e IN $entities WHERE e IN [j.a, j.b, j.canonicalId, j.absorbedId]))
RETURN j
ORDER BY j.seq DESC
LIMIT $limit
