// The Popolo reader on real data (EveryPolitician's Azerbaijani National Assembly, read whole) and
// on a hand-written file with what other producers do (organisations, nested memberships, a
// membership found through its legislative period, odd dates and genders).
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { createPopoloReader } from '../../server/src/import/popolo';
import type { FactNode, FactRelationship, RecordUnit } from '../../server/src/import/pipeline/types';
import { nodeInput, relationshipInput } from '../../server/src/schema/validators';

const SHARED = path.resolve(__dirname, '../../../shared/data/popolo/Azerbaijan_National_Assembly.ep-popolo-v1.0.json');
const LIBERAL = path.resolve(__dirname, '../fixtures/popolo/liberal.popolo.json');

interface RawPerson {
  id: string;
  name: string;
  other_names: Array<{ name: string; lang: string }>;
  identifiers: Array<{ scheme: string; identifier: string }>;
}

async function readAll(file: string, params: Record<string, string> = {}) {
  const reader = createPopoloReader({ path: file, name: path.basename(file), params });
  const sources = await reader.sources();
  const units: RecordUnit[] = [];
  for await (const u of reader.records()) units.push(u);
  const nodes = units.flatMap((u) => u.nodes);
  const rels = units.flatMap((u) => u.relationships);
  return { reader, sources, units, nodes, rels, unmapped: reader.unmapped() };
}

const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));

