// The permalink codec: a view survives the round trip through the URL, and older links still open.
import { describe, expect, it } from '@jest/globals';

import { NO_FILTERS } from './filters';
import {
  decodeExpansion,
  decodeGroup,
  encodeExpansion,
  encodeGroup,
  fromQuery,
  idsKey,
  MAX_LINK_POSITIONS,
  placesFor,
  positionsOf,
  toQuery,
  type ViewState,
} from './permalink';

const base: ViewState = {
  focus: 'person-patrushev',
  expansions: [],
  removed: [],
  hidden: [],
  filters: { ...NO_FILTERS },
  layout: 'fcose',
  load: null,
  added: { nodes: [], edges: [] },
  pins: [],
  seed: null,
  positions: null,
  viewport: null,
};

describe('permalinks', () => {
  it('round-trips focus, expansions, removals, filters, time and layout', () => {
    const state: ViewState = {
      ...base,
      expansions: [
        { id: 'person-patrushev', relTypes: null, pages: 1 },
        { id: 'meeting-2019-09-04-baku-aliyev', relTypes: null, pages: 1 },
        { id: 'person-aliyev', relTypes: ['HOLDS_POST'], pages: 1 },
        { id: 'person-hub', relTypes: null, pages: 3 },
      ],
      removed: ['topic-information-security'],
      hidden: ['person-usubov'],
      filters: {
        ...NO_FILTERS,
        nodeTypes: ['Topic'],
        citationStatuses: ['speculative'],
        after: '2019-08-25',
        before: '2019-10-10',
        asOf: '2019-07-01',
      },
      layout: 'chrono',
    };
    const q = toQuery(state);
    expect(q).toContain('x=meeting-2019-09-04-baku-aliyev,person-aliyev~HOLDS_POST,person-hub*3');
    const back = fromQuery(q);
    // The focus's own first page is implied by `focus`.
    expect(back).toEqual({ ...state, expansions: state.expansions.slice(1) });
  });

  it('round-trips what was added by hand, pins, the seed and every position', () => {
    const nodes = [
      { id: 'person-usubov', x: -120.4, y: 33.6 },
      { id: 'person-aliyev', x: 250.5, y: -80.49 },
      { id: 'person-patrushev', x: 0, y: 0 },
      { id: 'more:person-hub|*', x: 12, y: 512 },
    ];
    const state: ViewState = {
      ...base,
      added: { nodes: ['person-putin', 'org-presidency-ru'], edges: ['rel-putin-holds-president-presidency-ru'] },
      pins: [{ id: 'person-aliyev', x: 251, y: -80 }],
      seed: 4_000_000_000,
      positions: positionsOf(nodes),
    };
    const q = toQuery(state);
    expect(q).toContain('an=person-putin,org-presidency-ru');
    expect(q).toContain('ae=rel-putin-holds-president-presidency-ru');
    expect(q).toContain('pin=person-aliyev~251~-80');
    expect(q).toContain('seed=4000000000');
    const back = fromQuery(q);
    expect(back).toEqual(state);
    // Positions come back by id, rounded to whole pixels, whatever order the nodes are in now.
    const places = placesFor(back.positions, ['person-patrushev', 'more:person-hub|*', 'person-aliyev', 'person-usubov']);
    expect(places?.get('person-usubov')).toEqual({ x: -120, y: 34 });
    expect(places?.get('person-aliyev')).toEqual({ x: 251, y: -80 });
    expect(places?.get('more:person-hub|*')).toEqual({ x: 12, y: 512 });
    expect(places?.get('person-patrushev')).toEqual({ x: 0, y: 0 });
  });

  it('does not apply positions to another set of nodes', () => {
    const p = positionsOf([
      { id: 'a', x: 1, y: 2 },
      { id: 'b', x: 3, y: 4 },
    ]);
    expect(p?.key).toBe(idsKey(['b', 'a']));
    expect(placesFor(p, ['a', 'b'])?.size).toBe(2);
    expect(placesFor(p, ['a', 'c'])).toBeNull();
    expect(placesFor(p, ['a'])).toBeNull();
    expect(placesFor(p, ['a', 'b', 'c'])).toBeNull();
  });

  it('keeps only the seed and pins for views too large for a link', () => {
    const many = Array.from({ length: MAX_LINK_POSITIONS + 1 }, (_, i) => ({ id: `n${i}`, x: i, y: i }));
    expect(positionsOf(many)).toBeNull();
    expect(positionsOf(many.slice(1))?.xy).toHaveLength(MAX_LINK_POSITIONS);
    expect(toQuery({ ...base, positions: positionsOf(many) })).toBe('?focus=person-patrushev');
  });

  it('opens links written before seeds, pins, positions and added elements', () => {
    const old = '?focus=person-patrushev&x=person-usubov,person-aliyev&rm=topic-x&layout=chrono';
    expect(fromQuery(old)).toEqual({
      ...base,
      expansions: [
        { id: 'person-usubov', relTypes: null, pages: 1 },
        { id: 'person-aliyev', relTypes: null, pages: 1 },
      ],
      removed: ['topic-x'],
      layout: 'chrono',
    });
    // And a link without any of the new fields is written as before.
    expect(toQuery(fromQuery(old))).toBe(old);
  });

  it('ignores what it cannot read', () => {
    const s = fromQuery('?focus=x&layout=nonsense&after=yesterday&seed=-3&pin=a~1,b~2~x,c~3~4&pos=k1,1_2_3');
    expect(s.layout).toBe('fcose');
    expect(s.filters.after).toBeNull();
    expect(s.seed).toBeNull();
    expect(s.pins).toEqual([{ id: 'c', x: 3, y: 4 }]);
    expect(s.positions).toBeNull();
    expect(fromQuery('?seed=99999999999').seed).toBeNull();
    expect(fromQuery('?pos=NOT-A-KEY,1_2').positions).toBeNull();
    expect(decodeExpansion(encodeExpansion({ id: 'a-b-1', relTypes: ['TAKES_PART', 'KNOWS'], pages: 2 }))).toEqual({
      id: 'a-b-1',
      relTypes: ['TAKES_PART', 'KNOWS'],
      pages: 2,
    });
  });

  it('round-trips the viewport to four significant digits of zoom and whole pixels, and refuses nonsense', () => {
    const q = toQuery({ ...base, viewport: { zoom: 1.234567, x: -120.4, y: 33.6 } });
    expect(new URLSearchParams(q).get('vp')).toBe('1.235~-120~34');
    expect(fromQuery(q).viewport).toEqual({ zoom: 1.235, x: -120, y: 34 });
    expect(fromQuery('?focus=a&vp=0.0004567~1~2').viewport).toEqual({ zoom: 0.0004567, x: 1, y: 2 });
    for (const bad of ['0~1~2', '-1~1~2', 'x~1~2', '1~1', '1~1~2~3', '1e99~1~2', 'Infinity~0~0', '1~1.5~2'])
      expect(fromQuery(`?focus=a&vp=${bad}`).viewport).toBeNull();
    expect(toQuery(base)).not.toContain('vp=');
  });
});

