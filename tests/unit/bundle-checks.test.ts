// What holds between the records of a bundle (checkBundle), and the rows the importer writes
// (bundleRows, citationId, externalReferences). All pure: the database is stood in for by `stored`.
import { describe, expect, it } from '@jest/globals';
import neo4j from 'neo4j-driver';

import type { FieldIssue } from '../../server/src/errors';
import {
  CONFLICT_CODES,
  bundleRows,
  checkBundle,
  citationId,
  externalReferences,
  parseBundle,
  type StoredClaim,
} from '../../server/src/import/bundle';
import { nameKeys } from '../../server/src/names/keys';

const NOTHING_STORED: ReadonlyMap<string, string> = new Map();
const cite = (source = 'src-a', quote = 'Patrushev arrived in Baku.') => [{ source, quote }];

const SOURCE = { id: 'src-a', type: 'Source', properties: { title: 'An article', published: '2019-09' } };
const PATRUSHEV = {
  id: 'person-patrushev',
  type: 'Person',
  properties: { name: 'Nikolai Patrushev', aliases: ['Patruschew', 'Николай Патрушев'] },
  citations: cite(),
};
const COUNCIL = {
  id: 'org-council',
  type: 'Organization',
  properties: { name: 'Security Council', kind: 'security_council' },
  citations: cite(),
};
const RUSSIA = { id: 'country-ru', type: 'Country', properties: { name: 'Russia', code: 'RU' }, citations: cite() };
const MEETING = {
  id: 'meeting-baku',
  type: 'Meeting',
  properties: { title: 'Talks in Baku', kind: 'talks', status: 'held', date: '2019-09-04' },
  citations: cite(),
};
const HOLDS = {
  id: 'rel-holds',
  type: 'HOLDS_POST',
  source: 'person-patrushev',
  target: 'org-council',
  properties: { title: 'Secretary', start: '2008-05' },
  citations: cite(),
};

function bundle(nodes: unknown[], relationships: unknown[] = []) {
  return parseBundle({ nodes, relationships });
}

const codes = (issues: FieldIssue[]) => issues.map((i) => [i.path, i.code]);

describe('checkBundle', () => {
  it('finds nothing wrong in a coherent bundle', () => {
    expect(checkBundle(bundle([SOURCE, PATRUSHEV, COUNCIL, RUSSIA, MEETING], [HOLDS]), NOTHING_STORED)).toEqual([]);
  });

  it('reports a duplicate node id at the second occurrence, pointing to the first', () => {
    const issues = checkBundle(bundle([SOURCE, PATRUSHEV, { ...COUNCIL, id: 'person-patrushev' }]), NOTHING_STORED);
    expect(codes(issues)).toEqual([['$.nodes[2].id', 'duplicate_id']]);
    expect(issues[0]!.message).toContain('$.nodes[1].id');
  });

  it('reports a duplicate relationship id', () => {
    const issues = checkBundle(
      bundle([SOURCE, PATRUSHEV, COUNCIL], [HOLDS, { ...HOLDS, properties: { title: 'Deputy' } }]),
      NOTHING_STORED,
    );
    expect(codes(issues)).toEqual([['$.relationships[1].id', 'duplicate_id']]);
    expect(issues[0]!.message).toContain('$.relationships[0].id');
  });

  it('reports a relationship id that a node of the bundle already uses', () => {
    const issues = checkBundle(bundle([SOURCE, PATRUSHEV, COUNCIL], [{ ...HOLDS, id: 'org-council' }]), NOTHING_STORED);
    expect(codes(issues)).toEqual([['$.relationships[0].id', 'duplicate_id']]);
  });

  it('reports endpoints found neither in the bundle nor in the database', () => {
    const issues = checkBundle(bundle([SOURCE, PATRUSHEV], [{ ...HOLDS, target: 'org-nowhere' }]), NOTHING_STORED);
    expect(codes(issues)).toEqual([['$.relationships[0].target', 'unknown_reference']]);
    expect(issues[0]!.message).toContain('org-nowhere');
  });

  it('reports an endpoint of a type the relationship does not allow (HOLDS_POST to a Country)', () => {
    const issues = checkBundle(bundle([SOURCE, PATRUSHEV, RUSSIA], [{ ...HOLDS, target: 'country-ru' }]), NOTHING_STORED);
    expect(codes(issues)).toEqual([['$.relationships[0].target', 'wrong_endpoint_type']]);
    expect(issues[0]!.message).toMatch(/Organization/);
    expect(issues[0]!.message).toMatch(/Country/);
  });

  it('checks the source end as well as the target end', () => {
    const issues = checkBundle(bundle([SOURCE, COUNCIL, RUSSIA], [{ ...HOLDS, source: 'country-ru' }]), NOTHING_STORED);
    expect(codes(issues)).toEqual([['$.relationships[0].source', 'wrong_endpoint_type']]);
  });

  it('requires a citation on every fact but not on a Source', () => {
    const { citations: _dropped, ...uncited } = PATRUSHEV;
    const { citations: _alsoDropped, ...uncitedRel } = HOLDS;
    const issues = checkBundle(bundle([SOURCE, uncited, COUNCIL], [uncitedRel]), NOTHING_STORED);
    expect(codes(issues)).toEqual([
      ['$.nodes[1].citations', 'missing_citation'],
      ['$.relationships[0].citations', 'missing_citation'],
    ]);
  });

  it('reports a citation that points to something other than a Source', () => {
    const issues = checkBundle(bundle([SOURCE, PATRUSHEV, { ...COUNCIL, citations: cite('person-patrushev') }]), NOTHING_STORED);
    expect(codes(issues)).toEqual([['$.nodes[2].citations[0].source', 'wrong_reference_type']]);
  });

  it('reports a citation to a Source that exists nowhere', () => {
    const issues = checkBundle(bundle([SOURCE, { ...PATRUSHEV, citations: [...cite(), ...cite('src-missing')] }]), NOTHING_STORED);
    expect(codes(issues)).toEqual([['$.nodes[1].citations[1].source', 'unknown_reference']]);
  });

  it('refuses to change the type of a stored node', () => {
    const stored = new Map([['person-patrushev', 'Organization']]);
    const issues = checkBundle(bundle([SOURCE, PATRUSHEV]), stored);
    expect(codes(issues)).toEqual([['$.nodes[1].type', 'type_change']]);
    expect(issues[0]!.message).toMatch(/Organization/);
  });

  it('accepts a stored node re-imported with its own type', () => {
    expect(checkBundle(bundle([SOURCE, PATRUSHEV]), new Map([['person-patrushev', 'Person']]))).toEqual([]);
  });

  it('resolves endpoints and cited sources through the stored map', () => {
    const stored = new Map([
      ['person-patrushev', 'Person'],
      ['org-council', 'Organization'],
      ['src-stored', 'Source'],
    ]);
    const b = bundle([], [{ ...HOLDS, citations: cite('src-stored') }]);
    expect(checkBundle(b, stored)).toEqual([]);
    expect(checkBundle(b, NOTHING_STORED).map((i) => i.code)).toEqual(['unknown_reference', 'unknown_reference', 'unknown_reference']);
  });

  it('checks stored endpoints against the allowed types too', () => {
    const stored = new Map([
      ['person-patrushev', 'Person'],
      ['org-council', 'Country'],
      ['src-a', 'Source'],
    ]);
    expect(codes(checkBundle(bundle([], [HOLDS]), stored))).toEqual([['$.relationships[0].target', 'wrong_endpoint_type']]);
  });
});

