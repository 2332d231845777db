// The details panel: a node's or an edge's facts — for a person the posts held and the meetings
// attended in date order, for a meeting its date, place, status, participants and topics — and
// always the citations behind them, with speculative and disputed claims marked as such: quotes
// from texts, and records of datasets (the dataset, the file and line, the record as read). A
// value another source stated differently is named beside the one kept ("also stated: AM by …").
import {
  api,
  type AlsoStated,
  type Citation,
  type GraphEdge,
  type GraphNode,
  type Neighborhood,
  type RecordCitation,
  type Schema,
} from './api';
import { formatDate, propertyPeriod } from './dates';

export const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// Shown elsewhere in the panel (heading, aliases line, summary paragraph, meeting facts).
const HIDDEN = new Set(['aliases', 'summary', 'name', 'title']);
const MEETING_FACTS = new Set(['date', 'endDate', 'place', 'country', 'status', 'kind']);

const badge = (status: string | null | undefined) =>
  status && status !== 'reported' ? ` <span class="badge badge-${esc(status)}">${esc(status)}</span>` : '';

const DATE_PROPERTIES = /^(date|endDate|start|end|published|since|birthDate|deathDate|retrieved)$/;

/** A value as shown: dates at their precision ("June 2019"), lists joined, roles without underscores. */
function shown(key: string, value: unknown, precision?: unknown): string {
  if (DATE_PROPERTIES.test(key) && typeof value === 'string') return formatDate(value, precision);
  if (Array.isArray(value)) return value.join(', ');
  return String(value ?? '');
}

/** "also stated: AM by Party register; AZ by …" for one property, or '' when no source differs. */
export function alsoStatedHtml(also: readonly AlsoStated[] | undefined, property: string): string {
  const entries = (also ?? []).filter((a) => a.property === property);
  if (entries.length === 0) return '';
  const by = (a: AlsoStated) => a.sources.map((s) => esc(s.title ?? s.id)).join(', ') || 'another source';
  return `<div class="also-stated"><span class="muted">also stated:</span> ${entries
    .map((a) => `<span class="also-value">${esc(shown(property, a.value))}</span> by ${by(a)}`)
    .join('; ')}</div>`;
}

function propertiesTable(props: Record<string, unknown>, skip: Set<string> = new Set(), also?: readonly AlsoStated[]): string {
  const rows = Object.entries(props)
    .filter(([k, v]) => !HIDDEN.has(k) && !skip.has(k) && !k.endsWith('Precision') && v !== null && v !== '')
    .map(([k, v]) => {
      const value = propertyPeriod(props, k) && DATE_PROPERTIES.test(k) ? formatDate(v, props[`${k}Precision`]) : v;
      return `<tr><th scope="row">${esc(k)}</th><td>${esc(Array.isArray(value) ? value.join(', ') : value)}${alsoStatedHtml(also, k)}</td></tr>`;
    });
  return rows.length ? `<table class="props">${rows.join('')}</table>` : '';
}

/**
 * What other sources stated about properties the panel shows outside its tables (the name, the
 * title) or not at all: one line each, so that no differing value goes unseen.
 */
function otherAlsoStated(also: readonly AlsoStated[] | undefined, shownInTables: (property: string) => boolean): string {
  const rest = [...new Set((also ?? []).map((a) => a.property))].filter((p) => !shownInTables(p));
  if (rest.length === 0) return '';
  return `<ul class="facts also-stated-list">${rest.map((p) => `<li><span class="muted">${esc(p)}:</span> ${alsoStatedHtml(also, p)}</li>`).join('')}</ul>`;
}

/** Where a record sits in its file: "pm-meetings_0_0.csv, line 4" (or row, record id, JSON pointer). */
export function recordPlace(c: RecordCitation): string {
  const parts = [
    c.file,
    c.line !== null ? `line ${c.line}` : c.row !== null ? `row ${c.row}` : null,
    c.recordId ? `record ${c.recordId}` : null,
    c.pointer && c.line === null && c.row === null ? c.pointer : null,
  ];
  return parts.filter(Boolean).join(', ') || c.record;
}

const sourceLink = (c: Citation) =>
  c.url
    ? `<a href="${esc(c.url)}" target="_blank" rel="noopener noreferrer">${esc(c.title ?? c.sourceId)}</a>`
    : `<span class="cite-title">${esc(c.title ?? c.sourceId)}</span>`;

function recordHtml(c: RecordCitation): string {
  const release = [c.version ? `version ${c.version}` : null, c.retrieved ? `retrieved ${formatDate(c.retrieved)}` : null, c.licence]
    .filter(Boolean)
    .join(' · ');
  return `<li class="citation record status-${esc(c.status)}">
        <div class="cite-record"><span class="cite-kind">Record</span> ${sourceLink(c)} — <span class="record-place">${esc(recordPlace(c))}</span></div>
        <div class="cite-meta">
          <span class="badge badge-${esc(c.status)}">${esc(c.status)}</span>
          ${c.publisher ? esc(c.publisher) : ''}${release ? `${c.publisher ? ' · ' : ''}${esc(release)}` : ''}
        </div>
        ${c.raw ? `<details class="record-raw"><summary>The record as read</summary><pre>${esc(c.raw)}</pre></details>` : ''}
      </li>`;
}

