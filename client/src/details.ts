// The details panel: a node's or an edge's facts — for a person the posts held and the meetings
// attended in date order, for a meeting its date, place, status, participants and topics — and
// always the citations behind them, with speculative and disputed claims marked as such: quotes
// from texts, and records of datasets (the dataset, the file and line, the record as read). A
// value another source stated differently is named beside the one kept ("also stated: AM by …").
// A Source is a page of its own: every fact it supports, grouped by kind, with its quotes or
// records, all of which can go on the canvas; every citation links back to its Source's page.
import {
  api,
  type AlsoStated,
  type Citation,
  type GraphEdge,
  type GraphNode,
  type Neighborhood,
  type RecordCitation,
  type Schema,
  type SourceFact,
  type SourceFacts,
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

/** The way from any citation to its Source's page (wired once for the whole document: see openSourceLinks). */
const otherFactsLink = (c: Citation) =>
  `<button type="button" class="linklike other-facts" data-open-source="${esc(c.sourceId)}" data-source-title="${esc(c.title ?? c.sourceId)}">other facts from this source</button>`;

function recordHtml(c: RecordCitation, links = true): string {
  const release = [c.version ? `version ${c.version}` : null, c.retrieved ? `retrieved ${formatDate(c.retrieved)}` : null, c.licence]
    .filter(Boolean)
    .join(' · ');
  return `<li class="citation record status-${esc(c.status)}">
        <div class="cite-record"><span class="cite-kind">Record</span> ${sourceLink(c)} — <span class="record-place">${esc(recordPlace(c))}</span></div>
        <div class="cite-meta">
          <span class="badge badge-${esc(c.status)}">${esc(c.status)}</span>
          ${c.publisher ? esc(c.publisher) : ''}${release ? `${c.publisher ? ' · ' : ''}${esc(release)}` : ''}
          ${links ? otherFactsLink(c) : ''}
        </div>
        ${c.raw ? `<details class="record-raw"><summary>The record as read</summary><pre>${esc(c.raw)}</pre></details>` : ''}
      </li>`;
}

/** The citations behind a fact; `links` adds "other facts from this source" to each (not on the Source's own page). */
export function citationsHtml(citations: Citation[], links = true): string {
  openSourceLinks();
  if (citations.length === 0) return '<p class="muted">No citation recorded.</p>';
  return `<ol class="citations">${citations
    .map((c) =>
      c.kind === 'record'
        ? recordHtml(c, links)
        : `<li class="citation status-${esc(c.status)}">
        <blockquote lang="${esc(c.lang ?? '')}">${esc(c.quote)}</blockquote>
        <div class="cite-meta">
          <span class="badge badge-${esc(c.status)}">${esc(c.status)}</span>
          ${sourceLink(c)}
          ${c.publisher ? `— ${esc(c.publisher)}` : ''}${c.published ? `, ${esc(formatDate(c.published))}` : ''}
          ${links ? otherFactsLink(c) : ''}
        </div>
        ${c.note ? `<div class="cite-note">${esc(c.note)}</div>` : ''}
      </li>`,
    )
    .join('')}</ol>`;
}

function mark(panel: HTMLElement, kind: string, id: string, state: 'loading' | 'ready'): void {
  // The state of a Source's list of facts belongs to that Source only.
  if (panel.dataset.id !== id || panel.dataset.kind !== kind) delete panel.dataset.facts;
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

/** What the panel asks of the explorer; main.ts sets them once (setDetailsHooks). */
export interface DetailsHooks {
  /** Puts nodes and edges on the canvas (one undoable change). */
  addAll?: (nodes: GraphNode[], edges: GraphEdge[]) => Promise<void>;
  /** Brings the details panel to the front (its tab, the sheet on a phone). */
  reveal?: () => void;
  /** Adds what comes after a fact's details: the Edit buttons for editors and the History section (edit/actions.ts). */
  decorate?: (panel: HTMLElement, fact: { kind: 'node' | 'relationship'; id: string; type: string; name: string }) => void;
  /** Adds to the empty panel (the "Add entity…" button for editors). */
  decorateEmpty?: (panel: HTMLElement) => void;
}

let hooks: DetailsHooks = {};
/** The details panel last drawn into: where a citation's "other facts from this source" opens the Source. */
let detailsPanel: HTMLElement | null = null;

export function setDetailsHooks(h: DetailsHooks): void {
  hooks = h;
}

let linksWired = false;
/**
 * One listener for the whole document, so that citations anywhere (the details panel, the paths
 * panel) open their Source's page in the details panel.
 */
function openSourceLinks(): void {
  if (linksWired || typeof document === 'undefined') return;
  linksWired = true;
  document.addEventListener('click', (e) => {
    const b = e.target instanceof Element ? e.target.closest<HTMLElement>('button[data-open-source]') : null;
    if (!b || !detailsPanel) return;
    const id = b.dataset.openSource!;
    hooks.reveal?.();
    void showSource(detailsPanel, { id, type: 'Source', name: b.dataset.sourceTitle ?? id, properties: {}, citationStatus: null }).catch(
      (error: Error) => sourceFailed(detailsPanel!, id, error),
    );
  });
}

// Quotes and records of a fact on the Source's page: this Source's only, without the link back to itself.
function factHtml(f: SourceFact): string {
  const open =
    f.kind === 'node'
      ? `<button type="button" class="linklike" data-fact-node="${esc(f.id)}">${esc(f.name)}</button>`
      : `<button type="button" class="linklike" data-fact-edge="${esc(f.id)}">${esc(f.name)}</button>`;
  return `<li class="source-fact" data-fact="${esc(f.id)}" data-fact-kind="${esc(f.kind)}">${open}${citationsHtml(f.citations, false)}</li>`;
}

/** The facts loaded so far, grouped by kind in the server's order; each group's heading gives its full count. */
function factGroupsHtml(page: SourceFacts, facts: SourceFact[]): string {
  const count = new Map(page.groups.map((g) => [`${g.kind}:${g.type}`, g.count]));
  const groups = new Map<string, SourceFact[]>();
  for (const f of facts) groups.set(`${f.kind}:${f.type}`, [...(groups.get(`${f.kind}:${f.type}`) ?? []), f]);
  return [...groups]
    .map(([key, list]) => {
      const [kind, type] = key.split(':') as [string, string];
      const all = count.get(key) ?? list.length;
      return `<section class="fact-group" data-group="${esc(type)}" data-group-kind="${esc(kind)}">
        <h4>${esc(kind === 'relationship' ? type.replace(/_/g, ' ').toLowerCase() : type)} <span class="muted">(${all})</span></h4>
        <ul class="facts source-facts">${list.map(factHtml).join('')}</ul>
      </section>`;
    })
    .join('');
}

function sourceFailed(panel: HTMLElement, id: string, error: Error): void {
  if (panel.dataset.id !== id) return;
  const box = panel.querySelector<HTMLElement>('.source-facts-box');
  const html = `<p class="error source-facts-error" role="alert">The facts of this source could not be loaded: ${esc(error.message)}</p>
    <button type="button" class="retry-source">Try again</button>`;
  if (box) box.innerHTML = html;
  else panel.innerHTML = `<h2>${esc(id)}</h2><p class="type">Source</p><div class="source-facts-box">${html}</div>`;
  mark(panel, 'node', id, 'ready');
  panel.dataset.facts = 'error';
  panel.querySelector('.retry-source')?.addEventListener('click', () => {
    void showSource(panel, { id, type: 'Source', name: id, properties: {}, citationStatus: null }).catch((e: Error) =>
      sourceFailed(panel, id, e),
    );
  });
}

/**
 * A Source's page: its own properties, then every fact it supports, grouped by kind, each with the
 * Source's quotes (or records) of it, a page at a time ("More"), and "Show all on canvas", which
 * loads the remaining pages and puts every fact (a relationship with its ends) in the view.
 */
export async function showSource(panel: HTMLElement, node: GraphNode): Promise<void> {
  detailsPanel = panel;
  mark(panel, 'node', node.id, 'loading');
  delete panel.dataset.facts;
  panel.innerHTML = `<h2>${esc(node.name)}</h2><p class="type">Source</p><p class="muted loading-inline">Loading…</p>`;
  const [full, first] = await Promise.all([api.node(node.id), api.sourceFacts(node.id, { limit: 100 })]);
  if (panel.dataset.id !== node.id) return;
  const facts = [...first.facts];
  const nodes = new Map(first.nodes.map((n) => [n.id, n]));
  const edges = new Map(first.edges.map((e) => [e.id, e]));
  let cursor = first.nextCursor;
  const more = async () => {
    const page = await api.sourceFacts(node.id, { cursor, limit: 500 });
    facts.push(...page.facts);
    for (const n of page.nodes) nodes.set(n.id, n);
    for (const e of page.edges) edges.set(e.id, e);
    cursor = page.nextCursor;
  };
  const props = Object.fromEntries(Object.entries(full.properties).filter(([k]) => k !== 'summary'));
  const draw = () => {
    const box = panel.querySelector<HTMLElement>('.source-facts-box');
    if (!box) return;
    box.innerHTML =
      first.total === 0
        ? '<p class="muted source-facts-empty">This source supports no fact in the graph.</p>'
        : `${factGroupsHtml(first, facts)}${
            cursor ? `<button type="button" class="more-facts">More (${first.total - facts.length} not shown)</button>` : ''
          }`;
    box.querySelector('.more-facts')?.addEventListener('click', (ev) => {
      // One page at a time: a second click before the first page came would load it twice.
      (ev.currentTarget as HTMLButtonElement).disabled = true;
      void more()
        .then(draw)
        .catch((e: Error) => sourceFailed(panel, node.id, e));
    });
    wireFacts(box);
  };
  const wireFacts = (box: HTMLElement) => {
    box.querySelectorAll<HTMLButtonElement>('button[data-fact-node]').forEach((b) =>
      b.addEventListener('click', () => {
        const n = nodes.get(b.dataset.factNode!);
        if (n) void hooks.addAll?.([n], []);
      }),
    );
    box.querySelectorAll<HTMLButtonElement>('button[data-fact-edge]').forEach((b) =>
      b.addEventListener('click', () => {
        const e = edges.get(b.dataset.factEdge!);
        const ends = e ? [nodes.get(e.source), nodes.get(e.target)].filter((n): n is GraphNode => Boolean(n)) : [];
        if (e) void hooks.addAll?.(ends, [e]);
      }),
    );
  };
  panel.innerHTML = `
    <h2>${esc(full.name)}</h2>
    <p class="type">Source${full.properties.publisher ? ` — ${esc(full.properties.publisher)}` : ''}</p>
    ${typeof full.properties.summary === 'string' ? `<p>${esc(full.properties.summary)}</p>` : ''}
    ${propertiesTable(props, new Set(['publisher']), full.alsoStated)}
    <h3>Facts from this source <span class="muted facts-total">(${first.total})</span></h3>
    ${
      first.total > 0 && hooks.addAll
        ? `<p><button type="button" class="show-all-facts">Show all on canvas</button> <span class="muted show-all-status" aria-live="polite"></span></p>`
        : ''
    }
    <div class="source-facts-box"></div>`;
  draw();
  panel.querySelector<HTMLButtonElement>('.show-all-facts')?.addEventListener('click', (ev) => {
    const button = ev.currentTarget as HTMLButtonElement;
    const note = panel.querySelector<HTMLElement>('.show-all-status');
    button.disabled = true;
    if (note) note.textContent = 'Loading…';
    void (async () => {
      while (cursor) await more();
      draw();
      await hooks.addAll?.([...nodes.values()], [...edges.values()]);
      if (note) note.textContent = `${nodes.size} nodes and ${edges.size} links are in view.`;
    })()
      .catch((e: Error) => {
        if (note) note.textContent = `Could not load them all: ${e.message}`;
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  panel.dataset.facts = first.total === 0 ? 'empty' : 'ready';
  hooks.decorate?.(panel, { kind: 'node', id: full.id, type: 'Source', name: full.name });
  mark(panel, 'node', node.id, 'ready');
}

export async function showNode(panel: HTMLElement, node: GraphNode, onPick: Pick): Promise<void> {
  detailsPanel = panel;
  if (node.type === 'Source') return showSource(panel, node).catch((error: Error) => sourceFailed(panel, node.id, error));
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
  hooks.decorate?.(panel, { kind: 'node', id: full.id, type: full.type, name: full.name });
  mark(panel, 'node', node.id, 'ready');
}

export function showEdge(
  panel: HTMLElement,
  schema: Schema,
  edge: GraphEdge,
  label: string,
  names: { source: string; target: string },
): void {
  detailsPanel = panel;
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
  hooks.decorate?.(panel, { kind: 'relationship', id: edge.id, type: edge.type, name: `${names.source} ${arrow} ${names.target}` });
}

export function showNothing(panel: HTMLElement): void {
  mark(panel, 'none', '', 'ready');
  panel.innerHTML =
    '<p class="muted">Select a node or a link to see its facts and the sources behind them. Right-click a node (or press Shift+F10) for its menu; press <kbd>?</kbd> for all shortcuts.</p>';
  hooks.decorateEmpty?.(panel);
}
