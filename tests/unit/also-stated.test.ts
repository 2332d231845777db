// alsoStated in exports and imports, without a database: the CSV cell's encoding and decoding, the
// bundle's validators for entries, the reference check of their sources, and the strings the
// writer is given (the ones its merges store).
import { describe, expect, it } from '@jest/globals';

import { ValidationError } from '../../server/src/errors';
import { alsoStatedText, parseAlsoStatedText } from '../../server/src/export/columns';
import { checkBundle, externalReferences, parseBundle, storedAlsoStated, writeFacts } from '../../server/src/import/bundle';
import { nodeRow, relationshipRow } from '../../server/src/import/write/rows';

const quote = (source: string) => ({ source, quote: 'q', status: 'reported' as const });
const NATIONALITY_AM = { property: 'nationality', value: 'AM', sources: ['src-register'] };

/** A person and a post, each with entries; the register is a Source of the bundle, src-wire is stored. */
function bundle(entries: unknown[] = [NATIONALITY_AM], postEntries: unknown[] = []) {
  return {
    nodes: [
      { id: 'src-register', type: 'Source', properties: { title: 'Party register' } },
      { id: 'org-council', type: 'Organization', properties: { name: 'Council', kind: 'ministry' }, citations: [quote('src-wire')] },
      {
        id: 'person-anna',
        type: 'Person',
        properties: { name: 'Anna', nationality: 'RU' },
        citations: [quote('src-wire')],
        alsoStated: entries,
      },
    ],
    relationships: [
      {
        id: 'post-anna',
        type: 'HOLDS_POST',
        source: 'person-anna',
        target: 'org-council',
        properties: { title: 'Secretary' },
        citations: [quote('src-wire')],
        alsoStated: postEntries,
      },
    ],
  };
}

const problems = (input: unknown) => {
  try {
    parseBundle(input);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues.map((i) => [i.path, i.code]);
  }
};

describe('the also_stated cell', () => {
  it('is the entries as JSON with the sources by id, in their order, and reads back as given', () => {
    const text = alsoStatedText([
      { property: 'nationality', value: 'AM', sources: [{ id: 'src-register', title: 'Party register' }] },
      {
        property: 'birthDate',
        value: '1951-07',
        sources: [
          { id: 'src-a', title: null },
          { id: 'src-b', title: null },
        ],
      },
    ]);
    expect(text).toBe(
      '[{"property":"nationality","value":"AM","sources":["src-register"]},{"property":"birthDate","value":"1951-07","sources":["src-a","src-b"]}]',
    );
    expect(parseAlsoStatedText(text!)).toEqual([NATIONALITY_AM, { property: 'birthDate', value: '1951-07', sources: ['src-a', 'src-b'] }]);
  });

  it('is empty without entries, and an empty cell is no entries', () => {
    expect(alsoStatedText(undefined)).toBeNull();
    expect(alsoStatedText([])).toBeNull();
    expect(parseAlsoStatedText('')).toBeUndefined();
    expect(parseAlsoStatedText('[]')).toEqual([]);
  });

  it('refuses text that is not a JSON array', () => {
    for (const text of ['not json', '{"property":"nationality"}', '"AM"', '[{"property":'])
      expect(() => parseAlsoStatedText(text)).toThrow(/JSON array of \{property, value, sources\}/);
  });
});

