// The preview as a graph: the facts the first rows yield, in the explorer's node and edge shapes, so
// that the app's own style (client/src/style.ts, from /api/schema) draws them.
import type { GraphEdge, GraphNode, Schema } from '../api';
import type { FactNode, PreviewRow } from './types';

/** The caption of a fact in bundle form: the property the schema names (name, title), else its id. */
export function factName(schema: Schema, node: FactNode): string {
  const caption = schema.nodeTypes.find((t) => t.label === node.type)?.caption ?? 'name';
  const value = node.properties[caption] ?? node.properties.name ?? node.properties.title;
  return typeof value === 'string' && value ? value : node.id;
}

export interface PreviewGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Facts that only records with an error yield: they would be rejected (drawn in red). */
  rejected: Set<string>;
}

/**
 * Every node and relationship of the rows, once each (rows restate the same minister): a relationship
 * whose end no row yields (an existing node of the graph) gets a grey stand-in for it.
 */
export function previewGraph(schema: Schema, rows: readonly PreviewRow[]): PreviewGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const rejected = new Set<string>();
  const accepted = new Set<string>();
  for (const row of rows) {
    const status = 'reported';
    const bad = row.problems.some((p) => (p.severity ?? 'error') === 'error');
    for (const f of [...row.nodes, ...row.relationships]) (bad ? rejected : accepted).add(f.id);
    for (const n of row.nodes)
      if (!nodes.has(n.id))
        nodes.set(n.id, {
          id: n.id,
          type: n.type,
          name: factName(schema, n),
          properties: n.properties as GraphNode['properties'],
          citationStatus: status,
        });
    for (const r of row.relationships)
      if (!edges.has(r.id))
        edges.set(r.id, {
          id: r.id,
          type: r.type,
          source: r.source,
          target: r.target,
          properties: r.properties as GraphEdge['properties'],
          citationStatus: status,
        });
  }
  for (const e of edges.values())
    for (const end of [e.source, e.target])
      if (!nodes.has(end)) nodes.set(end, { id: end, type: 'Existing', name: end, properties: {}, citationStatus: 'reported' });
  for (const id of accepted) rejected.delete(id);
  return { nodes: [...nodes.values()], edges: [...edges.values()], rejected };
}
