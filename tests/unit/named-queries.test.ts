// The library of named queries without a database: which files are in it, what their headers
// promise, and how a request's parameters are validated against them.
import { describe, expect, it } from '@jest/globals';

import { checkText } from '../../server/src/console/guard';
import { libraryFiles, listLibrary, parseRequest, requestSchema } from '../../server/src/console/named-queries';
import { LIBRARY_PARAM_TYPES, cypherFiles, parseCypherFile } from '../../server/src/db/cypher-files';
import { NotFoundError, ValidationError } from '../../server/src/errors';

/** The issues of a rejected request, as {path: code}. */
function issuesOf(name: string, body: unknown): Record<string, string | undefined> {
  try {
    parseRequest(name, body);
  } catch (error) {
    if (error instanceof ValidationError) return Object.fromEntries(error.issues.map((i) => [i.path, i.code]));
    throw error;
  }
  throw new Error('the request was accepted');
}

describe('@library in a header', () => {
  it('marks a query for the library; other files are not in it', () => {
    expect(parseCypherFile('queries/x', '// @library\nRETURN 1').library).toBe(true);
    expect(parseCypherFile('queries/x', 'RETURN 1').library).toBe(false);
  });

  it('is refused on a query that writes or has template slots, or with an untyped parameter', () => {
    expect(() => parseCypherFile('queries/x', '// @library\n// @mode write\nCREATE (n)')).toThrow(/@library.*read/);
    expect(() => parseCypherFile('queries/x', '// @library\n// @template T: nodeLabel\nMATCH (n:{{T}}) RETURN n')).toThrow(/@library/);
    expect(() => parseCypherFile('queries/x', '// @library\n// @param m: map\nRETURN $m')).toThrow(/type map/);
  });
});

describe('the library', () => {
  const library = libraryFiles();

  it('holds the researchers’ queries and none of the server’s internal statements', () => {
    expect([...library.keys()]).toEqual(
      expect.arrayContaining([
        'meetings-between',
        'people-met',
        'co-attendance',
        'post-holders',
        'citations-behind',
        'citations-between',
        'country-meetings',
        'most-connected',
        'find-entities',
      ]),
    );
    for (const internal of ['health', 'search-entities', 'neighbors', 'nodes-by-element-id', 'citations-for-facts'])
      expect(library.has(internal)).toBe(false);
    const outside = [...cypherFiles()].filter(([name, f]) => f.library && !name.startsWith('queries/')).map(([name]) => name);
    expect(outside).toEqual([]);
  });

  it('has read-only queries with a description and typed parameters, each described', () => {
    for (const [name, file] of library) {
      expect([name, file.mode, file.description.length > 20]).toEqual([name, 'read', true]);
      for (const p of file.params) {
        expect([name, p.name, (LIBRARY_PARAM_TYPES as readonly string[]).includes(p.type)]).toEqual([name, p.name, true]);
        expect([name, p.name, p.description.length > 5]).toEqual([name, p.name, true]);
      }
    }
  });

  it('passes the console’s text rules, so that a researcher can open any of them and run it', () => {
    for (const [name, file] of library) expect([name, (() => (checkText(file.text), 'ok'))()]).toEqual([name, 'ok']);
  });

  it('is listed as {name, description, params: [{name, type, default?, required, description}], text}', () => {
    const entry = listLibrary().find((q) => q.name === 'people-met')!;
    expect(entry.description).toMatch(/period/);
    expect(entry.text).toMatch(/TAKES_PART/);
    expect(entry.params).toEqual([
      { name: 'person', type: 'string', required: true, description: expect.stringMatching(/id, name or alias/) },
      { name: 'from', type: 'date', default: null, required: false, description: expect.any(String) },
      { name: 'to', type: 'date', default: null, required: false, description: expect.any(String) },
      { name: 'statuses', type: 'string[]', default: ['held'], required: false, description: expect.any(String) },
    ]);
    expect(JSON.parse(JSON.stringify(entry.params[0]))).not.toHaveProperty('default');
  });
});

describe('a request for a library query', () => {
  it('gets the defaults of the header for what it leaves out', () => {
    expect(parseRequest('people-met', { params: { person: 'person-patrushev' } }).params).toEqual({
      person: 'person-patrushev',
      from: null,
      to: null,
      statuses: ['held'],
    });
    expect(parseRequest('most-connected', {}).params).toMatchObject({ limit: 10, from: null });
  });

  it('is refused with the path of each unknown, missing or mistyped parameter', () => {
    expect(issuesOf('people-met', { params: { person: 'x', bogus: 1, other: 2 } })).toEqual({
      '$.params.bogus': 'unrecognized_keys',
      '$.params.other': 'unrecognized_keys',
    });
    expect(issuesOf('people-met', { params: {} })).toEqual({ '$.params.person': 'invalid_type' });
    expect(issuesOf('most-connected', { params: { limit: 2.5 } })).toHaveProperty(['$.params.limit']);
    expect(issuesOf('most-connected', { params: { limit: '10' } })).toHaveProperty(['$.params.limit']);
    expect(issuesOf('co-attendance', { params: { organization: 'x', officialsOnly: 'yes' } })).toHaveProperty(['$.params.officialsOnly']);
    expect(issuesOf('citations-behind', { params: { ids: 'person-usubov' } })).toHaveProperty(['$.params.ids']);
    expect(issuesOf('people-met', { params: { person: 'x', statuses: [1] } })).toHaveProperty(['$.params.statuses[0]']);
    expect(issuesOf('people-met', { query: 'MATCH (n) RETURN n' })).toHaveProperty(['$.query']);
  });

  it('takes dates as YYYY, YYYY-MM or YYYY-MM-DD, real ones only', () => {
    for (const from of ['2019', '2019-08', '2019-08-31'])
      expect(parseRequest('people-met', { params: { person: 'x', from } }).params.from).toBe(from);
    for (const from of ['2019-8', '2019-02-30', '04.09.2019', 2019])
      expect(issuesOf('people-met', { params: { person: 'x', from } })).toHaveProperty(['$.params.from']);
  });

  it('for a name outside the library is answered 404, internal statements included', () => {
    for (const name of ['no-such-query', 'health', 'search-entities', '../system/clear-graph', 'system/clear-graph'])
      expect(() => parseRequest(name, {})).toThrow(NotFoundError);
  });

  it('is validated by a schema built from the header alone', () => {
    const file = parseCypherFile(
      'queries/t',
      [
        '// @library',
        '// @description A test query.',
        '// @param n: integer = 3 — n',
        '// @param f: float — f',
        '// @param b: boolean = false — b',
        '// @param l: list = [] — l',
        'RETURN $n, $f, $b, $l',
      ].join('\n'),
    );
    expect(requestSchema(file).parse({ params: { f: 1.5 } })).toEqual({ params: { n: 3, f: 1.5, b: false, l: [] } });
    expect(requestSchema(file).safeParse({ params: { f: 'x' } }).success).toBe(false);
  });
});
