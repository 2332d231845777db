// The filter panel's counts: per value, the elements in view carrying it and how many are shown,
// on a headless Cytoscape graph filtered by applyFilters as the explorer does.
import { describe, expect, it } from '@jest/globals';
import cytoscape from 'cytoscape';

import { applyFilters, countText, filterCounts, NO_FILTERS } from './filters';

const node = (id: string, type: string, properties: Record<string, unknown> = {}, citationStatus = 'reported') => ({
  group: 'nodes' as const,
  data: { id, type, citationStatus, raw: { id, type, properties } },
});
const edge = (id: string, type: string, source: string, target: string, citationStatus = 'reported') => ({
  group: 'edges' as const,
  data: { id, type, source, target, citationStatus, raw: { id, type, properties: {} } },
});

function graph() {
  return cytoscape({
    headless: true,
    elements: [
      node('p1', 'Person', { nationality: 'RU' }),
      node('p2', 'Person', { nationality: 'AZ' }),
      node('p3', 'Person', { nationality: 'RU' }, 'speculative'),
      node('m1', 'Meeting', { status: 'held' }),
      node('m2', 'Meeting', { status: 'planned' }),
      node('c1', 'Country', { code: 'RU' }),
      edge('e1', 'TAKES_PART', 'p1', 'm1'),
      edge('e2', 'TAKES_PART', 'p2', 'm1'),
      edge('e3', 'TAKES_PART', 'p3', 'm2', 'speculative'),
      edge('e4', 'CITIZEN_OF', 'p1', 'c1'),
      // A "+N more" helper and its edge: not entities, never counted.
      { group: 'nodes', classes: 'more', data: { id: 'more-p1', type: 'Person', owner: 'p1' } },
      { group: 'edges', classes: 'more-edge', data: { id: 'more-e', type: 'TAKES_PART', source: 'p1', target: 'more-p1' } },
    ],
  });
}

describe('filter counts', () => {
  it('counts each value over the elements in view, leaving out the "+N more" helpers', () => {
    const cy = graph();
    applyFilters(cy, NO_FILTERS, null);
    const c = filterCounts(cy);
    expect(Object.fromEntries(c.nodeTypes)).toEqual({
      Person: { inView: 3, shown: 3 },
      Meeting: { inView: 2, shown: 2 },
      Country: { inView: 1, shown: 1 },
    });
    expect(Object.fromEntries(c.relTypes)).toEqual({ TAKES_PART: { inView: 3, shown: 3 }, CITIZEN_OF: { inView: 1, shown: 1 } });
    expect(Object.fromEntries(c.countries)).toEqual({ RU: { inView: 3, shown: 3 }, AZ: { inView: 1, shown: 1 } });
    expect(Object.fromEntries(c.meetingStatuses)).toEqual({ held: { inView: 1, shown: 1 }, planned: { inView: 1, shown: 1 } });
    // Citation status is on nodes and links alike.
    expect(Object.fromEntries(c.citationStatuses)).toEqual({ reported: { inView: 8, shown: 8 }, speculative: { inView: 2, shown: 2 } });
  });

  it('counts as shown only what the filters leave, including what goes with the hidden', () => {
    const cy = graph();
    applyFilters(cy, { ...NO_FILTERS, nodeTypes: ['Meeting'] }, 'p1');
    const c = filterCounts(cy);
    expect(c.nodeTypes.get('Meeting')).toEqual({ inView: 2, shown: 0 });
    // p2 and p3 met only at the hidden meetings, so they go too; p1, the focus, stays.
    expect(c.nodeTypes.get('Person')).toEqual({ inView: 3, shown: 1 });
    expect(c.relTypes.get('TAKES_PART')).toEqual({ inView: 3, shown: 0 });
    expect(c.relTypes.get('CITIZEN_OF')).toEqual({ inView: 1, shown: 1 });
    expect(c.meetingStatuses.get('held')).toEqual({ inView: 1, shown: 0 });
  });

  it('says "N" when all are shown and "shown of N" otherwise, 0 for a value not in view', () => {
    expect(countText({ inView: 12, shown: 12 })).toBe('12');
    expect(countText({ inView: 12, shown: 3 })).toBe('3 of 12');
    expect(countText(undefined)).toBe('0');
  });
});
