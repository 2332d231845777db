// The explorer: search, open a network, expand and page, filter by type, country, status, time
// and "as of" date, find paths with the citations behind every hop, switch layouts, undo and redo
// every change, and keep the whole view in the URL (permalinks; back and forward step through views).
import { ApiError, api, onBusy, requestsInFlight, type GraphEdge, type GraphNode, type PathsResult, type Schema } from './api';
import type { EdgeSingular, NodeSingular } from 'cytoscape';

import { ContextMenu } from './context-menu';
import { setDetailsHooks, showEdge, showNode, showNothing } from './details';
import { editApi } from './edit/api';
import { session } from './shared/session';
import { Editing } from './edit/actions';
import { setupExportMenu } from './export-menu';
import { setupHoverCards } from './hover-card';
import { applyFilters, NO_FILTERS, renderFilterPanel, type Filters } from './filters';
import { FindInView } from './find-in-view';
import { GraphView, type CanvasSnapshot, type Selection } from './graph-view';
import { GroupPanel, setupGroupKeys } from './group-panel';
import { isLayoutName, LAYOUTS, type LayoutName } from './layout-names';
import { renderLegend } from './legend';
import { setupMeetingMap } from './map';
import { PathsPanel } from './paths-panel';
import { suitedLayout } from './layouts';
import { fromQuery, placesFor, positionsOf, toQuery, type Viewport, type ViewState } from './permalink';
import { setupSearch } from './search-box';
import { setupSelection } from './selection';
import { bulkMessage, edgesAmong, expandTargets } from './selection-logic';
import { edgeLabel } from './style';
import { TimeAxis } from './time-axis';
import { Timeline } from './timeline';
import { VIEW_COMMAND } from './view-events';
import { place, savedViewId, setupSavedViews, type Placement } from './views';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const banner = $<HTMLDivElement>('banner');
const details = $<HTMLElement>('details');
const empty = $<HTMLDivElement>('empty');
const notice = $<HTMLDivElement>('notice');
/** The phone layout of styles.css (same width): the sidebar is a bottom sheet, the legend starts closed. */
const phone = window.matchMedia('(max-width: 760px)');
let healthTimer: ReturnType<typeof setInterval> | undefined;

function showError(error: unknown): void {
  if ((error as Error)?.name === 'AbortError') return;
  const message = error instanceof Error ? error.message : String(error);
  banner.textContent = message;
  banner.hidden = false;
  // When the server or database is down, watch for it to come back and clear the banner then.
  if (error instanceof ApiError && (error.status === 0 || error.status === 503) && !healthTimer) {
    healthTimer = setInterval(async () => {
      try {
        const h = await api.health();
        if (h.neo4j.connected) {
          banner.hidden = true;
          clearInterval(healthTimer);
          healthTimer = undefined;
        }
      } catch {
        /* still down */
      }
    }, 3_000);
  }
}

function clearError(): void {
  if (!healthTimer) banner.hidden = true;
}

/** A short, self-clearing message (not an error): "all neighbours are in view", layout warnings. */
let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function say(message: string): void {
  notice.textContent = message;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (notice.hidden = true), 5_000);
}

onBusy((busy) => {
  $('loading').hidden = !busy;
  document.body.toggleAttribute('aria-busy', busy);
});

/** What undo/redo restore: the canvas with its paging state, the filters and the layout. */
interface Snapshot {
  canvas: CanvasSnapshot;
  filters: Filters;
  layout: LayoutName;
  load: string | null;
}

