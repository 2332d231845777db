// The snapshot a "same" judgement keeps so that its split gives back the graph exactly: stored
// property values (Neo4j dates, integers, temporal values) written as JSON with their types, and
// read back as the same driver values, so that a restored node compares equal in a dump.
import neo4j, { isDate, isDateTime, isDuration, isLocalDateTime, isLocalTime, isTime } from 'neo4j-driver';

/** A stored value as JSON: plain JSON stays as it is, typed values become {$t, v}. */
export type SnapshotValue = null | boolean | number | string | SnapshotValue[] | { $t: string; v: string | number };

export function encodeValue(value: unknown): SnapshotValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  // A JavaScript number came out of Neo4j as a float: kept a float.
  if (typeof value === 'number') return { $t: 'float', v: value };
  if (neo4j.isInt(value)) return { $t: 'int', v: value.toString() };
  if (isDate(value)) return { $t: 'date', v: value.toString() };
  if (isDateTime(value)) return { $t: 'datetime', v: value.toString() };
  if (isLocalDateTime(value)) return { $t: 'localdatetime', v: value.toString() };
  if (isTime(value) || isLocalTime(value) || isDuration(value))
    throw new Error(`snapshot: ${Object.prototype.toString.call(value)} values are not stored on entities`);
  if (Array.isArray(value)) return value.map(encodeValue);
  throw new Error(`snapshot: cannot keep a value of type ${typeof value}`);
}

export function decodeValue(value: SnapshotValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const v = String(value.v);
  switch (value.$t) {
    case 'float':
      return Number(value.v);
    case 'int':
      return neo4j.int(v);
    case 'date': {
      const m = /^(-?\d+)-(\d{2})-(\d{2})$/.exec(v);
      if (!m) throw new Error(`snapshot: ${v} is not a date`);
      return new neo4j.types.Date(neo4j.int(m[1]!), neo4j.int(m[2]!), neo4j.int(m[3]!));
    }
    case 'datetime':
      return neo4j.types.DateTime.fromStandardDate(new Date(v));
    case 'localdatetime':
      return neo4j.types.LocalDateTime.fromStandardDate(new Date(v));
    default:
      throw new Error(`snapshot: unknown value type ${value.$t}`);
  }
}

export type Props = Record<string, unknown>;

export const encodeProps = (props: Props): Record<string, SnapshotValue> =>
  Object.fromEntries(Object.entries(props).map(([k, v]) => [k, encodeValue(v)]));

export const decodeProps = (props: Record<string, SnapshotValue>): Props =>
  Object.fromEntries(Object.entries(props).map(([k, v]) => [k, decodeValue(v)]));
