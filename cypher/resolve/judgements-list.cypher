// @name resolve/judgements-list
// @description Judgements, newest first (by seq), a page at a time after a cursor; with `entity`,
//   those naming it (as given, or as the canonical or absorbed entity of a merge), the entity given
//   as any id that names it now.
// @param entity: string = null — an entity id (old ids too, followed by the caller), or null for all
// @param afterSeq: integer = null — the seq of the last judgement of the previous page, or null
// @param limit: integer — at most this many
MATCH (j:Judgement)
WHERE ($afterSeq IS NULL OR j.seq < $afterSeq)
  AND ($entity IS NULL OR $entity IN [j.a, j.b, j.canonicalId, j.absorbedId])
RETURN j
ORDER BY j.seq DESC
LIMIT $limit
