// The one place that turns data into what Cytoscape draws: node colours, shapes and icons and edge
// styles come from /api/schema (the server's schema module); speculative and disputed facts are
// dashed; filtered elements are not drawn. The legend reads the same functions.
import type { StylesheetJson } from 'cytoscape';

import type { Schema } from './api';

// White glyphs on the type's colour, as 24×24 SVG paths, keyed by the schema's `style.icon`.
const ICON_PATHS: Record<string, string> = {
  person: 'M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm0 2c-4.4 0-8 2.2-8 5v2h16v-2c0-2.8-3.6-5-8-5z',
  institution: 'M12 2 2 7v2h20V7L12 2zM4 11v7h3v-7H4zm6.5 0v7h3v-7h-3zM17 11v7h3v-7h-3zM2 20v2h20v-2H2z',
  flag: 'M5 2h2v20H5V2zm3 1h11l-2.5 4L19 11H8V3z',
  meeting: 'M4 4h16v11H9l-5 4V4zm4 4v2h8V8H8z',
  topic: 'M3 3h8l10 10-8 8L3 11V3zm4.5 6a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z',
  document: 'M6 2h9l5 5v15H6V2zm8 1.5V8h4.5L14 3.5zM8 12h10v1.5H8V12zm0 4h10v1.5H8V16z',
};

/** A data: URI of the white icon for a schema icon name (undefined for unknown names). */
export function iconUri(icon: string, color = '#ffffff'): string | undefined {
  const d = ICON_PATHS[icon];
  if (!d) return undefined;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24"><path fill="${color}" d="${d}"/></svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/** How a citation status is drawn on edges; the legend shows the same. */
export const STATUS_LINE: Record<string, { 'line-style': 'solid' | 'dashed'; 'line-dash-pattern'?: number[]; color?: string }> = {
  reported: { 'line-style': 'solid' },
  speculative: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] },
  disputed: { 'line-style': 'dashed', 'line-dash-pattern': [2, 3], color: '#dc2626' },
};

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
        'background-fit': 'none',
        'background-width': '60%',
        'background-height': '60%',
        'min-zoomed-font-size': 6,
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.6,
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        // Labels are always set but only drawn once zoomed in far enough (or on hover/selection).
        label: 'data(label)',
        'font-size': 9,
        'min-zoomed-font-size': 15,
        color: '#4b5563',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
      },
    },
  ];
  for (const t of schema.nodeTypes) {
    const icon = iconUri(t.style.icon);
    style.push({
      selector: `node[type = "${t.label}"]`,
      style: { 'background-color': t.style.color, shape: t.style.shape as never, ...(icon ? { 'background-image': icon } : {}) },
    });
  }
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
  for (const [status, line] of Object.entries(STATUS_LINE)) {
    if (status === 'reported') continue;
    const { color, ...rest } = line;
    // Evidence status is drawn on the canvas, not only in the panel.
    style.push({ selector: `edge[citationStatus = "${status}"]`, style: { ...rest, ...(color ? { 'line-color': color } : {}) } });
  }
  style.push(
    { selector: 'node[citationStatus = "speculative"]', style: { 'border-style': 'dashed', 'border-color': '#6b7280' } },
    { selector: 'node[citationStatus = "disputed"]', style: { 'border-style': 'dashed', 'border-color': '#dc2626' } },
    { selector: 'node[?focus]', style: { width: 44, height: 44, 'font-weight': 'bold', 'font-size': 12 } },
    // Sized by the measure chosen in the legend (readable.ts); without it, the sizes above.
    { selector: 'node[vsize]', style: { width: 'data(vsize)', height: 'data(vsize)' } },
    // Labels that would collide are shortened or hidden (readable.ts); hover shows them again.
    { selector: 'node.label-short', style: { label: 'data(shortLabel)' } },
    { selector: 'node.label-hidden', style: { 'text-opacity': 0 } },
    {
      selector: 'node.label-hover',
      style: {
        label: 'data(label)',
        'text-opacity': 1,
        'z-index': 30,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.9,
        'text-background-padding': '1px',
      },
    },
    { selector: 'edge:selected, edge.hover', style: { 'font-size': 10, 'min-zoomed-font-size': 0, width: 3, 'z-index': 10 } },
    { selector: 'node:selected', style: { 'border-color': '#111827', 'border-width': 3, 'overlay-opacity': 0.08 } },
    { selector: 'node.expanded', style: { 'border-color': '#111827', 'border-width': 1 } },
    { selector: 'node.pinned', style: { 'border-color': '#b91c1c', 'border-width': 3, 'border-style': 'double' } },
    {
      selector: 'node.more',
      style: {
        shape: 'round-rectangle',
        'background-color': '#e5e7eb',
        'background-image': 'none',
        'border-color': '#9ca3af',
        'border-width': 1,
        color: '#111827',
        'text-valign': 'center',
        'text-margin-y': 0,
        'text-outline-width': 0,
        // Sized from the label length (set with the node): 'width: label' is not hit-tested.
        width: 'data(w)',
        height: 24,
        'z-index': 20,
      },
    },
    { selector: 'edge.more-edge', style: { 'line-style': 'dotted', 'line-color': '#9ca3af', 'target-arrow-shape': 'none', label: '' } },
    // A group node (group-nodes.ts) stands for many neighbours: a stack-like double border and the
    // colour of a list, so that it reads as "open me", not as one more entity or a page to load.
    {
      selector: 'node.group',
      style: {
        'background-color': '#eef2ff',
        'border-color': '#4f46e5',
        'border-width': 3,
        'border-style': 'double',
        color: '#1e1b4b',
        'font-weight': 'bold',
        height: 30,
      },
    },
    { selector: 'edge.group-edge', style: { 'line-style': 'dashed', 'line-color': '#818cf8', width: 2 } },
    // The group last tapped or reached with G (group-panel.ts): what Enter opens.
    { selector: 'node.group-current', style: { 'border-color': '#111827' } },
    { selector: '.dim', style: { opacity: 0.18 } },
    { selector: 'node.path-hit', style: { 'border-color': '#f59e0b', 'border-width': 4 } },
    { selector: 'edge.path-hit', style: { width: 4, 'line-color': '#f59e0b', 'target-arrow-color': '#f59e0b', 'min-zoomed-font-size': 0 } },
    // Find in view (find-in-view.ts): the matches stand out in violet, the current one most, the rest recedes.
    { selector: '.find-dim', style: { opacity: 0.15 } },
    { selector: 'node.find-hit', style: { 'border-color': '#7c3aed', 'border-width': 4, 'text-opacity': 1 } },
    {
      selector: 'node.find-current',
      style: { 'border-width': 6, 'underlay-color': '#7c3aed', 'underlay-opacity': 0.25, 'underlay-padding': 8, 'z-index': 25 },
    },
    { selector: '.filtered, .user-hidden', style: { display: 'none' } },
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
