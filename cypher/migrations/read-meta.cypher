// @name migrations/read-meta
// @description The store's data-format version and the names of the migration steps applied to it
//   (db/migrations.ts); no row's values when the store was written before versions were kept.
OPTIONAL MATCH (m:LiaisonMeta {key: 'schema'})
RETURN m.version AS version, coalesce(m.steps, []) AS steps
