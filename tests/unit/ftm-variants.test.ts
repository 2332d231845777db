// The FollowTheMoney reader on files shaped as a new user brings them (tests/fixtures/ftm-variants/,
// see its README): Aleph streams whose entities come in fragments, and the odd lines real exports have.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { createFtmReader } from '../../server/src/import/ftm';
import type { RecordUnit } from '../../server/src/import/pipeline/types';

const FIXTURES = path.resolve(__dirname, '../fixtures/ftm-variants');

async function readAll(file: string, params: Record<string, string> = {}) {
  const reader = createFtmReader({ path: file, name: path.basename(file), params });
  await reader.sources();
  const units: RecordUnit[] = [];
  for await (const u of reader.records()) units.push(u);
  return { units, nodes: units.flatMap((u) => u.nodes), rels: units.flatMap((u) => u.relationships), unmapped: reader.unmapped() };
}

const errors = (units: RecordUnit[]) =>
  units.flatMap((u) => u.problems.filter((p) => (p.severity ?? 'error') === 'error').map((p) => [u.record.line, p.field, p.message]));

describe('an Aleph stream with entities in fragments', () => {
  const FILE = path.join(FIXTURES, 'aleph-fragments.ftm.json');
  const PERSON = 'ftm-5f2c1d0e9b8a7f6e5d4c3b2a19f8e7d6c5b4a392.1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5';

  it('rejects no fragment for lacking what another fragment of its entity has', async () => {
    const { units } = await readAll(FILE);
    expect(units).toHaveLength(9);
    expect(errors(units)).toEqual([]);
  });

  it('gives a nameless fragment its entity’s name, so its own values (an alias, a date) are kept', async () => {
    const { units } = await readAll(FILE);
    const second = units.find((u) => u.record.line === 4)!;
    expect(second.nodes.map((n) => [n.id, n.properties.name, n.properties.aliases, n.properties.birthDate])).toEqual([
      [PERSON, 'Иван Петров', ['Petrov, Ivan'], '1970-01-01'],
    ]);
  });

  it('joins a link whose endpoints are in different fragments, and a Position whose name and organisation are', async () => {
    const { rels, nodes } = await readAll(FILE);
    const directorships = rels.filter((r) => r.id === 'ftm-dir-1');
    expect(directorships.map((r) => [r.type, r.source, r.target])).toEqual([
      ['HOLDS_POST', PERSON, 'ftm-0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d'],
      ['HOLDS_POST', PERSON, 'ftm-0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d'],
    ]);
    // The Position is a post at the ministry (its organisation is in its second fragment), not an institution.
    expect(nodes.some((n) => n.id === 'ftm-ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12')).toBe(false);
    expect(rels.filter((r) => r.id === 'ftm-occ-1').map((r) => [r.target, r.properties])).toEqual([
      ['ftm-ffee11ddcc22bbaa33998844776655aa00bb11cc', { title: 'Deputy Minister of Energy', start: '2010-03' }],
    ]);
  });
});

