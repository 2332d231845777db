// Dates known to the day, month or year. Stored as a Neo4j Date (the first day of the period, so
// range indexes and comparisons work) plus a `<name>Precision` property; shown as "2019", "2019-06"
// or "2019-09-04" again.
import neo4j, { type Date as Neo4jDate } from 'neo4j-driver';

import { FUZZY_DATE_PATTERN } from './validators';

export const DATE_PRECISIONS = ['year', 'month', 'day'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export function precisionKey(property: string): string {
  return `${property}Precision`;
}

export function parseFuzzyDate(value: string): { date: Neo4jDate<number>; precision: DatePrecision } {
  const m = FUZZY_DATE_PATTERN.exec(value);
  if (!m) throw new Error(`not a fuzzy date: ${value}`);
  const [, y, mo, d] = m;
  const precision: DatePrecision = d !== undefined ? 'day' : mo !== undefined ? 'month' : 'year';
  return { date: new neo4j.types.Date(Number(y), Number(mo ?? 1), Number(d ?? 1)), precision };
}

export function formatFuzzyDate(iso: string, precision: unknown): string {
  if (precision === 'year') return iso.slice(0, 4);
  if (precision === 'month') return iso.slice(0, 7);
  return iso.slice(0, 10);
}
