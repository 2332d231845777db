// Entity resolution's shared vocabulary: candidate pairs with the reasons for their score, and
// judgements (same / not same / unsure) kept in the graph so that they last across imports.
// candidates.ts proposes pairs, merge.ts applies and undoes judgements, canonical.ts follows the
// ids a merge took away to the entity that absorbed them.

export const JUDGEMENTS = ['same', 'not_same', 'unsure'] as const;
export type JudgementKind = (typeof JUDGEMENTS)[number];

/** One piece of evidence for or against a pair, as a reviewer would weigh it. */
export interface Reason {
  /** Stable code, e.g. "shared_identifier", "name_similarity", "different_identifier", "birth_date_mismatch". */
  code: string;
  /** Words for the reviewer: "both wikidata:Q7747", "names 0.93 alike after transliteration". */
  detail: string;
  /** The reason's contribution to the score (negative when it counts against the pair). */
  weight: number;
}

/** A pair of entities that may be one, as served by GET /api/candidates. */
export interface Candidate {
  /** Entity ids, a < b. */
  a: string;
  b: string;
  /** The node type both share (Person, Organization, …). */
  type: string;
  /** 0..1, higher is more likely the same. */
  score: number;
  reasons: Reason[];
}

/** A stored judgement, as served by POST /api/judgements and GET /api/judgements. */
export interface Judgement {
  id: string;
  a: string;
  b: string;
  judgement: JudgementKind;
  note: string | null;
  /** Who judged: for now the kind of client ("api", "cli", "import"); user accounts come later. */
  by: string;
  /** ISO 8601 instant. */
  at: string;
  /** The candidate's score and reasons when the pair was judged from a candidate, else null / []. */
  score: number | null;
  reasons: Reason[];
  /** For "same": the id of the entity that survives the merge (the other id now redirects to it). */
  canonicalId: string | null;
  /** For "same": the id merged away. */
  absorbedId: string | null;
  /** Set when the judgement was undone (DELETE /api/judgements/:id); an undone judgement is history only. */
  undoneAt: string | null;
}

/** "a|b" with a < b: the one key of an unordered pair, indexed on (:Judgement).pairKey. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
