// What is shown: filters by node type, relationship type, country, meeting status and citation
// status; the time window (meetings outside it hidden, and what only they connected); and "as of"
// a date (posts not held on that day hidden). Filtering only marks elements `.filtered`, so it is
// cheap to recompute after every change and undo restores it with the rest of the view.
import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';

import type { Schema } from './api';
import { dayMs, heldOn, inWindow, propertyPeriod } from './dates';

export interface Filters {
  /** Each list names what is hidden, so that new values (a new country in view) show by default. */
  nodeTypes: string[];
  relTypes: string[];
  countries: string[];
  meetingStatuses: string[];
  citationStatuses: string[];
  /** Time window, ISO days, inclusive; null = open. */
  after: string | null;
  before: string | null;
  /** Show posts as held on this ISO day; null = all posts. */
  asOf: string | null;
}

export const NO_FILTERS: Filters = {
  nodeTypes: [],
  relTypes: [],
  countries: [],
  meetingStatuses: [],
  citationStatuses: [],
  after: null,
  before: null,
  asOf: null,
};

export const sameFilters = (a: Filters, b: Filters) => JSON.stringify(a) === JSON.stringify(b);

export function nodeCountry(props: Record<string, unknown>): string | null {
  for (const k of ['country', 'nationality', 'code']) if (typeof props[k] === 'string') return props[k] as string;
  return null;
}

const propsOf = (el: { data(k: string): unknown }) =>
  ((el.data('raw') as { properties?: Record<string, unknown> })?.properties ?? {}) as Record<string, unknown>;

/** Marks hidden elements `.filtered`; returns how many entities the filters hide. */
export function applyFilters(cy: Core, f: Filters, focus: string | null): number {
  const after = f.after ? dayMs(f.after) : null;
  const before = f.before ? dayMs(f.before) : null;
  const asOf = f.asOf ? dayMs(f.asOf) : null;
  const hide = new Set<string>();
  cy.batch(() => {
    const nodes = cy.nodes().not('.more');
    nodes.forEach((n) => {
      const p = propsOf(n);
      const type = n.data('type') as string;
      let hidden =
        n.hasClass('user-hidden') ||
        f.nodeTypes.includes(type) ||
        f.citationStatuses.includes(n.data('citationStatus') as string) ||
        f.countries.includes(nodeCountry(p) ?? '');
      if (!hidden && type === 'Meeting') {
        if (f.meetingStatuses.includes(String(p.status))) hidden = true;
        const when = propertyPeriod(p, 'date');
        // An undated meeting is not outside any window: nothing says when it happened.
        if (when && (after !== null || before !== null) && !inWindow(when, after, before)) hidden = true;
      }
      if (hidden) hide.add(n.id());
    });
    const edgeHidden = new Set<string>();
    cy.edges()
      .not('.more-edge')
      .forEach((e) => {
        const hidden =
          f.relTypes.includes(e.data('type') as string) ||
          f.citationStatuses.includes(e.data('citationStatus') as string) ||
          (asOf !== null && e.data('type') === 'HOLDS_POST' && !heldOn(propsOf(e), asOf)) ||
          hide.has(e.source().id()) ||
          hide.has(e.target().id());
        if (hidden) edgeHidden.add(e.id());
      });
    // What only hidden things connected goes too (one step, not a cascade); the focus always stays.
    nodes.forEach((n: NodeSingular) => {
      if (hide.has(n.id()) || n.id() === focus) return;
      const edges = n.connectedEdges().not('.more-edge');
      if (edges.nonempty() && edges.toArray().every((e) => edgeHidden.has(e.id()))) hide.add(n.id());
    });
    cy.nodes().forEach((n) => {
      // A group node goes with its hub, and with the type of its links or of its members.
      const group =
        n.hasClass('group') && (f.relTypes.includes(n.data('relType') as string) || f.nodeTypes.includes(n.data('memberType') as string));
      n.toggleClass('filtered', n.hasClass('more') ? group || hide.has(n.data('owner') as string) : hide.has(n.id()));
    });
    cy.edges().forEach((e: EdgeSingular) => {
      const ends = hide.has(e.source().id()) || hide.has(e.target().id());
      e.toggleClass('filtered', e.hasClass('more-edge') ? ends || e.target().hasClass('filtered') : ends || edgeHidden.has(e.id()));
    });
  });
  return hide.size;
}

/** Values a filter can take: the schema's, and the countries of the nodes in view. */
export function filterChoices(schema: Schema, cy: Core) {
  const meeting = schema.nodeTypes.find((t) => t.label === 'Meeting');
  const countries = new Set<string>();
  cy.nodes()
    .not('.more')
    .forEach((n) => {
      const c = nodeCountry(propsOf(n));
      if (c) countries.add(c);
    });
  return {
    nodeTypes: schema.nodeTypes.map((t) => ({ value: t.label, label: t.label, color: t.style.color })),
    relTypes: schema.relationshipTypes.map((r) => ({ value: r.type, label: r.caption, color: r.style.color })),
    countries: [...countries].sort().map((c) => ({ value: c, label: c })),
    meetingStatuses: (meeting?.properties?.find((p) => p.name === 'status')?.values ?? ['held', 'planned', 'postponed', 'cancelled']).map(
      (v) => ({ value: v, label: v }),
    ),
    citationStatuses: (schema.provenance?.statuses ?? ['reported', 'speculative', 'disputed']).map((v) => ({ value: v, label: v })),
  };
}

