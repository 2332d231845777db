// The demo bundle data/demo/patrushev-2019.json: it must import, every quote must be verbatim from
// its source article, and the facts the demo shows must be modelled as the article states them.
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { NODE_TYPES, RELATIONSHIP_TYPES } from '../../server/src/schema/model';
import { bundleInput } from '../../server/src/schema/validators';

interface Citation {
  source: string;
  quote: string;
  status: string;
  lang?: string;
  note?: string;
}
interface BundleNode {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  citations?: Citation[];
}
interface BundleRelationship {
  id: string;
  type: string;
  source: string;
  target: string;
  properties?: Record<string, unknown>;
  citations?: Citation[];
}
interface Bundle {
  format?: string;
  version?: number;
  nodes: BundleNode[];
  relationships: BundleRelationship[];
}

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE_PATH = path.join(ROOT, 'data/demo/patrushev-2019.json');
const ARTICLE_PATH = path.resolve(ROOT, '../shared/seed/caucasus-watch-patrushev-azerbaijan-2019.de.txt');

const raw: unknown = JSON.parse(fs.readFileSync(BUNDLE_PATH, 'utf8'));
const bundle = raw as Bundle;
const article = fs.readFileSync(ARTICLE_PATH, 'utf8');

const CW = 'src-caucasus-watch-2019-09';
const AZERDAILY = 'src-azerdaily-analysis-2019-09';
const VISIT_AZ = 'meeting-2019-09-04-visit-azerbaijan';
const BAKU_ALIYEV = 'meeting-2019-09-04-baku-aliyev';
const POSTPONED = 'meeting-2019-08-14-putin-aliyev-rouhani';
const SPECULATIVE_TOPICS = ['topic-postponement-putin-aliyev-rouhani', 'topic-nagorno-karabakh-conflict'];

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

const nodesById = new Map(bundle.nodes.map((n) => [n.id, n]));
const sourceIds = new Set(bundle.nodes.filter((n) => n.type === 'Source').map((n) => n.id));
const facts: { id: string; citations: Citation[] }[] = [
  ...bundle.nodes.filter((n) => n.type !== 'Source').map((n) => ({ id: n.id, citations: n.citations ?? [] })),
  ...bundle.relationships.map((r) => ({ id: r.id, citations: r.citations ?? [] })),
];
const allCitations = [...bundle.nodes, ...bundle.relationships].flatMap((f) => (f.citations ?? []).map((c) => ({ id: f.id, citation: c })));

