// Derives cypher/schema.cypher (constraints and indexes) from the schema model. The file is
// committed so researchers can read it; tests/unit/schema.test.ts fails when it is stale, and
// `npm run schema:write` regenerates it.
import {
  CITATION_LABEL,
  ENTITY_LABEL,
  ID_CLAIM_LABEL,
  META_LABEL,
  NODE_TYPES,
  RECORD_LABEL,
  RELATIONSHIP_TYPES,
  type NodeTypeSpec,
  type RelationshipTypeSpec,
} from './model';

export const FULLTEXT_INDEX = 'entity_names';

/**
 * The import journal (server/src/import/write/journal.ts): one (:Import) per import, and the
 * (:ImportUndo) snapshots a batched import takes of the stored facts it changes. Not domain data:
 * the dump and the exports leave them out.
 */
export const IMPORT_LABEL = 'Import';
export const IMPORT_UNDO_LABEL = 'ImportUndo';

/**
 * Saved views of the explorer (server/src/api/views-routes.ts): a name, a description, who saved
 * it, when, and the view state. Not an :Entity, so search, exports and counts never see one.
 */
export const SAVED_VIEW_LABEL = 'SavedView';

/**
 * Entity resolution (server/src/resolve/): one (:Judgement {id, pairKey, a, b, judgement, note, by,
 * at, score, reasons, canonicalId, absorbedId, snapshot, undoneAt}) per decision on a pair, and one
 * (:MergedId {id, canonicalId, judgementId}) per id a "same" judgement merged away, so that the old
 * id keeps answering with the entity that absorbed it. Neither is an :Entity.
 */
export const JUDGEMENT_LABEL = 'Judgement';
export const MERGED_ID_LABEL = 'MergedId';

/**
 * History (server/src/history/): one (:Change {id, kind, at, byId, byName, byVia, reason, subjects,
 * before, after, summary, importId, reverts, revertedBy}) per change of the graph. Not an :Entity:
 * the console reads it (MATCH (c:Change) RETURN c); exports carry the changes of what they export.
 */
export const CHANGE_LABEL = 'Change';
/** An (:ImportUndo) kept once its import committed: the fact as it was before that import changed it. */
export const IMPORT_BEFORE_LABEL = 'ImportBefore';

const snake = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

