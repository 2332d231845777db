// The one place that turns data into what Cytoscape draws: node colours and shapes and edge styles
// come from /api/schema (the server's schema module), speculative and disputed facts are dashed.
import type { StylesheetJson } from 'cytoscape';

import type { Schema } from './api';

export function graphStyle(schema: Schema): StylesheetJson {
  const style: StylesheetJson = [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': '140px',
        color: '#1f2937',
        'text-outline-color': '#ffffff',
        'text-outline-width': 2,
        width: 30,
        height: 30,
        'border-width': 2,
        'border-color': '#ffffff',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.6,
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'font-size': 9,
        color: '#4b5563',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
      },
    },
  ];
  for (const t of schema.nodeTypes)
    style.push({ selector: `node[type = "${t.label}"]`, style: { 'background-color': t.style.color, shape: t.style.shape as never } });
  for (const r of schema.relationshipTypes) {
    style.push({
      selector: `edge[type = "${r.type}"]`,
      style: {
        'line-color': r.style.color,
        'target-arrow-color': r.style.color,
        'line-style': r.style.lineStyle,
        'target-arrow-shape': r.directed ? 'triangle' : 'none',
      },
    });
  }
  style.push(
    // Evidence status is drawn on the canvas, not only in the panel.
    { selector: 'edge[citationStatus = "speculative"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    {
      selector: 'edge[citationStatus = "disputed"]',
      style: { 'line-style': 'dashed', 'line-dash-pattern': [2, 3], 'line-color': '#dc2626' },
    },
    { selector: 'node[citationStatus = "speculative"]', style: { 'border-style': 'dashed', 'border-color': '#6b7280' } },
    { selector: 'node[?focus]', style: { width: 42, height: 42, 'font-weight': 'bold', 'font-size': 12 } },
    { selector: 'edge:selected, edge.hover', style: { label: 'data(label)', width: 3 } },
    { selector: 'node:selected', style: { 'border-color': '#111827', 'border-width': 3 } },
    { selector: 'node.expanded', style: { 'border-color': '#111827', 'border-width': 1 } },
    {
      selector: 'node.more',
      style: {
        shape: 'round-rectangle',
        'background-color': '#e5e7eb',
        color: '#111827',
        'text-valign': 'center',
        'text-margin-y': 0,
        width: 70,
        height: 24,
      },
    },
  );
  return style;
}

/** Short readable label for an edge, from the schema's caption or the labelled property. */
export function edgeLabel(schema: Schema, type: string, properties: Record<string, unknown>): string {
  const spec = schema.relationshipTypes.find((r) => r.type === type);
  if (!spec) return type;
  const value = spec.labelProperty ? properties[spec.labelProperty] : undefined;
  return typeof value === 'string' ? `${spec.caption}: ${value.replace(/_/g, ' ')}` : spec.caption;
}
