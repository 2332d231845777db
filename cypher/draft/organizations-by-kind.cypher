// @name draft/organizations-by-kind
// @description Institutions of a kind in a country (the security council of Azerbaijan, Russia's
//   embassies), for the posts a drafted article states by role words rather than by name.
// @mode read
// @param wanted: list — [{kind: string, country: string}]
UNWIND $wanted AS w
MATCH (o:Organization {kind: w.kind, country: w.country})
WITH w, o ORDER BY o.id
WITH w, collect(o)[0..10] AS found
UNWIND found AS o
RETURN w.kind AS kind, w.country AS country, o.id AS id, o.name AS name, coalesce(o.aliases, []) AS aliases
