// The Popolo reader on files nobody had tried: a UK House of Commons file in EveryPolitician's
// style (posts, chambers, reasons, names in five scripts), and the bytes a new user brings (a BOM,
// CRLF, tabs and no-break spaces, a repeated person, entries that are not objects, a file that is
// not Popolo at all). Bad input must say where (file:line:column, the record's line, its field
// and value) and never import nothing in silence.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from '@jest/globals';

import { ValidationError } from '../../server/src/errors';
import type { RecordUnit } from '../../server/src/import/pipeline/types';
import { createPopoloReader } from '../../server/src/import/popolo';
import { recordLines } from '../../server/src/import/popolo/locate';

const UK = path.resolve(__dirname, '../fixtures/popolo-variants/United_Kingdom_House_of_Commons.ep-popolo-v1.0.json');
const dir = mkdtempSync(path.join(tmpdir(), 'popolo-variants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes text to a file of that name in the test's directory. */
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text, 'utf8');
  return p;
}

async function readAll(p: string, params: Record<string, string> = {}) {
  const reader = createPopoloReader({ path: p, name: path.basename(p), params });
  const units: RecordUnit[] = [];
  for await (const u of reader.records()) units.push(u);
  return { units, nodes: units.flatMap((u) => u.nodes), rels: units.flatMap((u) => u.relationships), unmapped: reader.unmapped() };
}

/** The ValidationError reading p throws (or fails the test). */
async function refusal(p: string): Promise<ValidationError> {
  try {
    await readAll(p);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`${p} was read without an error`);
}

// A messy file as exported by hand: BOM, CRLF, tab indentation with stray spaces, empty strings
// for nulls, a person listed twice, names in Georgian, Cyrillic and Arabic with odd white space.
const MESSY = {
  persons: [
    {
      id: 'p-ka-1',
      name: 'ნინო ბურჯანაძე',
      other_names: [
        { name: 'Nino Burjanadze', lang: 'en' },
        { name: 'Нино Бурджанадзе', lang: 'ru' },
      ],
      birth_date: '1964-07-16',
      gender: 'Female',
      death_date: '',
      email: '',
    },
    {
      id: 'p-ru-1',
      name: '  Владимир\u00a0 Жириновский \t',
      other_names: [{ name: 'Vladimir\tZhirinovsky', lang: 'ru-Latn' }],
      birth_date: '1946-04',
      gender: '',
    },
    { id: 'p-ar-1', name: 'محمد البرادعي', other_names: [{ name: 'Mohamed ElBaradei', lang: 'en' }], birth_date: '1942' },
    { id: 'p-ka-1', name: 'Nino Burjanadze', other_names: [{ name: 'Nino Anzorovna Burjanadze', lang: 'en' }], birth_date: '1964' },
  ],
  organizations: [{ id: 'parliament', name: 'Parliament of Georgia', classification: 'legislature', founding_date: '' }],
  memberships: [
    {
      person_id: 'p-ka-1',
      organization_id: 'parliament',
      role: 'Chairperson',
      start_date: '2001-11-09',
      end_date: '2008-06',
      area_id: '',
      post_id: '',
    },
  ],
};
const messyText = `\uFEFF${JSON.stringify(MESSY, null, '\t').replace(/\n/g, '\r\n   ')}\r\n\r\n`;