describe('the EveryPolitician file of the Azerbaijani National Assembly', () => {
  const raw = JSON.parse(readFileSync(SHARED, 'utf8')) as { persons: RawPerson[]; memberships: Array<{ on_behalf_of_id: string }> };

  it('maps whole: one record per entry, every person and organisation (but Independent) a node, every membership a post', async () => {
    const { units, nodes, rels } = await readAll(SHARED);
    // 125 areas + 1 legislative period + 12 organisations + 125 persons + 125 memberships.
    expect(units).toHaveLength(388);
    expect(units.flatMap((u) => u.problems)).toEqual([]);
    expect(nodes.filter((n) => n.type === 'Person')).toHaveLength(125);
    expect(nodes.filter((n) => n.type === 'Organization')).toHaveLength(11);
    expect(rels.filter((r) => r.type === 'HOLDS_POST')).toHaveLength(125);
    const independents = raw.memberships.filter((m) => m.on_behalf_of_id === 'IND').length;
    expect(independents).toBe(42);
    expect(rels.filter((r) => r.type === 'MEMBER_OF')).toHaveLength(125 - independents);
    // Every fact passes the schema's validators, as the pipeline will check.
    for (const n of nodes) expect(nodeInput.safeParse({ id: n.id, type: n.type, properties: n.properties }).error).toBeUndefined();
    for (const r of rels)
      expect(
        relationshipInput.safeParse({ id: r.id, type: r.type, source: r.source, target: r.target, properties: r.properties }).error,
      ).toBeUndefined();
    // Ids are unique: one fact per id.
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    expect(new Set(rels.map((r) => r.id)).size).toBe(rels.length);
  });

  it('keeps every other_names entry as the name or an alias of its person', async () => {
    const { nodes } = await readAll(SHARED);
    const persons = byId(nodes.filter((n) => n.type === 'Person'));
    let entries = 0;
    for (const p of raw.persons) {
      const node = persons.get(`popolo-${p.id}`)!;
      const names = [node.properties.name as string, ...((node.properties.aliases as string[] | undefined) ?? [])];
      expect(names).toContain(p.name);
      for (const o of p.other_names) {
        entries++;
        expect(names).toContain(o.name);
      }
    }
    expect(entries).toBe(278);
  });

  it('reads a named deputy: her English name as caption, identifiers with Wikidata, her seat and her party', async () => {
    const { nodes, rels, units } = await readAll(SHARED);
    const gular = nodes.find((n) => n.id === 'popolo-abd7bdff-6215-4536-b40d-89e2a7f9aaba')!;
    expect(gular.properties).toEqual({
      name: 'Gular Ahmadova',
      aliases: ['Gülər Əhmədova'],
      identifiers: ['popolo:abd7bdff-6215-4536-b40d-89e2a7f9aaba', 'everypolitician_legacy:gülər_Əhmədova', 'wikidata:Q12839980'],
      birthDate: '1965-08-20',
      gender: 'female',
    });
    const seat = rels.find((r) => r.type === 'HOLDS_POST' && r.source === gular.id)!;
    expect(seat.target).toBe('popolo-azerbaijan-national-assembly-legislature');
    expect(seat.properties).toEqual({ title: 'Member', period: 'IV çağırış', area: 'Xətai ikinci seçki dairəsi' });
    const party = rels.find((r) => r.type === 'MEMBER_OF' && r.source === gular.id)!;
    const yap = nodes.find((n) => n.id === party.target)!;
    expect(yap.properties).toMatchObject({ name: 'Yeni Azərbaycan Partiyası', kind: 'party', country: 'AZ' });
    // The file dates the term (2010), not the membership: no date is copied onto it.
    expect(party.properties).toEqual({ period: 'IV çağırış' });
    // Its provenance: the membership record, the area and the legislative period it names.
    const membership = units.find((u) => u.relationships.includes(party))!;
    expect(membership.record.pointer).toMatch(/^\/memberships\/\d+$/);
    expect(party.records).toHaveLength(3);
    expect(party.records![0]).toBe(membership.record.id);
  });

  it('gives every person with a Wikidata id in the file that identifier', async () => {
    const { nodes } = await readAll(SHARED);
    const persons = byId(nodes.filter((n) => n.type === 'Person'));
    let withWikidata = 0;
    for (const p of raw.persons) {
      const q = p.identifiers.find((i) => i.scheme === 'wikidata');
      if (!q) continue;
      withWikidata++;
      expect(persons.get(`popolo-${p.id}`)!.properties.identifiers).toContain(`wikidata:${q.identifier}`);
    }
    expect(withWikidata).toBe(125);
    const legislature = nodes.find((n) => n.id === 'popolo-azerbaijan-national-assembly-legislature')!;
    expect(legislature.properties).toEqual({
      name: 'National Assembly',
      kind: 'parliament',
      identifiers: ['popolo:azerbaijan-national-assembly/legislature', 'wikidata:Q330600'],
      country: 'AZ',
    });
  });

  it('describes the dataset as one Source and counts what it could not map', async () => {
    const { sources, units, unmapped } = await readAll(SHARED);
    expect(sources).toHaveLength(1);
    expect(sources[0]!.properties).toMatchObject({
      title: 'EveryPolitician: Azerbaijan National Assembly',
      publisher: 'EveryPolitician',
      kind: 'dataset',
      version: 'Azerbaijan_National_Assembly.ep-popolo-v1.0.json',
    });
    for (const u of units) expect(u.record.source).toBe(sources[0]!.id);
    expect(unmapped).toMatchObject({
      'person.links': 125,
      'person.sources': 125,
      'person.images': 14,
      'person.image': 14,
      'person.given_name': 8,
      'person.other_names.lang': 278,
      'organization.seats': 1,
      'area.type': 125,
      'membership.on_behalf_of_id (Independent: no MEMBER_OF)': 42,
    });
  });

  it('reads the same file the same way twice (stable ids and record ids)', async () => {
    const a = await readAll(SHARED);
    const b = await readAll(SHARED);
    expect(b.units.map((u) => u.record.id)).toEqual(a.units.map((u) => u.record.id));
    expect(b.rels.map((r) => r.id)).toEqual(a.rels.map((r) => r.id));
    expect(new Set(a.units.map((u) => u.record.id)).size).toBe(a.units.length);
  });
});

