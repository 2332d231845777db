// Turns the records of a console query (or a library query) into the console's answer: a table
// (columns, rows of JSON cells) and a graph of every node and relationship found anywhere in it, in
// the same shapes as the rest of the API, with the citations behind each relationship.
import { isNode, isPath, isRelationship, type Node, type Relationship, type ResultSummary } from 'neo4j-driver';

import type { Executor, Rows } from '../db/executor';
import { toJson, type Json } from '../db/values';
import { apiEdge, apiNode, type ApiEdge, type ApiNode } from '../graph/serialize';
import { citationsFor, withSourceTitles } from '../graph/service';

export interface ConsoleNotification {
  code: string;
  title: string;
  description: string;
  severity: string;
  position: { line: number; column: number; offset: number } | null;
}

export interface ConsoleResult {
  columns: string[];
  /** One array per record, its cells in the order of `columns`. */
  rows: Json[][];
  graph: { nodes: ApiNode[]; edges: ApiEdge[] };
  /** True when the row cap cut the result short. */
  truncated: boolean;
  summary: { resultAvailableAfterMs: number | null; queryType: string; notifications: ConsoleNotification[] };
}

/** A path in a cell: the ids of its nodes and relationships, in order, as /api/paths gives them. */
export interface ApiPathCell {
  nodes: string[];
  edges: string[];
  length: number;
}

/** Visits every node and relationship inside a value: lists, maps and paths included. */
function collect(value: unknown, nodes: Map<string, Node>, rels: Map<string, Relationship>): void {
  if (value === null || typeof value !== 'object') return;
  if (isNode(value)) nodes.set(value.elementId, value);
  else if (isRelationship(value)) rels.set(value.elementId, value);
  else if (isPath(value)) {
    nodes.set(value.start.elementId, value.start);
    for (const s of value.segments) {
      rels.set(s.relationship.elementId, s.relationship);
      nodes.set(s.end.elementId, s.end);
    }
  } else if (Array.isArray(value)) for (const v of value) collect(v, nodes, rels);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collect(v, nodes, rels);
}

function notifications(summary: ResultSummary): ConsoleNotification[] {
  return summary.notifications.map((n) => {
    const p = n.position as { line?: number; column?: number; offset?: number };
    return {
      code: n.code,
      title: n.title,
      description: n.description,
      severity: n.rawSeverityLevel,
      position: typeof p.line === 'number' ? { line: p.line, column: p.column ?? 1, offset: p.offset ?? 0 } : null,
    };
  });
}

export async function toConsoleResult(executor: Executor, result: Rows): Promise<ConsoleResult> {
  const nodes = new Map<string, Node>();
  const rels = new Map<string, Relationship>();
  for (const record of result.records) for (const key of result.keys) collect(record.get(key), nodes, rels);

  // Relationships returned without their ends (RETURN r) still get both ends in the graph.
  const missing = new Set<string>();
  for (const r of rels.values()) for (const end of [r.startNodeElementId, r.endNodeElementId]) if (!nodes.has(end)) missing.add(end);
  if (missing.size > 0) {
    const ends = await executor.read<{ n: Node }>('queries/nodes-by-element-id', { ids: [...missing] });
    for (const record of ends.records) nodes.set(record.get('n').elementId, record.get('n'));
  }

  // Nodes without a Liaison id (db.schema.visualization()'s virtual ones) go by their element id and name.
  const hasId = (n: Node) => n.properties.id !== undefined && n.properties.id !== null;
  const idOf = (n: Node) => (hasId(n) ? String(n.properties.id) : n.elementId);
  const ids = new Map([...nodes].map(([elementId, n]) => [elementId, idOf(n)]));
  const apiNodes = new Map(
    [...nodes].map(([elementId, n]) => {
      const api = apiNode(n);
      return [
        elementId,
        hasId(n) ? api : { ...api, id: n.elementId, name: String(n.properties.name ?? n.properties.title ?? n.elementId) },
      ];
    }),
  );
  const edges = new Map([...rels].map(([elementId, r]) => [elementId, apiEdge(r, ids)]));
  // Only relationships of the domain carry an id and citations (CITES, between a citation and its source, does not).
  const factIds = [...rels.values()].filter((r) => typeof r.properties.id === 'string').map((r) => String(r.properties.id));
  const citations = await citationsFor(executor, factIds);
  for (const edge of edges.values()) edge.citations = citations.get(edge.id) ?? [];
  // The sources named by alsoStated entries, with their titles, as the explorer's answers give them (one look-up).
  const titled = await withSourceTitles<ApiNode | ApiEdge>(executor, [...apiNodes.values(), ...edges.values()]);
  [...apiNodes.keys()].forEach((k, i) => apiNodes.set(k, titled[i] as ApiNode));
  [...edges.keys()].forEach((k, i) => edges.set(k, titled[apiNodes.size + i] as ApiEdge));

  const cell = (value: unknown): Json => {
    if (value === null || value === undefined) return null;
    if (isNode(value)) return apiNodes.get(value.elementId) as unknown as Json;
    if (isRelationship(value)) return edges.get(value.elementId) as unknown as Json;
    if (isPath(value)) {
      const path: ApiPathCell = {
        nodes: [value.start, ...value.segments.map((s) => s.end)].map((n) => apiNodes.get(n.elementId)!.id),
        edges: value.segments.map((s) => edges.get(s.relationship.elementId)!.id),
        length: value.length,
      };
      return path as unknown as Json;
    }
    if (Array.isArray(value)) return value.map(cell);
    if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cell(v)]));
    return toJson(value);
  };

  const available = toJson(result.summary.resultAvailableAfter);
  return {
    columns: result.keys,
    rows: result.records.map((record) => result.keys.map((key) => cell(record.get(key)))),
    graph: { nodes: [...apiNodes.values()], edges: [...edges.values()] },
    truncated: result.truncated,
    summary: {
      resultAvailableAfterMs: typeof available === 'number' ? available : null,
      queryType: result.summary.queryType,
      notifications: notifications(result.summary),
    },
  };
}
