// The permalink codec: a view survives the round trip through the URL.
import { describe, expect, it } from '@jest/globals';

import { NO_FILTERS } from './filters';
import { decodeExpansion, encodeExpansion, fromQuery, toQuery, type ViewState } from './permalink';

describe('permalinks', () => {
  it('round-trips focus, expansions, removals, filters, time and layout', () => {
    const state: ViewState = {
      focus: 'person-patrushev',
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
      load: null,
    };
    const q = toQuery(state);
    expect(q).toContain('x=meeting-2019-09-04-baku-aliyev,person-aliyev~HOLDS_POST,person-hub*3');
    const back = fromQuery(q);
    // The focus's own first page is implied by `focus`.
    expect(back).toEqual({ ...state, expansions: state.expansions.slice(1) });
  });

  it('ignores what it cannot read', () => {
    const s = fromQuery('?focus=x&layout=nonsense&after=yesterday');
    expect(s.layout).toBe('fcose');
    expect(s.filters.after).toBeNull();
    expect(decodeExpansion(encodeExpansion({ id: 'a-b-1', relTypes: ['TAKES_PART', 'KNOWS'], pages: 2 }))).toEqual({
      id: 'a-b-1',
      relTypes: ['TAKES_PART', 'KNOWS'],
      pages: 2,
    });
  });
});
