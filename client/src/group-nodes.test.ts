// Group nodes: which types become groups, what they are called and labelled, what is left once
// members are drawn, the list's search, and the filters on a headless Cytoscape graph.
import { describe, expect, it } from '@jest/globals';
import cytoscape from 'cytoscape';

import { describeSchema } from '../../server/src/schema/describe';
import type { GraphNode, Schema } from './api';
import { applyFilters, filterCounts, NO_FILTERS } from './filters';
import { GROUP_MIN, groupLabel, matches, memberNoun, memberType, remainder, typesToGroup, yearOf } from './group-nodes';
import { timelineBars } from './group-panel';

const schema = describeSchema() as unknown as Schema;

const meeting = (id: string, name: string, properties: Record<string, unknown> = {}): GraphNode => ({
  id,
  type: 'Meeting',
  name,
  properties: { title: name, ...properties } as GraphNode['properties'],
  citationStatus: 'reported',
});

describe('group nodes', () => {
  it('groups the types with more than GROUP_MIN neighbours, once', () => {
    expect(GROUP_MIN).toBe(20);
    expect(typesToGroup({ TAKES_PART: 60, HOLDS_POST: 2, KNOWS: 20, MEMBER_OF: 21 }, new Set())).toEqual(['TAKES_PART', 'MEMBER_OF']);
    expect(typesToGroup({ TAKES_PART: 60 }, new Set(['TAKES_PART']))).toEqual([]);
  });

  it('names the members by the far end of the link', () => {
    expect(memberNoun(schema, 'TAKES_PART', 'Person', 60)).toBe('meetings');
    expect(memberNoun(schema, 'TAKES_PART', 'Person', 1)).toBe('meeting');
    // Around a meeting the far end is a person or an organisation: the reverse caption names them.
    expect(memberNoun(schema, 'TAKES_PART', 'Meeting', 30)).toBe('participants');
    expect(memberNoun(schema, 'HOLDS_POST', 'Organization', 25)).toBe('people');
    expect(memberType(schema, 'TAKES_PART', 'Person')).toBe('Meeting');
    expect(memberType(schema, 'TAKES_PART', 'Meeting')).toBeNull();
    expect(memberNoun(schema, 'NOPE', 'Person', 3)).toBe('NOPE links');
  });

  it('labels the count and the years, and narrows both as members are drawn', () => {
    const g = {
      total: 60,
      byYear: [2019, 2020, 2021, 2022, 2023, 2024].map((year) => ({ year, count: 10 })),
    };
    expect(groupLabel(60, 'meetings', g.byYear)).toBe('60 meetings, 2019–2024');
    const left = remainder(g, ['2019-03-01', '2019-04', '2021-05-05']);
    expect(left.count).toBe(57);
    expect(left.byYear.find((y) => y.year === 2019)?.count).toBe(8);
    // The last member of 2024 drawn: the range ends a year earlier.
    const one = remainder(
      {
        total: 3,
        byYear: [
          { year: 2019, count: 2 },
          { year: 2024, count: 1 },
        ],
      },
      ['2024-01-01'],
    );
    expect(groupLabel(one.count, 'meetings', one.byYear)).toBe('2 meetings, 2019');
    expect(groupLabel(25, 'participants', [])).toBe('25 participants');
    expect(remainder({ total: 2, byYear: [] }, [undefined, undefined]).count).toBe(0);
    expect(yearOf('2020-02')).toBe(2020);
    expect(yearOf(null)).toBeNull();
  });

  it('searches name, aliases, place and date, every word, without accents', () => {
    const m = meeting('m1', 'Talks in Yérévan', { aliases: ['Ереванские переговоры'], place: 'Government House', date: '2021-06-04' });
    expect(matches(m, 'yerevan')).toBe(true);
    expect(matches(m, 'talks 2021')).toBe(true);
    expect(matches(m, 'government house')).toBe(true);
    expect(matches(m, 'ереванские')).toBe(true);
    expect(matches(m, 'talks minsk')).toBe(false);
    expect(matches(m, '  ')).toBe(true);
  });

  it('draws the mini-timeline with empty years and the matching part of each year', () => {
    const bars = timelineBars(
      [
        { year: 2019, count: 4 },
        { year: 2021, count: 2 },
      ],
      new Map([[2021, 1]]),
    );
    expect(bars).toEqual([
      { year: 2019, count: 4, hits: 0 },
      { year: 2020, count: 0, hits: 0 },
      { year: 2021, count: 2, hits: 1 },
    ]);
    expect(timelineBars([], null)).toEqual([]);
  });

  it('is hidden with its hub, its link type or its members\u2019 type, and never counted as an entity', () => {
    const cy = cytoscape({
      headless: true,
      elements: [
        { group: 'nodes', data: { id: 'hub', type: 'Person', citationStatus: 'reported', raw: { properties: {} } } },
        { group: 'nodes', data: { id: 'org', type: 'Organization', citationStatus: 'reported', raw: { properties: {} } } },
        { group: 'edges', data: { id: 'e', type: 'HOLDS_POST', source: 'hub', target: 'org', citationStatus: 'reported', raw: {} } },
        { group: 'nodes', data: { id: 'g', owner: 'hub', relType: 'TAKES_PART', memberType: 'Meeting' }, classes: 'more group' },
        { group: 'edges', data: { id: 'ge', source: 'hub', target: 'g' }, classes: 'more-edge group-edge' },
      ],
    });
    applyFilters(cy, NO_FILTERS, 'hub');
    expect(cy.getElementById('g').hasClass('filtered')).toBe(false);
    expect(filterCounts(cy).nodeTypes.get('Meeting')).toBeUndefined();
    expect(filterCounts(cy).nodeTypes.get('Person')).toEqual({ inView: 1, shown: 1 });
    applyFilters(cy, { ...NO_FILTERS, nodeTypes: ['Meeting'] }, 'hub');
    expect(cy.getElementById('g').hasClass('filtered')).toBe(true);
    expect(cy.getElementById('ge').hasClass('filtered')).toBe(true);
    applyFilters(cy, { ...NO_FILTERS, relTypes: ['TAKES_PART'] }, 'hub');
    expect(cy.getElementById('g').hasClass('filtered')).toBe(true);
    applyFilters(cy, { ...NO_FILTERS, relTypes: ['HOLDS_POST'] }, 'hub');
    expect(cy.getElementById('g').hasClass('filtered')).toBe(false);
    cy.getElementById('hub').addClass('user-hidden');
    applyFilters(cy, NO_FILTERS, null);
    expect(cy.getElementById('g').hasClass('filtered')).toBe(true);
  });
});
