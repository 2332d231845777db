// The details panel: a node's or an edge's facts, and always the citations behind them, with
// speculative and disputed claims marked as such.
import { api, type Citation, type GraphEdge, type GraphNode } from './api';

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// Shown elsewhere in the panel (heading, aliases line, summary paragraph).
const HIDDEN = new Set(['aliases', 'summary', 'name', 'title']);

function propertiesTable(props: Record<string, unknown>): string {
  const rows = Object.entries(props)
    .filter(([k, v]) => !HIDDEN.has(k) && !k.endsWith('Precision') && v !== null && v !== '')
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(Array.isArray(v) ? v.join(', ') : v)}</td></tr>`);
  return rows.length ? `<table class="props">${rows.join('')}</table>` : '';
}

export function citationsHtml(citations: Citation[]): string {
  if (citations.length === 0) return '<p class="muted">No citation recorded.</p>';
  return `<ol class="citations">${citations
    .map(
      (c) => `<li class="citation status-${esc(c.status)}">
        <blockquote lang="${esc(c.lang ?? '')}">${esc(c.quote)}</blockquote>
        <div class="cite-meta">
          ${c.status !== 'reported' ? `<span class="badge badge-${esc(c.status)}">${esc(c.status)}</span>` : ''}
          ${c.url ? `<a href="${esc(c.url)}" target="_blank" rel="noopener noreferrer">${esc(c.title ?? c.sourceId)}</a>` : `<span>${esc(c.title ?? c.sourceId)}</span>`}
          ${c.publisher ? `— ${esc(c.publisher)}` : ''}${c.published ? `, ${esc(c.published)}` : ''}
        </div>
        ${c.note ? `<div class="cite-note">${esc(c.note)}</div>` : ''}
      </li>`,
    )
    .join('')}</ol>`;
}

function mark(panel: HTMLElement, kind: string, id: string, state: 'loading' | 'ready'): void {
  panel.dataset.kind = kind;
  panel.dataset.id = id;
  panel.dataset.state = state;
}

export async function showNode(panel: HTMLElement, node: GraphNode): Promise<void> {
  mark(panel, 'node', node.id, 'loading');
  panel.innerHTML = `<h2>${esc(node.name)}</h2><p class="type">${esc(node.type)}</p><p class="muted">Loading…</p>`;
  const full = await api.node(node.id);
  if (panel.dataset.id !== node.id) return; // the user has moved on to something else
  const aliases = Array.isArray(full.properties.aliases) ? (full.properties.aliases as string[]) : [];
  panel.innerHTML = `
    <h2>${esc(full.name)}</h2>
    <p class="type">${esc(full.type)}${full.citationStatus && full.citationStatus !== 'reported' ? ` <span class="badge badge-${esc(full.citationStatus)}">${esc(full.citationStatus)}</span>` : ''}</p>
    ${typeof full.properties.summary === 'string' ? `<p>${esc(full.properties.summary)}</p>` : ''}
    ${aliases.length ? `<p class="aliases"><span class="muted">Also written:</span> ${aliases.map(esc).join(' · ')}</p>` : ''}
    ${propertiesTable(full.properties)}
    <h3>Sources</h3>
    ${citationsHtml(full.citations)}
    <p class="muted hint">Double-click the node to expand its network.</p>`;
  mark(panel, 'node', node.id, 'ready');
}

export function showEdge(panel: HTMLElement, edge: GraphEdge, label: string, names: { source: string; target: string }): void {
  mark(panel, 'edge', edge.id, 'ready');
  panel.innerHTML = `
    <h2>${esc(names.source)} → ${esc(names.target)}</h2>
    <p class="type">${esc(label)}${edge.citationStatus && edge.citationStatus !== 'reported' ? ` <span class="badge badge-${esc(edge.citationStatus)}">${esc(edge.citationStatus)}</span>` : ''}</p>
    ${propertiesTable(edge.properties)}
    <h3>Sources</h3>
    ${citationsHtml(edge.citations ?? [])}`;
}

export function showNothing(panel: HTMLElement): void {
  mark(panel, 'none', '', 'ready');
  panel.innerHTML = '<p class="muted">Select a node or a link to see its facts and the sources behind them.</p>';
}
