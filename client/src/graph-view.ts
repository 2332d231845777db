// The network canvas: a Cytoscape instance that grows as the user opens neighbourhoods. Large
// neighbourhoods come in pages; the rest waits behind one "+N more" node that pages in on demand,
// and the cursor per (node, relationship types) makes sure nothing comes twice.
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';

import { api, type GraphEdge, type GraphNode, type Neighborhood, type Schema } from './api';
import type { LayoutName } from './layout-names';
import { jitter, runLayout, viewSeed } from './layouts';
import { LARGE_VIEW_NODES, LARGE_VIEW_STYLE, setViewportShortcuts } from './large-view';
import { Readability } from './readable';
import { edgeLabel, graphStyle } from './style';
import { groupKey, groupLabel, groupNodeId, memberNoun, memberType, remainder, typesToGroup, type GroupInfo } from './group-nodes';

/** Neighbours per page; a node with more than this shows "+N more". */
export const PAGE_SIZE = 25;

export type Selection = { kind: 'node'; node: GraphNode } | { kind: 'edge'; edge: GraphEdge } | null;

/** One opened neighbourhood: which node, which relationship types (null = all), how many pages. */
export interface Expansion {
  id: string;
  relTypes: string[] | null;
  pages: number;
}

/** Everything needed to put the canvas back exactly as it was (undo/redo). */
export interface CanvasSnapshot {
  elements: ElementDefinition[];
  cursors: Array<[string, string | null]>;
  loaded: Array<[string, number]>;
  expansions: Expansion[];
  focus: string | null;
  removed: string[];
  added?: { nodes: string[]; edges: string[] };
  seed?: number | null;
  /** Group nodes (group-nodes.ts), drawn or emptied. */
  groups?: GroupInfo[];
}

const expansionKey = (id: string, relTypes: string[] | null) => `${id}|${relTypes ? [...relTypes].sort().join('.') : '*'}`;
const moreId = (key: string) => `more:${key}`;

export interface GraphViewEvents {
  select(s: Selection): void;
  error(e: unknown): void;
  /** A node was double-clicked or its "+N more" tapped: the owner turns it into an undoable change. */
  expandRequest(id: string, relTypes: string[] | null): void;
  contextMenu(id: string, at: { x: number; y: number }): void;
  /** A group node was tapped: the owner opens its list (group-panel.ts). */
  openGroup?(key: string): void;
}

export class GraphView {
  readonly cy: Core;
  threshold = PAGE_SIZE;
  layoutName: LayoutName = 'fcose';
  focus: string | null = null;
  expansions: Expansion[] = [];
  /** Nodes the user removed; kept so that a permalink removes them again. */
  removed = new Set<string>();
  /**
   * Nodes and links put on the canvas by hand (a details panel's pick, a path search, a Source's
   * "show all") rather than by opening a neighbourhood: the permalink lists them to fetch again.
   */
  added = { nodes: new Set<string>(), edges: new Set<string>() };
  /** The permalink's layout seed; null: derived from what the view is about (layouts.ts viewSeed). */
  seed: number | null = null;
  /**
   * Groups by groupKey: neighbours of one type standing as one node beside the hub. Kept when
   * emptied (all members drawn), so that further pages of the hub still leave that type out.
   */
  groups = new Map<string, GroupInfo>();
  private cursors = new Map<string, string | null>();
  private loaded = new Map<string, number>();
  private layoutRuns = 0;
  /** Fits that keep the legend free, label collisions, node sizes (readable.ts). */
  readonly readable: Readability;

