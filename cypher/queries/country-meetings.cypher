// @name queries/country-meetings
// @description Meetings between officials of two countries: one row per meeting, with the
//   participants of each side, people and institutions alike (an organisation taking part in a
//   meeting counts as a person would). A person belongs to a country through a post at one of its
//   institutions or membership of one (HOLDS_POST or MEMBER_OF → Organization.country) or through
//   their nationality; an institution through its country (or BELONGS_TO). Periods as in people-met.
// @library
// @param countryA: string — ISO 3166-1 code of one country, e.g. RU
// @param countryB: string — ISO 3166-1 code of the other, e.g. AZ
// @param from: date = null — first day of the period: YYYY, YYYY-MM or YYYY-MM-DD (null: open)
// @param to: date = null — last day of the period, inclusive (null: open)
// @param statuses: string[] = null — only meetings with these statuses (held, planned, postponed, cancelled); null: all
WITH date($from) AS windowStart,
     date($to) + CASE size($to) WHEN 4 THEN duration('P1Y') WHEN 7 THEN duration('P1M') ELSE duration('P1D') END AS windowEnd,
     toUpper($countryA) AS codeA, toUpper($countryB) AS codeB
MATCH (pa:Person|Organization)-[ra:TAKES_PART]->(m:Meeting)<-[rb:TAKES_PART]-(pb:Person|Organization)
WHERE pa <> pb AND ($statuses IS NULL OR m.status IN $statuses)
  AND (pa.nationality = codeA OR pa.country = codeA
       OR EXISTS { (pa:Person)-[:HOLDS_POST|MEMBER_OF]->(:Organization {country: codeA}) }
       OR EXISTS { (pa:Organization)-[:BELONGS_TO]->(:Country {code: codeA}) })
  AND (pb.nationality = codeB OR pb.country = codeB
       OR EXISTS { (pb:Person)-[:HOLDS_POST|MEMBER_OF]->(:Organization {country: codeB}) }
       OR EXISTS { (pb:Organization)-[:BELONGS_TO]->(:Country {code: codeB}) })
WITH m, pa, ra, pb, rb, windowStart, windowEnd,
     coalesce(m.endDate, m.date) +
       CASE coalesce(m.endDatePrecision, m.datePrecision) WHEN 'year' THEN duration('P1Y') WHEN 'month' THEN duration('P1M') ELSE duration('P1D') END AS meetingEnd
WHERE (windowStart IS NULL AND windowEnd IS NULL)
   OR (m.date IS NOT NULL AND (windowEnd IS NULL OR m.date < windowEnd) AND (windowStart IS NULL OR meetingEnd > windowStart))
WITH m, collect(DISTINCT pa) AS sideA, collect(DISTINCT pb) AS sideB, collect(DISTINCT ra) + collect(DISTINCT rb) AS participations
RETURN left(toString(m.date), CASE m.datePrecision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS date,
       m AS meeting, m.status AS status, m.place AS place,
       [p IN sideA | p.name] AS peopleA, [p IN sideB | p.name] AS peopleB,
       sideA, sideB, participations
ORDER BY m.date, m.id
