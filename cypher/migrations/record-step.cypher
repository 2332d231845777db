// @name migrations/record-step
// @description Records that a migration step is complete: its name joins the applied steps and the
//   version becomes the number of the last step applied in order.
// @mode write
// @param step: string — the step's name
// @param version: integer — the store's version once the step is applied
MERGE (m:LiaisonMeta {key: 'schema'})
SET m.steps = coalesce(m.steps, []) + [s IN [$step] WHERE NOT s IN coalesce(m.steps, [])],
    m.version = $version,
    m.updatedAt = datetime()
