// Converts values coming out of Neo4j into plain JSON: integers as numbers when they are safe
// (strings otherwise), temporal values as ISO strings, nodes, relationships and paths as records.
import neo4j, {
  isDate,
  isDateTime,
  isDuration,
  isLocalDateTime,
  isLocalTime,
  isNode,
  isPath,
  isPoint,
  isRelationship,
  isTime,
  type Integer,
} from 'neo4j-driver';

import type { Json } from '../graph/api-types';

export type { Json } from '../graph/api-types';

export function integerToJson(value: Integer): number | string {
  return neo4j.integer.inSafeRange(value) ? value.toNumber() : value.toString();
}

export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (neo4j.isInt(value)) return integerToJson(value as Integer);
  if (isDate(value) || isDateTime(value) || isLocalDateTime(value) || isTime(value) || isLocalTime(value) || isDuration(value))
    return (value as { toString(): string }).toString();
  if (isPoint(value))
    return { srid: integerToJson(neo4j.int(value.srid)), x: value.x, y: value.y, ...(value.z !== undefined ? { z: value.z } : {}) };
  if (isNode(value)) return { labels: value.labels, properties: toJson(value.properties) };
  if (isRelationship(value)) return { type: value.type, properties: toJson(value.properties) };
  if (isPath(value))
    return { segments: value.segments.map((s) => ({ start: toJson(s.start), relationship: toJson(s.relationship), end: toJson(s.end) })) };
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJson(v);
    return out;
  }
  return String(value);
}
