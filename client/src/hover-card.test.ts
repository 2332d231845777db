// The hover card's content and placement: what a person's, a meeting's, another node's and a
// link's card says from the client's own data and the schema, and where the card goes beside its
// element without covering it or leaving the canvas.
import { describe, expect, it } from '@jest/globals';

import type { GraphEdge, GraphNode, Schema } from './api';
import { intersects, type Box } from './labels';
import { cardHtml, countryName, edgeCard, nodeCard, placeCard } from './hover-card';

const style = { color: '#000', shape: 'ellipse', icon: '' };
const schema: Schema = {
  nodeTypes: [
    { label: 'Person', description: 'A person', caption: 'name', style },
    { label: 'Meeting', description: 'A meeting', caption: 'title', style },
    { label: 'Organization', description: 'An institution', caption: 'name', style },
  ],
  relationshipTypes: [
    {
      type: 'HOLDS_POST',
      caption: 'holds post at',
      reverseCaption: 'post held by',
      directed: true,
      labelProperty: 'title',
      style: { color: '#000', lineStyle: 'solid' },
    },
    {
      type: 'TAKES_PART',
      caption: 'takes part in',
      reverseCaption: 'participant',
      directed: true,
      labelProperty: 'role',
      style: { color: '#000', lineStyle: 'solid' },
    },
  ],
};

const node = (n: Partial<GraphNode> & Pick<GraphNode, 'id' | 'type' | 'name'>): GraphNode => ({
  properties: {},
  citationStatus: 'reported',
  ...n,
});
const edge = (e: Partial<GraphEdge> & Pick<GraphEdge, 'id' | 'type' | 'source' | 'target'>): GraphEdge => ({
  properties: {},
  citationStatus: 'reported',
  ...e,
});
const names: Record<string, string> = { 'person-patrushev': 'Nikolai Patrushev', 'org-sc': 'Security Council', 'm-1': 'Talks in Baku' };
const nameOf = (id: string) => names[id] ?? null;
const facts = (c: { facts: Array<{ label: string; value: string }> }) => Object.fromEntries(c.facts.map((f) => [f.label, f.value]));

describe('nodeCard', () => {
  const patrushev = node({ id: 'person-patrushev', type: 'Person', name: 'Nikolai Patrushev', properties: { nationality: 'RU' } });

  it('gives a person the post held now (from the links on the canvas) and the country', () => {
    const edges = [
      edge({
        id: 'p1',
        type: 'HOLDS_POST',
        source: 'person-patrushev',
        target: 'org-sc',
        properties: { title: 'Director', start: '1999', end: '2008' },
      }),
      edge({
        id: 'p2',
        type: 'HOLDS_POST',
        source: 'person-patrushev',
        target: 'org-sc',
        properties: { title: 'Secretary', start: '2008-05', startPrecision: 'month' },
      }),
    ];
    const c = nodeCard(patrushev, schema, { edges, nameOf });
    expect(c.title).toBe('Nikolai Patrushev');
    expect(c.kind).toBe('Person');
    expect(facts(c)).toEqual({ Post: 'Secretary, Security Council (since May 2008)', Country: 'Russia (RU)' });
    expect(c.status).toBe('reported');
    expect(c.hint).toBe('click for details · double-click to expand');
  });

  it('leaves the post out when the canvas knows none', () => {
    expect(facts(nodeCard(patrushev, schema))).toEqual({ Country: 'Russia (RU)' });
  });

  it('gives a meeting its date at the precision known, its place and status', () => {
    const day = node({
      id: 'm-1',
      type: 'Meeting',
      name: 'Talks in Baku',
      properties: { date: '2019-09-04', place: 'Baku', country: 'AZ', status: 'held' },
    });
    expect(facts(nodeCard(day, schema))).toEqual({ Date: '4 September 2019', Place: 'Baku, Azerbaijan (AZ)', Status: 'held' });
    const year = node({ id: 'm-2', type: 'Meeting', name: 'Earlier visit', properties: { date: '2017', status: 'postponed' } });
    expect(facts(nodeCard(year, schema))).toEqual({ Date: '2017 (known to the year)', Place: 'not reported', Status: 'postponed' });
  });

  it('counts the citations when the client has them and carries the evidence status', () => {
    const c = nodeCard(
      node({
        id: 'o',
        type: 'Organization',
        name: 'Security Council',
        properties: { kind: 'state_body', country: 'RU' },
        citationStatus: 'disputed',
        citations: [{} as never, {} as never],
      }),
      schema,
    );
    expect(facts(c)).toEqual({ Kind: 'state body', Country: 'Russia (RU)', Sources: '2 citations' });
    expect(c.status).toBe('disputed');
    expect(c.kind).toBe('Organization');
  });

  it('falls back to the type name for a type the schema does not list, and status reported when none is set', () => {
    const c = nodeCard(node({ id: 'x', type: 'Thing', name: 'X', citationStatus: null }), schema);
    expect(c.kind).toBe('Thing');
    expect(c.status).toBe('reported');
  });
});

