// @name import/release-lock
// @description Frees the import lock (import/take-lock) if this import holds it.
// @mode write
// @param importId: string — the import that held it
MATCH (l:LiaisonMeta {key: 'import-lock'})
WHERE l.importId = $importId
SET l.importId = null