type ListKey = 'nodeTypes' | 'relTypes' | 'countries' | 'meetingStatuses' | 'citationStatuses';

/** Of the elements in view carrying a filter value: how many there are, and how many are shown. */
export interface FilterCount {
  inView: number;
  shown: number;
}
export type FilterCounts = Record<ListKey, Map<string, FilterCount>>;

/**
 * Per filter group and value, the elements in view carrying it and how many of them are not
 * `.filtered`; the "+N more" helpers are not entities, so they are not counted. Run after
 * applyFilters, whose classes it reads.
 */
export function filterCounts(cy: Core): FilterCounts {
  const counts: FilterCounts = {
    nodeTypes: new Map(),
    relTypes: new Map(),
    countries: new Map(),
    meetingStatuses: new Map(),
    citationStatuses: new Map(),
  };
  const add = (key: ListKey, value: unknown, shown: boolean) => {
    if (value === undefined || value === null || value === '') return;
    const c = counts[key].get(String(value)) ?? { inView: 0, shown: 0 };
    c.inView += 1;
    if (shown) c.shown += 1;
    counts[key].set(String(value), c);
  };
  cy.nodes()
    .not('.more')
    .forEach((n) => {
      const shown = !n.hasClass('filtered');
      const p = propsOf(n);
      add('nodeTypes', n.data('type'), shown);
      add('countries', nodeCountry(p), shown);
      if (n.data('type') === 'Meeting') add('meetingStatuses', p.status, shown);
      add('citationStatuses', n.data('citationStatus'), shown);
    });
  cy.edges()
    .not('.more-edge')
    .forEach((e) => {
      const shown = !e.hasClass('filtered');
      add('relTypes', e.data('type'), shown);
      add('citationStatuses', e.data('citationStatus'), shown);
    });
  return counts;
}

/** The count after an option's name: "12", or "3 of 12" when filters hide some of them. */
export function countText(c: FilterCount | undefined): string {
  if (!c) return '0';
  return c.shown === c.inView ? String(c.inView) : `${c.shown} of ${c.inView}`;
}
const GROUPS: Array<[ListKey, string]> = [
  ['nodeTypes', 'Entity types'],
  ['relTypes', 'Relationships'],
  ['countries', 'Countries'],
  ['meetingStatuses', 'Meeting status'],
  ['citationStatuses', 'Evidence'],
];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Renders the filter panel (checked = shown) and reports every change. */
export function renderFilterPanel(
  panel: HTMLElement,
  schema: Schema,
  cy: Core,
  filters: Filters,
  hiddenCount: number,
  onChange: (f: Filters) => void,
): void {
  const choices = filterChoices(schema, cy);
  const counts = filterCounts(cy);
  const groups = GROUPS.map(([key, title]) => {
    const items = choices[key];
    if (items.length === 0) return `<fieldset><legend>${title}</legend><p class="muted">None in view.</p></fieldset>`;
    return `<fieldset data-group="${key}"><legend>${title}</legend>${items
      .map((i) => {
        const dot = 'color' in i && i.color ? `<span class="swatch" style="background:${esc(String(i.color))}"></span>` : '';
        const c = counts[key].get(i.value);
        const text = countText(c);
        // The comma is for screen readers ("Person, 12"); on screen the count stands apart, muted.
        const count = `<span class="filter-count" data-in-view="${c?.inView ?? 0}" data-shown="${c?.shown ?? 0}"><span class="visually-hidden">, </span>${text}${text.includes(' of ') ? '<span class="visually-hidden"> shown</span>' : ''}</span>`;
        return `<label><input type="checkbox" data-key="${key}" value="${esc(i.value)}" ${filters[key].includes(i.value) ? '' : 'checked'} />${dot}<span class="filter-name">${esc(i.label)}</span>${count}</label>`;
      })
      .join('')}</fieldset>`;
  }).join('');
  const active = !sameFilters({ ...filters, after: null, before: null, asOf: null }, NO_FILTERS);
  panel.innerHTML = `
    <p class="filter-summary" aria-live="polite">${hiddenCount ? `${hiddenCount} entities hidden by filters and the time settings.` : 'Everything in view is shown.'}
    ${active || filters.after || filters.before || filters.asOf ? '<button type="button" id="filters-reset">Show all</button>' : ''}</p>
    ${groups}`;
  panel.querySelectorAll<HTMLInputElement>('input[type=checkbox]').forEach((box) =>
    box.addEventListener('change', () => {
      const key = box.dataset.key as ListKey;
      const set = new Set(filters[key]);
      if (box.checked) set.delete(box.value);
      else set.add(box.value);
      onChange({ ...filters, [key]: [...set] });
    }),
  );
  panel.querySelector('#filters-reset')?.addEventListener('click', () => onChange({ ...NO_FILTERS }));
}
