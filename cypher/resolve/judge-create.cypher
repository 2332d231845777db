// @name resolve/judge-create
// @description Stores a judgement. A live judgement on the same pair (by pairKey) is replaced: it is
//   marked undone now and names its successor (replacedBy), so that the pair has one live judgement
//   and the history keeps both. (A pair already one entity never gets here: merge.ts refuses it.)
//   `seq` orders judgements strictly (resolve/judge-lock counts it).
// @mode write
// @param judgement: map — {id, pairKey, a, b, judgement, note, by, at, score, reasons, canonicalId, absorbedId, snapshot}
// @param seq: integer — the judgement's place in the one sequence of judgements
CALL () {
  OPTIONAL MATCH (old:Judgement {pairKey: $judgement.pairKey})
    WHERE old.undoneAt IS NULL
  SET old.undoneAt = $judgement.at, old.replacedBy = $judgement.id
  RETURN collect(old.id) AS replaced
}
CREATE (j:Judgement)
SET j = $judgement, j.seq = $seq
RETURN j, replaced
