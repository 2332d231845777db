// Turns Neo4j nodes and relationships of the domain into the API's shapes:
// node {id, type, name, properties, citationStatus} and edge {id, type, source, target, properties, citationStatus}.
// Derived storage details (search keys, date precisions) are folded back into readable values here.
import type { Node, Relationship } from 'neo4j-driver';

import { toJson } from '../db/values';
import { formatFuzzyDate, precisionKey } from '../schema/fuzzy-date';
import {
  DERIVED_PROPERTIES,
  NODE_TYPES,
  RELATIONSHIP_TYPES,
  fuzzyDateProperties,
  isNodeLabel,
  isRelationshipType,
  type PropertySpec,
} from '../schema/model';
import type { ApiAlsoStated, ApiEdge, ApiNode, Json } from './api-types';

export type { ApiAlsoStated, ApiCitation, ApiEdge, ApiNode, ApiQuoteCitation, ApiRecordCitation } from './api-types';

// Records are answered as citations (service.citationsFor) and alsoStated as its own field.
const HIDDEN = new Set<string>([
  'id',
  DERIVED_PROPERTIES.searchKeys,
  DERIVED_PROPERTIES.citationStatus,
  DERIVED_PROPERTIES.records,
  DERIVED_PROPERTIES.alsoStated,
]);

/**
 * The stored alsoStated list (JSON strings {"property","value","sources":[ids]}) as the API gives
 * it; source titles are left null for the service to fill in (one look-up for a whole answer). An
 * entry that is not such JSON is skipped rather than failing the answer.
 */
export function parseAlsoStated(stored: unknown): ApiAlsoStated[] {
  if (!Array.isArray(stored)) return [];
  const out: ApiAlsoStated[] = [];
  for (const text of stored) {
    if (typeof text !== 'string') continue;
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch {
      continue;
    }
    if (!entry || typeof entry !== 'object') continue;
    const { property, value, sources } = entry as Record<string, unknown>;
    if (typeof property !== 'string' || value === undefined) continue;
    const ids = Array.isArray(sources) ? sources.filter((id): id is string => typeof id === 'string') : [];
    out.push({ property, value: toJson(value), sources: ids.map((id) => ({ id, title: null })) });
  }
  return out;
}

/** The ids of the (:Record) nodes a stored fact lists. */
export function recordIds(properties: Record<string, unknown>): string[] {
  const stored = properties[DERIVED_PROPERTIES.records];
  return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
}

const withAlsoStated = <T extends ApiNode | ApiEdge>(fact: T, stored: unknown): T => {
  const also = parseAlsoStated(stored);
  return also.length > 0 ? { ...fact, alsoStated: also } : fact;
};

function publicProperties(raw: Record<string, unknown>, specs: Readonly<Record<string, PropertySpec>> | undefined): Record<string, Json> {
  const out: Record<string, Json> = {};
  const fuzzy = new Set(specs ? fuzzyDateProperties(specs) : []);
  for (const [key, value] of Object.entries(raw)) {
    if (HIDDEN.has(key)) continue;
    const json = toJson(value);
    out[key] = fuzzy.has(key) && typeof json === 'string' ? formatFuzzyDate(json, raw[precisionKey(key)]) : json;
  }
  return out;
}

export function domainLabel(labels: readonly string[]): string {
  return labels.find(isNodeLabel) ?? labels[0] ?? 'Unknown';
}

export function apiNode(stored: Node): ApiNode {
  const type = domainLabel(stored.labels);
  const spec = isNodeLabel(type) ? NODE_TYPES[type] : undefined;
  const props = stored.properties as Record<string, unknown>;
  const caption = spec ? props[spec.caption] : (props.name ?? props.title);
  const node: ApiNode = {
    id: String(props.id),
    type,
    name: typeof caption === 'string' ? caption : String(props.id),
    properties: publicProperties(props, spec?.properties),
    citationStatus: typeof props.citationStatus === 'string' ? props.citationStatus : null,
  };
  return withAlsoStated(node, props[DERIVED_PROPERTIES.alsoStated]);
}

/** `ids` maps the driver's element ids of the endpoints to Liaison ids. */
export function apiEdge(rel: Relationship, ids: ReadonlyMap<string, string>): ApiEdge {
  const spec = isRelationshipType(rel.type) ? RELATIONSHIP_TYPES[rel.type] : undefined;
  const props = rel.properties as Record<string, unknown>;
  const edge: ApiEdge = {
    id: String(props.id ?? rel.elementId),
    type: rel.type,
    source: ids.get(rel.startNodeElementId) ?? rel.startNodeElementId,
    target: ids.get(rel.endNodeElementId) ?? rel.endNodeElementId,
    properties: publicProperties(props, spec?.properties),
    citationStatus: typeof props.citationStatus === 'string' ? props.citationStatus : null,
  };
  return withAlsoStated(edge, props[DERIVED_PROPERTIES.alsoStated]);
}

/** Builds the element-id → Liaison-id map for a set of nodes. */
export function idMap(nodes: Iterable<Node>): Map<string, string> {
  const map = new Map<string, string>();
  for (const n of nodes) map.set(n.elementId, String((n.properties as Record<string, unknown>).id));
  return map;
}
