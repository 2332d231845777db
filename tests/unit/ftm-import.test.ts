// The FollowTheMoney reader on a hand-written OpenSanctions-style file (tests/fixtures/ftm/, see its
// README): which entity becomes which fact, the order links come in, the problems of bad lines and
// values, and the count of everything it could not map.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { createFtmReader } from '../../server/src/import/ftm';
import type { RecordUnit } from '../../server/src/import/pipeline/types';
import { nodeInput, relationshipInput } from '../../server/src/schema/validators';

const FIXTURE = path.resolve(__dirname, '../fixtures/ftm/peps.ftm.jsonl');

async function readAll(file: string, name = path.basename(file), params: Record<string, string> = {}) {
  const reader = createFtmReader({ path: file, name, params });
  const sources = await reader.sources();
  const units: RecordUnit[] = [];
  for await (const u of reader.records()) units.push(u);
  return { sources, units, nodes: units.flatMap((u) => u.nodes), rels: units.flatMap((u) => u.relationships), unmapped: reader.unmapped() };
}

const unitOf = (units: RecordUnit[], recordId: string) => units.find((u) => u.record.recordId === recordId)!;

describe('FtM entities as JSON lines', () => {
  it('makes one record per entity line (blank lines are none), nodes before the links that need them', async () => {
    const { units } = await readAll(FIXTURE);
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    const nonBlank = lines.filter((l) => l.trim() !== '').length;
    expect(units).toHaveLength(nonBlank);
    expect(nonBlank).toBe(28);
    // Every record points at its physical line and keeps it as raw.
    for (const u of units) expect(u.raw).toBe(lines[u.record.line! - 1]);
    // Links come after every node, whatever the file's order (os-occ-2 is on line 5, its Position on line 8).
    const firstLink = units.findIndex((u) => u.record.recordId === 'os-occ-1');
    expect(units.slice(0, firstLink).every((u) => u.relationships.length === 0)).toBe(true);
    expect(units.findIndex((u) => u.record.recordId === 'os-occ-2')).toBeGreaterThan(
      units.findIndex((u) => u.record.recordId === 'os-pos-2'),
    );
  });

  it('for a preview, reads only the first entries, its scan included (a link past them is not waited for)', async () => {
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    const firstEight = lines
      .map((l, i) => [l, i + 1] as const)
      .filter(([l]) => l.trim() !== '')
      .slice(0, 8);
    const reader = createFtmReader({ path: FIXTURE, name: 'peps.ftm.jsonl', params: {}, previewEntries: 8 });
    const units: RecordUnit[] = [];
    for await (const u of reader.records()) units.push(u);
    expect(units.map((u) => u.record.line).sort((a, b) => a! - b!)).toEqual(firstEight.map(([, n]) => n));
    // Whole, the file has more records than the preview read.
    expect((await readAll(FIXTURE)).units.length).toBeGreaterThan(units.length);
  });

  it('maps a PEP with names, dates, country and identifiers', async () => {
    const { nodes } = await readAll(FIXTURE);
    expect(nodes.find((n) => n.id === 'ftm-os-pep-1')!.properties).toEqual({
      name: 'Anar Məmmədov',
      aliases: ['Anar Mammadov', 'Анар Мамедов', 'A. Mammadov'],
      identifiers: ['ftm:os-pep-1', 'opensanctions:os-pep-1', 'wikidata:Q90000001'],
      birthDate: '1961-03-05',
      gender: 'male',
      nationality: 'AZ',
    });
  });

  it('turns Occupancies into posts: at the Position made an institution, or at the Position’s organisation', async () => {
    const { nodes, rels, units } = await readAll(FIXTURE);
    expect(nodes.find((n) => n.id === 'ftm-os-pos-1')).toEqual(
      expect.objectContaining({
        type: 'Organization',
        properties: {
          name: 'Member of the National Assembly of Azerbaijan',
          kind: 'parliament',
          identifiers: ['ftm:os-pos-1', 'opensanctions:os-pos-1'],
          country: 'AZ',
        },
      }),
    );
    const occ1 = rels.find((r) => r.id === 'ftm-os-occ-1')!;
    expect([occ1.type, occ1.source, occ1.target, occ1.properties]).toEqual([
      'HOLDS_POST',
      'ftm-os-pep-1',
      'ftm-os-pos-1',
      { title: 'Member of the National Assembly of Azerbaijan', start: '2010-11', end: '2015' },
    ]);
    // Its provenance is its own line and the Position's.
    expect(occ1.records).toEqual([unitOf(units, 'os-occ-1').record.id, unitOf(units, 'os-pos-1').record.id]);
    // A Position with an organisation is no node: the post is at the ministry.
    expect(nodes.find((n) => n.id === 'ftm-os-pos-2')).toBeUndefined();
    const occ2 = rels.find((r) => r.id === 'ftm-os-occ-2')!;
    expect([occ2.source, occ2.target, occ2.properties]).toEqual([
      'ftm-os-pep-2',
      'ftm-os-org-ministry',
      { title: 'Minister of Culture', start: '2018-04-21' },
    ]);
    expect(nodes.find((n) => n.id === 'ftm-os-org-ministry')!.properties).toMatchObject({ kind: 'state_body', country: 'AZ' });
  });

  it('maps a Company with its Directorship and Employment, a party Membership, Family and Associate', async () => {
    const { nodes, rels } = await readAll(FIXTURE);
    expect(nodes.find((n) => n.id === 'ftm-os-co-1')!.properties).toEqual({
      name: 'Caspian Build LLC',
      identifiers: ['ftm:os-co-1', 'opensanctions:os-co-1', 'registration-number:1234567891'],
      kind: 'company',
      country: 'AZ',
    });
    const rel = (id: string) => {
      const r = rels.find((x) => x.id === id)!;
      return [r.type, r.source, r.target, r.properties];
    };
    expect(rel('ftm-os-dir-1')).toEqual([
      'HOLDS_POST',
      'ftm-os-pep-2',
      'ftm-os-co-1',
      { title: 'Chair of the Supervisory Board', start: '2016-02-01' },
    ]);
    expect(rel('ftm-os-emp-1')).toEqual(['HOLDS_POST', 'ftm-os-pep-4', 'ftm-os-co-1', { title: 'Chief Accountant', start: '2012-01' }]);
    expect(rel('ftm-os-mem-1')).toEqual([
      'MEMBER_OF',
      'ftm-os-pep-3',
      'ftm-os-org-party',
      { start: '1995', end: '2008-06', title: 'Deputy Chair' },
    ]);
    expect(nodes.find((n) => n.id === 'ftm-os-org-party')!.properties).toMatchObject({ kind: 'party' });
    expect(rel('ftm-os-fam-1')).toEqual(['KNOWS', 'ftm-os-pep-1', 'ftm-os-pep-2', { context: 'spouse' }]);
    expect(rel('ftm-os-assoc-1')).toEqual(['KNOWS', 'ftm-os-pep-1', 'ftm-os-pep-3', { context: 'business associate', since: '2001' }]);
    // An organisation defined elsewhere: the link is emitted; the pipeline looks the endpoint up.
    expect(rel('ftm-os-mem-2')).toEqual(['MEMBER_OF', 'ftm-os-pep-1', 'ftm-os-org-elsewhere', { start: '2005' }]);
  });

  it('maps an Event to a Meeting with its participants and the Article that documents it as a cited quote', async () => {
    const { nodes, rels } = await readAll(FIXTURE);
    const forum = nodes.find((n) => n.id === 'ftm-os-ev-1')!;
    expect(forum.properties).toEqual({
      title: 'Caspian Culture Forum 2019',
      kind: 'other',
      status: 'held',
      date: '2019-09-04',
      endDate: '2019-09-06',
      place: 'Baku',
      country: 'AZ',
      identifiers: ['ftm:os-ev-1', 'opensanctions:os-ev-1'],
    });
    expect(forum.citations).toEqual([
      { source: 'ftm-os-art-1', quote: 'The Caspian Culture Forum opened in Baku on 4 September.', status: 'reported', note: 'reports' },
    ]);
    expect(nodes.find((n) => n.id === 'ftm-os-art-1')!.properties).toEqual({
      title: 'Forum opens in Baku',
      kind: 'article',
      publisher: 'Baku Daily',
      url: 'https://example.org/news/forum-opens',
      published: '2019-09-04',
      language: 'az',
      identifiers: ['ftm:os-art-1', 'opensanctions:os-art-1'],
    });
    const parts = rels.filter((r) => r.type === 'TAKES_PART' && r.target === forum.id).map((r) => [r.source, r.properties.role]);
    expect(parts).toEqual([
      ['ftm-os-pep-1', 'participant'],
      ['ftm-os-pep-2', 'participant'],
      ['ftm-os-co-1', 'participant'],
      ['ftm-os-org-ministry', 'organizer'],
    ]);
    // Keywords as our FtM export writes them give the kind back.
    expect(nodes.find((n) => n.id === 'ftm-os-ev-2')!.properties).toMatchObject({ kind: 'visit', date: '2020-05' });
  });

  it('produces only facts the schema validators accept', async () => {
    const { nodes, rels } = await readAll(FIXTURE);
    // 4 persons, 4 institutions (one a Position), 1 article, 2 events.
    expect(nodes.map((n) => n.id.replace(/^ftm-os-/, ''))).toEqual([
      'pep-1',
      'pos-1',
      'pep-2',
      'co-1',
      'org-ministry',
      'pep-3',
      'org-party',
      'art-1',
      'pep-4',
      'ev-1',
      'ev-2',
    ]);
    // 2 Occupancies, a Directorship and an Employment as posts, 2 memberships, 2 acquaintances, 5 participations.
    expect(rels.map((r) => r.type).sort()).toEqual([
      ...Array<string>(4).fill('HOLDS_POST'),
      ...Array<string>(2).fill('KNOWS'),
      ...Array<string>(2).fill('MEMBER_OF'),
      ...Array<string>(5).fill('TAKES_PART'),
    ]);
    for (const n of nodes)
      expect(nodeInput.safeParse({ id: n.id, type: n.type, properties: n.properties, citations: n.citations ?? [] }).error).toBeUndefined();
    for (const r of rels)
      expect(
        relationshipInput.safeParse({ id: r.id, type: r.type, source: r.source, target: r.target, properties: r.properties }).error,
      ).toBeUndefined();
  });

  it('reports broken lines and bad values as problems of their record', async () => {
    const { units } = await readAll(FIXTURE);
    const problems = units
      .filter((u) => u.problems.length > 0)
      .map((u) => [u.record.line, u.record.recordId, u.problems.map((p) => [p.rule, p.severity ?? 'error', p.field, p.value])]);
    expect(problems).toEqual([
      [4, 'os-pep-2', [['unknown_country', 'warning', 'properties.nationality', 'su']]],
      [
        14,
        undefined,
        [['invalid_json', 'error', undefined, '{"id": "os-broken", "schema": "Person", "properties": {"name": ["Broken Line']],
      ],
      [16, 'os-pep-3', [['date_format', 'warning', 'properties.deathDate', '2021-02-30']]],
      [24, 'os-pep-4', [['unknown_country', 'warning', 'properties.nationality', 'xk']]],
      [28, 'os-x-1', [['unknown_schema', 'error', 'schema', 'Spaceship']]],
      [22, 'os-occ-3', [['unknown_reference', 'error', 'properties.post', 'os-pos-missing']]],
      [27, 'os-ev-2', [['unmapped_reference', 'warning', 'properties.involved', 'os-ves-1']]],
      // A company as director: no place for it in HOLDS_POST (a person's post), so a warning, no link.
      [29, 'os-dir-2', [['unmapped_reference', 'warning', 'properties.director', 'os-co-1']]],
    ]);
    expect(unitOf(units, 'os-dir-2').relationships).toEqual([]);
    // The rest of a record with a bad value is kept.
    expect(unitOf(units, 'os-pep-3').nodes[0]!.properties).toMatchObject({ birthDate: '1955-07', nationality: 'AZ' });
  });

  it('skips and counts the schemata it cannot map, and counts every property it did not use', async () => {
    const { units, unmapped } = await readAll(FIXTURE);
    expect(units.filter((u) => u.skipped).map((u) => u.record.recordId)).toEqual(['os-ves-1', 'os-sanc-1', 'os-own-1']);
    expect(unmapped).toEqual({
      Vessel: 1,
      Sanction: 1,
      Ownership: 1,
      'Spaceship (not an FtM schema)': 1,
      'Person.topics': 2,
      'Person.position': 1,
      'Person.sourceUrl': 1,
      'Person.education': 1,
      'Company.incorporationDate': 1,
      'Company.address': 1,
      'Position.country': 1,
      'Position.topics': 1,
      'PublicBody.website': 1,
      'Occupancy.status': 2,
      'Event.involved (a Vessel)': 1,
      'Directorship (director is a Company)': 1,
      // …and so its role went nowhere either.
      'Directorship.role': 1,
    });
  });

  it('names the dataset after the file and recognises OpenSanctions', async () => {
    const { sources, units } = await readAll(FIXTURE);
    expect(sources).toEqual([
      {
        id: 'dataset-peps-ftm',
        type: 'Source',
        properties: { title: 'peps.ftm', kind: 'dataset', version: 'peps.ftm.jsonl', publisher: 'OpenSanctions' },
      },
    ]);
    for (const u of units) expect(u.record.source).toBe('dataset-peps-ftm');
  });
});

