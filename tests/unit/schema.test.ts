// The schema model is the single declaration of labels, types and properties: it must be coherent,
// and the committed cypher/schema.cypher must be what the model generates.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { CYPHER_DIR, schemaStatements } from '../../server/src/db/cypher-files';
import { FULLTEXT_INDEX, schemaScriptFromModel, schemaStatementsFromModel } from '../../server/src/schema/ddl';
import {
  NODE_LABELS,
  NODE_TYPES,
  RELATIONSHIP_TYPES,
  RELATIONSHIP_TYPE_NAMES,
  type NodeTypeSpec,
  type PropertySpec,
  type RelationshipTypeSpec,
} from '../../server/src/schema/model';

const nodeSpecs = Object.values(NODE_TYPES) as NodeTypeSpec[];
const relSpecs = Object.values(RELATIONSHIP_TYPES) as RelationshipTypeSpec[];
const allProperties: Array<[string, string, PropertySpec]> = [
  ...nodeSpecs.flatMap((s) => Object.entries(s.properties).map(([k, p]) => [s.label, k, p] as [string, string, PropertySpec])),
  ...relSpecs.flatMap((s) => Object.entries(s.properties).map(([k, p]) => [s.type, k, p] as [string, string, PropertySpec])),
];

describe('cypher/schema.cypher', () => {
  it('is what the model generates (not stale)', () => {
    const committed = readFileSync(path.join(CYPHER_DIR, 'schema.cypher'), 'utf8');
    const generated = schemaScriptFromModel();
    if (committed !== generated) {
      throw new Error(
        'cypher/schema.cypher is stale: it differs from what server/src/schema/model.ts generates. ' +
          'Run `npm run schema:write` and commit the result.',
      );
    }
    expect(committed).toBe(generated);
  });

  it('splits into exactly the statements of the model', () => {
    expect(schemaStatements()).toEqual(schemaStatementsFromModel());
  });
});

describe('schema model', () => {
  it('keys each node type by its label and each relationship type by its type', () => {
    for (const [key, spec] of Object.entries(NODE_TYPES)) expect(spec.label).toBe(key);
    for (const [key, spec] of Object.entries(RELATIONSHIP_TYPES)) expect(spec.type).toBe(key);
  });

  it('lets relationships connect only declared node types', () => {
    for (const spec of relSpecs) {
      expect(spec.from.length).toBeGreaterThan(0);
      expect(spec.to.length).toBeGreaterThan(0);
      for (const label of [...spec.from, ...spec.to])
        expect([spec.type, label, NODE_LABELS.includes(label as never)]).toEqual([spec.type, label, true]);
    }
  });

  it('captions every node type with one of its own required properties', () => {
    for (const spec of nodeSpecs) {
      const caption = spec.properties[spec.caption];
      expect([spec.label, spec.caption, caption?.required]).toEqual([spec.label, spec.caption, true]);
    }
  });

  it('labels edges only with declared properties', () => {
    for (const spec of relSpecs)
      if (spec.labelProperty !== undefined) expect([spec.type, spec.labelProperty in spec.properties]).toEqual([spec.type, true]);
  });

  it('gives every enum property a non-empty list of distinct values', () => {
    const enums = allProperties.filter(([, , p]) => p.kind === 'enum');
    expect(enums.length).toBeGreaterThan(0);
    for (const [owner, key, p] of enums) {
      expect([owner, key, (p.values?.length ?? 0) > 0]).toEqual([owner, key, true]);
      expect(new Set(p.values).size).toBe(p.values?.length);
    }
  });

  it('declares values only on enum properties', () => {
    for (const [owner, key, p] of allProperties) if (p.kind !== 'enum') expect([owner, key, p.values]).toEqual([owner, key, undefined]);
  });

  it('exempts only Source from citations', () => {
    expect(nodeSpecs.filter((s) => !s.needsCitation).map((s) => s.label)).toEqual(['Source']);
  });
});

describe('schema DDL', () => {
  const statements = schemaStatementsFromModel();

  it('makes every entity id and citation id unique', () => {
    expect(statements).toContain('CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE');
    expect(statements).toContainEqual(
      expect.stringMatching(/^CREATE CONSTRAINT \w+ IF NOT EXISTS FOR \(c:Citation\) REQUIRE c\.id IS UNIQUE$/),
    );
  });

  it.each(RELATIONSHIP_TYPE_NAMES)('has a uniqueness constraint on the id of %s', (type) => {
    const pattern = new RegExp(`^CREATE CONSTRAINT \\w+ IF NOT EXISTS FOR \\(\\)-\\[r:${type}\\]-\\(\\) REQUIRE r\\.id IS UNIQUE$`);
    expect(statements.filter((s) => pattern.test(s))).toHaveLength(1);
  });

  it('indexes every property marked indexed', () => {
    for (const spec of nodeSpecs)
      for (const [key, p] of Object.entries(spec.properties))
        if (p.indexed)
          expect(statements).toContainEqual(expect.stringMatching(new RegExp(`FOR \\(n:${spec.label}\\) ON \\(n\\.${key}\\)$`)));
    for (const spec of relSpecs)
      for (const [key, p] of Object.entries(spec.properties))
        if (p.indexed)
          expect(statements).toContainEqual(
            expect.stringMatching(new RegExp(`FOR \\(\\)-\\[r:${spec.type}\\]-\\(\\) ON \\(r\\.${key}\\)$`)),
          );
  });

  it('gives every constraint and index its own name', () => {
    const names = statements.map((s) => /^CREATE (?:CONSTRAINT|INDEX|FULLTEXT INDEX) (\w+) /.exec(s)?.[1]);
    expect(names).not.toContain(undefined);
    expect(new Set(names).size).toBe(names.length);
  });

  it('puts every searchable label, and only those, under the full-text index, over captions, aliases and searchKeys', () => {
    const fulltext = statements.filter((s) => s.startsWith('CREATE FULLTEXT INDEX'));
    expect(fulltext).toHaveLength(1);
    const m = new RegExp(`^CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR \\(n:([\\w|]+)\\) ON EACH \\[([^\\]]+)\\]`).exec(
      fulltext[0]!,
    );
    expect(m).not.toBeNull();
    const labels = m![1]!.split('|');
    const fields = m![2]!.split(',').map((f) => f.trim());
    expect(new Set(labels)).toEqual(new Set(nodeSpecs.filter((s) => s.searchable).map((s) => s.label)));
    for (const spec of nodeSpecs.filter((s) => s.searchable)) expect(fields).toContain(`n.${spec.caption}`);
    expect(fields).toEqual(expect.arrayContaining(['n.aliases', 'n.searchKeys']));
  });
});