describe("a bundle's alsoStated", () => {
  it('is optional, and entries of single-valued properties with valid values and sources pass', () => {
    expect(problems(bundle([]))).toEqual([]);
    const { alsoStated: _none, ...plain } = bundle().nodes[2]!;
    expect(problems({ nodes: [plain] })).toEqual([]);
    const parsed = parseBundle(bundle([NATIONALITY_AM], [{ property: 'title', value: 'Deputy Secretary', sources: ['src-register'] }]));
    expect(parsed.nodes[2]!.alsoStated).toEqual([NATIONALITY_AM]);
    expect(parsed.relationships[0]!.alsoStated).toEqual([{ property: 'title', value: 'Deputy Secretary', sources: ['src-register'] }]);
  });

  it('refuses an entry of an unknown or list property, a value the property cannot hold, or no sources, naming the entry', () => {
    expect(
      problems(
        bundle([
          { property: 'colour', value: 'red', sources: ['src-register'] },
          { property: 'aliases', value: 'Anja', sources: ['src-register'] },
          { property: 'nationality', value: 'Armenia', sources: ['src-register'] },
          { property: 'nationality', value: 'AM', sources: [] },
          { property: 'nationality', value: 'AM' },
          { property: 'nationality', value: 'AM', sources: ['src-register'], note: 'extra' },
          'nationality: AM',
        ]),
      ),
    ).toEqual([
      ['$.nodes[2].alsoStated[0].property', 'invalid_also_stated'],
      ['$.nodes[2].alsoStated[1].property', 'invalid_also_stated'],
      ['$.nodes[2].alsoStated[2].value', 'invalid_also_stated'],
      ['$.nodes[2].alsoStated[3].sources', 'too_small'],
      ['$.nodes[2].alsoStated[4].sources', 'invalid_type'],
      ['$.nodes[2].alsoStated[5]', 'unrecognized_keys'],
      ['$.nodes[2].alsoStated[6]', 'invalid_type'],
    ]);
    expect(problems(bundle([], [{ property: 'role', value: 'host', sources: ['src-register'] }]))).toEqual([
      ['$.relationships[0].alsoStated[0].property', 'invalid_also_stated'],
    ]);
    expect(problems({ nodes: [{ ...bundle().nodes[2], alsoStated: 'AM' }] })).toEqual([['$.nodes[0].alsoStated', 'invalid_type']]);
  });

  it('names its sources as references: stored or in the bundle, and Sources', () => {
    const input = parseBundle(
      bundle(
        [NATIONALITY_AM, { property: 'name', value: 'Anja', sources: ['src-wire', 'src-nowhere'] }],
        [{ property: 'title', value: 'Deputy', sources: ['org-council'] }],
      ),
    );
    expect(externalReferences(input).sort()).toEqual(['src-nowhere', 'src-wire']);
    const issues = checkBundle(input, new Map([['src-wire', 'Source']]));
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['$.nodes[2].alsoStated[1].sources[1]', 'unknown_reference'],
      ['$.relationships[0].alsoStated[0].sources[0]', 'wrong_reference_type'],
    ]);
    expect(issues[0]!.message).toBe('alsoStated entry 2 (name): no Source "src-nowhere" in the bundle or the database');
    // The same bundle against a store that has neither: the wire's citations are refused too, the register's entry is not.
    expect(
      checkBundle(input, new Map())
        .filter((i) => i.path.includes('alsoStated'))
        .map((i) => i.path),
    ).toEqual([
      '$.nodes[2].alsoStated[1].sources[0]',
      '$.nodes[2].alsoStated[1].sources[1]',
      '$.relationships[0].alsoStated[0].sources[0]',
    ]);
  });
});

describe('what the writer is given', () => {
  it("stores each entry as the writer's merges write it, so a round trip finds the same string", () => {
    // The entry a merge appends when the register states AM against a stored RU (write/rows.ts).
    const merged = nodeRow({
      id: 'person-anna',
      type: 'Person',
      properties: { name: 'Anna', nationality: 'AM' },
      citations: [quote('src-register')],
      records: [],
    }).also.nationality;
    expect(storedAlsoStated([NATIONALITY_AM])).toEqual([merged]);
    // Sources once each and sorted, as the writer gives them, whatever order an author wrote.
    expect(storedAlsoStated([{ property: 'nationality', value: 'AM', sources: ['src-z', 'src-a', 'src-z'] }])).toEqual([
      '{"property":"nationality","value":"AM","sources":["src-a","src-z"]}',
    ]);
    expect(storedAlsoStated(undefined)).toEqual([]);
  });

  it('gives the entries as a list property: whole on a new fact, a union on a stored one; nothing when there are none', () => {
    const entry = { property: 'title', value: 'Deputy Secretary', sources: ['src-register'] };
    const { nodes, relationships } = writeFacts(parseBundle(bundle([NATIONALITY_AM, NATIONALITY_AM], [entry])));
    const anna = nodeRow(nodes[2]!);
    expect(anna.props.alsoStated).toEqual(storedAlsoStated([NATIONALITY_AM]));
    expect(anna.lists).toContain('alsoStated');
    // Not a stated value: nothing would record it in alsoStated again.
    expect(Object.keys(anna.also).sort()).toEqual(['name', 'nationality']);
    const post = relationshipRow(relationships[0]!);
    expect([post.props.alsoStated, post.lists, Object.keys(post.also)]).toEqual([storedAlsoStated([entry]), ['alsoStated'], ['title']]);
    const plain = writeFacts(parseBundle(bundle([]))).nodes[2]!;
    expect('alsoStated' in plain.properties).toBe(false);
  });
});