  constructor(
    container: HTMLElement,
    private readonly schema: Schema,
    private readonly events: GraphViewEvents,
  ) {
    // Box selection with Shift (or Ctrl/Cmd) held while dragging; a plain drag still pans (selection.ts).
    this.cy = cytoscape({ container, style: graphStyle(schema), minZoom: 0.1, maxZoom: 4, boxSelectionEnabled: true });
    this.readable = new Readability(this.cy, () => this.focus);
    // However elements arrive (expand, undo, permalink, opened view), the detail level follows the size.
    let pending = false;
    this.cy.on('add remove', () => {
      if (pending) return;
      pending = true;
      queueMicrotask(() => {
        pending = false;
        this.updateDetailLevel();
        this.syncGroups();
      });
    });
    // The canvas shares its column with the timeline: Cytoscape must hear of every size change.
    new ResizeObserver(() => this.cy.resize()).observe(container);
    // On a touch screen, pressing and holding a node opens its menu (the right-click of a mouse);
    // the tap Cytoscape reports when that finger lifts must not also select the node.
    let held = false;
    this.cy.on('tapstart', () => void (held = false));
    this.cy.on('taphold', 'node', (e) => {
      const n = e.target as NodeSingular;
      // A mouse held still on a node is not a request for the menu: right-click is.
      if (n.hasClass('more') || !(e.originalEvent as Event | undefined)?.type.startsWith('touch')) return;
      held = true;
      const box = container.getBoundingClientRect();
      events.contextMenu(n.id(), { x: box.left + e.renderedPosition.x, y: box.top + e.renderedPosition.y });
    });
    this.cy.on('tap', 'node', (e) => {
      if (held) return;
      const n = e.target as NodeSingular;
      if (n.hasClass('group')) events.openGroup?.(groupKey(n.data('owner') as string, n.data('relType') as string));
      else if (n.hasClass('more')) events.expandRequest(n.data('owner') as string, (n.data('relTypes') as string[] | null) ?? null);
      else events.select({ kind: 'node', node: n.data('raw') as GraphNode });
    });
    this.cy.on('tap', 'edge', (e) => {
      if (!e.target.hasClass('more-edge')) events.select({ kind: 'edge', edge: e.target.data('raw') as GraphEdge });
    });
    this.cy.on('tap', (e) => {
      if (e.target === this.cy) events.select(null);
    });
    this.cy.on('dbltap', 'node', (e) => {
      const n = e.target as NodeSingular;
      if (!n.hasClass('more')) events.expandRequest(n.id(), null);
    });
    this.cy.on('cxttap', 'node', (e) => {
      const n = e.target as NodeSingular;
      if (n.hasClass('more')) return;
      const box = container.getBoundingClientRect();
      events.contextMenu(n.id(), { x: box.left + e.renderedPosition.x, y: box.top + e.renderedPosition.y });
    });
    this.cy.on('mouseover', 'edge', (e) => e.target.addClass('hover'));
    this.cy.on('mouseout', 'edge', (e) => e.target.removeClass('hover'));
  }

  /** Whether the view is drawn in the simplified large-view mode (large-view.ts). */
  largeView = false;

  private updateDetailLevel(): void {
    const large = this.cy.nodes().length > LARGE_VIEW_NODES;
    if (large === this.largeView) return;
    this.largeView = large;
    this.cy.style(large ? [...graphStyle(this.schema), ...LARGE_VIEW_STYLE] : graphStyle(this.schema));
    setViewportShortcuts(this.cy, large);
  }

  get isEmpty(): boolean {
    return this.cy.nodes().empty();
  }

  /** True while a layout is moving nodes. */
  get layingOut(): boolean {
    return this.layoutRuns > 0;
  }

  clear(): void {
    this.cy.elements().remove();
    this.cursors.clear();
    this.loaded.clear();
    this.expansions = [];
    this.removed.clear();
    this.added = { nodes: new Set(), edges: new Set() };
    this.groups.clear();
    this.seed = null;
    this.focus = null;
  }

  fit(): void {
    void this.readable.fit(this.cy.elements().not('.filtered'), { animate: true });
  }

  /** Real nodes (no "+N more" helpers). */
  entityNodes() {
    return this.cy.nodes().not('.more');
  }

