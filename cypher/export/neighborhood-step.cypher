// @name export/neighborhood-step
// @description One hop of a neighbourhood export: the ids of the entities next to the frontier
//   over the given relationship types. Meetings outside the date window are left out (and so are
//   not walked through); a meeting lasts from the first day of its date to the last day of its
//   endDate (or date) at their precision, and an undated meeting is outside every window.
// @param ids: string[] — the frontier: entities reached at the previous hop
// @param relTypes: string[] — relationship types to follow
// @param from: date|null = null — first day of the window, or null for no lower bound
// @param to: date|null = null — last day of the window, or null for no upper bound
MATCH (n:Entity)-[r]-(m:Entity)
WHERE n.id IN $ids AND type(r) IN $relTypes
WITH DISTINCT m
WITH m,
     CASE WHEN m.endDate IS NULL THEN m.date ELSE m.endDate END AS last,
     CASE WHEN m.endDate IS NULL THEN m.datePrecision ELSE m.endDatePrecision END AS lastPrecision
WITH m,
     CASE lastPrecision
       WHEN 'year' THEN last + duration({years: 1}) - duration({days: 1})
       WHEN 'month' THEN last + duration({months: 1}) - duration({days: 1})
       ELSE last
     END AS lastDay
WHERE NOT m:Meeting
   OR ($from IS NULL AND $to IS NULL)
   OR (m.date IS NOT NULL AND ($to IS NULL OR m.date <= $to) AND ($from IS NULL OR lastDay >= $from))
RETURN m.id AS id
ORDER BY id