function node(id: string): BundleNode {
  const n = nodesById.get(id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
}

function relationships(type: string, source?: string, target?: string): BundleRelationship[] {
  return bundle.relationships.filter(
    (r) => r.type === type && (source === undefined || r.source === source) && (target === undefined || r.target === target),
  );
}

/** A speculative fact: cited as speculative both to Caucasus Watch and to the Azerdaily analysis it reports. */
function expectSpeculativeFromBothSources(citations: readonly Citation[] | undefined): void {
  const speculative = (citations ?? []).filter((c) => c.status === 'speculative');
  expect(new Set(speculative.map((c) => c.source))).toEqual(new Set([AZERDAILY, CW]));
}

describe('demo bundle patrushev-2019', () => {
  it('is accepted by the bundle validator', () => {
    const result = bundleInput.safeParse(raw);
    if (!result.success) {
      throw new Error(`bundle rejected:\n${JSON.stringify(result.error.issues, null, 2)}`);
    }
    expect(result.success).toBe(true);
    expect(result.data.format).toBe('liaison-bundle');
    expect(result.data.version).toBe(1);
    expect(result.data.nodes).toHaveLength(bundle.nodes.length);
    expect(result.data.relationships).toHaveLength(bundle.relationships.length);
  });

  it('has unique, prefixed kebab-case ids', () => {
    const ids = [...bundle.nodes.map((n) => n.id), ...bundle.relationships.map((r) => r.id)];
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    const prefix: Record<string, string> = {
      Person: 'person-',
      Organization: 'org-',
      Country: 'country-',
      Meeting: 'meeting-',
      Topic: 'topic-',
      Source: 'src-',
    };
    for (const n of bundle.nodes) {
      expect(n.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      const expected = prefix[n.type];
      if (expected === undefined) throw new Error(`${n.id}: unknown node type ${n.type}`);
      expect([n.id, n.id.startsWith(expected)]).toEqual([n.id, true]);
    }
    for (const r of bundle.relationships) expect(r.id).toMatch(/^rel-[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('quotes only verbatim spans of the article, in German', () => {
    const text = collapse(article);
    expect(allCitations.length).toBeGreaterThan(0);
    for (const { id, citation } of allCitations) {
      const quote = collapse(citation.quote);
      expect(quote.length).toBeGreaterThan(0);
      if (!text.includes(quote)) throw new Error(`${id}: quote is not verbatim in the article: ${quote}`);
      expect(citation.lang).toBe('de');
    }
  });

  it('cites every fact, and only Source nodes of the bundle', () => {
    expect(sourceIds).toEqual(new Set([CW, AZERDAILY]));
    for (const { id, citations } of facts) {
      expect([id, citations.length > 0]).toEqual([id, true]);
    }
    for (const { id, citation } of allCitations) {
      expect([id, citation.source, sourceIds.has(citation.source)]).toEqual([id, citation.source, true]);
    }
    // Azerdaily is known only through Caucasus Watch's report of its speculation.
    for (const { id, citation } of allCitations.filter((c) => c.citation.source === AZERDAILY)) {
      expect([id, citation.status]).toEqual([id, 'speculative']);
    }
  });

  it('connects only existing nodes of the types the schema allows', () => {
    for (const r of bundle.relationships) {
      const spec = (RELATIONSHIP_TYPES as Record<string, { from: readonly string[]; to: readonly string[] }>)[r.type];
      if (!spec) throw new Error(`${r.id}: unknown relationship type ${r.type}`);
      const from = nodesById.get(r.source);
      const to = nodesById.get(r.target);
      if (!from || !to) throw new Error(`${r.id}: endpoint missing (${r.source} -> ${r.target})`);
      expect([r.id, spec.from.includes(from.type), spec.to.includes(to.type)]).toEqual([r.id, true, true]);
    }
    for (const n of bundle.nodes) expect(Object.keys(NODE_TYPES)).toContain(n.type);
  });

  it('has Aliyev, Usubov, Nurgaliyev, Bocharnikov and Patrushev at the Baku talks of 4 September 2019', () => {
    const meeting = node(BAKU_ALIYEV);
    expect(meeting.type).toBe('Meeting');
    expect(meeting.properties).toMatchObject({ date: '2019-09-04', status: 'held', place: 'Baku', country: 'AZ' });
    const parts = relationships('TAKES_PART', undefined, BAKU_ALIYEV);
    expect(new Set(parts.map((r) => r.source))).toEqual(
      new Set(['person-aliyev', 'person-usubov', 'person-nurgaliyev', 'person-bocharnikov', 'person-patrushev']),
    );
    expect(parts).toHaveLength(5);
    const role = (person: string) => parts.find((r) => r.source === person)?.properties?.['role'];
    expect(role('person-aliyev')).toBe('host');
    expect(role('person-patrushev')).toBe('guest');
    expect(relationships('PART_OF', BAKU_ALIYEV, VISIT_AZ)).toHaveLength(1);
  });

  it('cites the speculation to both Caucasus Watch and Azerdaily as speculative', () => {
    const knows = bundle.relationships.filter(
      (r) =>
        r.type === 'KNOWS' && new Set([r.source, r.target]).has('person-patrushev') && new Set([r.source, r.target]).has('person-usubov'),
    );
    expect(knows).toHaveLength(1);
    expectSpeculativeFromBothSources(knows[0]?.citations);
    expect(knows[0]?.citations?.every((c) => c.status === 'speculative')).toBe(true);
    for (const topicId of SPECULATIVE_TOPICS) {
      expect(node(topicId).type).toBe('Topic');
      expectSpeculativeFromBothSources(node(topicId).citations);
      const concerns = relationships('CONCERNS', VISIT_AZ, topicId);
      expect(concerns).toHaveLength(1);
      expectSpeculativeFromBothSources(concerns[0]?.citations);
      expect(concerns[0]?.citations?.every((c) => c.status === 'speculative')).toBe(true);
    }
  });

  it('records the Putin–Aliyev–Rouhani meeting as postponed from 14 August 2019', () => {
    const meeting = node(POSTPONED);
    expect(meeting.type).toBe('Meeting');
    expect(meeting.properties['status']).toBe('postponed');
    expect(meeting.properties['date']).toBe('2019-08-14');
    expect(meeting.properties['place']).toBeUndefined();
    expect(new Set(relationships('TAKES_PART', undefined, POSTPONED).map((r) => r.source))).toEqual(
      new Set(['person-putin', 'person-aliyev', 'person-rouhani']),
    );
  });

  it('dates only what the article makes certain', () => {
    expect(node('meeting-2017-visit-baku').properties['date']).toBe('2017');
    expect(node('meeting-2019-08-12-visit-armenia').properties['date']).toBe('2019-08-12');
    expect(node('meeting-2019-pashinyan-karabakh-statement').properties['date']).toBeUndefined();
    const usubov = relationships('HOLDS_POST', 'person-usubov', 'org-security-council-az');
    expect(usubov).toHaveLength(1);
    expect(usubov[0]?.properties).toMatchObject({ title: 'Secretary', start: '2019-06' });
  });
});
