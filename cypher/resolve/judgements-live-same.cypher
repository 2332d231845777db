// @name resolve/judgements-live-same
// @description The live "same" judgements from seq on, oldest first: merge.ts finds among them those
//   that built on a merge being undone (they must be undone first, latest first).
// @param fromSeq: integer — the seq of the judgement being undone
MATCH (j:Judgement {judgement: 'same'})
WHERE j.undoneAt IS NULL AND j.seq >= $fromSeq
RETURN j
ORDER BY j.seq