describe('checkBundle against the stored id claims (one id space for nodes and relationships)', () => {
  const STORED = new Map([
    ['person-patrushev', 'Person'],
    ['org-council', 'Organization'],
    ['src-a', 'Source'],
  ]);
  const claims = (entries: Array<[string, StoredClaim]>) => new Map(entries);
  const node = (type: string): StoredClaim => ({ kind: 'node', type, source: null, target: null });
  const rel = (type: string, source: string, target: string): StoredClaim => ({ kind: 'relationship', type, source, target });

  it('accepts facts whose claims are their own', () => {
    const c = claims([
      ['person-patrushev', node('Person')],
      ['rel-holds', rel('HOLDS_POST', 'person-patrushev', 'org-council')],
    ]);
    expect(checkBundle(bundle([PATRUSHEV], [HOLDS]), STORED, c)).toEqual([]);
  });

  it('refuses a node whose id a relationship holds, naming the id and the relationship', () => {
    const c = claims([['org-new', rel('KNOWS', 'person-a', 'person-b')]]);
    const issues = checkBundle(bundle([SOURCE, { ...COUNCIL, id: 'org-new' }]), new Map(), c);
    expect(codes(issues)).toEqual([['$.nodes[1].id', 'id_taken']]);
    expect(issues[0]!.message).toMatch(/^"org-new" is stored as a KNOWS relationship from "person-a" to "person-b"/);
  });

  it('refuses a relationship whose id a node, another type, or other endpoints hold', () => {
    const b = bundle([], [HOLDS]);
    expect(codes(checkBundle(b, STORED, claims([['rel-holds', node('Topic')]])))).toEqual([['$.relationships[0].id', 'id_taken']]);
    expect(codes(checkBundle(b, STORED, claims([['rel-holds', rel('KNOWS', 'person-patrushev', 'org-council')]])))).toEqual([
      ['$.relationships[0].type', 'type_change'],
    ]);
    const moved = checkBundle(b, STORED, claims([['rel-holds', rel('HOLDS_POST', 'person-patrushev', 'org-other')]]));
    expect(codes(moved)).toEqual([['$.relationships[0].target', 'endpoint_change']]);
    expect(moved[0]!.message).toContain('"rel-holds" is stored as a HOLDS_POST relationship from "person-patrushev" to "org-other"');
  });

  it('refuses a type change found in the claim, and a node stored with several types', () => {
    expect(codes(checkBundle(bundle([SOURCE, PATRUSHEV]), new Map(), claims([['person-patrushev', node('Topic')]])))).toEqual([
      ['$.nodes[1].type', 'type_change'],
    ]);
    const ambiguous = checkBundle(
      bundle([SOURCE, PATRUSHEV]),
      new Map(),
      claims([['person-patrushev', { ...node('Person'), type: null }]]),
    );
    expect(codes(ambiguous)).toEqual([['$.nodes[1].type', 'type_change']]);
    expect(ambiguous[0]!.message).toMatch(/several types/);
  });

  it('tells conflicts with stored data (409) from problems of the bundle itself (400)', () => {
    expect([...CONFLICT_CODES].sort()).toEqual(['endpoint_change', 'id_taken', 'type_change']);
  });
});

