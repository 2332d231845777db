// Time spans for exports: a fuzzy date ("2019", "2019-08", "2019-09-04") covers a whole period, and
// a meeting lasts from the first day of its date to the last day of its endDate (or of its date).
// The date window of a neighbourhood export and the GEXF timeline both use these spans.
import { FUZZY_DATE_PATTERN } from '../schema/validators';
import type { NODE_TYPES } from '../schema/model';

/** The node type that happens at a time, and its two date properties (checked against the schema). */
export const EVENT_TYPE = 'Meeting' satisfies keyof typeof NODE_TYPES;
export const EVENT_START: keyof (typeof NODE_TYPES)['Meeting']['properties'] = 'date';
export const EVENT_END: keyof (typeof NODE_TYPES)['Meeting']['properties'] = 'endDate';

export interface Period {
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD. */
  end: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The days a fuzzy date covers: "2019" → 2019-01-01…2019-12-31, "2019-02" → 2019-02-01…2019-02-28. */
export function fuzzyPeriod(value: string): Period {
  const m = FUZZY_DATE_PATTERN.exec(value);
  if (!m) throw new Error(`not a fuzzy date: ${value}`);
  const [, y, mo, d] = m;
  const year = Number(y);
  if (d !== undefined) return { start: value, end: value };
  if (mo !== undefined) {
    // Day 0 of the next month is the last day of this one.
    const last = new Date(Date.UTC(year, Number(mo), 0)).getUTCDate();
    return { start: `${y}-${mo}-01`, end: `${y}-${mo}-${pad(last)}` };
  }
  return { start: `${pad(year, 4)}-01-01`, end: `${pad(year, 4)}-12-31` };
}

/** The span of an event from its properties as the API gives them; null when it is undated. */
export function eventPeriod(properties: Record<string, unknown>): Period | null {
  const start = properties[EVENT_START];
  if (typeof start !== 'string') return null;
  const end = properties[EVENT_END];
  return { start: fuzzyPeriod(start).start, end: fuzzyPeriod(typeof end === 'string' ? end : start).end };
}
