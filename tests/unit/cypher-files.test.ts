// Every statement Liaison runs lives in cypher/ as a named file with a header: the header parser,
// the files themselves, the names the server uses, and that no Cypher hides in TypeScript.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { CYPHER_DIR, cypher, cypherFiles, parseCypherFile, renderTemplate, splitScript } from '../../server/src/db/cypher-files';
import { isNodeLabel, isRelationshipType } from '../../server/src/schema/model';

const ROOT = path.resolve(__dirname, '../..');
const SERVER_SRC = path.join(ROOT, 'server/src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

const sources = tsFiles(SERVER_SRC).map((file) => ({ file: path.relative(ROOT, file), text: readFileSync(file, 'utf8') }));

describe('parseCypherFile', () => {
  it('reads description, mode and params, and keeps the statement without its header', () => {
    const file = parseCypherFile(
      'queries/example',
      [
        '// @name queries/example',
        '// @description First half of the description,',
        '// @description second half.',
        '// @mode write',
        '// @param id: string — the entity id',
        '// @param limit: integer = 25 — page size',
        '// @param types: string[] = null',
        '// @param flags: list = ["a","b"] - with a hyphen',
        'MATCH (n:Entity {id: $id})',
        'RETURN n LIMIT $limit',
      ].join('\n'),
    );
    expect(file.name).toBe('queries/example');
    expect(file.description).toBe('First half of the description, second half.');
    expect(file.mode).toBe('write');
    expect(file.params).toEqual([
      { name: 'id', type: 'string', description: 'the entity id' },
      { name: 'limit', type: 'integer', description: 'page size', defaultValue: 25 },
      { name: 'types', type: 'string[]', description: '', defaultValue: null },
      { name: 'flags', type: 'list', description: 'with a hyphen', defaultValue: ['a', 'b'] },
    ]);
    expect(file.params[0]).not.toHaveProperty('defaultValue');
    expect(file.text).toBe('MATCH (n:Entity {id: $id})\nRETURN n LIMIT $limit');
  });

  it('defaults to read mode with no params', () => {
    const file = parseCypherFile('q', '// @description Just a count.\nMATCH (n) RETURN count(n)');
    expect(file.mode).toBe('read');
    expect(file.params).toEqual([]);
  });

  it.each(['read', 'write', 'schema', 'autocommit'])('accepts @mode %s', (mode) => {
    expect(parseCypherFile('q', `// @mode ${mode}\nRETURN 1`).mode).toBe(mode);
  });

  it('throws on an unknown header, naming the file and the header', () => {
    expect(() => parseCypherFile('queries/x', '// @returns nothing\nRETURN 1')).toThrow(/queries\/x\.cypher.*@returns/);
  });

  it('throws on a bad @mode', () => {
    expect(() => parseCypherFile('q', '// @mode readwrite\nRETURN 1')).toThrow(/@mode/);
  });

  it('throws on an unreadable @param', () => {
    expect(() => parseCypherFile('q', '// @param just some words\nRETURN 1')).toThrow(/@param/);
  });

  it('throws on a file without a statement', () => {
    expect(() => parseCypherFile('queries/empty', '// @description Nothing here.\n\n   \n')).toThrow(/queries\/empty.*no statement/);
  });
});

describe('files under cypher/', () => {
  const files = cypherFiles();

  it('all parse, except the schema script which is not a statement', () => {
    expect(files.size).toBeGreaterThan(10);
    expect(files.has('schema')).toBe(false);
    for (const [name, file] of files) {
      expect(file.name).toBe(name);
      expect([name, file.description.length > 0, file.text.length > 0]).toEqual([name, true, true]);
    }
  });

  it('each name its own path in an @name header', () => {
    for (const name of files.keys()) {
      const raw = readFileSync(path.join(CYPHER_DIR, `${name}.cypher`), 'utf8');
      const declared = /^\/\/\s*@name\s+(\S+)\s*$/m.exec(raw)?.[1];
      expect([name, declared]).toEqual([name, name]);
    }
  });

  it('declare exactly the $parameters their statements use', () => {
    for (const [name, file] of files) {
      const used = new Set([...file.text.matchAll(/\$([A-Za-z_]\w*)/g)].map((m) => m[1]));
      const declared = new Set(file.params.map((p) => p.name));
      expect([name, [...used].sort()]).toEqual([name, [...declared].sort()]);
    }
  });

  it('write nothing when they run in read mode', () => {
    const readOnly = [...files.values()].filter((f) => f.mode === 'read');
    expect(readOnly.length).toBeGreaterThan(0);
    for (const f of readOnly) expect([f.name, /\b(MERGE|CREATE|SET|DELETE|REMOVE)\b/.test(f.text)]).toEqual([f.name, false]);
  });

  it('are looked up by name, and an unknown name throws', () => {
    expect(cypher('queries/node').name).toBe('queries/node');
    expect(() => cypher('queries/no-such-statement')).toThrow(/no-such-statement/);
  });
});

describe('statement names used by the server', () => {
  const NAME = /['"`]((?:queries|import|system)\/[\w-]+)['"`]/g;
  const used = [...new Set(sources.flatMap(({ text }) => [...text.matchAll(NAME)].map((m) => m[1]!)))].sort();

  it('are found in the sources', () => {
    expect(used.length).toBeGreaterThanOrEqual(10);
    expect(used).toEqual(expect.arrayContaining(['queries/search-entities', 'import/merge-nodes', 'system/await-indexes']));
  });

  it('all exist under cypher/', () => {
    const missing = used.filter((name) => !cypherFiles().has(name));
    expect(missing).toEqual([]);
  });
});

describe('splitScript', () => {
  it('splits on ; at the end of a line and drops // comment lines', () => {
    const script = [
      '// a comment; with a semicolon;',
      'CREATE INDEX a FOR (n:A) ON (n.x);',
      '  // indented comment',
      'CREATE INDEX b',
      '  FOR (n:B) ON (n.y);  ',
      '',
      'RETURN 1;',
    ].join('\n');
    expect(splitScript(script)).toEqual(['CREATE INDEX a FOR (n:A) ON (n.x)', 'CREATE INDEX b\n  FOR (n:B) ON (n.y)', 'RETURN 1']);
  });

  it('takes a last statement without a ; and ignores ; inside a line', () => {
    expect(splitScript("RETURN 'a;b' AS s;\nRETURN 2")).toEqual(["RETURN 'a;b' AS s", 'RETURN 2']);
  });

  it('gives nothing for a script of comments and blank lines', () => {
    expect(splitScript('// only\n\n// comments\n')).toEqual([]);
  });
});

// ----- No Cypher outside cypher/ (and the two modules allowed to hold or generate it) -----

const ALLOWED = new Set(['server/src/db/cypher-files.ts', 'server/src/schema/ddl.ts']);
const CYPHER_PATTERNS = [
  /\b(MATCH|MERGE|CREATE|UNWIND|DETACH DELETE)\s*\(/,
  /\bRETURN\s+\w/,
  /\bCALL\s+(db|dbms|apoc)\.\w/,
  /\bCREATE\s+(CONSTRAINT|INDEX|FULLTEXT INDEX)\b/,
];

/** The contents of the string and template literals of a TypeScript source; comments are skipped. */
function stringLiterals(code: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      i = end < 0 ? code.length : end;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let text = '';
      // Quotes end at a newline too, so that a quote inside a regular expression spoils one line at most.
      while (j < code.length && code[j] !== c && (c === '`' || code[j] !== '\n')) {
        if (code[j] === '\\') j++;
        text += code[j] ?? '';
        j++;
      }
      out.push(text);
      i = j + 1;
    } else i++;
  }
  return out;
}

const cypherIn = (code: string) => stringLiterals(code).filter((s) => CYPHER_PATTERNS.some((p) => p.test(s)));

describe('Cypher in TypeScript', () => {
  it('is detected in string and template literals but not in comments', () => {
    expect(cypherIn("const q = 'MATCH (n) RETURN n';")).toHaveLength(1);
    expect(cypherIn('const q = `UNWIND $rows AS row\nMERGE (n:Entity {id: row.id})`;')).toHaveLength(1);
    expect(cypherIn('run("CALL db.index.fulltext.queryNodes(\'x\', $q)")')).toHaveLength(1);
    expect(cypherIn("// MATCH (n) RETURN n\n/* CREATE (x) */ const s = 'match the label';")).toEqual([]);
    expect(cypherIn("const a = 'it''s'; // don't MATCH (n)\nconst b = 'ok';")).toEqual([]);
  });

  it('appears in no server module other than the loader and the DDL generator', () => {
    expect(sources.length).toBeGreaterThan(10);
    const offenders = sources
      .filter(({ file }) => !ALLOWED.has(file))
      .flatMap(({ file, text }) => cypherIn(text).map((s) => `${file}: ${s.trim().slice(0, 80)}`));
    expect(offenders).toEqual([]);
  });

  it('is found in the DDL generator, so the scan does see real Cypher', () => {
    const ddl = sources.find(({ file }) => file === 'server/src/schema/ddl.ts');
    expect(ddl).toBeDefined();
    expect(cypherIn(ddl!.text).length).toBeGreaterThan(0);
  });
});

describe('multi-line headers', () => {
  it('joins the continuation lines of a @description and keeps them out of the statement', () => {
    const file = parseCypherFile('q', '// @description The first line of it\n//   and its continuation.\nRETURN 1');
    expect(file.description).toBe('The first line of it and its continuation.');
    expect(file.text).toBe('RETURN 1');
  });
});

describe('templates for labels and relationship types', () => {
  const allowed = (kind: string, value: string) => (kind === 'nodeLabel' ? isNodeLabel(value) : isRelationshipType(value));
  const file = parseCypherFile('t', '// @template TYPE: relationshipType\nMATCH ()-[r:{{TYPE}}]->() RETURN r');

  it('fills a slot with a relationship type of the schema', () => {
    expect(renderTemplate(file, { TYPE: 'HOLDS_POST' }, allowed)).toBe('MATCH ()-[r:HOLDS_POST]->() RETURN r');
  });

  it('refuses anything that is not in the schema, so user text never reaches the query', () => {
    expect(() => renderTemplate(file, { TYPE: 'HOLDS_POST]->() DETACH DELETE r //' }, allowed)).toThrow(/not a relationshipType/);
    expect(() => renderTemplate(file, { TYPE: 'Person' }, allowed)).toThrow(/not a relationshipType/);
    expect(() => renderTemplate(file, {}, allowed)).toThrow(/no value/);
  });

  it('refuses a slot without a header', () => {
    expect(() => parseCypherFile('u', 'MATCH (n:{{LABEL}}) RETURN n')).toThrow(/without an @template header/);
  });
});