  /** Opens a node's neighbourhood on an empty canvas, centred on it. */
  async open(id: string): Promise<void> {
    this.clear();
    this.focus = id;
    await this.expand(id, null);
  }

  isExhausted(id: string, relTypes: string[] | null): boolean {
    return this.cursors.get(expansionKey(id, relTypes)) === null;
  }

  /** Adds the next page of a node's neighbours (the first page, the first time). False if nothing was left. */
  async expand(id: string, relTypes: string[] | null, layout = true, autoGroup = false): Promise<boolean> {
    const key = expansionKey(id, relTypes);
    if (this.cursors.has(key) && this.cursors.get(key) === null) return false; // everything is in already
    // The user's first open of these types: the crowded ones become groups. A link's replay does
    // not (its groups are listed in it), so that links from before groups open as they did.
    if (autoGroup && !this.cursors.has(key)) await this.formGroups(id, relTypes);
    const grouped = new Set([...this.groups.values()].filter((g) => g.owner === id).map((g) => g.relType));
    const types = grouped.size ? (relTypes ?? this.schema.relationshipTypes.map((r) => r.type)).filter((t) => !grouped.has(t)) : relTypes;
    if (types && types.length === 0) {
      // Every type asked for is grouped: nothing to page, but the hub is drawn and counts as opened.
      const hub = [...this.groups.values()].find((g) => g.owner === id)!.hub;
      const wasEmpty = this.cy.nodes().empty();
      this.addPage(id, relTypes, { nodes: [hub], edges: [], counts: { byRelType: {}, total: 0 }, nextCursor: null });
      if (layout) await this.layout(!wasEmpty);
      return true;
    }
    const page = await api.neighbors(id, { cursor: this.cursors.get(key) ?? null, limit: this.threshold, relTypes: types });
    // An id merged into another entity (an old permalink): the page is that entity's, and so is the focus.
    if (page.canonicalId && page.canonicalId !== id) {
      if (this.focus === id) this.focus = page.canonicalId;
      return this.expand(page.canonicalId, relTypes, layout, autoGroup);
    }
    const wasEmpty = this.cy.nodes().empty();
    this.addPage(id, relTypes, page);
    if (layout) await this.layout(!wasEmpty);
    return true;
  }

  /** Makes groups of the types (of those asked for) with more than GROUP_MIN neighbours. */
  private async formGroups(id: string, relTypes: string[] | null): Promise<void> {
    const probe = await api.neighbors(id, { limit: 1, relTypes });
    if (probe.canonicalId && probe.canonicalId !== id) return; // expand follows the redirect, and groups there
    const existing = new Set([...this.groups.values()].filter((g) => g.owner === id).map((g) => g.relType));
    for (const relType of typesToGroup(probe.counts.byRelType, existing)) await this.addGroup(id, relType, probe);
  }

  /** A group a link names: its count and dates fetched again (they may have changed since). */
  async restoreGroup(owner: string, relType: string): Promise<void> {
    if (this.groups.has(groupKey(owner, relType))) return;
    const probe = await api.neighbors(owner, { limit: 1, relTypes: [relType] });
    if ((probe.counts.byRelType[relType] ?? 0) > 0) await this.addGroup(owner, relType, probe);
  }

  private async addGroup(owner: string, relType: string, probe: Neighborhood): Promise<void> {
    const hub = probe.nodes.find((n) => n.id === owner) ?? (this.cy.getElementById(owner).data('raw') as GraphNode | undefined);
    if (!hub) return;
    const dates = await api.neighborDates(owner, relType);
    this.groups.set(groupKey(owner, relType), { owner, relType, total: probe.counts.byRelType[relType] ?? 0, byYear: dates.byYear, hub });
  }

