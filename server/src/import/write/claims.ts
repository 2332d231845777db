// Claims of ids in the one id space of nodes and relationships (ID_CLAIM_LABEL in schema/model.ts),
// and the words for a fact that cannot take its id: the same for the checks before writing
// (bundle.ts checkBundle) and for the writer, whose statements check the claims again.
import { jsonPath, type FieldIssue } from '../../errors';

/** The claim of an id in the one id space of nodes and relationships, as stored. */
export interface StoredClaim {
  kind: 'node' | 'relationship';
  /** The node's label or the relationship's type; null for a node stored with several types. */
  type: string | null;
  source: string | null;
  target: string | null;
}

/** Issue codes that mean "conflicts with stored data" (answered 409) rather than "invalid" (400). */
export const CONFLICT_CODES: ReadonlySet<string> = new Set(['type_change', 'id_taken', 'endpoint_change']);

const describeClaim = (id: string, c: StoredClaim) =>
  c.kind === 'node'
    ? `"${id}" is stored as ${c.type ? `a ${c.type}` : 'a node of several types (to be fixed by hand)'}`
    : `"${id}" is stored as a ${c.type ?? '?'} relationship from "${c.source ?? '?'}" to "${c.target ?? '?'}"`;

export type ClaimingFact =
  | { kind: 'node'; index: number; id: string; type: string }
  | { kind: 'relationship'; index: number; id: string; type: string; source: string; target: string };

/**
 * Why a fact cannot take its id, given the id's stored claim; empty when it can. `at` gives the
 * issue's path for a field of the fact: a JSONPath into a bundle by default (index ≥ 0), the
 * fact's id itself when the fact has no place in a file (index < 0, the writer's issues).
 */
export function claimConflicts(fact: ClaimingFact, claim: StoredClaim): FieldIssue[] {
  const list = fact.kind === 'node' ? 'nodes' : 'relationships';
  const at = (field: string) => (fact.index < 0 ? fact.id : jsonPath([list, fact.index, field]));
  const stored = describeClaim(fact.id, claim);
  if (claim.kind !== fact.kind)
    return [
      {
        path: at('id'),
        message: `${stored}; nodes and relationships share one id space, so a ${fact.kind} cannot take this id`,
        code: 'id_taken',
      },
    ];
  if (claim.type !== fact.type)
    return [
      {
        path: at('type'),
        message: `${stored}; a ${fact.kind}'s type cannot change to ${fact.type}`,
        code: 'type_change',
      },
    ];
  if (fact.kind === 'node') return [];
  return (['source', 'target'] as const)
    .filter((end) => claim[end] !== fact[end])
    .map((end) => ({
      path: at(end),
      message: `${stored}; a relationship cannot move to other endpoints (its ${end} would become "${fact[end]}")`,
      code: 'endpoint_change',
    }));
}