describe('edgeCard', () => {
  it('gives a link its caption, both ends, its label, dates and evidence', () => {
    const c = edgeCard(
      edge({
        id: 'p2',
        type: 'HOLDS_POST',
        source: 'person-patrushev',
        target: 'org-sc',
        properties: { title: 'Secretary', start: '2008-05', end: '2024', endPrecision: 'year' },
        citationStatus: 'speculative',
        citations: [{} as never],
      }),
      schema,
      { nameOf },
    );
    expect(c.title).toBe('holds post at');
    expect(c.kind).toBe('HOLDS_POST');
    expect(facts(c)).toEqual({
      From: 'Nikolai Patrushev',
      To: 'Security Council',
      Title: 'Secretary',
      When: 'May 2008 – 2024',
      Sources: '1 citation',
    });
    expect(c.status).toBe('speculative');
  });

  it('names an end not on the canvas by its id, and a role without underscores', () => {
    const c = edgeCard(
      edge({ id: 't', type: 'TAKES_PART', source: 'person-x', target: 'm-1', properties: { role: 'delegation_member' } }),
      schema,
      { nameOf },
    );
    expect(facts(c)).toEqual({ From: 'person-x', To: 'Talks in Baku', Role: 'delegation member' });
  });
});

describe('cardHtml', () => {
  it('escapes what it shows and marks the evidence', () => {
    const html = cardHtml({
      title: '<b>A & B</b>',
      kind: 'Person',
      facts: [{ label: 'Post', value: '"x"' }],
      status: 'disputed',
      hint: null,
    });
    expect(html).toContain('&lt;b&gt;A &amp; B&lt;/b&gt;');
    expect(html).toContain('&quot;x&quot;');
    expect(html).toContain('badge-disputed');
    expect(html).not.toContain('hover-card-hint');
  });
});

describe('countryName', () => {
  it('names a country code and leaves anything else as it is', () => {
    expect(countryName('AZ')).toBe('Azerbaijan (AZ)');
    expect(countryName('Baku')).toBe('Baku');
    expect(countryName(undefined)).toBe('');
  });
});

describe('placeCard', () => {
  const card = (at: { x: number; y: number }, w: number, h: number): Box => ({ x1: at.x, y1: at.y, x2: at.x + w, y2: at.y + h });

  it('goes right of the element when there is room', () => {
    const target = { x1: 100, y1: 100, x2: 140, y2: 140 };
    expect(placeCard(target, 200, 100, 1000, 800)).toEqual({ x: 150, y: 100 });
  });

  it('flips to the left near the right edge, and stays inside at the bottom', () => {
    const target = { x1: 900, y1: 760, x2: 940, y2: 790 };
    const at = placeCard(target, 200, 100, 1000, 800);
    expect(at).toEqual({ x: 690, y: 700 });
    expect(intersects(card(at, 200, 100), target)).toBe(false);
  });

  it('goes below when neither side has room', () => {
    const target = { x1: 100, y1: 100, x2: 300, y2: 140 };
    const at = placeCard(target, 250, 100, 400, 800);
    expect(at).toEqual({ x: 100, y: 150 });
    expect(intersects(card(at, 250, 100), target)).toBe(false);
  });
});
