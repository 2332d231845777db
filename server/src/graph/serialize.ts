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
import type { ApiEdge, ApiNode, Json } from './api-types';

export type { ApiCitation, ApiEdge, ApiNode } from './api-types';

const HIDDEN = new Set<string>(['id', DERIVED_PROPERTIES.searchKeys, DERIVED_PROPERTIES.citationStatus]);

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

export function apiNode(node: Node): ApiNode {
  const type = domainLabel(node.labels);
  const spec = isNodeLabel(type) ? NODE_TYPES[type] : undefined;
  const props = node.properties as Record<string, unknown>;
  const caption = spec ? props[spec.caption] : (props.name ?? props.title);
  return {
    id: String(props.id),
    type,
    name: typeof caption === 'string' ? caption : String(props.id),
    properties: publicProperties(props, spec?.properties),
    citationStatus: typeof props.citationStatus === 'string' ? props.citationStatus : null,
  };
}

/** `ids` maps the driver's element ids of the endpoints to Liaison ids. */
export function apiEdge(rel: Relationship, ids: ReadonlyMap<string, string>): ApiEdge {
  const spec = isRelationshipType(rel.type) ? RELATIONSHIP_TYPES[rel.type] : undefined;
  const props = rel.properties as Record<string, unknown>;
  return {
    id: String(props.id ?? rel.elementId),
    type: rel.type,
    source: ids.get(rel.startNodeElementId) ?? rel.startNodeElementId,
    target: ids.get(rel.endNodeElementId) ?? rel.endNodeElementId,
    properties: publicProperties(props, spec?.properties),
    citationStatus: typeof props.citationStatus === 'string' ? props.citationStatus : null,
  };
}

/** Builds the element-id → Liaison-id map for a set of nodes. */
export function idMap(nodes: Iterable<Node>): Map<string, string> {
  const map = new Map<string, string>();
  for (const n of nodes) map.set(n.elementId, String((n.properties as Record<string, unknown>).id));
  return map;
}