describe('externalReferences', () => {
  it('lists the ids a bundle refers to but does not define, once each', () => {
    const b = bundle([SOURCE, PATRUSHEV], [HOLDS, { ...HOLDS, id: 'rel-2', citations: cite('src-elsewhere') }]);
    expect(new Set(externalReferences(b))).toEqual(new Set(['org-council', 'src-elsewhere']));
    expect(externalReferences(b)).toHaveLength(2);
  });

  it('is empty for a self-contained bundle', () => {
    expect(externalReferences(bundle([SOURCE, PATRUSHEV, COUNCIL], [HOLDS]))).toEqual([]);
  });
});

describe('bundleRows', () => {
  const rows = bundleRows(bundle([PATRUSHEV, MEETING, SOURCE, COUNCIL, { ...SOURCE, id: 'src-b' }], [HOLDS]));
  const nodeRow = (id: string) => rows.nodes.find((n) => n.id === id)!;

  it('puts Sources first and keeps the order of the rest', () => {
    expect(rows.nodes.map((n) => n.id)).toEqual(['src-a', 'src-b', 'person-patrushev', 'meeting-baku', 'org-council']);
  });

  it('stores a fuzzy date as a Date plus <name>Precision', () => {
    const meeting = nodeRow('meeting-baku').props;
    expect(neo4j.isDate(meeting.date)).toBe(true);
    expect(String(meeting.date)).toBe('2019-09-04');
    expect(meeting.datePrecision).toBe('day');
    const source = nodeRow('src-a').props;
    expect(String(source.published)).toBe('2019-09-01');
    expect(source.publishedPrecision).toBe('month');
  });

  it('does the same for relationship properties, and keeps the others as they are', () => {
    const rel = rows.relationships[0]!;
    expect(rel).toMatchObject({ id: 'rel-holds', type: 'HOLDS_POST', source: 'person-patrushev', target: 'org-council' });
    expect(neo4j.isDate(rel.props.start)).toBe(true);
    expect(String(rel.props.start)).toBe('2008-05-01');
    expect(rel.props.startPrecision).toBe('month');
    expect(rel.props.title).toBe('Secretary');
    expect(rel.props).not.toHaveProperty('end');
    expect(rel.props).not.toHaveProperty('endPrecision');
  });

  it('adds searchKeys from the caption and the aliases, the folded Cyrillic alias among them', () => {
    const keys = nodeRow('person-patrushev').props.searchKeys as string[];
    expect(keys).toEqual(expect.arrayContaining(['nikolai patrushev', 'patruschew', 'patrushev']));
    // The Cyrillic alias, folded by any-ascii: Николай → nikolay.
    expect(keys).toContain('nikolay patrushev');
    expect(keys).toEqual(nameKeys(['Nikolai Patrushev', 'Patruschew', 'Николай Патрушев']));
  });

  it('keys searchable types by their own caption (title for a Meeting)', () => {
    expect(nodeRow('meeting-baku').props.searchKeys).toEqual(nameKeys(['Talks in Baku']));
    expect(nodeRow('src-a').props.searchKeys).toEqual(nameKeys(['An article']));
  });

  it('makes one citation row per citation, for nodes and relationships', () => {
    expect(rows.citations).toHaveLength(4);
    const rel = rows.citations.find((c) => c.factId === 'rel-holds')!;
    expect(rel).toMatchObject({ factKind: 'relationship', source: 'src-a', status: 'reported', lang: null, note: null });
    expect(rel.id).toBe(citationId('rel-holds', 'src-a', 'Patrushev arrived in Baku.'));
    expect(
      rows.citations
        .filter((c) => c.factKind === 'node')
        .map((c) => c.factId)
        .sort(),
    ).toEqual(['meeting-baku', 'org-council', 'person-patrushev']);
  });
});

describe('citationId', () => {
  it('is stable for the same fact, source and quote', () => {
    expect(citationId('f', 's', 'q')).toBe(citationId('f', 's', 'q'));
    expect(citationId('f', 's', 'q')).toMatch(/^cit-[0-9a-f]{24}$/);
  });

  it('differs when the quote, the source or the fact differs', () => {
    const base = citationId('fact-1', 'src-a', 'He arrived.');
    expect(citationId('fact-1', 'src-a', 'He left.')).not.toBe(base);
    expect(citationId('fact-1', 'src-b', 'He arrived.')).not.toBe(base);
    expect(citationId('fact-2', 'src-a', 'He arrived.')).not.toBe(base);
  });

  it('does not confuse where one part ends and the next begins', () => {
    expect(citationId('ab', 'c', 'q')).not.toBe(citationId('a', 'bc', 'q'));
  });
});