async function start(): Promise<void> {
  let schema: Schema;
  try {
    schema = await api.schema();
  } catch (error) {
    showError(error);
    // Try again once the server is back: the page is useless without the schema.
    const retry = setInterval(() => {
      api.schema().then(
        () => {
          clearInterval(retry);
          location.reload();
        },
        () => undefined,
      );
    }, 3_000);
    return;
  }

  let filters: Filters = { ...NO_FILTERS };
  let load: string | null = null;
  let selected: string | null = null;
  const undoStack: Snapshot[] = [];
  const redoStack: Snapshot[] = [];
  let pending = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const view = new GraphView($('graph'), schema, {
    // A node or link tapped on the canvas brings up its details (on a phone, the sheet opens); a tap
    // on the background puts the sheet away again.
    select: (s) => {
      select(s);
      setSheet(s !== null);
    },
    error: showError,
    expandRequest: (id, relTypes) => void expand(id, relTypes),
    contextMenu: (id, at) => openMenu(id, at),
    openGroup: (key) => openGroup(key),
  });
  // Group nodes (group-nodes.ts) open as a list in the Details panel (the sheet on a phone).
  const groupPanel = new GroupPanel({
    view,
    schema,
    container: details,
    add: (nodes, edges, owner) =>
      change('add from group', async () => {
        view.addByHand(nodes, edges, owner);
        await layout(true);
      }),
    error: showError,
  });
  function openGroup(key: string): void {
    select(null);
    setSheet(true);
    void groupPanel.open(key);
  }
  setupGroupKeys(view, openGroup);
  const cy = view.cy;
  const timeAxis = new TimeAxis(cy);
  /** Whether the user chose a layout in this tab; until then each opened view gets the one that suits it. */
  let layoutChosen = false;
  const menu = new ContextMenu($('context-menu'), schema);
  setupHoverCards(cy, schema, { suppressed: () => menu.isOpen });
  const timeline = new Timeline($('timeline'), {
    window: (after, before) => void change('time window', () => void (filters = { ...filters, after, before })),
    asOf: (asOf) => void change('as of', () => void (filters = { ...filters, asOf })),
    pick: (id) => {
      selectById(id);
      setSheet(true);
    },
    // Playing (timeline-play.ts): each step applies the window as the real filter, without an undo
    // step or a history entry each; when playing stops the whole run is one change, the link written once.
    playStep: (after, before) => {
      if (pending > 0) return;
      beforePlay ??= capture();
      filters = { ...filters, after, before };
      refresh();
    },
    playStopped: () => {
      if (!beforePlay) return;
      undoStack.push(beforePlay);
      beforePlay = null;
      redoStack.length = 0;
      refresh();
      writeUrl('push');
    },
  });
  let beforePlay: Snapshot | null = null;
  // Find in view (find-in-view.ts): "/" or the toolbar's Find; a match is selected as a click would.
  const find = new FindInView($('find-bar'), $('find-button'), cy, {
    nodes: () => view.entityNodes(),
    select: (id) => selectById(id, false),
  });
  const paths = new PathsPanel($('panel-paths'), schema, {
    show: (result, only) => void change('paths', () => showPaths(result, only)),
    clear: () => void change('clear paths', () => void cy.elements().removeClass('path-hit dim')),
    error: showError,
  });
  // The map of meeting places (map/): a place clicked selects its meetings, the first one's details shown.
  const meetingMap = setupMeetingMap($('graph').parentElement!, cy, {
    select: (ids) => {
      if (!ids[0]) return;
      selectById(ids[0]);
      cy.nodes()
        .filter((n) => ids.includes(n.id()))
        .select();
      setSheet(true);
    },
    error: showError,
  });
  view.readable.watch($('meeting-map'));
  renderLegend($('legend'), schema, { collapsed: phone.matches, onSizeMeasure: (m) => view.readable.setMeasure(m) });

  // ---- changes, undo and redo -------------------------------------------------------------

  const capture = (): Snapshot => ({ canvas: view.snapshot(), filters: { ...filters }, layout: view.layoutName, load });
  const restore = (s: Snapshot) => {
    view.restore(s.canvas);
    filters = { ...s.filters };
    view.layoutName = s.layout;
    load = s.load;
    refresh();
  };
  const viewState = (): ViewState => ({
    focus: view.focus,
    expansions: view.expansions,
    removed: [...view.removed],
    hidden: cy.nodes('.user-hidden').map((n) => n.id()),
    filters,
    layout: view.layoutName,
    load,
    added: { nodes: [...view.added.nodes], edges: [...view.added.edges] },
    groups: [...view.groups.values()].map((g) => ({ id: g.owner, relType: g.relType })),
    pins: cy.nodes('.pinned').map((n) => ({ id: n.id(), ...n.position() })),
    seed: view.seed,
    positions: positionsOf(cy.nodes().map((n) => ({ id: n.id(), ...n.position() }))),
    viewport: viewportMoved ? centreOf() : null,
  });
  const writeUrl = (mode: 'push' | 'replace') => {
    const q = toQuery(viewState());
    if (q === location.search) return;
    if (mode === 'push') history.pushState(null, '', q || location.pathname);
    else history.replaceState(null, '', q || location.pathname);
  };
  // A node dragged to a new place: the link keeps it there (not an undoable change, like a pan).
  cy.on('dragfree', 'node', () => {
    if (pending === 0) writeUrl('replace');
  });
  // Panned or zoomed by hand (drag, wheel, pinch): the link keeps what is in sight, written once the
  // gesture rests. Until then, and again after anything that fits the view, links carry no viewport
  // and open fitted to whatever screen they are opened on.
  let viewportMoved = false;
  let viewportTimer: ReturnType<typeof setTimeout> | undefined;
  const centreOf = (): Viewport => {
    const zoom = cy.zoom();
    const pan = cy.pan();
    return { zoom, x: (cy.width() / 2 - pan.x) / zoom, y: (cy.height() / 2 - pan.y) / zoom };
  };
  const forgetViewport = () => {
    viewportMoved = false;
    clearTimeout(viewportTimer);
  };
  cy.on('dragpan scrollzoom pinchzoom', () => {
    viewportMoved = true;
    clearTimeout(viewportTimer);
    viewportTimer = setTimeout(() => {
      if (pending === 0) writeUrl('replace');
    }, 400);
  });

  /**
   * Runs one change to the view, one at a time: the state before it goes on the undo stack, and
   * the URL gets a new history entry. Every user action on the view goes through here.
   */
  function change(label: string, fn: () => Promise<unknown> | unknown, url: 'push' | 'replace' | 'none' = 'push'): Promise<void> {
    // Any change stops the timeline playing first: the run so far is its own undo step.
    timeline.pause();
    pending += 1;
    const run = queue.then(async () => {
      const before = capture();
      try {
        await fn();
        clearError();
      } catch (error) {
        showError(error);
        return;
      } finally {
        pending -= 1;
      }
      undoStack.push(before);
      if (undoStack.length > 200) undoStack.shift();
      redoStack.length = 0;
      $('graph').dataset.lastChange = label;
      refresh();
      if (url !== 'none') writeUrl(url);
    });
    queue = run;
    return run;
  }

  function undo(): void {
    timeline.pause();
    const s = undoStack.pop();
    if (!s) return say('Nothing to undo.');
    redoStack.push(capture());
    restore(s);
    writeUrl('replace');
  }
  function redo(): void {
    timeline.pause();
    const s = redoStack.pop();
    if (!s) return say('Nothing to redo.');
    undoStack.push(capture());
    restore(s);
    writeUrl('replace');
  }

  // Filters come before any layout, so that hidden elements take no room.
  const filter = () => applyFilters(cy, filters, view.focus);
  const layout = async (incremental: boolean, positions?: ReadonlyMap<string, { x: number; y: number }>) => {
    forgetViewport();
    filter();
    const warning = await view.layout(incremental, positions);
    if (warning) say(warning);
  };

  function refresh(): void {
    const hiddenCount = filter();
    const entities = view.entityNodes();
    empty.hidden = entities.nonempty();
    const shown = entities.not('.filtered').length;
    $('view-status').textContent = entities.nonempty()
      ? `${shown} of ${entities.length} entities shown · ${cy.edges().not('.more-edge').not('.filtered').length} links`
      : '';
    $('all-filtered').hidden = !(entities.nonempty() && shown === 0);
    timeline.update(cy, filters);
    meetingMap.update();
    find.refresh();
    timeAxis.update(view.layoutName === 'chrono');
    renderFilterPanel($('panel-filters'), schema, cy, filters, hiddenCount, (f) => void change('filter', () => void (filters = f)));
    const userHidden = cy.nodes('.user-hidden').length;
    if (userHidden) {
      const b = document.createElement('button');
      b.type = 'button';
      b.id = 'unhide-all';
      b.textContent = `Unhide ${userHidden} hidden node${userHidden === 1 ? '' : 's'}`;
      b.addEventListener('click', () => void change('unhide', () => void cy.nodes('.user-hidden').removeClass('user-hidden')));
      $('panel-filters').prepend(b);
    }
    groupPanel.update();
    $<HTMLButtonElement>('undo').disabled = undoStack.length === 0;
    $<HTMLButtonElement>('redo').disabled = redoStack.length === 0;
    $<HTMLSelectElement>('layout').value = view.layoutName;
    if (selected && cy.getElementById(selected).empty()) select(null);
    const focus = view.focus ? cy.getElementById(view.focus) : null;
    document.title = focus?.nonempty() ? `${focus.data('label')} — Liaison` : 'Liaison — who meets whom';
  }

  // ---- selection and details ----------------------------------------------------------------

  const onPick = (node: GraphNode, edge: GraphEdge) =>
    void change('add', async () => {
      view.addByHand([node], [edge], selected);
      await layout(true);
    }).then(() => selectById(node.id));
  // A Source's page puts its facts on the canvas, and any citation opens its Source in the panel.
  // Editing (edit/actions.ts): what a change of the graph does to the canvas.
  const editing = new Editing({
    schema,
    say,
    show: async (nodes, edges, near) => {
      const ends = await Promise.all(
        edges.map((id) =>
          editApi.fact(id).then(
            (f) => [f.fact.source, f.fact.target].filter((x): x is string => Boolean(x)),
            () => [],
          ),
        ),
      );
      const g = parseGraph(await api.elements([...new Set([...nodes, ...ends.flat()])], edges));
      await change('add', async () => {
        view.addByHand(g.nodes, g.edges, near);
        await layout(true);
      });
      const first = nodes[0] ?? edges[0];
      if (first) selectById(first);
    },
    drop: (ids) =>
      void change('remove', () => {
        for (const id of ids) {
          cy.getElementById(id).remove();
          view.added.nodes.delete(id);
          view.added.edges.delete(id);
        }
      }),
    refresh: async (ids) => {
      const edges = ids.filter((id) => cy.getElementById(id).isEdge?.());
      const ends = edges.flatMap((id) => [cy.getElementById(id).data('source') as string, cy.getElementById(id).data('target') as string]);
      const nodes = ids.filter((id) => cy.getElementById(id).isNode?.());
      const g = parseGraph(await api.elements([...new Set([...nodes, ...ends])], edges));
      await change('edit', () => {
        // Drawn again from the stored fact: a node keeps its place, a link is replaced.
        for (const n of g.nodes) {
          const el = cy.getElementById(n.id);
          if (el.nonempty()) el.data({ label: n.name, type: n.type, citationStatus: n.citationStatus ?? 'reported', raw: n });
        }
        for (const e of g.edges.filter((x) => ids.includes(x.id))) {
          cy.getElementById(e.id).remove();
          view.addElements([], [e], null);
        }
      });
      if (selected && ids.includes(selected)) selectById(selected, false);
    },
  });
  // Signing in or out changes what the panel offers (the Edit section): drawn again.
  session.onChange(() => {
    if (selected && cy.getElementById(selected).nonempty()) selectById(selected, false);
    else if (!selected) showNothing(details);
  });
  setDetailsHooks({
    addAll: (nodes, edges) =>
      change('add', async () => {
        view.addByHand(nodes, edges, selected);
        await layout(true);
      }),
    reveal: () => showTab('details'),
    decorate: (panel, fact) => editing.decorate(panel, fact),
    decorateEmpty: (panel) => editing.decorateEmpty(panel),
  });

  function select(s: Selection): void {
    selected = s ? (s.kind === 'node' ? s.node.id : s.edge.id) : null;
    showTab('details');
    if (!s) return showNothing(details);
    if (s.kind === 'node') return void showNode(details, s.node, onPick).catch(showError);
    const e = s.edge;
    const name = (id: string) => (cy.getElementById(id).data('label') as string | undefined) ?? id;
    showEdge(details, schema, e, edgeLabel(schema, e.type, e.properties), { source: name(e.source), target: name(e.target) });
  }

  function selectById(id: string, pan = true): void {
    const el = cy.getElementById(id);
    if (el.empty()) return;
    cy.elements().unselect();
    el.select();
    // Pan only when the element is out of sight, so that the picture does not jump about.
    const bb = el.renderedBoundingBox();
    const outside = bb.x2 < 0 || bb.y2 < 0 || bb.x1 > cy.width() || bb.y1 > cy.height();
    if (pan && !el.hasClass('filtered') && outside) cy.animate({ center: { eles: el }, duration: 200 });
    const raw: unknown = el.data('raw');
    select(el.isNode() ? { kind: 'node', node: raw as GraphNode } : { kind: 'edge', edge: raw as GraphEdge });
  }

  // ---- actions -------------------------------------------------------------------------------

  const nameOf = (id: string) => (cy.getElementById(id).data('label') as string | undefined) ?? id;

  async function open(id: string): Promise<void> {
    await change('open', async () => {
      load = null;
      view.clear();
      view.focus = id;
      await view.expand(id, null, false, true);
      if (!layoutChosen) view.layoutName = suitedLayout(cy.elements());
      await layout(false);
    });
    selectById(id);
  }

  async function expand(id: string, relTypes: string[] | null): Promise<void> {
    if (view.isExhausted(id, relTypes)) return say(`All neighbours of ${nameOf(id)} are in view.`);
    await change('expand', () => view.expand(id, relTypes, false, true).then(() => layout(true)));
  }

  const actionsFor = (id: string) => ({
    expand: (relTypes: string[] | null) => void expand(id, relTypes),
    collapse: () => void change('collapse', () => (view.collapse(id), layout(true))),
    hide: () => void change('hide', () => view.setHidden(id, true)),
    remove: () => void change('remove', () => view.remove(id)),
    pin: () => void change('pin', () => view.togglePin(id)),
    pathFrom: () => {
      paths.setFrom({ id, name: nameOf(id) });
      showTab('paths');
      setSheet(true);
    },
    pathTo: () => {
      paths.setTo({ id, name: nameOf(id) });
      showTab('paths');
      setSheet(true);
    },
  });

  function openMenu(id: string, at: { x: number; y: number }): void {
    const n = cy.getElementById(id);
    if (n.empty() || n.hasClass('more')) return;
    const type = String((n.data('raw') as GraphNode | undefined)?.type ?? '');
    const fact = { kind: 'node' as const, id, type, name: nameOf(id) };
    const edit = editing.canEdit
      ? {
          ...(['Person', 'Organization'].includes(type) ? { addMeeting: () => editing.addMeeting(fact) } : {}),
          ...(type !== 'Source' ? { addLink: () => editing.addLink(fact) } : {}),
          edit: () => void editing.edit(fact).catch(showError),
          retract: () => editing.retract(fact),
        }
      : undefined;
    menu.open(at, { id, name: nameOf(id), pinned: n.locked(), expanded: n.hasClass('expanded') }, view.counts(id), {
      ...actionsFor(id),
      exportNeighbourhood: () => void exporter.open({ node: id, name: nameOf(id), hops: 1 }),
      ...(edit ? { edit } : {}),
    });
  }

  async function showPaths(result: PathsResult, only: number | null): Promise<void> {
    const added = view.addByHand(result.nodes, result.edges, null);
    const chosen = only === null ? result.paths : result.paths.slice(only, only + 1);
    const ids = new Set(chosen.flatMap((p) => [...p.nodes, ...p.edges]));
    // Paths must be seen: a node on a path is never left hidden by a filter or the user.
    cy.nodes()
      .filter((n) => ids.has(n.id()))
      .removeClass('user-hidden');
    cy.batch(() => {
      cy.elements().removeClass('path-hit').addClass('dim');
      cy.elements()
        .filter((el) => ids.has(el.id()))
        .removeClass('dim')
        .addClass('path-hit');
    });
    if (added.length || cy.nodes().length === result.nodes.length) await layout(cy.nodes().length > added.length);
    const hits = cy.elements('.path-hit').not('.filtered');
    if (hits.nonempty()) {
      // Fit the path (clear of the legend), but not so close that a two-hop path fills the screen.
      await view.readable.fit(hits, { padding: 80 });
    }
  }

  /** A graph handed over by another page or a file: API nodes and edges, drawn as they are. */
  async function openGraph(graph: { nodes: GraphNode[]; edges: GraphEdge[] }, key: string): Promise<void> {
    await change('open view', async () => {
      view.clear();
      load = key;
      view.addElements(graph.nodes, graph.edges, null);
      if (!layoutChosen) view.layoutName = suitedLayout(cy.elements());
      await layout(false);
    });
  }

  function readHandover(key: string): { nodes: GraphNode[]; edges: GraphEdge[] } {
    const raw = key.startsWith('session:') ? sessionStorage.getItem(key.slice('session:'.length)) : null;
    if (!raw) throw new Error('The graph handed to this page is no longer available (it lives only in the tab that opened it).');
    return parseGraph(JSON.parse(raw));
  }

  /** Accepts `{nodes, edges}` (API shapes) or the JSON export `{format: 'liaison-cytoscape', elements}`. */
  function parseGraph(json: unknown): { nodes: GraphNode[]; edges: GraphEdge[] } {
    const o = json as Record<string, unknown>;
    const els = o?.format === 'liaison-cytoscape' ? (o.elements as Record<string, unknown>) : null;
    const nodes = (els ? ((els.nodes as Array<{ data: unknown }>) ?? []).map((x) => x.data) : o?.nodes) as GraphNode[] | undefined;
    const edges = (els ? ((els.edges as Array<{ data: unknown }>) ?? []).map((x) => x.data) : o?.edges) as GraphEdge[] | undefined;
    if (!Array.isArray(nodes) || !Array.isArray(edges))
      throw new Error('This file is not a Liaison view: expected {nodes, edges} or a "liaison-cytoscape" JSON export.');
    const okNode = (n: GraphNode) => n && typeof n.id === 'string' && typeof n.type === 'string';
    const okEdge = (e: GraphEdge) => e && typeof e.id === 'string' && typeof e.source === 'string' && typeof e.target === 'string';
    const bad = nodes.filter((n) => !okNode(n)).length + edges.filter((e) => !okEdge(e)).length;
    if (bad) throw new Error(`${bad} elements of this view lack an id, type, source or target; nothing was opened.`);
    return {
      nodes: nodes.map((n) => ({ ...n, name: n.name ?? n.id, properties: n.properties ?? {}, citationStatus: n.citationStatus ?? null })),
      edges: edges.map((e) => ({ ...e, properties: e.properties ?? {}, citationStatus: e.citationStatus ?? null })),
    };
  }

  /** Rebuilds the view a URL describes (permalink, back/forward); a saved view comes with its placement instead of a layout. */
  async function restoreFromUrl(search = location.search, placement?: Placement): Promise<void> {
    const s = fromQuery(search);
    await change(
      'restore',
      async () => {
        view.clear();
        filters = s.filters;
        view.layoutName = s.layout;
        load = s.load;
        for (const g of s.groups ?? []) await view.restoreGroup(g.id, g.relType);
        if (s.load) {
          const graph = readHandover(s.load);
          view.addElements(graph.nodes, graph.edges, null);
        } else if (s.focus) {
          view.focus = s.focus;
          await view.expand(s.focus, null, false);
        }
        for (const x of s.expansions) {
          const already = x.id === s.focus && x.relTypes === null ? 1 : 0;
          for (let i = already; i < x.pages; i++)
            if (cy.getElementById(x.id).nonempty() && !view.isExhausted(x.id, x.relTypes)) await view.expand(x.id, x.relTypes, false);
        }
        if (s.added.nodes.length || s.added.edges.length) {
          // What was added by hand (details panel, path search) is fetched again by id.
          try {
            const g = parseGraph(await api.elements(s.added.nodes, s.added.edges));
            view.addByHand(g.nodes, g.edges, null);
          } catch (error) {
            say(`Some of the entities added to this view could not be fetched again: ${(error as Error).message}`);
          }
        }
        for (const id of s.removed) if (cy.getElementById(id).nonempty()) view.remove(id);
        for (const id of s.hidden) view.setHidden(id, true);
        view.seed = s.seed;
        for (const p of s.pins) view.pinAt(p.id, p);
        if (placement) {
          filter();
          place(cy, placement);
        } else
          // The link's positions when they belong to exactly these nodes; else the seeded layout.
          await layout(
            false,
            placesFor(
              s.positions,
              cy.nodes().map((n) => n.id()),
            ) ?? undefined,
          );
        if (s.viewport && !placement) {
          // The link's centre in the middle of this screen, whatever its size.
          const { zoom, x, y } = s.viewport;
          cy.viewport({ zoom, pan: { x: cy.width() / 2 - x * zoom, y: cy.height() / 2 - y * zoom } });
          viewportMoved = true;
        }
      },
      'none',
    );
    // view.focus: the canonical id when the link named an id merged away (graph-view expand).
    const focused = s.focus ? (view.focus ?? s.focus) : null;
    if (focused && cy.getElementById(focused).nonempty()) selectById(focused, !placement && !s.viewport);
    else if (!s.focus && !s.load) showNothing(details);
  }

  // ---- wiring --------------------------------------------------------------------------------

  setupSearch($<HTMLInputElement>('search-input'), $<HTMLUListElement>('search-results'), (hit) => void open(hit.id), showError);
  // Fitting hands the viewport back to the screen: the link stops carrying one.
  const fitView = () => {
    forgetViewport();
    view.fit();
    writeUrl('replace');
    cy.emit(VIEW_COMMAND);
  };
  $('fit').addEventListener('click', fitView);
  $('undo').addEventListener('click', undo);
  $('redo').addEventListener('click', redo);
  $('clear').addEventListener(
    'click',
    () =>
      void change('clear', () => {
        view.clear();
        load = null;
      }),
  );
  const layoutSelect = $<HTMLSelectElement>('layout');
  layoutSelect.innerHTML = Object.entries(LAYOUTS)
    .map(([k, v]) => `<option value="${k}">${v}</option>`)
    .join('');
  layoutSelect.addEventListener('change', () => {
    const name = layoutSelect.value;
    if (isLayoutName(name))
      void change('layout', async () => {
        layoutChosen = true;
        view.layoutName = name;
        await layout(false);
      });
  });
  $('open-view').addEventListener('click', () => $<HTMLInputElement>('open-view-file').click());
  $<HTMLInputElement>('open-view-file').addEventListener('change', async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      const graph = parseGraph(JSON.parse(await file.text()));
      // Kept in this tab's session storage, so that the URL (load=session:KEY) restores it on reload.
      const key = `liaison-view-${Date.now().toString(36)}`;
      sessionStorage.setItem(key, JSON.stringify(graph));
      await openGraph(graph, `session:${key}`);
      say(`Opened ${file.name}: ${graph.nodes.length} entities, ${graph.edges.length} links.`);
    } catch (error) {
      showError(error instanceof SyntaxError ? new Error(`${file.name} is not valid JSON.`) : error);
    } finally {
      (e.target as HTMLInputElement).value = '';
    }
  });
  const exporter = setupExportMenu({
    button: $('export-button'),
    cy,
    // Exactly what is on screen after filters, without the "+N more" helpers.
    getSubgraph: () => ({
      nodeIds: view
        .entityNodes()
        .not('.filtered, .user-hidden')
        .map((n) => n.id()),
      edgeIds: cy
        .edges()
        .not('.more-edge, .filtered')
        .filter((e: EdgeSingular) => !e.source().hasClass('user-hidden') && !e.target().hasClass('user-hidden'))
        .map((e) => e.id()),
    }),
    title: () => (view.focus ? `${nameOf(view.focus)} — Liaison` : 'Liaison view'),
  });
  // Box and lasso selection (selection.ts): each bulk action is one change, so one undo step, and
  // the link follows it as it follows a single node's hide, pin or remove.
  const among = (ids: string[]) =>
    edgesAmong(
      new Set(ids),
      cy
        .edges()
        .not('.more-edge, .filtered')
        .map((e: EdgeSingular) => ({ id: e.id(), source: e.source().id(), target: e.target().id() })),
    );
  const selection = setupSelection({
    cy,
    column: $('graph').parentElement!,
    isExhausted: (id) => view.isExhausted(id, null),
    actions: {
      hide: (ids) =>
        void change('bulk hide', () => {
          for (const id of ids) view.setHidden(id, true);
          cy.nodes(':selected').unselect();
        }).then(() => say(bulkMessage('hide', ids.length))),
      pin: (ids, pinned) =>
        void change(pinned ? 'bulk pin' : 'bulk unpin', () => {
          for (const id of ids) view.setPinned(id, pinned);
        }).then(() => say(bulkMessage(pinned ? 'pin' : 'unpin', ids.length))),
      remove: (ids) =>
        void change('bulk remove', () => {
          for (const id of ids) if (cy.getElementById(id).nonempty()) view.remove(id);
        }).then(() => say(bulkMessage('remove', ids.length))),
      // One request per node through the same path as a double-click, then one layout for all of them.
      expand: (nodes) => {
        const plan = expandTargets(nodes);
        if (!plan.ids.length) return say(bulkMessage('expand', 0, plan));
        let added = 0;
        let failed = 0;
        void change('bulk expand', async () => {
          const before = view.entityNodes().length;
          let lastError: unknown = null;
          try {
            for (const [i, id] of plan.ids.entries()) {
              selection.progress(`Expanding ${i + 1} of ${plan.ids.length}…`);
              try {
                if (cy.getElementById(id).nonempty()) await view.expand(id, null, false, true);
              } catch (error) {
                failed += 1;
                lastError = error;
              }
            }
          } finally {
            selection.progress(null);
          }
          if (failed === plan.ids.length) throw lastError;
          added = view.entityNodes().length - before;
          await layout(true);
        }).then(() => say(bulkMessage('expand', plan.ids.length - failed, { added, done: plan.done, over: plan.over, failed })));
      },
      export: (ids) => void exporter.open({ nodeIds: ids, edgeIds: among(ids) }),
      clear: () => {
        cy.elements().unselect();
        select(null);
      },
    },
  });

  // Saved views (views.ts): "Save view…" and "Saved views…" beside Export; /?view=<id> opens one.
  const savedViews = setupSavedViews({
    cy,
    viewState,
    elementIds: () => ({
      nodeIds: view.entityNodes().map((n) => n.id()),
      edgeIds: cy
        .edges()
        .not('.more-edge')
        .map((e) => e.id()),
    }),
    restore: (query, placement) => restoreFromUrl(query, placement),
    say,
    error: showError,
  });
  const restoreFromLocation = () => {
    const id = savedViewId(location.search);
    return id ? savedViews.open(id) : restoreFromUrl();
  };
  empty.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest('a[data-focus]');
    if (a) {
      e.preventDefault();
      void open(a.getAttribute('data-focus')!);
    }
  });
  $('all-filtered')
    .querySelector('button')
    ?.addEventListener('click', () => void change('filter', () => void (filters = { ...NO_FILTERS })));

  // Sidebar tabs: Details, Paths, Filters.
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role=tab]')];
  function showTab(name: string): void {
    for (const t of tabs) {
      const on = t.dataset.tab === name;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')!).hidden = !on;
    }
  }
  tabs.forEach((t, i) => {
    t.addEventListener('click', () => {
      showTab(t.dataset.tab!);
      setSheet(true);
    });
    t.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!d) return;
      const next = tabs[(i + d + tabs.length) % tabs.length]!;
      showTab(next.dataset.tab!);
      next.focus();
    });
  });

  // On a phone the sidebar is a bottom sheet (styles.css): its tabs stay at the bottom of the screen,
  // its panels show while it is open. Desktop styles ignore the state, so it can be kept everywhere.
  /** The view as the phone's sheet found it when it opened; forgotten when the user moves the view or the graph changes. */
  let sheetView: { pan: { x: number; y: number }; zoom: number; height: number } | null = null;
  // Moved by the user's hand or command (Fit, find in view: VIEW_COMMAND), the view is theirs: closing
  // the sheet must not take it back to where it was.
  cy.on(`dragpan scrollzoom pinchzoom add remove layoutstart ${VIEW_COMMAND}`, () => void (sheetView = null));
  function setSheet(open: boolean): void {
    if (document.body.classList.contains('sheet-open') === open) return;
    const sheetToggle = $<HTMLButtonElement>('sheet-toggle');
    document.body.classList.toggle('sheet-open', open);
    sheetToggle.setAttribute('aria-expanded', String(open));
    const label = open ? 'Hide the panel' : 'Show the panel';
    sheetToggle.setAttribute('aria-label', label);
    sheetToggle.title = label;
    if (!phone.matches) return;
    // The canvas has just changed height: Cytoscape measures it again at once (its ResizeObserver
    // would, a frame later) and the picture keeps its centre; what is selected stays in sight above
    // the sheet. Closing it gives back exactly the view it took — the one saved at the opening, if
    // nothing moved the view meanwhile (bringing the selection into sight may have panned it).
    const before = cy.height();
    const saved = open ? { pan: { ...cy.pan() }, zoom: cy.zoom(), height: before } : sheetView;
    sheetView = open ? saved : null;
    requestAnimationFrame(() => {
      cy.resize();
      if (!open && saved && Math.abs(cy.height() - saved.height) <= 1) {
        cy.stop(true, true);
        cy.viewport({ zoom: saved.zoom, pan: saved.pan });
        return;
      }
      cy.panBy({ x: 0, y: (cy.height() - before) / 2 });
      keepSelectedInView();
    });
  }
  function keepSelectedInView(): void {
    const el = selected ? cy.getElementById(selected) : null;
    if (!el || el.empty() || el.hasClass('filtered')) return;
    const bb = el.renderedBoundingBox();
    if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height()) cy.animate({ center: { eles: el }, duration: 200 });
  }
  $('sheet-toggle').addEventListener('click', () => setSheet(!document.body.classList.contains('sheet-open')));
  // Turning the phone (or resizing the window) keeps the selection in sight too.
  let resizeFrame = 0;
  window.addEventListener('resize', () => {
    if (!phone.matches) return;
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(() => {
      cy.resize();
      keepSelectedInView();
    });
  });

  // The phone's "More" button: the less-used tools fold out under it (a disclosure, not a menu: its
  // items are the toolbar's own buttons and links). Choosing one, Escape or a tap elsewhere folds them.
  const moreButton = $<HTMLButtonElement>('more-button');
  const more = $('toolbar-more');
  function setMore(open: boolean, focus: 'first' | 'button' | null = null): void {
    more.classList.toggle('open', open);
    moreButton.setAttribute('aria-expanded', String(open));
    if (open && focus === 'first') more.querySelector<HTMLElement>('button:not([hidden]), a')?.focus();
    if (!open && focus === 'button') moreButton.focus();
  }
  moreButton.addEventListener('click', (e) => {
    const open = !more.classList.contains('open');
    // detail 0: the keyboard pressed it, so its first item takes the focus.
    setMore(open, open && e.detail === 0 ? 'first' : null);
  });
  more.addEventListener('click', (e) => {
    if (more.classList.contains('open') && (e.target as HTMLElement).closest('button, a')) setMore(false);
  });
  moreButton.parentElement!.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && more.classList.contains('open')) {
      e.stopPropagation();
      setMore(false, 'button');
    }
  });
  document.addEventListener('pointerdown', (e) => {
    const t = e.target as Node;
    if (more.classList.contains('open') && !more.contains(t) && !moreButton.contains(t)) setMore(false);
  });

  const help = $<HTMLDialogElement>('help');
  $('help-button').addEventListener('click', () => help.showModal());

  /** Cycles the selection through the visible nodes, for keyboard users. */
  function step(d: number): void {
    const nodes = view
      .entityNodes()
      .not('.filtered')
      .sort((a: NodeSingular, b: NodeSingular) => a.position('x') - b.position('x'));
    if (nodes.empty()) return;
    const i = nodes.toArray().findIndex((n) => n.id() === selected);
    const next = nodes[(i + d + nodes.length) % nodes.length]!;
    selectById(next.id());
  }

  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    const typing = target.closest('input, textarea, select, [contenteditable]');
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'z' && !typing) {
      e.preventDefault();
      return e.shiftKey ? redo() : undo();
    }
    if (mod && e.key.toLowerCase() === 'y' && !typing) {
      e.preventDefault();
      return redo();
    }
    // A dialog open (help, saved views, export…): its keys are its own, not the canvas's shortcuts.
    if (typing || mod || e.altKey || menu.isOpen || document.querySelector('dialog[open]')) return;
    const node = selected ? cy.getElementById(selected) : null;
    const onNode = node && node.nonempty() && node.isNode() ? node.id() : null;
    const key = e.key;
    if (key === '/') {
      if (view.entityNodes().nonempty()) find.open();
      else $<HTMLInputElement>('search-input').focus();
    } else if (key === 'Escape' && find.isOpen) find.close();
    else if (key === '?') help.showModal();
    else if (key === 'f' || key === 'F') fitView();
    else if (key === ']') step(1);
    else if (key === '[') step(-1);
    else if (key === 'Escape') {
      cy.elements().unselect();
      select(null);
      setSheet(false);
    } else if (onNode && (key === 'e' || key === 'Enter') && !target.closest('button, a')) void expand(onNode, null);
    else if (onNode && key === 'c') actionsFor(onNode).collapse();
    else if (onNode && key === 'h') actionsFor(onNode).hide();
    else if (onNode && (key === 'Delete' || key === 'Backspace')) actionsFor(onNode).remove();
    else if (onNode && key === 'p') actionsFor(onNode).pin();
    else if (onNode && (key === 'ContextMenu' || (key === 'F10' && e.shiftKey))) {
      const p = node!.renderedPosition();
      const box = $('graph').getBoundingClientRect();
      openMenu(onNode, { x: box.left + p.x, y: box.top + p.y });
    } else return;
    e.preventDefault();
  });
  window.addEventListener('popstate', () => void restoreFromLocation());

  // A handle for end-to-end tests and for people poking at the page from the console.
  (window as unknown as { liaison: unknown }).liaison = {
    cy,
    view,
    timeline,
    find,
    paths,
    get filters() {
      return filters;
    },
    get undoDepth() {
      return undoStack.length;
    },
    get redoDepth() {
      return redoStack.length;
    },
    /** True when no request, change or layout is running. */
    get idle() {
      return requestsInFlight() === 0 && pending === 0 && !view.layingOut;
    },
    undo,
    redo,
    openMenu,
    editing,
    selection,
  };

  if (location.search) await restoreFromLocation();
  refresh();
  document.body.dataset.ready = 'true';
}

void start();
