// The view as compact query parameters, so that a copied link restores it and back/forward step
// through views: focus, opened neighbourhoods (with their relationship types and pages), removed
// and hidden nodes, filters, time window, "as of" date and layout.
import type { Filters } from './filters';
import type { Expansion } from './graph-view';
import { isLayoutName, type LayoutName } from './layout-names';

export interface ViewState {
  focus: string | null;
  expansions: Expansion[];
  removed: string[];
  hidden: string[];
  filters: Filters;
  layout: LayoutName;
  /** A graph handed over by another page (sessionStorage key), instead of a focus. */
  load: string | null;
}

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (v: string | null) => (v && DAY.test(v) ? v : null);

/** `id`, `id~TYPE.TYPE` (only those relationship types), `*N` suffix for N pages. */
export function encodeExpansion(x: Expansion): string {
  return `${x.id}${x.relTypes ? `~${x.relTypes.join('.')}` : ''}${x.pages > 1 ? `*${x.pages}` : ''}`;
}

export function decodeExpansion(s: string): Expansion {
  const m = /^(.*?)(?:~([A-Z_.]+))?(?:\*(\d{1,3}))?$/.exec(s)!;
  return { id: m[1]!, relTypes: m[2] ? m[2].split('.') : null, pages: m[3] ? Number(m[3]) : 1 };
}

export function toQuery(s: ViewState): string {
  const p = new URLSearchParams();
  if (s.load) p.set('load', s.load);
  if (s.focus) p.set('focus', s.focus);
  // The focus's own first page is implied by `focus`; list it only when more pages were opened.
  const xs = s.expansions.filter((x) => !(x.id === s.focus && x.relTypes === null && x.pages === 1));
  if (xs.length) p.set('x', xs.map(encodeExpansion).join(','));
  if (s.removed.length) p.set('rm', s.removed.join(','));
  if (s.hidden.length) p.set('h', s.hidden.join(','));
  const f = s.filters;
  if (f.nodeTypes.length) p.set('nt', f.nodeTypes.join(','));
  if (f.relTypes.length) p.set('rt', f.relTypes.join(','));
  if (f.countries.length) p.set('co', f.countries.join(','));
  if (f.meetingStatuses.length) p.set('ms', f.meetingStatuses.join(','));
  if (f.citationStatuses.length) p.set('cs', f.citationStatuses.join(','));
  if (f.after) p.set('after', f.after);
  if (f.before) p.set('before', f.before);
  if (f.asOf) p.set('asof', f.asOf);
  if (s.layout !== 'fcose') p.set('layout', s.layout);
  // Commas and tildes are safe in a query string; unescaped they keep links readable.
  const q = p.toString().replace(/%2C/g, ',').replace(/%7E/g, '~');
  return q ? `?${q}` : '';
}

export function fromQuery(search: string): ViewState {
  const p = new URLSearchParams(search);
  const focus = p.get('focus');
  const layout = p.get('layout');
  return {
    focus,
    expansions: list(p.get('x')).map(decodeExpansion),
    removed: list(p.get('rm')),
    hidden: list(p.get('h')),
    filters: {
      nodeTypes: list(p.get('nt')),
      relTypes: list(p.get('rt')),
      countries: list(p.get('co')),
      meetingStatuses: list(p.get('ms')),
      citationStatuses: list(p.get('cs')),
      after: day(p.get('after')),
      before: day(p.get('before')),
      asOf: day(p.get('asof')),
    },
    layout: isLayoutName(layout) ? layout : 'fcose',
    load: p.get('load'),
  };
}