export function schemaStatementsFromModel(): string[] {
  const out: string[] = [];
  out.push(`CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:${ENTITY_LABEL}) REQUIRE n.id IS UNIQUE`);
  out.push(`CREATE CONSTRAINT citation_id IF NOT EXISTS FOR (c:${CITATION_LABEL}) REQUIRE c.id IS UNIQUE`);
  out.push(`CREATE INDEX citation_fact_id IF NOT EXISTS FOR (c:${CITATION_LABEL}) ON (c.factId)`);
  // The one id space of nodes and relationships (see ID_CLAIM_LABEL in model.ts).
  out.push(`CREATE CONSTRAINT id_claim_fact_id IF NOT EXISTS FOR (c:${ID_CLAIM_LABEL}) REQUIRE c.factId IS UNIQUE`);
  // Record provenance (RECORD_LABEL in model.ts): one node per record of a dataset.
  out.push(`CREATE CONSTRAINT record_id IF NOT EXISTS FOR (r:${RECORD_LABEL}) REQUIRE r.id IS UNIQUE`);
  // What an import created carries its id, found again by these indexes when it is rolled back.
  out.push(`CREATE INDEX id_claim_import IF NOT EXISTS FOR (c:${ID_CLAIM_LABEL}) ON (c.importId)`);
  out.push(`CREATE INDEX citation_import IF NOT EXISTS FOR (c:${CITATION_LABEL}) ON (c.importId)`);
  out.push(`CREATE INDEX record_import IF NOT EXISTS FOR (r:${RECORD_LABEL}) ON (r.importId)`);
  out.push(`CREATE CONSTRAINT import_id IF NOT EXISTS FOR (i:${IMPORT_LABEL}) REQUIRE i.id IS UNIQUE`);
  out.push(`CREATE INDEX import_status IF NOT EXISTS FOR (i:${IMPORT_LABEL}) ON (i.status)`);
  out.push(`CREATE CONSTRAINT import_undo_key IF NOT EXISTS FOR (u:${IMPORT_UNDO_LABEL}) REQUIRE u._key IS UNIQUE`);
  out.push(`CREATE INDEX import_undo_import IF NOT EXISTS FOR (u:${IMPORT_UNDO_LABEL}) ON (u._import)`);
  out.push(`CREATE CONSTRAINT liaison_meta_key IF NOT EXISTS FOR (m:${META_LABEL}) REQUIRE m.key IS UNIQUE`);
  // Applied at every start (IF NOT EXISTS), so a store from before saved views needs no migration step.
  out.push(`CREATE CONSTRAINT saved_view_id IF NOT EXISTS FOR (v:${SAVED_VIEW_LABEL}) REQUIRE v.id IS UNIQUE`);
  out.push(`CREATE INDEX saved_view_created IF NOT EXISTS FOR (v:${SAVED_VIEW_LABEL}) ON (v.createdAt)`);
  out.push(`CREATE CONSTRAINT judgement_id IF NOT EXISTS FOR (j:${JUDGEMENT_LABEL}) REQUIRE j.id IS UNIQUE`);
  out.push(`CREATE INDEX judgement_pair IF NOT EXISTS FOR (j:${JUDGEMENT_LABEL}) ON (j.pairKey)`);
  out.push(`CREATE INDEX judgement_at IF NOT EXISTS FOR (j:${JUDGEMENT_LABEL}) ON (j.at)`);
  out.push(`CREATE CONSTRAINT merged_id_id IF NOT EXISTS FOR (m:${MERGED_ID_LABEL}) REQUIRE m.id IS UNIQUE`);
  out.push(`CREATE INDEX merged_id_canonical IF NOT EXISTS FOR (m:${MERGED_ID_LABEL}) ON (m.canonicalId)`);
  out.push(`CREATE CONSTRAINT change_id IF NOT EXISTS FOR (c:${CHANGE_LABEL}) REQUIRE c.id IS UNIQUE`);
  out.push(`CREATE INDEX change_at IF NOT EXISTS FOR (c:${CHANGE_LABEL}) ON (c.at)`);
  out.push(`CREATE INDEX change_import IF NOT EXISTS FOR (c:${CHANGE_LABEL}) ON (c.importId)`);
  // The snapshots a committed import took of the stored facts it changed (import/drop-undo).
  out.push(`CREATE INDEX import_before_import IF NOT EXISTS FOR (u:${IMPORT_BEFORE_LABEL}) ON (u._import)`);
  out.push(`CREATE INDEX import_before_fact IF NOT EXISTS FOR (u:${IMPORT_BEFORE_LABEL}) ON (u._fact)`);
  for (const spec of Object.values(RELATIONSHIP_TYPES) as RelationshipTypeSpec[]) {
    out.push(`CREATE CONSTRAINT ${snake(spec.type)}_id IF NOT EXISTS FOR ()-[r:${spec.type}]-() REQUIRE r.id IS UNIQUE`);
  }
  const nodeSpecs = Object.values(NODE_TYPES) as NodeTypeSpec[];
  for (const spec of nodeSpecs) {
    for (const [prop, p] of Object.entries(spec.properties)) {
      if (p.indexed) out.push(`CREATE INDEX ${snake(spec.label)}_${snake(prop)} IF NOT EXISTS FOR (n:${spec.label}) ON (n.${prop})`);
    }
  }
  for (const spec of Object.values(RELATIONSHIP_TYPES) as RelationshipTypeSpec[]) {
    for (const [prop, p] of Object.entries(spec.properties)) {
      if ('indexed' in p && p.indexed)
        out.push(`CREATE INDEX ${snake(spec.type)}_${snake(prop)} IF NOT EXISTS FOR ()-[r:${spec.type}]-() ON (r.${prop})`);
    }
  }
  const searchable = nodeSpecs.filter((s) => s.searchable).map((s) => s.label);
  const captions = [...new Set(nodeSpecs.map((s) => s.caption))];
  const fields = [...captions, 'aliases', 'searchKeys'].map((f) => `n.${f}`).join(', ');
  // standard-folding folds accents (Əliyev ~ aliyev); searchKeys adds transliterations across scripts.
  out.push(
    `CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR (n:${searchable.join('|')}) ON EACH [${fields}] ` +
      "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
  );
  return out;
}

export function schemaScriptFromModel(): string {
  return [
    '// Liaison schema: constraints and indexes, applied idempotently at start-up.',
    '// GENERATED from server/src/schema/model.ts by `npm run schema:write`; do not edit by hand.',
    '',
    ...schemaStatementsFromModel().map((s) => `${s};`),
    '',
  ].join('\n');
}
