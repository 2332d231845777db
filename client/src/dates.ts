// Fuzzy dates on the client: "2019", "2019-06" or "2019-09-04" (with a `<name>Precision` beside
// them) read as the period they stand for, so that filters never claim more than a source says.

export type Precision = 'year' | 'month' | 'day';

/** A half-open period [start, end) in milliseconds since the epoch (UTC). */
export interface Period {
  start: number;
  end: number;
  precision: Precision;
}

const PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

/** The period a fuzzy date stands for; the precision comes from the value unless given. */
export function period(value: unknown, precision?: unknown): Period | null {
  if (typeof value !== 'string') return null;
  const m = PATTERN.exec(value);
  if (!m) return null;
  const [, y, mo, d] = m;
  const given = precision === 'year' || precision === 'month' || precision === 'day' ? precision : undefined;
  const p: Precision = given ?? (d !== undefined ? 'day' : mo !== undefined ? 'month' : 'year');
  const year = Number(y);
  const month = p === 'year' ? 0 : Number(mo ?? 1) - 1;
  const day = p === 'day' ? Number(d ?? 1) : 1;
  const start = Date.UTC(year, month, day);
  const end = p === 'year' ? Date.UTC(year + 1, 0, 1) : p === 'month' ? Date.UTC(year, month + 1, 1) : Date.UTC(year, month, day + 1);
  return { start, end, precision: p };
}

/** The period of a node's or edge's date property, using its stored precision. */
export function propertyPeriod(props: Record<string, unknown>, name: string): Period | null {
  return period(props[name], props[`${name}Precision`]);
}

/** ISO day (YYYY-MM-DD) of a timestamp, and back. */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const dayMs = (iso: string): number | null => period(iso, 'day')?.start ?? null;

/**
 * Whether a post (start/end with precisions) may be held on a day. A post is left out only when the
 * sources make it certain that it was not held yet or any more: "from June 2019" is held on 10 June.
 */
export function heldOn(props: Record<string, unknown>, day: number): boolean {
  const start = propertyPeriod(props, 'start');
  const end = propertyPeriod(props, 'end');
  if (start && day < start.start) return false;
  if (end && day >= end.end) return false;
  return true;
}

/** Whether a dated period overlaps a window [after, before] of whole days (either end open). */
export function inWindow(p: Period, after: number | null, before: number | null): boolean {
  if (after !== null && p.end <= after) return false;
  if (before !== null && p.start >= before + 86_400_000) return false;
  return true;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "4 September 2019", "June 2019" or "2019". */
export function formatPeriod(p: Period): string {
  const d = new Date(p.start);
  if (p.precision === 'year') return String(d.getUTCFullYear());
  if (p.precision === 'month') return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function formatDate(value: unknown, precision?: unknown): string {
  const p = period(value, precision);
  return p ? formatPeriod(p) : typeof value === 'string' ? value : '';
}
