// @name resolve/candidates-judged
// @description Which of the given pairs carry a live (not undone) "not_same" or "unsure" judgement,
//   through the index on Judgement.pairKey: those pairs are not proposed again.
// @param pairKeys: string[] — "a|b" keys, a < b (types.ts pairKey)
UNWIND $pairKeys AS k
MATCH (j:Judgement {pairKey: k})
WHERE j.undoneAt IS NULL AND j.judgement IN ['not_same', 'unsure']
RETURN collect(DISTINCT k) AS judged
