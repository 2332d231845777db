// The one loader of Cypher text: every statement Liaison runs lives in cypher/ as a named .cypher
// file with a header, and is referenced by its name (its path under cypher/ without extension).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const CYPHER_DIR = path.resolve(__dirname, '../../../cypher');

export interface CypherParam {
  name: string;
  type: string;
  defaultValue?: unknown;
  description: string;
}

/** What a template slot may hold: a name from the schema's allow-list, never user text. */
export type TemplateKind = 'nodeLabel' | 'relationshipType';

export interface CypherFile {
  /** Path under cypher/ without extension, e.g. "queries/search-entities". */
  name: string;
  description: string;
  /**
   * read/write: run in a managed transaction of that access mode. schema and autocommit: run as an
   * auto-commit statement (index administration, CALL … IN TRANSACTIONS), never inside another.
   */
  mode: 'read' | 'write' | 'schema' | 'autocommit';
  params: CypherParam[];
  /**
   * Slots written {{NAME}} in the text, for labels and relationship types: Cypher cannot take them
   * as parameters without losing index use, so they are filled from the schema's allow-list.
   */
  templates: Array<{ name: string; kind: TemplateKind }>;
  /**
   * `// @library`: a read query offered to researchers by name (GET /api/queries, POST
   * /api/queries/:name). Everything else (imports, system statements, the server's own reads) is
   * internal and cannot be run by name over HTTP.
   */
  library: boolean;
  /** The statement text with its header comments removed. */
  text: string;
}

/**
 * Parameter types a library query may declare; the console validates requests against them
 * (console/named-queries.ts). `date` is a string YYYY, YYYY-MM or YYYY-MM-DD passed as such, so the
 * query can read its precision from its length.
 */
export const LIBRARY_PARAM_TYPES = ['string', 'string[]', 'integer', 'float', 'boolean', 'date', 'list'] as const;
export type LibraryParamType = (typeof LIBRARY_PARAM_TYPES)[number];

const HEADER_LINE = /^\/\/\s*@(\w+)\s*(.*)$/;
// "@param name: type = default — description"; the default is JSON.
const PARAM_LINE = /^(\w+)\s*:\s*([\w[\]|<>]+)(?:\s*=\s*(\S+))?\s*(?:[—-]\s*(.*))?$/;

export function parseCypherFile(name: string, source: string): CypherFile {
  const file: CypherFile = { name, description: '', mode: 'read', params: [], templates: [], library: false, text: '' };
  const body: string[] = [];
  let lastKey: string | null = null;
  for (const line of source.split('\n')) {
    const m = HEADER_LINE.exec(line.trim());
    if (!m) {
      // An indented comment right after a header line continues it ("//   …").
      const more = /^\/\/\s{2,}(\S.*)$/.exec(line.trim());
      if (more && body.length === 0 && lastKey === 'description') {
        file.description = `${file.description} ${more[1]}`;
        continue;
      }
      if (more && body.length === 0 && lastKey === 'param' && file.params.length > 0) {
        const p = file.params[file.params.length - 1]!;
        p.description = `${p.description} ${more[1]}`.trim();
        continue;
      }
      lastKey = null;
      body.push(line);
      continue;
    }
    lastKey = m[1] ?? null;
    const [, key, rest = ''] = m;
    if (key === 'description') file.description = file.description ? `${file.description} ${rest}` : rest;
    else if (key === 'mode') {
      if (rest !== 'read' && rest !== 'write' && rest !== 'schema' && rest !== 'autocommit')
        throw new Error(`${name}.cypher: @mode must be read, write, schema or autocommit`);
      file.mode = rest;
    } else if (key === 'param') {
      const p = PARAM_LINE.exec(rest.trim());
      if (!p) throw new Error(`${name}.cypher: cannot read @param "${rest}" (expected "name: type = default — description")`);
      const [, pname = '', ptype = '', pdefault, pdesc = ''] = p;
      file.params.push({
        name: pname,
        type: ptype,
        description: pdesc,
        ...(pdefault !== undefined ? { defaultValue: JSON.parse(pdefault) as unknown } : {}),
      });
    } else if (key === 'template') {
      const t = /^([A-Z_]+)\s*:\s*(nodeLabel|relationshipType)\b/.exec(rest.trim());
      if (!t) throw new Error(`${name}.cypher: cannot read @template "${rest}" (expected "NAME: nodeLabel|relationshipType")`);
      file.templates.push({ name: t[1]!, kind: t[2] as TemplateKind });
    } else if (key === 'library') file.library = true;
    else if (key !== 'name') throw new Error(`${name}.cypher: unknown header @${key}`);
  }
  file.text = body.join('\n').trim();
  if (!file.text) throw new Error(`${name}.cypher has no statement`);
  const slots = new Set([...file.text.matchAll(/\{\{([A-Z_]+)\}\}/g)].map((m) => m[1] ?? ''));
  const declared = new Set(file.templates.map((t) => t.name));
  for (const slot of slots) if (!declared.has(slot)) throw new Error(`${name}.cypher uses {{${slot}}} without an @template header`);
  if (file.library) {
    // Researchers run library queries with their own parameters: read-only, no template slots, typed parameters.
    if (file.mode !== 'read' || file.templates.length > 0)
      throw new Error(`${name}.cypher: a @library query must be @mode read, without templates`);
    for (const p of file.params)
      if (!(LIBRARY_PARAM_TYPES as readonly string[]).includes(p.type))
        throw new Error(`${name}.cypher: @param ${p.name} has type ${p.type}; a @library query may use ${LIBRARY_PARAM_TYPES.join(', ')}`);
  }
  return file;
}

/**
 * Fills a template's slots. Each value must be a label or relationship type of the schema (the
 * caller passes `allowed`), so nothing a user typed can reach the query text.
 */
export function renderTemplate(
  file: CypherFile,
  values: Record<string, string>,
  allowed: (kind: TemplateKind, value: string) => boolean,
): string {
  let text = file.text;
  for (const t of file.templates) {
    const value = values[t.name];
    if (value === undefined) throw new Error(`${file.name}: no value for {{${t.name}}}`);
    if (!allowed(t.kind, value)) throw new Error(`${file.name}: "${value}" is not a ${t.kind} of the schema`);
    text = text.replaceAll(`{{${t.name}}}`, value);
  }
  return text;
}

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return walk(path.join(dir, entry.name), rel);
    return entry.name.endsWith('.cypher') ? [rel.replace(/\.cypher$/, '')] : [];
  });
}

let cache: Map<string, CypherFile> | null = null;

/** All statements under cypher/, read once. schema.cypher is a script, not a statement: see ddl.ts. */
export function cypherFiles(): Map<string, CypherFile> {
  if (!cache) {
    cache = new Map();
    for (const name of walk(CYPHER_DIR)) {
      if (name === 'schema') continue;
      cache.set(name, parseCypherFile(name, readFileSync(path.join(CYPHER_DIR, `${name}.cypher`), 'utf8')));
    }
  }
  return cache;
}

export function cypher(name: string): CypherFile {
  const file = cypherFiles().get(name);
  if (!file) throw new Error(`No Cypher statement named "${name}" in ${CYPHER_DIR}`);
  return file;
}

/** Statements of the schema script (cypher/schema.cypher), split on the ';' that ends each. */
export function schemaStatements(): string[] {
  return splitScript(readFileSync(path.join(CYPHER_DIR, 'schema.cypher'), 'utf8'));
}

export function splitScript(script: string): string[] {
  return script
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}
