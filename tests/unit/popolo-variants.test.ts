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
