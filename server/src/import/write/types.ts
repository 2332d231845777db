// The writer's vocabulary (import/write): what a reader's facts become once validated, and the
// import session that merges them into the graph. The shapes are the team's fixed contract.
import type { NamedTx } from '../../db/executor';
import type { Actor } from '../../auth/types';
import type { ChangeInput } from '../../history/types';
import type { NodeLabel, RelationshipType } from '../../schema/model';
import type { CitationInput } from '../../schema/validators';
import type { SourceRecord } from '../pipeline/types';

/** A node to write: properties validated, in bundle form (fuzzy dates as "2010-05" strings). */
export interface WriteNode {
  id: string;
  type: NodeLabel;
  properties: Record<string, unknown>;
  /** Quotes from texts. */
  citations: CitationInput[];
  /** Ids of the SourceRecords it was read from (in this batch or stored). */
  records: string[];
}

export interface WriteRelationship {
  id: string;
  type: RelationshipType;
  source: string;
  target: string;
  properties: Record<string, unknown>;
  citations: CitationInput[];
  records: string[];
}

/** One write: nodes are written before relationships, records before both are linked to them. */
export interface WriteBatch {
  nodes: WriteNode[];
  relationships: WriteRelationship[];
  records: SourceRecord[];
}

export interface WriteCounts {
  nodesCreated: number;
  /** Stored nodes restated (merged without loss, whether or not anything changed). */
  nodesMerged: number;
  relationshipsCreated: number;
  relationshipsMerged: number;
  recordsCreated: number;
  citationsCreated: number;
  /** Values another source stated differently, kept in alsoStated. */
  valuesAlsoStated: number;
}

/** atomic: one transaction for the whole import. batched: a transaction per batch, journaled. */
export type WriteMode = 'atomic' | 'batched';

export interface ImportSession {
  readonly id: string;
  readonly mode: WriteMode;
  /**
   * Writes one batch. Throws ConflictError (an id claimed by another fact) or ValidationError
   * (unknown_reference, wrong_endpoint_type), issues keyed by fact id in `path`; after a throw, the
   * only way on is rollback().
   */
  write(batch: WriteBatch): Promise<WriteCounts>;
  /** Makes the import final; returns the totals. */
  commit(): Promise<WriteCounts>;
  /** Undoes everything the import wrote (created facts deleted, merged facts restored). */
  rollback(): Promise<void>;
}

export interface BeginImportOptions {
  /** auto (default): atomic up to AUTO_ATOMIC_MAX_FACTS expected facts, else batched. */
  mode?: 'auto' | WriteMode;
  description: string;
  /** Nodes + relationships the import expects to write, for `auto`. */
  expectedFacts?: number;
  /** Facts per transaction in batched mode (default BATCH_FACTS); a write() is split into such transactions. */
  batchFacts?: number;
  /** Rows per UNWIND statement (default 1,000). */
  rowsPerStatement?: number;
  /**
   * The Change this import records, read in its transaction just before it commits (atomic mode
   * only): an edit in the app records kind 'create' with the facts before and after (issue 12, edit/create.ts).
   */
  change?: (tx: NamedTx, importId: string) => Promise<ChangeInput>;
  /** Who imports (history's Change); default currentActor() when the import begins. */
  actor?: Actor;
}

export const emptyCounts = (): WriteCounts => ({
  nodesCreated: 0,
  nodesMerged: 0,
  relationshipsCreated: 0,
  relationshipsMerged: 0,
  recordsCreated: 0,
  citationsCreated: 0,
  valuesAlsoStated: 0,
});

export function addCounts(into: WriteCounts, more: WriteCounts): WriteCounts {
  for (const k of Object.keys(into) as Array<keyof WriteCounts>) into[k] += more[k];
  return into;
}
