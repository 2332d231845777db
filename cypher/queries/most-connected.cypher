// @name queries/most-connected
// @description The people who met the most others in a period: how many distinct people each shared
//   a meeting with, in how many meetings. Periods as in people-met.
// @library
// @param from: date = null — first day of the period: YYYY, YYYY-MM or YYYY-MM-DD (null: open)
// @param to: date = null — last day of the period, inclusive (null: open)
// @param statuses: string[] = ["held"] — only meetings with these statuses; null: all
// @param limit: integer = 10 — how many people
WITH date($from) AS windowStart,
     date($to) + CASE size($to) WHEN 4 THEN duration('P1Y') WHEN 7 THEN duration('P1M') ELSE duration('P1D') END AS windowEnd
MATCH (p:Person)-[r:TAKES_PART]->(m:Meeting)<-[:TAKES_PART]-(other:Person)
WHERE other <> p AND ($statuses IS NULL OR m.status IN $statuses)
WITH p, r, m, other, windowStart, windowEnd,
     coalesce(m.endDate, m.date) +
       CASE coalesce(m.endDatePrecision, m.datePrecision) WHEN 'year' THEN duration('P1Y') WHEN 'month' THEN duration('P1M') ELSE duration('P1D') END AS meetingEnd
WHERE (windowStart IS NULL AND windowEnd IS NULL)
   OR (m.date IS NOT NULL AND (windowEnd IS NULL OR m.date < windowEnd) AND (windowStart IS NULL OR meetingEnd > windowStart))
WITH p, count(DISTINCT other) AS peopleMet, collect(DISTINCT m) AS meetings, collect(DISTINCT r) AS participations
RETURN p AS person, peopleMet, size(meetings) AS meetingCount, meetings, participations
ORDER BY peopleMet DESC, meetingCount DESC, p.name
LIMIT $limit