describe('a Popolo file as other producers write it', () => {
  it('reads organisations, nested memberships and memberships found through their legislative period', async () => {
    const { nodes, rels, unmapped } = await readAll(LIBERAL);
    const ids = nodes.map((n) => n.id).sort();
    // p3 has only given and family names; p4 has no name and is rejected; Independent is no party.
    expect(ids).toEqual([
      'popolo-liberal-grp-green',
      'popolo-liberal-leg',
      'popolo-liberal-p1',
      'popolo-liberal-p2',
      'popolo-liberal-p3',
      'popolo-liberal-party-a',
    ]);
    const ana = nodes.find((n) => n.id === 'popolo-liberal-p1')!;
    expect(ana.properties).toEqual({
      name: 'Ana Petrova',
      aliases: ['Ана Петрова', 'Ana Ivanova'],
      identifiers: ['popolo:liberal/p1', 'wikidata:Q90000101', 'parliament-id:1042'],
      birthDate: '1970-05',
      gender: 'female',
      summary: 'Deputy for the North District since 2001.',
    });
    expect(nodes.find((n) => n.id === 'popolo-liberal-p3')!.properties).toEqual({ name: 'Vera Lukić', identifiers: ['popolo:liberal/p3'] });
    expect(nodes.find((n) => n.id === 'popolo-liberal-leg')!.properties).toEqual({
      name: "People's Assembly",
      kind: 'parliament',
      aliases: ['Narodna skupština'],
      identifiers: ['popolo:liberal/leg'],
    });
    expect(nodes.find((n) => n.id === 'popolo-liberal-party-a')!.properties).toMatchObject({ kind: 'party', country: 'RS' });
    expect(nodes.find((n) => n.id === 'popolo-liberal-grp-green')!.properties).toMatchObject({ kind: 'parliamentary_group' });

    const of = (source: string, type: string) => rels.filter((r) => r.source === source && r.type === type);
    // The seat: no organization_id, so the legislature of its legislative period.
    expect(of('popolo-liberal-p1', 'HOLDS_POST').map((r) => [r.target, r.properties])).toEqual([
      ['popolo-liberal-leg', { title: 'Member', start: '2001-06', end: '2005-03-01', period: '5th Assembly', area: 'North District' }],
    ]);
    // The party (on_behalf_of) with the membership's dates, and the nested group membership.
    expect(of('popolo-liberal-p1', 'MEMBER_OF').map((r) => [r.target, r.properties])).toEqual([
      ['popolo-liberal-party-a', { start: '2001-06', end: '2005-03-01', period: '5th Assembly' }],
      ['popolo-liberal-grp-green', { title: 'member', start: '2001-06-01', end: '2005' }],
    ]);
    // An independent speaker: the post, no party.
    expect(of('popolo-liberal-p2', 'HOLDS_POST').map((r) => r.properties)).toEqual([{ title: 'Speaker', start: '2003' }]);
    expect(of('popolo-liberal-p2', 'MEMBER_OF')).toEqual([]);
    expect(unmapped).toMatchObject({
      'file.x-generator': 1,
      'person.email': 1,
      'person.given_name': 1,
      'person.family_name': 1,
      'person.other_names.note': 1,
      'person.other_names.end_date': 1,
      'event (classification general election)': 1,
      'area.type': 1,
    });
  });

  it('reports bad values and broken records as problems of their record', async () => {
    const { units } = await readAll(LIBERAL);
    const problems = (pointer: string) => units.find((u) => u.record.pointer === pointer)!.problems;
    expect(problems('/persons/1')).toEqual([
      expect.objectContaining({ rule: 'date_format', severity: 'warning', field: 'death_date', value: '19th May' }),
    ]);
    expect(problems('/persons/3')).toEqual([expect.objectContaining({ rule: 'missing_value', field: 'name' })]);
    expect(problems('/memberships/2')).toEqual([expect.objectContaining({ rule: 'outside_file', severity: 'warning', value: 'p9' })]);
    expect(problems('/memberships/3')).toEqual([expect.objectContaining({ rule: 'missing_value', field: 'person_id' })]);
    // Boris: "m" is male; his bad death date is left out, the rest kept.
    const boris = units.find((u) => u.record.pointer === '/persons/1')!.nodes[0] as FactNode;
    expect(boris.properties).toEqual({ name: 'Boris Kovač', identifiers: ['popolo:liberal/p2'], birthDate: '1961', gender: 'male' });
    // The nested membership is its own record, after the persons.
    const nested = units.find((u) => u.record.pointer === '/persons/0/memberships/0')!;
    expect((nested.relationships[0] as FactRelationship).type).toBe('MEMBER_OF');
    expect(units.indexOf(nested)).toBe(units.length - 1);
  });

  it('takes the country from a param, for every organisation without one', async () => {
    const { nodes } = await readAll(LIBERAL, { country: 'rs', scope: 'rs-assembly' });
    expect(nodes.find((n) => n.id === 'popolo-rs-assembly-leg')!.properties.country).toBe('RS');
    expect(nodes.find((n) => n.id === 'popolo-rs-assembly-grp-green')!.properties.country).toBe('RS');
  });
});