  /** The group's members drawn on the canvas now: the far ends of the hub's links of the type. */
  groupMembersDrawn(g: GroupInfo): NodeSingular[] {
    const hub = this.cy.getElementById(g.owner);
    if (hub.empty()) return [];
    const seen = new Map<string, NodeSingular>();
    hub
      .connectedEdges()
      .filter((e) => e.data('type') === g.relType && !e.hasClass('more-edge'))
      .forEach((e) => {
        const other = e.source().id() === g.owner ? e.target() : e.source();
        if (other.id() !== g.owner) seen.set(other.id(), other);
      });
    return [...seen.values()];
  }

  /**
   * Draws each group as what it still holds: its node labelled with the count and the years left,
   * gone once every member is drawn or its hub is not on the canvas. Runs after every change.
   */
  syncGroups(): void {
    const cy = this.cy;
    cy.batch(() => {
      for (const [key, g] of this.groups) {
        const id = groupNodeId(g.owner, g.relType);
        const hub = cy.getElementById(g.owner);
        const el = cy.getElementById(id);
        const left = hub.nonempty()
          ? remainder(
              g,
              this.groupMembersDrawn(g).map((n) => (n.data('raw') as GraphNode | undefined)?.properties?.date),
            )
          : { count: 0, byYear: [] };
        if (left.count === 0) {
          if (el.nonempty()) el.remove();
          continue;
        }
        const label = groupLabel(left.count, memberNoun(this.schema, g.relType, g.hub.type, left.count), left.byYear);
        const data = { owner: g.owner, relType: g.relType, label, w: 20 + label.length * 6.5, remaining: left.count, key };
        if (el.nonempty()) {
          if (el.data('label') !== label) el.data(data);
          continue;
        }
        const at = hub.position();
        cy.add([
          {
            group: 'nodes',
            data: { id, ...data, memberType: memberType(this.schema, g.relType, g.hub.type) },
            classes: 'more group',
            position: { x: at.x + 70, y: at.y - 50 },
          },
          {
            group: 'edges',
            data: { id: `group-edge:${key}`, source: g.owner, target: id, relType: g.relType },
            classes: 'more-edge group-edge',
          },
        ]);
      }
    });
  }

  /** The counts a node's neighbours per relationship type, without loading them (limit=1). */
  async counts(id: string): Promise<Neighborhood['counts']> {
    return (await api.neighbors(id, { limit: 1 })).counts;
  }

  private nodeElement(n: GraphNode, by: string | null, near?: { x: number; y: number }): ElementDefinition {
    return {
      group: 'nodes',
      data: { id: n.id, label: n.name, type: n.type, citationStatus: n.citationStatus ?? 'reported', raw: n, by },
      // New nodes start beside the node they came from, so the layout only nudges the picture.
      // The offset comes from the id, so that the same view always starts (and ends) the same.
      ...(near ? { position: { x: near.x + jitter(n.id).dx, y: near.y + jitter(n.id).dy } } : {}),
    };
  }

  private edgeElement(e: GraphEdge): ElementDefinition {
    return {
      group: 'edges',
      data: {
        id: e.id,
        source: e.source,
        target: e.target,
        type: e.type,
        label: edgeLabel(this.schema, e.type, e.properties),
        citationStatus: e.citationStatus ?? 'reported',
        raw: e,
      },
    };
  }

  /** addElements for what the user put on the canvas by hand: remembered for the permalink. */
  addByHand(nodes: GraphNode[], edges: GraphEdge[], by: string | null): string[] {
    const had = new Set(this.cy.elements().map((e) => e.id()));
    const ids = this.addElements(nodes, edges, by);
    for (const id of ids) this.added.nodes.add(id);
    for (const e of edges) if (!had.has(e.id) && this.cy.getElementById(e.id).nonempty()) this.added.edges.add(e.id);
    this.syncGroups();
    return ids;
  }