describe('FtM entities as one JSON array (Aleph style: no OpenSanctions metadata)', () => {
  it('reads the same entities, located by entry and JSON pointer', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ftm-array-'));
    const file = path.join(dir, 'aleph-export.json');
    const entities = readFileSync(FIXTURE, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .flatMap((l) => {
        try {
          const { id, schema, properties } = JSON.parse(l) as Record<string, unknown>;
          return [{ id, schema, properties }];
        } catch {
          return [];
        }
      });
    writeFileSync(file, JSON.stringify(entities, null, 2));
    const { units, nodes, sources } = await readAll(file);
    expect(units).toHaveLength(entities.length);
    const pep = unitOf(units, 'os-pep-1');
    expect([pep.record.row, pep.record.pointer, pep.record.line]).toEqual([1, '/0', undefined]);
    // Without OpenSanctions' metadata: no opensanctions identifier, no publisher.
    expect(nodes.find((n) => n.id === 'ftm-os-pep-1')!.properties.identifiers).toEqual(['ftm:os-pep-1', 'wikidata:Q90000001']);
    expect(sources[0]!.properties.publisher).toBeUndefined();
  });
});

describe('FtM streams as Aleph writes them', () => {
  it('keeps each fragment of an entity as its own record, and cites no document missing from the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ftm-fragments-'));
    const file = path.join(dir, 'fragments.ftm.json');
    const lines = [
      { id: 'a1', schema: 'Person', properties: { name: ['Nigar Əliyeva'], birthDate: ['1980'] } },
      { id: 'a1', schema: 'Person', properties: { name: ['Nigar Aliyeva'], nationality: ['az'] } },
      {
        id: 'd1',
        schema: 'Documentation',
        properties: { entity: ['a1'], document: ['doc-elsewhere'], summary: ['Nigar Aliyeva, deputy'] },
      },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const { units, unmapped } = await readAll(file);
    const [first, second] = units.filter((u) => u.record.recordId === 'a1');
    expect([first!.record.line, second!.record.line]).toEqual([1, 2]);
    expect(first!.record.id).not.toBe(second!.record.id);
    expect(first!.nodes.map((n) => [n.id, n.properties.name, n.citations])).toEqual([['ftm-a1', 'Nigar Əliyeva', undefined]]);
    // Every fragment writes the one name chosen among all the fragments' names; its own other spelling is an alias.
    expect(second!.nodes.map((n) => [n.id, n.properties.name, n.properties.aliases, n.properties.nationality])).toEqual([
      ['ftm-a1', 'Nigar Əliyeva', ['Nigar Aliyeva'], 'AZ'],
    ]);
    expect(unmapped).toEqual({ 'Documentation (document not in the file: nothing to cite)': 1 });
  });
});
