// The writer, the one way facts get into the graph: import sessions (atomic or batched and
// journaled), lossless merges, record and quote provenance, and the recovery of interrupted imports.
export { AUTO_ATOMIC_MAX_FACTS, BATCH_FACTS, WriteConflictError, beginImport, lookupFacts, type FactConflict } from './session';
export { CONFLICT_CODES, claimConflicts, type StoredClaim } from './claims';
export { recoverImports, rollbackImport } from './journal';
export { citationId, citationRows, citationStatus, type CitationRow } from './rows';
export type { BeginImportOptions, ImportSession, WriteBatch, WriteCounts, WriteMode, WriteNode, WriteRelationship } from './types';
export { emptyCounts } from './types';