  /** Adds nodes and edges that are not on the canvas yet; returns the ids of the new nodes. */
  addElements(nodes: GraphNode[], edges: GraphEdge[], by: string | null): string[] {
    const cy = this.cy;
    const center = by ? cy.getElementById(by) : cy.collection();
    const near = center.nonempty() ? center.position() : cy.nodes().nonempty() ? cy.nodes().boundingBox() : undefined;
    const nearPoint = near && 'x1' in near ? { x: (near.x1 + near.x2) / 2, y: (near.y1 + near.y2) / 2 } : near;
    const added: ElementDefinition[] = [];
    const newIds: string[] = [];
    for (const n of nodes)
      if (cy.getElementById(n.id).empty()) {
        added.push(this.nodeElement(n, by, nearPoint));
        newIds.push(n.id);
        this.removed.delete(n.id);
      }
    const present = new Set([...cy.nodes().map((n) => n.id()), ...newIds]);
    for (const e of edges)
      if (cy.getElementById(e.id).empty() && present.has(e.source) && present.has(e.target)) added.push(this.edgeElement(e));
    cy.add(added);
    return newIds;
  }

  private addPage(centerId: string, relTypes: string[] | null, page: Neighborhood): void {
    const cy = this.cy;
    const key = expansionKey(centerId, relTypes);
    cy.batch(() => {
      cy.getElementById(moreId(key)).remove();
      const center = cy.getElementById(centerId);
      const near = center.nonempty() ? { ...center.position() } : { x: 0, y: 0 };
      // The first open of a node that is not on the canvas yet: it comes with its own neighbourhood.
      this.addElements(page.nodes, page.edges, centerId);
      const c = cy.getElementById(centerId);
      c.addClass('expanded');
      if (this.focus === centerId) c.data('focus', true);
      this.cursors.set(key, page.nextCursor);
      const loaded = (this.loaded.get(key) ?? 0) + page.edges.length;
      this.loaded.set(key, loaded);
      const exp = this.expansions.find((x) => expansionKey(x.id, x.relTypes) === key);
      if (exp) exp.pages += 1;
      else this.expansions.push({ id: centerId, relTypes, pages: 1 });
      const remaining = page.counts.total - loaded;
      if (page.nextCursor && remaining > 0) {
        const label = `+${remaining} more${relTypes ? ` (${relTypes.join(', ')})` : ''}`;
        cy.add([
          {
            group: 'nodes',
            data: {
              id: moreId(key),
              owner: centerId,
              relTypes,
              label,
              w: 16 + label.length * 6.5,
              remaining,
            },
            classes: 'more',
            position: { x: near.x, y: near.y + 60 },
          },
          { group: 'edges', data: { id: `more-edge:${key}`, source: centerId, target: moreId(key) }, classes: 'more-edge' },
        ]);
      }
    });
    this.syncGroups();
  }

  /**
   * Removes the neighbours that only this node brought in: nodes its expansions added whose every
   * other connection is to this node or to others it brought in. Nodes the user expanded stay.
   */
  collapse(id: string): number {
    const cy = this.cy;
    const node = cy.getElementById(id);
    if (node.empty()) return 0;
    const brought = cy.nodes().filter((n) => n.data('by') === id && n.id() !== id && n.id() !== this.focus && !n.hasClass('expanded'));
    const set = new Set(brought.map((n) => n.id()));
    const gone = brought.filter((n) =>
      n
        .neighborhood('node')
        .not('.more')
        .toArray()
        .every((m) => m.id() === id || set.has(m.id())),
    );
    cy.batch(() => {
      gone.remove();
      cy.nodes('.more')
        .filter((m) => m.data('owner') === id)
        .remove();
      node.removeClass('expanded');
    });
    for (const k of [...this.cursors.keys()]) if (k.startsWith(`${id}|`)) this.cursors.delete(k);
    for (const k of [...this.loaded.keys()]) if (k.startsWith(`${id}|`)) this.loaded.delete(k);
    this.expansions = this.expansions.filter((x) => x.id !== id);
    gone.forEach((n) => void this.added.nodes.delete(n.id()));
    this.dropGroupsOf(id);
    return gone.length;
  }