export function citationsHtml(citations: Citation[]): string {
  if (citations.length === 0) return '<p class="muted">No citation recorded.</p>';
  return `<ol class="citations">${citations
    .map((c) =>
      c.kind === 'record'
        ? recordHtml(c)
        : `<li class="citation status-${esc(c.status)}">
        <blockquote lang="${esc(c.lang ?? '')}">${esc(c.quote)}</blockquote>
        <div class="cite-meta">
          <span class="badge badge-${esc(c.status)}">${esc(c.status)}</span>
          ${sourceLink(c)}
          ${c.publisher ? `— ${esc(c.publisher)}` : ''}${c.published ? `, ${esc(formatDate(c.published))}` : ''}
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

/** A neighbour the panel lists; clicking it puts it (and the link) on the canvas and selects it. */
export type Pick = (node: GraphNode, edge: GraphEdge) => void;

const other = (page: Neighborhood, e: GraphEdge, self: string) =>
  page.nodes.find((n) => n.id === (e.source === self ? e.target : e.source));
const pickButton = (n: GraphNode, e: GraphEdge) =>
  `<button type="button" class="linklike" data-pick="${esc(n.id)}" data-edge="${esc(e.id)}">${esc(n.name)}</button>`;

function personSections(id: string, posts: Neighborhood, meetings: Neighborhood): string {
  const postRows = posts.edges
    .map((e) => ({ e, org: other(posts, e, id) }))
    .filter((x) => x.org)
    .map(({ e, org }) => {
      const p = e.properties;
      const from = p.start ? formatDate(p.start, p.startPrecision) : null;
      const to = p.end ? formatDate(p.end, p.endPrecision) : null;
      const when = from && to ? `${from} – ${to}` : from ? `since ${from}` : to ? `until ${to}` : 'dates not reported';
      return `<li>${esc(p.title ?? 'post')}, ${pickButton(org!, e)} <span class="muted">(${esc(when)})</span>${badge(e.citationStatus)}</li>`;
    });
  const attended = meetings.edges
    .map((e) => ({ e, m: other(meetings, e, id) }))
    .filter((x) => x.m)
    .map((x) => ({ ...x, when: propertyPeriod(x.m!.properties, 'date') }))
    .sort((a, b) => (a.when?.start ?? Infinity) - (b.when?.start ?? Infinity))
    .map(
      ({ e, m }) =>
        `<li><span class="when">${esc(formatDate(m!.properties.date, m!.properties.datePrecision) || 'undated')}</span> ${pickButton(m!, e)} <span class="muted">${esc(String(e.properties.role ?? '').replace(/_/g, ' '))}${m!.properties.status && m!.properties.status !== 'held' ? `, ${esc(m!.properties.status)}` : ''}</span>${badge(e.citationStatus)}</li>`,
    );
  return `
    <h3>Posts held</h3>${postRows.length ? `<ul class="facts posts">${postRows.join('')}</ul>` : '<p class="muted">None recorded.</p>'}
    <h3>Meetings attended</h3>${attended.length ? `<ol class="facts meetings">${attended.join('')}</ol>` : '<p class="muted">None recorded.</p>'}`;
}

function meetingSections(full: GraphNode, parts: Neighborhood, topics: Neighborhood): string {
  const p = full.properties;
  const when = propertyPeriod(p, 'date');
  const facts = [
    [
      'Date',
      when
        ? `${formatDate(p.date, p.datePrecision)}${when.precision !== 'day' ? ` (known to the ${when.precision})` : ''}`
        : 'not reported',
    ],
    ...(p.endDate ? [['Until', formatDate(p.endDate, p.endDatePrecision)]] : []),
    ['Place', [p.place, p.country].filter(Boolean).join(', ') || 'not reported'],
    ['Status', String(p.status ?? '')],
    ['Kind', String(p.kind ?? '')],
  ];
  // Which stored properties each row shows, for the values other sources stated differently.
  const rowProperties: Record<string, string[]> = {
    Date: ['date'],
    Until: ['endDate'],
    Place: ['place', 'country'],
    Status: ['status'],
    Kind: ['kind'],
  };
  const people = parts.edges
    .map((e) => ({ e, n: other(parts, e, full.id) }))
    .filter((x) => x.n)
    .map(
      ({ e, n }) =>
        `<li>${pickButton(n!, e)} <span class="muted">${esc(String(e.properties.role ?? '').replace(/_/g, ' '))}</span>${badge(e.citationStatus)}</li>`,
    );
  const about = topics.edges
    .map((e) => ({ e, n: other(topics, e, full.id) }))
    .filter((x) => x.n)
    .map(({ e, n }) => `<li>${pickButton(n!, e)}${badge(e.citationStatus)}</li>`);
  return `
    <table class="props meeting-facts">${facts
      .map(
        ([k, v]) =>
          `<tr><th scope="row">${esc(k)}</th><td class="fact-${esc(String(k).toLowerCase())}">${esc(v)}</td></tr>${(
            rowProperties[String(k)] ?? []
          )
            .map((prop) => alsoStatedHtml(full.alsoStated, prop))
            .filter(Boolean)
            .map((html) => `<tr class="also-row"><td></td><td>${html}</td></tr>`)
            .join('')}`,
      )
      .join('')}</table>
    <h3>Participants</h3>${people.length ? `<ul class="facts participants">${people.join('')}</ul>` : '<p class="muted">None recorded.</p>'}
    <h3>Topics</h3>${about.length ? `<ul class="facts topics">${about.join('')}</ul>` : '<p class="muted">None recorded.</p>'}`;
}

function wirePicks(panel: HTMLElement, pages: Neighborhood[], onPick: Pick): void {
  panel.querySelectorAll<HTMLButtonElement>('button[data-pick]').forEach((b) =>
    b.addEventListener('click', () => {
      for (const page of pages) {
        const n = page.nodes.find((x) => x.id === b.dataset.pick);
        const e = page.edges.find((x) => x.id === b.dataset.edge);
        if (n && e) return onPick(n, e);
      }
    }),
  );
}

export async function showNode(panel: HTMLElement, node: GraphNode, onPick: Pick): Promise<void> {
  mark(panel, 'node', node.id, 'loading');
  panel.innerHTML = `<h2>${esc(node.name)}</h2><p class="type">${esc(node.type)}</p><p class="muted loading-inline">Loading…</p>`;
  const rel = (relTypes: string[]) => api.neighbors(node.id, { relTypes, limit: 200 });
  const [full, a, b] = await Promise.all([
    api.node(node.id),
    node.type === 'Person' ? rel(['HOLDS_POST']) : node.type === 'Meeting' ? rel(['TAKES_PART']) : null,
    node.type === 'Person' ? rel(['TAKES_PART']) : node.type === 'Meeting' ? rel(['CONCERNS']) : null,
  ]);
  if (panel.dataset.id !== node.id) return; // the user has moved on to something else
  const aliases = Array.isArray(full.properties.aliases) ? (full.properties.aliases as string[]) : [];
  const specific = a && b ? (full.type === 'Person' ? personSections(full.id, a, b) : meetingSections(full, a, b)) : '';
  panel.innerHTML = `
    <h2>${esc(full.name)}</h2>
    <p class="type">${esc(full.type)}${badge(full.citationStatus)}</p>
    ${typeof full.properties.summary === 'string' ? `<p>${esc(full.properties.summary)}</p>` : ''}
    ${aliases.length ? `<p class="aliases"><span class="muted">Also written:</span> ${aliases.map(esc).join(' · ')}</p>` : ''}
    ${propertiesTable(full.properties, full.type === 'Meeting' ? MEETING_FACTS : new Set(), full.alsoStated)}
    ${otherAlsoStated(full.alsoStated, (prop) => (full.type === 'Meeting' && MEETING_FACTS.has(prop)) || (!HIDDEN.has(prop) && full.properties[prop] !== undefined && full.properties[prop] !== null && full.properties[prop] !== ''))}
    ${specific}
    <h3>Sources</h3>
    ${citationsHtml(full.citations)}
    <p class="muted hint"><span class="on-pointer">Double-click the node to expand its network; right-click (or Shift+F10) for more.</span><span class="on-touch">Double-tap the node to expand its network; press and hold it for more.</span></p>`;
  if (a && b) wirePicks(panel, [a, b], onPick);
  mark(panel, 'node', node.id, 'ready');
}

export function showEdge(
  panel: HTMLElement,
  schema: Schema,
  edge: GraphEdge,
  label: string,
  names: { source: string; target: string },
): void {
  mark(panel, 'edge', edge.id, 'ready');
  const spec = schema.relationshipTypes.find((r) => r.type === edge.type);
  const arrow = spec && !spec.directed ? '—' : '→';
  panel.innerHTML = `
    <h2>${esc(names.source)} ${arrow} ${esc(names.target)}</h2>
    <p class="type">${esc(label)}${badge(edge.citationStatus)}</p>
    ${propertiesTable(edge.properties, new Set(), edge.alsoStated)}
    ${otherAlsoStated(edge.alsoStated, (prop) => !HIDDEN.has(prop) && edge.properties[prop] !== undefined && edge.properties[prop] !== null && edge.properties[prop] !== '')}
    <h3>Sources</h3>
    ${citationsHtml(edge.citations ?? [])}`;
}

export function showNothing(panel: HTMLElement): void {
  mark(panel, 'none', '', 'ready');
  panel.innerHTML =
    '<p class="muted">Select a node or a link to see its facts and the sources behind them. Right-click a node (or press Shift+F10) for its menu; press <kbd>?</kbd> for all shortcuts.</p>';
}
