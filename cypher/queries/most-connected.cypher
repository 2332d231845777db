// @name queries/most-connected
// @description The participants who met the most others in a period, people and institutions
//   alike (an organisation taking part in meetings counts as a person would): how many distinct
//   participants each shared a meeting with (participantsMet, split into peopleMet and
//   organizationsMet), in how many meetings. Periods as in people-met.
// @library
// @param from: date = null — first day of the period: YYYY, YYYY-MM or YYYY-MM-DD (null: open)
// @param to: date = null — last day of the period, inclusive (null: open)
// @param statuses: string[] = ["held"] — only meetings with these statuses; null: all
// @param limit: integer = 10 — how many participants
WITH date($from) AS windowStart,
     date($to) + CASE size($to) WHEN 4 THEN duration('P1Y') WHEN 7 THEN duration('P1M') ELSE duration('P1D') END AS windowEnd
MATCH (p:Person|Organization)-[r:TAKES_PART]->(m:Meeting)<-[:TAKES_PART]-(other:Person|Organization)
WHERE other <> p AND ($statuses IS NULL OR m.status IN $statuses)
WITH p, r, m, other, windowStart, windowEnd,
     coalesce(m.endDate, m.date) +
       CASE coalesce(m.endDatePrecision, m.datePrecision) WHEN 'year' THEN duration('P1Y') WHEN 'month' THEN duration('P1M') ELSE duration('P1D') END AS meetingEnd
WHERE (windowStart IS NULL AND windowEnd IS NULL)
   OR (m.date IS NOT NULL AND (windowEnd IS NULL OR m.date < windowEnd) AND (windowStart IS NULL OR meetingEnd > windowStart))
WITH p, count(DISTINCT other) AS participantsMet,
     count(DISTINCT CASE WHEN other:Person THEN other END) AS peopleMet,
     count(DISTINCT CASE WHEN other:Organization THEN other END) AS organizationsMet,
     collect(DISTINCT m) AS meetings, collect(DISTINCT r) AS participations
RETURN p AS person, CASE WHEN p:Person THEN 'Person' ELSE 'Organization' END AS type,
       participantsMet, peopleMet, organizationsMet, size(meetings) AS meetingCount, meetings, participations
ORDER BY participantsMet DESC, meetingCount DESC, coalesce(p.name, p.id)
LIMIT $limit