describe('where a problem is: the file, its line and column', () => {
  it('names the line and column of a JSON syntax error, not a character offset', async () => {
    const p = file('syntax.popolo.json', '{\n  "persons": [\n    {"id": "a", "name": "A"},\n    {"id": "b" "name": "B"}\n  ]\n}\n');
    const e = await refusal(p);
    expect(e.message).toMatch(/^syntax\.popolo\.json:4:16: not valid JSON/);
    expect(e.message).not.toMatch(/position/);
    expect(e.issues[0]).toMatchObject({ path: 'syntax.popolo.json:4:16', code: 'invalid_json' });
  });

  it.each([
    ['a trailing comma', '{\n  "persons": [\n    {"id": "a", "name": "A"},\n  ]\n}\n', 'trailing.popolo.json:4:3'],
    ['a misspelt literal', '{\n  "persons": [\n    {"id": "a", "name": "A", "dead": tru}\n  ]\n}\n', 'trailing.popolo.json:3:38'],
  ])('names the line and column of %s, where V8 names no position, without its quote of the text', async (_what, text, where) => {
    const e = await refusal(file('trailing.popolo.json', text));
    expect(e.message.startsWith(`${where}: not valid JSON, so not a Popolo file (`)).toBe(true);
    expect(e.message).not.toContain('is not valid JSON');
    expect(e.message).not.toContain('\n');
  });

  it('names the end of a truncated file', async () => {
    const e = await refusal(file('truncated.popolo.json', '{\n  "persons": [\n    {"id": "a", "na'));
    expect(e.message).toMatch(/^truncated\.popolo\.json:3:\d+: not valid JSON, so not a Popolo file \(Unterminated string\)/);
  });

  it('gives every record the line it starts on (CRLF, a BOM, nested memberships)', async () => {
    const { units } = await readAll(file('messy.popolo.json', messyText));
    const lineOf = (pointer: string) => units.find((u) => u.record.pointer === pointer)!.record.line;
    const lines = messyText.split('\n');
    for (const u of units) {
      // The record's line holds its opening brace, and the next line its first key.
      expect(lines[u.record.line! - 1]!.trim()).toBe('{');
      expect(lines[u.record.line!]).toContain(u.record.pointer!.startsWith('/memberships') ? '"person_id"' : '"id"');
    }
    expect(lineOf('/persons/0')).toBe(3);
    expect(new Set(units.map((u) => u.record.line)).size).toBe(units.length);
  });

  it('finds records of a bare list of persons and persons nested memberships', () => {
    const lines = recordLines('[\n {"id": "a", "memberships": [\n  {"organization_id": "x"},\n  {"organization_id": "y"}]},\n "b"\n]');
    expect([...lines]).toEqual([
      ['/0', 2],
      ['/0/memberships/0', 3],
      ['/0/memberships/1', 4],
      ['/1', 5],
    ]);
    const nested = recordLines('{"persons": [{"id": "a",\n"memberships": [{"x": "}{]["}, 3]}],\n"memberships": [\n{}]}');
    expect([...nested]).toEqual([
      ['/persons/0', 1],
      ['/persons/0/memberships/0', 2],
      ['/persons/0/memberships/1', 2],
      ['/memberships/0', 4],
    ]);
  });
});

describe('a file that is not Popolo, or entries that are not records, are refused with what they are', () => {
  it.each([
    ['an empty object', 'empty.popolo.json', '{}', /^empty\.popolo\.json: no Popolo collection/],
    [
      'a wrapper object',
      'wrapped.popolo.json',
      '{"data": {"persons": [{"id": "a", "name": "A"}]}}',
      /no Popolo collection .*; its keys are data\.$/,
    ],
    ['a string', 'string.popolo.json', '"hello"', /^string\.popolo\.json: the top level is a string, so not a Popolo file/],
    [
      'persons as a map by id',
      'map.popolo.json',
      '{"persons": {"a": {"id": "a", "name": "A"}}}',
      /^map\.popolo\.json: persons is an object, not a list\.$/,
    ],
  ])('%s', async (_what, name, text, message) => {
    const e = await refusal(file(name, text));
    expect(e.message).toMatch(message);
    expect(e.issues.length).toBeGreaterThan(0);
  });

  it('rejects each entry that is not an object, and an id or a name that is not text, naming the value', async () => {
    const text =
      '{\n  "persons": [\n    {"id": "a", "name": "Ana"},\n    "b",\n    null,\n    {"id": {"x": 1}, "name": "Bad Id"},\n    {"id": "c", "name": ["C", "D"], "other_names": "Cé"}\n  ],\n  "memberships": [\n    7\n  ]\n}\n';
    const { units, unmapped } = await readAll(file('odd.popolo.json', text));
    const rows = units.map((u) => [
      u.record.line,
      u.record.pointer,
      u.problems.map((p) => [p.rule, p.severity ?? 'error', p.field, p.value]),
    ]);
    expect(rows).toEqual([
      [3, '/persons/0', []],
      [4, '/persons/1', [['invalid_type', 'error', '/persons/1', '"b"']]],
      [5, '/persons/2', [['invalid_type', 'error', '/persons/2', 'null']]],
      [6, '/persons/3', [['invalid_type', 'error', 'id', '{"x":1}']]],
      [7, '/persons/4', [['invalid_type', 'error', 'name', '["C","D"]']]],
      [10, '/memberships/0', [['invalid_type', 'error', '/memberships/0', '7']]],
    ]);
    expect(units[1]!.problems[0]!.message).toBe('an entry of persons must be an object, not a string');
    expect(units[3]!.problems[0]!.message).toBe("a person's id must be text or a number, not an object");
    expect(unmapped).toMatchObject({ 'person.other_names (not a list)': 1 });
  });
});