describe('group nodes in permalinks', () => {
  it('round-trips groups (hub and relationship type), a hub id with a tilde too', () => {
    const state: ViewState = {
      ...base,
      groups: [
        { id: 'person-hub', relType: 'TAKES_PART' },
        { id: 'odd~id', relType: 'HOLDS_POST' },
      ],
      added: { nodes: ['m-1', 'm-2'], edges: ['r-1', 'r-2'] },
    };
    const q = toQuery(state);
    expect(q).toContain('grp=person-hub~TAKES_PART,odd~id~HOLDS_POST');
    expect(fromQuery(q)).toEqual(state);
    expect(decodeGroup(encodeGroup({ id: 'a~b', relType: 'KNOWS' }))).toEqual({ id: 'a~b', relType: 'KNOWS' });
  });

  it('opens links from before groups without any, and skips entries it cannot read', () => {
    const old = fromQuery('?focus=person-hub&x=person-hub*2');
    expect(old.groups).toBeUndefined();
    expect(old.expansions).toEqual([{ id: 'person-hub', relTypes: null, pages: 2 }]);
    expect(toQuery(old)).toBe('?focus=person-hub&x=person-hub*2');
    expect(fromQuery('?focus=a&grp=a~TAKES_PART,nonsense,b~lower').groups).toEqual([{ id: 'a', relType: 'TAKES_PART' }]);
    // An empty list writes nothing: the link stays as it was before groups.
    expect(toQuery({ ...base, groups: [] })).toBe('?focus=person-patrushev');
  });
});
