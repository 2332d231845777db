// The list a group node opens (group-nodes.ts): its members a page at a time through the
// neighbours' keyset cursor, a search among all of them on the server (the same cursor, only the
// matches; in any spelling, by the search keys), a mini-timeline of the dated ones by year,
// checkboxes, "Add selected" and "Add these N". Drawn in the Details panel, which is the bottom
// sheet on a phone, like everything else the explorer shows about what was tapped.
import { api, type GraphEdge, type GraphNode, type Schema } from './api';
import type { NodeSingular } from 'cytoscape';

import type { GraphView } from './graph-view';
import { groupLabel, memberNoun, remainder, yearOf } from './group-nodes';

/** Members fetched per page: enough that a group of a few hundred needs one or two requests. */
export const GROUP_PAGE = 100;

export interface GroupPanelDeps {
  view: GraphView;
  schema: Schema;
  /** Where the list is drawn (the Details panel). */
  container: HTMLElement;
  /** Puts members on the canvas as one undoable change (main.ts). */
  add(nodes: GraphNode[], edges: GraphEdge[], owner: string): Promise<void>;
  error(e: unknown): void;
}

interface Member {
  node: GraphNode;
  edge: GraphEdge;
}

const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...kids: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/** The members a page of the owner's neighbours holds: the node at the far end of each link. */
function membersOf(page: { nodes: GraphNode[]; edges: GraphEdge[] }, owner: string): Member[] {
  const nodes = new Map(page.nodes.map((n) => [n.id, n]));
  const out: Member[] = [];
  for (const edge of page.edges) {
    const other = edge.source === owner ? edge.target : edge.source;
    const node = nodes.get(other);
    if (node && other !== owner) out.push({ node, edge });
  }
  return out;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Bars per year from the first to the last (years without members drawn empty), matches on top. */
export function timelineBars(
  byYear: ReadonlyArray<{ year: number; count: number }>,
  hits: ReadonlyMap<number, number> | null,
): Array<{ year: number; count: number; hits: number }> {
  if (byYear.length === 0) return [];
  const counts = new Map(byYear.map((y) => [y.year, y.count]));
  const out = [];
  for (let year = byYear[0]!.year; year <= byYear[byYear.length - 1]!.year; year++)
    out.push({ year, count: counts.get(year) ?? 0, hits: hits?.get(year) ?? 0 });
  return out;
}

/** How long the search box waits after the last key before it asks the server. */
export const SEARCH_DEBOUNCE_MS = 250;

/** A search of the group's members on the server, page by page (the same keyset cursor as the list). */
interface ServerSearch {
  q: string;
  members: Member[];
  cursor: string | null;
  /** How many members match in all (the server's count, those on the canvas included). */
  matched: number;
  /** The first page has come back. */
  answered: boolean;
  loading: boolean;
  error: string | null;
  abort: AbortController | null;
}

export class GroupPanel {
  private key: string | null = null;
  private members: Member[] = [];
  private cursor: string | null = null;
  private loadedAll = false;
  private loading = false;
  private loadError: string | null = null;
  /** The text in the search box. */
  private query = '';
  /** The server's answer to it (null without a search). */
  private search: ServerSearch | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private checked = new Set<string>();
  private root: HTMLElement | null = null;

  constructor(private readonly deps: GroupPanelDeps) {}

  /** The group whose list is showing, or null (another panel has replaced it since). */
  get openKey(): string | null {
    return this.root && this.deps.container.contains(this.root) ? this.key : null;
  }

  async open(key: string): Promise<void> {
    const g = this.deps.view.groups.get(key);
    if (!g) return;
    if (this.key !== key) {
      this.key = key;
      this.members = [];
      this.cursor = null;
      this.loadedAll = false;
      this.loading = false;
      this.loadError = null;
      this.query = '';
      this.stopSearch();
      this.checked.clear();
    }
    this.render();
    if (this.members.length === 0 && !this.loadedAll) await this.loadMore();
    this.root?.querySelector<HTMLInputElement>('input[type=search]')?.focus({ preventScroll: true });
  }

  /** Next page of members through the keyset cursor (pages never repeat or skip). */
  async loadMore(): Promise<void> {
    const key = this.key;
    const g = key ? this.deps.view.groups.get(key) : undefined;
    if (!g || this.loadedAll || this.loading) return;
    this.loading = true;
    this.loadError = null;
    this.render();
    try {
      const page = await api.neighbors(g.owner, { relTypes: [g.relType], limit: GROUP_PAGE, cursor: this.cursor });
      if (this.key !== key) return;
      this.members.push(...membersOf(page, g.owner));
      this.cursor = page.nextCursor;
      this.loadedAll = page.nextCursor === null;
    } catch (error) {
      if (this.key !== key) return;
      this.loadError = message(error);
      this.deps.error(error);
    } finally {
      if (this.key === key) this.loading = false;
    }
    this.render();
  }

  /**
   * The search box changed: an empty box goes back to the plain list at once; any other text asks
   * the server for the members that match it, SEARCH_DEBOUNCE_MS after the last key (at once with
   * `now`, for Enter), the answer to an older text being dropped.
   */
  private searchChanged(value: string, now = false): void {
    this.query = value;
    const q = value.trim();
    const current = this.search;
    if (q && current?.q === q && !current.error) {
      // The same words (a space added): the search asked or being asked stands; Enter hurries it.
      if (now && this.timer !== null) {
        clearTimeout(this.timer);
        this.timer = null;
        void this.fetchSearch();
      }
      return;
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (!q) {
      this.stopSearch();
      this.render();
      return;
    }
    current?.abort?.abort();
    // Until the answer comes, the list shown stays (the previous search's, or the plain one), dimmed.
    this.search = {
      q,
      members: current?.members ?? this.members,
      cursor: null,
      matched: current?.matched ?? 0,
      answered: false,
      loading: true,
      error: null,
      abort: null,
    };
    this.render();
    if (now) void this.fetchSearch();
    else
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.fetchSearch();
      }, SEARCH_DEBOUNCE_MS);
  }

  private stopSearch(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.search?.abort?.abort();
    this.search = null;
  }

  /** The search's first page (or, with `more`, its next one) from the server. */
  private async fetchSearch(more = false): Promise<void> {
    const s = this.search;
    const g = this.key ? this.deps.view.groups.get(this.key) : undefined;
    if (!s || !g || (more && (!s.cursor || s.loading))) return;
    const abort = new AbortController();
    s.abort?.abort();
    s.abort = abort;
    s.loading = true;
    s.error = null;
    this.render();
    try {
      const page = await api.neighbors(g.owner, {
        relTypes: [g.relType],
        limit: GROUP_PAGE,
        q: s.q,
        cursor: more ? s.cursor : null,
        signal: abort.signal,
      });
      if (this.search !== s || abort.signal.aborted) return;
      const found = membersOf(page, g.owner);
      s.members = more ? [...s.members, ...found] : found;
      s.cursor = page.nextCursor;
      s.matched = page.search?.matched ?? s.members.length;
      s.answered = true;
    } catch (error) {
      if (this.search !== s || abort.signal.aborted) return;
      s.error = message(error);
    }
    s.loading = false;
    s.abort = null;
    this.render();
  }

  /** Drawn again after any change to the view (an add, an undo), if it is still showing. */
  update(): void {
    if (this.openKey) this.render();
  }

  /** Members not on the canvas, and of those the ones shown: the server's matches when searching, else all loaded. */
  private lists() {
    const cy = this.deps.view.cy;
    const off = (m: Member) => cy.getElementById(m.node.id).empty();
    const left = this.members.filter(off);
    return { left, shown: this.search ? this.search.members.filter(off) : left };
  }

  private async addMembers(list: Member[]): Promise<void> {
    const g = this.key ? this.deps.view.groups.get(this.key) : undefined;
    if (!g || list.length === 0) return;
    for (const m of list) this.checked.delete(m.node.id);
    await this.deps.add(
      list.map((m) => m.node),
      list.map((m) => m.edge),
      g.owner,
    );
    this.update();
  }

  /** What the status line says: how many are listed, or how many match and how many of those are listed. */
  private statusText(left: Member[], shown: Member[], total: number): string {
    const s = this.search;
    const plural = (n: number) => `${n} match${n === 1 ? '' : 'es'}`;
    if (!s) {
      if (this.loadError) return `Could not load the list: ${this.loadError}`;
      if (this.loading && this.members.length === 0) return 'Loading…';
      return `${left.length} of ${total} listed`;
    }
    if (s.error) return `The search failed: ${s.error}`;
    if (!s.answered) return `Searching for “${s.q}”…`;
    if (!s.cursor) return plural(shown.length);
    // Those already on the canvas are among the server's count; the ones loaded are known.
    const drawn = s.members.length - shown.length;
    return `${plural(Math.max(shown.length, s.matched - drawn))}, ${shown.length} listed`;
  }

  private render(): void {
    const g = this.key ? this.deps.view.groups.get(this.key) : undefined;
    const container = this.deps.container;
    if (!g) return;
    const view = this.deps.view;
    const drawn = view.groupMembersDrawn(g).map((n) => (n.data('raw') as GraphNode | undefined)?.properties?.date);
    const rest = remainder(g, drawn);
    const noun = memberNoun(this.deps.schema, g.relType, g.hub.type, rest.count);
    const { left, shown } = this.lists();
    const s = this.search;
    // Searching, and not answered yet: what is listed is the previous answer, not to be added.
    const pending = s !== null && !s.answered;
    // What had the keyboard's focus in the list drawn before, to give it back in this one.
    const active = this.root?.contains(document.activeElement) ? (document.activeElement as HTMLElement) : null;
    const focusClass = active?.className.split(' ')[0] ?? null;
    const selection =
      active instanceof HTMLInputElement && active.type === 'search' ? ([active.selectionStart, active.selectionEnd] as const) : null;

    const root = el('div', { className: 'group-panel' });
    root.dataset.group = this.key!;
    root.append(
      el('h2', { className: 'group-title' }, rest.count ? groupLabel(rest.count, noun, rest.byYear) : `No ${noun} left in the group`),
      el('p', { className: 'group-of' }, `linked to ${g.hub.name} (${g.relType})`),
    );
    if (rest.count === 0) root.append(el('p', {}, `All of them are on the canvas.`));
    else {
      const hits = s && !pending ? new Map<number, number>() : null;
      if (hits)
        for (const m of shown) {
          const y = yearOf(m.node.properties.date);
          if (y !== null) hits.set(y, (hits.get(y) ?? 0) + 1);
        }
      root.append(this.timeline(timelineBars(rest.byYear, hits)));
      const search = el('input', {
        type: 'search',
        value: this.query,
        placeholder: `Search these ${rest.count}`,
        className: 'group-search',
      });
      search.setAttribute('aria-label', `Search the ${noun} of the group`);
      search.setAttribute('aria-controls', 'group-list');
      search.addEventListener('input', () => this.searchChanged(search.value));
      search.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          this.searchChanged(search.value, true);
        }
      });
      const status = el('p', { className: 'group-status' }, this.statusText(left, shown, rest.count));
      status.setAttribute('role', s?.error || (!s && this.loadError) ? 'alert' : 'status');
      if (s?.error || (!s && this.loadError)) status.classList.add('group-error');
      const selected = shown.filter((m) => this.checked.has(m.node.id));
      const addSelected = el(
        'button',
        { type: 'button', className: 'group-add-selected', disabled: pending || selected.length === 0 },
        `Add selected (${selected.length})`,
      );
      // Read when clicked: the boxes are ticked after this list was drawn.
      addSelected.addEventListener('click', () => void this.addMembers(shown.filter((m) => this.checked.has(m.node.id))));
      const addAll = el(
        'button',
        { type: 'button', className: 'group-add-all', disabled: pending || shown.length === 0 },
        `Add these ${shown.length}`,
      );
      addAll.addEventListener('click', () => void this.addMembers(shown));
      const list = el('ul', { className: 'group-list', id: 'group-list' });
      list.setAttribute('aria-busy', String(pending || (!s && this.loading)));
      if (pending) list.style.opacity = '0.5';
      for (const m of shown) {
        const box = el('input', { type: 'checkbox', value: m.node.id, checked: this.checked.has(m.node.id) });
        box.addEventListener('change', () => {
          if (box.checked) this.checked.add(m.node.id);
          else this.checked.delete(m.node.id);
          const n = shown.filter((x) => this.checked.has(x.node.id)).length;
          addSelected.textContent = `Add selected (${n})`;
          addSelected.disabled = n === 0;
        });
        const p = m.node.properties;
        const meta = [p.date, p.place].filter((x) => typeof x === 'string').join(' · ');
        list.append(
          el(
            'li',
            {},
            el(
              'label',
              {},
              box,
              el('span', { className: 'group-name' }, m.node.name),
              meta ? el('span', { className: 'group-meta' }, meta) : '',
            ),
          ),
        );
      }
      root.append(search, status, el('div', { className: 'group-actions' }, addSelected, addAll), list);
      if (s?.error) {
        const retry = el('button', { type: 'button', className: 'group-retry' }, 'Try the search again');
        retry.addEventListener('click', () => void this.fetchSearch(s.answered && s.cursor !== null));
        root.append(retry);
      } else if (s ? s.answered && s.cursor !== null : !this.loadedAll) {
        const busy = s ? s.loading : this.loading;
        const more = el(
          'button',
          { type: 'button', className: 'group-load-more', disabled: busy },
          busy ? 'Loading…' : s ? `Load ${GROUP_PAGE} more matches` : `Load ${GROUP_PAGE} more`,
        );
        more.addEventListener('click', () => void (s ? this.fetchSearch(true) : this.loadMore()));
        root.append(more);
      }
    }
    this.root = root;
    container.replaceChildren(root);
    delete container.dataset.id;
    if (focusClass) {
      const again = root.querySelector<HTMLElement>(`.${focusClass}`);
      again?.focus({ preventScroll: true });
      if (again instanceof HTMLInputElement && selection) again.setSelectionRange(selection[0] ?? null, selection[1] ?? null);
    }
  }

  /** Bars per year (the members left); with a search, the matching part of each bar darker. */
  private timeline(bars: ReturnType<typeof timelineBars>): Element {
    const wrap = el('figure', { className: 'group-timeline' });
    if (bars.length === 0) {
      wrap.append(el('figcaption', {}, 'None of them is dated.'));
      return wrap;
    }
    const max = Math.max(...bars.map((b) => b.count), 1);
    const w = 100 / bars.length;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 100 40');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `Dated per year: ${bars.map((b) => `${b.year}, ${b.count}`).join('; ')}`);
    bars.forEach((b, i) => {
      const bar = (count: number, cls: string) => {
        const r = document.createElementNS(SVG, 'rect');
        const h = (count / max) * 38;
        r.setAttribute('x', String(i * w + w * 0.1));
        r.setAttribute('width', String(w * 0.8));
        r.setAttribute('y', String(40 - h));
        r.setAttribute('height', String(h));
        r.setAttribute('class', cls);
        r.dataset.year = String(b.year);
        return r;
      };
      const r = bar(b.count, 'bar');
      const t = document.createElementNS(SVG, 'title');
      t.textContent = `${b.year}: ${b.count}`;
      r.append(t);
      svg.append(r);
      if (b.hits) svg.append(bar(b.hits, 'bar hit'));
    });
    const axis = el('figcaption', {}, el('span', {}, String(bars[0]!.year)), el('span', {}, String(bars[bars.length - 1]!.year)));
    wrap.append(svg, axis);
    return wrap;
  }
}