describe('a messy file: BOM, CRLF, odd white space, empty strings, a person listed twice', () => {
  it('reads names with their white space made single spaces', async () => {
    const { nodes } = await readAll(file('messy.popolo.json', messyText));
    const ru = nodes.find((n) => n.id === 'popolo-messy-p-ru-1')!;
    expect(ru.properties).toEqual({
      name: 'Владимир Жириновский',
      aliases: ['Vladimir Zhirinovsky'],
      identifiers: ['popolo:messy/p-ru-1'],
      birthDate: '1946-04',
    });
  });

  it('reads empty strings as absent values, with no problem', async () => {
    const { units, nodes, rels } = await readAll(file('messy.popolo.json', messyText));
    expect(nodes.find((n) => n.id === 'popolo-messy-p-ka-1')!.properties).toMatchObject({ birthDate: '1964-07-16', gender: 'female' });
    expect(rels.map((r) => [r.type, r.properties])).toEqual([
      ['HOLDS_POST', { title: 'Chairperson', start: '2001-11-09', end: '2008-06' }],
    ]);
    expect(units.slice(0, 3).flatMap((u) => u.problems)).toEqual([]);
  });

  it('warns of a repeated person id and keeps the repeat as a provenance record of its own', async () => {
    const { units } = await readAll(file('messy.popolo.json', messyText));
    const [first, again] = [units.find((u) => u.record.pointer === '/persons/0')!, units.find((u) => u.record.pointer === '/persons/3')!];
    expect(again.problems).toEqual([expect.objectContaining({ rule: 'duplicate_id', severity: 'warning', field: 'id', value: 'p-ka-1' })]);
    expect(again.problems[0]!.message).toContain('/persons/0 (line 3)');
    // Two records, two provenance nodes: the repeat's alias is cited by a record that holds it.
    expect(again.record.id).not.toBe(first.record.id);
    expect(again.nodes[0]!.records).toEqual([again.record.id]);
    expect(again.record.raw).toContain('Nino Anzorovna Burjanadze');
    expect(new Set(units.map((u) => u.record.id)).size).toBe(units.length);
  });
});

describe('a UK House of Commons file in EveryPolitician style', () => {
  it('maps posts, terms, areas and party memberships at the precision written, and counts what it cannot map', async () => {
    const { units, nodes, rels, unmapped } = await readAll(UK);
    expect(units.flatMap((u) => u.problems)).toEqual([]);
    expect(nodes.filter((n) => n.type === 'Person')).toHaveLength(4);
    const abbott = nodes.find((n) => n.id === 'popolo-8b5d1a2c-1d3e-4f50-9a1b-2c3d4e5f6a01')!;
    expect(abbott.properties).toMatchObject({
      name: 'Diane Abbott',
      aliases: ['Дайан Эбботт', 'ديان أبوت', 'დაიან ებოტი', '黛安·阿博特', 'Diane Julie Abbott'],
      identifiers: [
        'popolo:8b5d1a2c-1d3e-4f50-9a1b-2c3d4e5f6a01',
        'wikidata:Q153454',
        'parlparse:uk.org.publicwhip/person/10001',
        'datadotgov:172',
        'everypolitician_legacy:172',
      ],
      birthDate: '1953-09',
      gender: 'female',
    });
    const khan = nodes.find((n) => n.id === 'popolo-8b5d1a2c-1d3e-4f50-9a1b-2c3d4e5f6a03')!;
    expect(khan.properties.identifiers).toContain('datadotgov:1604');
    const posts = rels.filter((r) => r.type === 'HOLDS_POST' && r.source === abbott.id).map((r) => r.properties);
    expect(posts).toEqual([
      {
        title: 'Member',
        start: '1997-05-01',
        end: '2001-05-14',
        period: '52nd Parliament of the United Kingdom',
        area: 'Hackney North and Stoke Newington',
      },
      // The area through the post; the term's dates are not copied onto the membership.
      { title: 'Member', period: '56th Parliament of the United Kingdom', area: 'Hackney North and Stoke Newington' },
    ]);
    const benn = rels.find((r) => r.type === 'HOLDS_POST' && r.source === 'popolo-8b5d1a2c-1d3e-4f50-9a1b-2c3d4e5f6a02')!;
    expect(benn.properties).toMatchObject({ start: '1997', end: '2001-05' });
    expect(unmapped).toMatchObject({
      'membership.start_reason': 1,
      'membership.end_reason': 3,
      'organization.founding_date': 2,
      'organization.seats': 1,
      'organization.parent_id': 1,
      'area.parent_id': 3,
      'person.contact_details': 1,
      'person.other_names.start_date': 1,
      'event (classification general election)': 1,
    });
  });
});

