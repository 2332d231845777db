// The console's pure parts, without a browser: parameter parsing, typed form inputs, error
// positions, CSV, sorting, permalinks and history.
import { describe, expect, it } from '@jest/globals';

import { errorRange, editorSchema, type FullSchema } from './editor';
import { HISTORY_LIMIT, loadHistory, remember } from './history';
import { inputText, paramKind, parseInput } from './library';
import { parseParams } from './params';
import { fromHash, toHash } from './permalink';
import { compareCells, toCsv } from './results-table';

const node = { id: 'person-patrushev', type: 'Person', name: 'Nikolai Patrushev', properties: {}, citationStatus: 'reported' };
const edge = {
  id: 'rel-1',
  type: 'TAKES_PART',
  source: 'person-patrushev',
  target: 'meeting-1',
  properties: {},
  citationStatus: 'reported',
};

class MemoryStorage {
  private data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

describe('parameters', () => {
  it('accepts a JSON object or nothing, and explains anything else', () => {
    expect(parseParams('')).toEqual({ ok: true, params: {} });
    expect(parseParams('{"id": "person-patrushev"}')).toEqual({ ok: true, params: { id: 'person-patrushev' } });
    expect(parseParams('[1]')).toMatchObject({ ok: false, message: expect.stringMatching(/JSON object/) });
    expect(parseParams('{"id": ')).toMatchObject({ ok: false, message: expect.stringMatching(/not valid JSON/) });
  });
});

describe('named-query form inputs', () => {
  it('maps declared types to input kinds', () => {
    expect(['string', 'string[]', 'integer', 'float', 'boolean', 'date', 'list'].map(paramKind)).toEqual([
      'string',
      'string[]',
      'integer',
      'float',
      'boolean',
      'date',
      'json',
    ]);
  });

  it('parses typed values and refuses wrong ones', () => {
    expect(parseInput('string[]', ' held, planned ,')).toEqual({ value: ['held', 'planned'] });
    expect(parseInput('integer', '12')).toEqual({ value: 12 });
    expect(parseInput('integer', '2.5')).toEqual({ error: 'a whole number' });
    expect(parseInput('float', '2.5')).toEqual({ value: 2.5 });
    expect(parseInput('boolean', '', true)).toEqual({ value: true });
    expect(parseInput('date', '2019-09')).toEqual({ value: '2019-09' });
    expect(parseInput('date', '4 Sept')).toMatchObject({ error: expect.stringMatching(/YYYY/) });
    expect(parseInput('string', '   ')).toEqual({}); // empty: the server's default applies
    expect(inputText('string[]', ['held'])).toBe('held');
  });
});

describe('error positions', () => {
  it('turns an offset or a 1-based line and column into the range of the word there', () => {
    const q = 'MATCH (n:Person)\nRETURN m';
    expect(errorRange(q, { line: 2, column: 8, offset: 24 })).toEqual({ from: 24, to: 25 });
    expect(errorRange(q, { line: 2, column: 8 })).toEqual({ from: 24, to: 25 });
    expect(errorRange(q, 0)).toEqual({ from: 0, to: 5 });
    expect(errorRange(q, 999)).toEqual({ from: q.length, to: q.length });
  });
});

describe('editor schema', () => {
  it('offers labels, types and properties from the served schema', () => {
    const schema = {
      nodeTypes: [{ label: 'Meeting', properties: [{ name: 'date', precisionProperty: 'datePrecision' }] }],
      relationshipTypes: [{ type: 'TAKES_PART', properties: [{ name: 'role' }] }],
      provenance: { entityLabel: 'Entity', citationLabel: 'Citation', citesType: 'CITES' },
    } as unknown as FullSchema;
    const s = editorSchema(schema, ['id']);
    expect(s.labels).toEqual(['Meeting', 'Entity', 'Citation']);
    expect(s.relationshipTypes).toEqual(['TAKES_PART', 'CITES']);
    expect(s.propertyKeys).toEqual(expect.arrayContaining(['date', 'datePrecision', 'role', 'factId', 'quote', 'id']));
    expect(s.parameters).toEqual(['id']);
  });
});

describe('table', () => {
  it('writes CSV with nodes and relationships as ids and quotes where needed', () => {
    expect(toCsv(['p', 'r', 'note'], [[node, edge, 'says "hi", twice']])).toBe(
      'p,r,note\r\nperson-patrushev,rel-1,"says ""hi"", twice"\r\n',
    );
  });

  it('sorts numbers numerically, text by its words, empty cells last', () => {
    const cells = [10, null, 9, 100];
    expect([...cells].sort(compareCells)).toEqual([9, 10, 100, null]);
    expect(['b', 'A', 'c'].sort(compareCells)).toEqual(['A', 'b', 'c']);
  });
});

describe('permalinks and history', () => {
  it('round-trips a query with parameters and a named query through the hash', () => {
    const link = { kind: 'cypher' as const, query: 'MATCH (p {id: $id}) RETURN p // ü & #', params: { id: 'person-patrushev' } };
    expect(fromHash(toHash(link))).toEqual(link);
    const named = { kind: 'named' as const, name: 'meetings-between', params: { a: 'x', b: 'y' } };
    expect(fromHash(toHash(named))).toEqual(named);
    expect(fromHash('')).toBeNull();
  });

  it('keeps the newest 50 runs without duplicates', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    for (let i = 0; i < 60; i++) remember({ kind: 'cypher', query: `RETURN ${i}`, params: {}, at: '' }, storage);
    remember({ kind: 'cypher', query: 'RETURN 55', params: {}, at: '' }, storage);
    const list = loadHistory(storage);
    expect(list).toHaveLength(HISTORY_LIMIT);
    expect(list.slice(0, 2).map((e) => (e.kind === 'cypher' ? e.query : ''))).toEqual(['RETURN 55', 'RETURN 59']);
    expect(list.filter((e) => e.kind === 'cypher' && e.query === 'RETURN 55')).toHaveLength(1);
  });
});