  remove(id: string): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.getElementById(id).remove();
      cy.nodes('.more')
        .filter((m) => m.data('owner') === id)
        .remove();
    });
    this.removed.add(id);
    this.dropGroupsOf(id);
    this.expansions = this.expansions.filter((x) => x.id !== id);
    for (const k of [...this.cursors.keys()]) if (k.startsWith(`${id}|`)) this.cursors.delete(k);
    for (const k of [...this.loaded.keys()]) if (k.startsWith(`${id}|`)) this.loaded.delete(k);
  }

  /** A hub collapsed or removed takes its groups with it. */
  private dropGroupsOf(id: string): void {
    for (const [key, g] of this.groups) if (g.owner === id) this.groups.delete(key);
    this.syncGroups();
  }

  setHidden(id: string, hidden: boolean): void {
    this.cy.getElementById(id).toggleClass('user-hidden', hidden);
  }

  /** Pins a node at a given place (a permalink's pin). */
  pinAt(id: string, at: { x: number; y: number }): void {
    const n = this.cy.getElementById(id);
    if (n.empty()) return;
    n.unlock();
    n.position({ x: at.x, y: at.y });
    n.lock();
    n.addClass('pinned');
  }

  /** The seed layouts run with: the permalink's, else one derived from the view. */
  get layoutSeed(): number {
    return this.seed ?? viewSeed(this.focus);
  }

  /** Pins a node where it is, or releases it, whatever it was (the bulk Pin and Unpin). */
  setPinned(id: string, pinned: boolean): void {
    const n = this.cy.getElementById(id);
    if (n.empty()) return;
    if (pinned) n.lock();
    else n.unlock();
    n.toggleClass('pinned', pinned);
  }

  /** Pins (locks) a node where it is, or releases it. */
  togglePin(id: string): boolean {
    const n = this.cy.getElementById(id);
    const pinned = !n.locked();
    if (pinned) n.lock();
    else n.unlock();
    n.toggleClass('pinned', pinned);
    return pinned;
  }

  /** Lays the view out; with known positions (a permalink's), draws them instead of running a layout. */
  async layout(incremental: boolean, positions?: ReadonlyMap<string, { x: number; y: number }>): Promise<string | undefined> {
    this.layoutRuns += 1;
    try {
      this.readable.applySizes();
      const run = runLayout(this.cy, this.layoutName, { incremental, focus: this.focus, seed: this.layoutSeed, positions });
      await run.done;
      // The layout fitted the whole canvas; the legend's corner is kept free.
      await this.readable.fit(this.cy.elements().not('.filtered'), { animate: incremental });
      return run.warning;
    } finally {
      this.layoutRuns -= 1;
    }
  }

  snapshot(): CanvasSnapshot {
    return {
      elements: this.cy.elements().jsons() as ElementDefinition[],
      cursors: [...this.cursors],
      loaded: [...this.loaded],
      expansions: this.expansions.map((x) => ({ ...x })),
      focus: this.focus,
      removed: [...this.removed],
      added: { nodes: [...this.added.nodes], edges: [...this.added.edges] },
      seed: this.seed,
      groups: [...this.groups.values()].map((g) => ({ ...g })),
    };
  }

  restore(s: CanvasSnapshot): void {
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(s.elements);
    });
    this.cursors = new Map(s.cursors);
    this.loaded = new Map(s.loaded);
    this.expansions = s.expansions.map((x) => ({ ...x }));
    this.focus = s.focus;
    this.removed = new Set(s.removed);
    this.added = { nodes: new Set(s.added?.nodes), edges: new Set(s.added?.edges) };
    this.seed = s.seed ?? null;
    this.groups = new Map((s.groups ?? []).map((g) => [groupKey(g.owner, g.relType), { ...g }]));
    this.syncGroups();
  }
}