describe('a Pupa (Open Civic Data) file with only persons and memberships', () => {
  const AOC = 'ocd-person/2f8c1b7e-4a1c-4d0e-9d2b-7c1b2a3e4f50';
  const HOUSE = 'ocd-organization/6a026144-6d2b-4a37-9f6e-2f4c3e7b1d90';
  const pupa = {
    persons: [
      {
        id: AOC,
        name: 'Alexandria Ocasio-Cortez',
        sort_name: 'Ocasio-Cortez, Alexandria',
        gender: 'Female',
        birth_date: '1989-10-13',
        death_date: '',
        biography: '',
        other_names: [{ name: 'Александрия Окасио-Кортес', note: 'ru', start_date: '', end_date: '' }],
        identifiers: [{ scheme: 'bioguide', identifier: 'O000172' }],
        extras: { party: 'Democratic' },
      },
    ],
    memberships: [
      {
        id: 'ocd-membership/11111111-1111-4111-8111-111111111111',
        person_id: AOC,
        organization_id: HOUSE,
        role: 'member',
        start_date: '2019-01-03',
        end_date: '',
      },
      { person_id: AOC, organization_id: '~{"classification": "party", "name": "Democratic"}', role: 'member' },
    ],
  };

  it('keeps OCD ids global, so that memberships meet organisations another file defines', async () => {
    const { nodes, rels } = await readAll(file('ny.popolo.json', JSON.stringify(pupa, null, 1)));
    expect(nodes.map((n) => n.id)).toEqual([expect.stringMatching(/^popolo-ocd-person-2f8c1b7e-4a1c-4d0e-9d2b-7c1b2a3e4f50-[0-9a-f]{8}$/)]);
    expect(nodes[0]!.properties.identifiers).toEqual([`popolo:${AOC}`, 'bioguide:O000172']);
    expect(rels[0]!.target).toMatch(/^popolo-ocd-organization-6a026144-6d2b-4a37-9f6e-2f4c3e7b1d90-[0-9a-f]{8}$/);
  });

  it('names the field and value of an organisation the file does not define, and a Pupa pseudo id as one', async () => {
    const { units } = await readAll(file('ny.popolo.json', JSON.stringify(pupa, null, 1)));
    const warnings = units
      .filter((u) => u.record.pointer!.startsWith('/memberships'))
      .map((u) => u.problems.map((p) => [p.rule, p.field, p.value, p.message]));
    expect(warnings).toEqual([
      [['outside_file', 'organization_id', HOUSE, 'the organization is not in this file; it must already be in the database']],
      [
        [
          'outside_file',
          'organization_id',
          '~{"classification": "party", "name": "Democratic"}',
          'a Pupa pseudo id (a reference Pupa left unresolved), not an organization of this file; resolve it, or add the organization',
        ],
      ],
    ]);
  });
});

describe('memberships nested in persons', () => {
  const person = (id: string) => ({ id, name: `Person ${id}`, memberships: [{ organization_id: 'party-x', role: 'member' }] });
  const doc = (ids: string[]) =>
    JSON.stringify({ persons: ids.map(person), organizations: [{ id: 'party-x', name: 'Party X', classification: 'party' }] });
  const membershipRecords = async (name: string, ids: string[]) => {
    const { units } = await readAll(file(name, doc(ids)));
    return new Map(
      units.filter((u) => u.record.pointer!.includes('/memberships/')).map((u) => [u.relationships[0]?.source ?? '', u.record.id]),
    );
  };

  it('keep each person’s record when another person is put before them, although their texts are the same', async () => {
    // The same file name, as a newer release of the file has.
    const before = await membershipRecords('nested.popolo.json', ['a', 'b']);
    const after = await membershipRecords('nested.popolo.json', ['z', 'a', 'b']);
    expect(before.size).toBe(2);
    for (const [personNode, recordId] of before) expect(after.get(personNode)).toBe(recordId);
  });
});