/**
 * Keys for groups: Enter opens the group last tapped (a group node is never selected, selection.ts,
 * so it is marked `.group-current` instead), G goes to the next group, left to right, and opens it.
 */
export function setupGroupKeys(view: GraphView, open: (key: string) => void): void {
  const cy = view.cy;
  const mark = (n: NodeSingular | null) => {
    cy.nodes('.group-current').removeClass('group-current');
    n?.addClass('group-current');
  };
  cy.on('tap', 'node', (e) => mark((e.target as NodeSingular).hasClass('group') ? (e.target as NodeSingular) : null));
  cy.on('tap', (e) => {
    if (e.target === cy) mark(null);
  });
  document.addEventListener('keydown', (e) => {
    if ((e.key !== 'Enter' && e.key !== 'g' && e.key !== 'G') || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select, button, a, [contenteditable]') || document.querySelector('dialog[open]')) return;
    const groups = cy
      .nodes('.group')
      .not('.filtered')
      .sort((a: NodeSingular, b: NodeSingular) => a.position('x') - b.position('x'));
    // Enter belongs to a selected entity (expand, main.ts) before it belongs to a group.
    if (e.key === 'Enter' && cy.nodes(':selected').not('.more').nonempty()) return;
    const list = groups.toArray() as NodeSingular[];
    let g: NodeSingular | undefined = list.find((n) => n.hasClass('group-current'));
    if (e.key !== 'Enter') {
      if (list.length === 0) return;
      g = list[(list.findIndex((n) => n === g) + 1) % list.length]!;
      mark(g);
    }
    if (!g) return;
    e.preventDefault();
    open(g.data('key') as string);
  });
}