describe('lines and files of the wrong shape', () => {
  it('reads JSON lines whose first line is a JSON array as lines, that line rejected', async () => {
    const { units } = await readAll(path.join(FIXTURES, 'odd-lines.ftm.json'));
    expect(units.map((u) => u.record.line).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(units.find((u) => u.record.line === 1)!.problems.map((p) => p.rule)).toEqual(['invalid_json']);
  });

  it('says what is wrong with an id, a schema or properties of the wrong kind', async () => {
    const { units } = await readAll(path.join(FIXTURES, 'odd-lines.ftm.json'));
    const at = (line: number) => units.find((u) => u.record.line === line)!.problems.map((p) => [p.rule, p.field, p.value, p.message]);
    expect(at(2)).toEqual([['invalid_value', 'id', '123', 'an FtM id is a string; this is a number']]);
    expect(at(3)[0]).toEqual([
      'invalid_value',
      'properties',
      '"oops"',
      'an FtM entity\'s properties are an object of value lists ({"name": ["…"]}); this is a string',
    ]);
    expect(at(5)).toEqual([
      ['unknown_schema', 'schema', 'person', 'not a schema of the FollowTheMoney model (names are case-sensitive: did you mean Person?)'],
    ]);
    expect(at(6)).toEqual([['missing_value', 'schema', undefined, 'an FtM entity needs a schema (Person, Company, Occupancy…)']]);
  });

  it('keeps the good values of a list and warns of the others; counts a property the schema does not have as such', async () => {
    const { units, nodes, unmapped } = await readAll(path.join(FIXTURES, 'odd-lines.ftm.json'));
    expect(units.find((u) => u.record.line === 4)!.problems.map((p) => [p.severity, p.field, p.value])).toEqual([
      ['warning', 'properties.alias[0]', 'null'],
      ['warning', 'properties.alias[2]', '{"x":1}'],
    ]);
    expect(nodes.find((n) => n.id === 'ftm-w2')!.properties).toMatchObject({ name: 'Plain String Name', aliases: ['Простое Имя'] });
    expect(unmapped).toMatchObject({ 'Person.favouriteColour (not a property of Person)': 1, '(entity without a schema)': 1 });
  });

  it('refuses a JSON array cut off mid-entity with the file, line and column, not a crash', async () => {
    await expect(readAll(path.join(FIXTURES, 'truncated-array.ftm.json'))).rejects.toThrow(
      /^truncated-array\.ftm\.json:3:\d+: not valid JSON, so not a JSON array of FtM entities/,
    );
  });
});

describe('bytes that are not UTF-8 JSON lines', () => {
  it('rejects a line that is not UTF-8 rather than storing its name mangled, and says a cut-off last line may be one', async () => {
    const { units, nodes } = await readAll(path.join(FIXTURES, 'latin1-crlf.ftm.json'));
    expect(units.map((u) => u.record.line).sort((a, b) => a! - b!)).toEqual([1, 3, 4]);
    // The BOM and the CR are not part of the first entity's text.
    expect(nodes.map((n) => [n.id, n.properties.name])).toEqual([['ftm-e1', 'Anna Nowak']]);
    const at = (line: number) => units.find((u) => u.record.line === line)!.problems.map((p) => [p.rule, p.message]);
    expect(at(3)).toEqual([
      [
        'invalid_encoding',
        'the line is not UTF-8 from its byte 62 on (FtM files are UTF-8; a Latin-1 or Windows-1252 export must be converted first)',
      ],
    ]);
    expect(at(4)).toEqual([
      ['invalid_json', 'the line is not one JSON object (an FtM entity); it is the last and has no line end, so the file may be cut off'],
    ]);
  });

  it('refuses a compressed file, saying so, instead of a line of noise per block', async () => {
    await expect(readAll(path.join(FIXTURES, 'packed.ftm.json'))).rejects.toThrow(
      'packed.ftm.json: the file is gzip-compressed, not FtM JSON lines; unpack it and import the .json inside.',
    );
  });
});

describe('names in several scripts', () => {
  it('takes the caption, else a name in Latin script, as the name, and keeps every other spelling as an alias', async () => {
    const { nodes } = await readAll(path.join(FIXTURES, 'names-scripts.ftm.json'));
    expect(nodes.map((n) => [n.properties.name, n.properties.aliases])).toEqual([
      ['Ilham Aliyev', ['Ильхам Алиев', 'İlham Əliyev', 'Ilham Heydar oglu Aliyev']],
      ['Mohammed Abdullah', ['محمد عبدالله']],
      ['中国石油天然气集团', undefined],
    ]);
  });
});

describe('values beyond the schema’s limits', () => {
  it('counts the aliases past 200 and warns of one too long to be a name, keeping the rest', async () => {
    const { units, nodes, unmapped } = await readAll(path.join(FIXTURES, 'limits.ftm.json'));
    expect((nodes[0]!.properties.aliases as string[]).length).toBe(200);
    expect(unmapped).toEqual({ 'Person.alias (beyond the 200 names an entity keeps)': 5 });
    expect(units[0]!.problems.map((p) => [p.rule, p.severity, p.field])).toEqual([['too_long', 'warning', 'properties.alias']]);
  });
});

describe('UnknownLink', () => {
  it('reads a part of an event as PART_OF after both meetings, and counts any other', async () => {
    const { units, rels, unmapped } = await readAll(path.join(FIXTURES, 'unknown-links.ftm.json'));
    const order = units.map((u) => u.record.recordId);
    expect(order.indexOf('ul-1')).toBeGreaterThan(Math.max(order.indexOf('ev-talks'), order.indexOf('ev-visit')));
    expect(rels.filter((r) => r.type === 'PART_OF').map((r) => [r.id, r.source, r.target])).toEqual([
      ['ftm-ul-1', 'ftm-ev-talks', 'ftm-ev-visit'],
    ]);
    expect(units.find((u) => u.record.recordId === 'ul-2')!.skipped).toMatch(/UnknownLink/);
    expect(unmapped).toEqual({ 'UnknownLink (Person to Event)': 1 });
  });
});

describe('fragments, as the review of the fragment reading found them', () => {
  const write = (name: string, lines: Array<string | Buffer>) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liaison-ftm-fragments-'));
    const file = path.join(dir, name);
    writeFileSync(file, Buffer.concat(lines.map((l) => Buffer.concat([Buffer.isBuffer(l) ? l : Buffer.from(l), Buffer.from('\n')]))));
    return file;
  };

  it('gives every fragment of an entity one name, chosen among all its fragments’ names, the other spellings aliases', async () => {
    const file = write('scripts.ftm.json', [
      '{"id": "p9", "schema": "Person", "properties": {"name": ["Иван Петров"]}}',
      '{"id": "p9", "schema": "Person", "properties": {"name": ["Ivan Petrov"]}}',
      '{"id": "p9", "schema": "Person", "properties": {"birthDate": ["1970"]}}',
    ]);
    const { nodes } = await readAll(file);
    expect(nodes.map((n) => [n.properties.name, n.properties.aliases ?? []])).toEqual([
      ['Ivan Petrov', ['Иван Петров']],
      ['Ivan Petrov', []],
      ['Ivan Petrov', []],
    ]);
  });

  it('takes nothing from a fragment rejected as not UTF-8 into the others', async () => {
    const file = write('latin1.ftm.json', [
      Buffer.from('{"id": "p2", "schema": "Person", "properties": {"name": ["Jos\xe9 Garc\xeda"]}}', 'latin1'),
      '{"id": "p2", "schema": "Person", "properties": {"birthDate": ["1961"]}}',
      '{"id": "p2", "schema": "Person", "properties": {"nationality": ["es"]}}',
    ]);
    const { units } = await readAll(file);
    expect(units.find((u) => u.record.line === 1)!.problems.map((p) => p.rule)).toEqual(['invalid_encoding']);
    expect(units.flatMap((u) => u.nodes).map((n) => n.properties.name)).toEqual([]);
  });

  it('joins an UnknownLink whose ends are in different fragments', async () => {
    const file = write('links.ftm.json', [
      '{"id": "ul-9", "schema": "UnknownLink", "properties": {"subject": ["ev-a"], "role": ["part of"]}}',
      '{"id": "ul-9", "schema": "UnknownLink", "properties": {"object": ["ev-b"]}}',
      '{"id": "ev-a", "schema": "Event", "properties": {"name": ["Talks"], "date": ["2019-09-04"]}}',
      '{"id": "ev-b", "schema": "Event", "properties": {"name": ["Visit"], "date": ["2019-09"]}}',
    ]);
    const { rels } = await readAll(file);
    expect(rels.filter((r) => r.type === 'PART_OF').map((r) => [r.source, r.target])).toContainEqual(['ftm-ev-a', 'ftm-ev-b']);
  });
});
