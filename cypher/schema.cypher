// Liaison schema: constraints and indexes, applied idempotently at start-up.
// GENERATED from server/src/schema/model.ts by `npm run schema:write`; do not edit by hand.

CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT citation_id IF NOT EXISTS FOR (c:Citation) REQUIRE c.id IS UNIQUE;
CREATE INDEX citation_fact_id IF NOT EXISTS FOR (c:Citation) ON (c.factId);
CREATE CONSTRAINT id_claim_fact_id IF NOT EXISTS FOR (c:IdClaim) REQUIRE c.factId IS UNIQUE;
CREATE CONSTRAINT record_id IF NOT EXISTS FOR (r:Record) REQUIRE r.id IS UNIQUE;
CREATE INDEX id_claim_import IF NOT EXISTS FOR (c:IdClaim) ON (c.importId);
CREATE INDEX citation_import IF NOT EXISTS FOR (c:Citation) ON (c.importId);
CREATE INDEX record_import IF NOT EXISTS FOR (r:Record) ON (r.importId);
CREATE CONSTRAINT import_id IF NOT EXISTS FOR (i:Import) REQUIRE i.id IS UNIQUE;
CREATE INDEX import_status IF NOT EXISTS FOR (i:Import) ON (i.status);
CREATE CONSTRAINT import_undo_key IF NOT EXISTS FOR (u:ImportUndo) REQUIRE u._key IS UNIQUE;
CREATE INDEX import_undo_import IF NOT EXISTS FOR (u:ImportUndo) ON (u._import);
CREATE CONSTRAINT liaison_meta_key IF NOT EXISTS FOR (m:LiaisonMeta) REQUIRE m.key IS UNIQUE;
CREATE CONSTRAINT saved_view_id IF NOT EXISTS FOR (v:SavedView) REQUIRE v.id IS UNIQUE;
CREATE INDEX saved_view_created IF NOT EXISTS FOR (v:SavedView) ON (v.createdAt);
CREATE CONSTRAINT holds_post_id IF NOT EXISTS FOR ()-[r:HOLDS_POST]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT takes_part_id IF NOT EXISTS FOR ()-[r:TAKES_PART]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT held_in_id IF NOT EXISTS FOR ()-[r:HELD_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT concerns_id IF NOT EXISTS FOR ()-[r:CONCERNS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT part_of_id IF NOT EXISTS FOR ()-[r:PART_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT belongs_to_id IF NOT EXISTS FOR ()-[r:BELONGS_TO]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT published_by_id IF NOT EXISTS FOR ()-[r:PUBLISHED_BY]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT knows_id IF NOT EXISTS FOR ()-[r:KNOWS]-() REQUIRE r.id IS UNIQUE;
CREATE INDEX organization_kind IF NOT EXISTS FOR (n:Organization) ON (n.kind);
CREATE INDEX country_code IF NOT EXISTS FOR (n:Country) ON (n.code);
CREATE INDEX meeting_kind IF NOT EXISTS FOR (n:Meeting) ON (n.kind);
CREATE INDEX meeting_date IF NOT EXISTS FOR (n:Meeting) ON (n.date);
CREATE INDEX meeting_status IF NOT EXISTS FOR (n:Meeting) ON (n.status);
CREATE INDEX source_published IF NOT EXISTS FOR (n:Source) ON (n.published);
CREATE INDEX holds_post_start IF NOT EXISTS FOR ()-[r:HOLDS_POST]-() ON (r.start);
CREATE INDEX holds_post_end IF NOT EXISTS FOR ()-[r:HOLDS_POST]-() ON (r.end);
CREATE INDEX member_of_start IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.start);
CREATE INDEX member_of_end IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.end);
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Person|Organization|Country|Meeting|Topic|Source) ON EACH [n.name, n.title, n.aliases, n.searchKeys] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
