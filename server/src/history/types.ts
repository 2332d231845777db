// The history of the graph (issue 12): every change — an import, an edit, a retraction, a change of
// a citation's status, a merge, a split, a revert — is a (:Change) with who, when, why, and the
// facts before and after it, so that it can be listed per node or link, queried in the console,
// exported, and reverted. Nothing is deleted without a trace: a retracted fact lives on in the
// `before` of its change.
//
// CONTRACT (issue 12): whoever changes the graph records the change in the same transaction with
// recordChange(tx, input) from ./record; the actor comes from currentActor() (request-context).
import type { Actor } from '../auth/types';

export const CHANGE_KINDS = [
  'import', // an import (file, bundle, accepted draft): before/after are in its import journal, not inline
  'create', // facts added in the app (a form, or an accepted article draft)
  'edit', // properties of facts changed in the app
  'status', // a citation's status changed (reported / speculative / disputed)
  'retract', // facts removed in the app; `before` keeps them whole
  'merge', // two entities made one (resolve/merge.ts)
  'split', // a merge undone
  'revert', // a change undone; `reverts` names it
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * A fact as it was or became: a node (labels and properties) or a relationship (type, ends and
 * properties), with the citations that support it. null on the before side of a created fact and
 * on the after side of a retracted one.
 */
export type FactSnapshot =
  | {
      kind: 'node';
      id: string;
      labels: string[];
      props: Record<string, unknown>;
      citations?: Array<Record<string, unknown>>;
    }
  | {
      kind: 'relationship';
      id: string;
      type: string;
      source: string;
      target: string;
      props: Record<string, unknown>;
      citations?: Array<Record<string, unknown>>;
    };

export interface ChangeInput {
  kind: ChangeKind;
  /** Why, in the actor's words (required for retractions and status changes, optional otherwise). */
  reason?: string | null;
  /** The ids of the facts (nodes, relationships, citations) the change touches: the history of each lists it. */
  subjects: string[];
  /** Each touched fact as it was before (null: it did not exist); same order as `after`. */
  before: Array<FactSnapshot | null>;
  after: Array<FactSnapshot | null>;
  /** For kind import/create: the (:Import) journal entry whose facts the change wrote. */
  importId?: string | null;
  /** For kind revert: the change undone. */
  reverts?: string | null;
  /** Overrides currentActor() (background jobs that outlive their request). */
  actor?: Actor;
}

/** A change as the API answers it (GET /api/changes, /api/nodes/:id/history, …). */
export interface ChangeView {
  id: string;
  kind: ChangeKind;
  at: string;
  by: { userId: string; name: string };
  reason: string | null;
  subjects: string[];
  /** Omitted from lists; present in GET /api/changes/:id. */
  before?: Array<FactSnapshot | null>;
  after?: Array<FactSnapshot | null>;
  importId: string | null;
  reverts: string | null;
  /** The change that undid this one, if any. */
  revertedBy: string | null;
  /** Whether POST /api/changes/:id/revert can undo it now (false with the reason when a later change touched the same facts). */
  revertible: boolean;
  notRevertibleBecause?: string;
  /** A one-line summary for lists ("Added meeting m-…", "Imported 3 files: 1,204 facts"). */
  summary: string;
}
