// The mapping language for spreadsheets (CSV/TSV, XLSX): a YAML or JSON file that says how a file's rows
// become facts. The zod schema below is the language's one definition: loadMapping validates with
// it, docs/mapping.schema.json is generated from it, docs/mappings.md documents it. Nothing in the
// reader knows any particular dataset; everything dataset-specific lives in data/mappings/*.yaml.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import YAML from 'yaml';
import { z } from 'zod';

import { ValidationError, jsonPath, type FieldIssue } from '../../errors';
import { NODE_LABELS, RELATIONSHIP_TYPE_NAMES } from '../../schema/model';
import { FILTER_NAMES } from './template';

/** Where shipped mappings live: data/mappings/NAME.yaml (or .json). */
export const MAPPINGS_DIR = path.resolve(__dirname, '../../../../data/mappings');

/** How many lines `headerLine: auto` looks through for the header (government releases put a title, a
 * blank line or a note above their table; a data row further down is no header). */
export const HEADER_SEARCH_LINES = 20;

const template = z
  .string()
  .describe(
    'A template: text with {path} placeholders (columns by name, param.NAME, var.NAME, file.name, file.stem, row, line, group, source, item, item.FIELD), ' +
      'filters after | (slug, lower, upper) and fallbacks with ?? ({param.year ?? var.fileYear}).',
  );
const regex = z
  .string()
  .refine(
    (s) => {
      try {
        new RegExp(s, 'u');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be a valid regular expression' },
  )
  .describe('A regular expression (JavaScript syntax, case-insensitive unless stated)');

const stringOrList = z.union([z.string(), z.array(z.string()).min(1)]);

const paramSpec = z.strictObject({
  description: z.string().optional(),
  default: z.string().optional().describe('Value when --param NAME=… is not given'),
  pattern: regex.optional().describe('The value must match this (anchored) pattern'),
  required: z.boolean().optional().describe('The import fails when the parameter is missing'),
});

const varCase = z.strictObject({
  file: regex.describe('Pattern on the file name (case-insensitive); its groups are {match.1}, {match.2} … in value'),
  value: template.optional().describe('Value when the pattern matches (default: the first group, else the whole match)'),
});

const varSpec = z
  .strictObject({
    value: template.optional().describe('A template (may use param.NAME and file.*)'),
    file: regex.optional().describe('A pattern on the file name: the value is its first group (or the whole match)'),
    cases: z.array(varCase).optional().describe('Patterns on the file name tried in order; the first that matches gives the value'),
    map: z.record(z.string(), z.string()).optional().describe('Replaces the value found by a table (keys compared case-insensitively)'),
    default: z.string().optional().describe('Value when nothing matched'),
  })
  .describe('A value per file: from a parameter, the file name, or a constant');

const splitSpec = z.strictObject({
  separators: z.array(z.string().min(1)).optional().describe('Strings that separate items (default [";", ","]); never inside parentheses'),
  peopleSeparators: z
    .array(z.string().min(1))
    .optional()
    .describe('Separators applied only when every part they give is a person or a known name (" and ", " & ")'),
  protect: z
    .array(regex)
    .optional()
    .describe('A separator is not a split when the text after it matches one of these (e.g. "\\\\s*(Inc|Ltd|plc)\\\\b")'),
  protectNames: z.array(z.string()).optional().describe('Names that contain a separator and stay whole ("Marks, Spencer & Co")'),
  ignore: z.array(regex).optional().describe('Items matching one of these (anchored) are dropped without a problem ("constituents")'),
  labels: z
    .array(regex)
    .optional()
    .describe('A list heading ("Roundtable:") matching one of these is a label of the list, not a participant; reported as a warning'),
  affiliateWithin: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('A person directly followed by an organisation belongs to it when the cell lists at most this many items (default 3)'),
});

const namesSpec = z
  .strictObject({
    honorifics: z
      .array(z.string())
      .optional()
      .describe('Words before a name that mark a person and are dropped from it ("The Rt Hon", "Sir", "Dr", "Mr")'),
    suffixes: z.array(z.string()).optional().describe('Words after a name that mark a person and are dropped ("MP", "QC", "DBE")'),
    titles: z
      .array(z.string())
      .optional()
      .describe('Words before a name that mark a person and stay part of the name ("Lord", "Baroness", "Earl")'),
    givenNames: z
      .array(z.string())
      .optional()
      .describe('When given, a name without honorific or title is a person only if its first word is one of these'),
    personPatterns: z.array(regex).optional().describe('Items matching one of these are people, named as written ("^Archbishop of ")'),
    posts: z
      .array(regex)
      .optional()
      .describe('Patterns of posts ("Prime Minister", "Chairman"); a part of a person cell that matches is a post held, not the name'),
    postPrefixes: z
      .array(z.string())
      .optional()
      .describe('Posts written before an organisation: "Chairman of HSBC", "CEO British Land", "Founder of X"'),
    organisationKinds: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe('Organisation kind → words that mark it ("company": [Ltd, plc, Group]); the first kind whose word occurs wins'),
    legalForms: z
      .array(z.string())
      .optional()
      .describe(
        "Words of company law that make a name a company's (default: Ltd, Limited, plc, Inc, LLP, LLC, GmbH, AG, SA, NV, BV, SpA, Corp, …)",
      ),
    defaultKind: z.string().optional().describe('Kind of an organisation no word identifies (default "other")'),
    people: z.array(z.string()).optional().describe('Names that are people whatever their shape'),
    organisations: z.array(z.string()).optional().describe('Names that are organisations whatever their shape ("John Lewis")'),
  })
  .describe('How names in cells are told apart: people, their posts, organisations and their kinds');

const dateSpec = z.strictObject({
  formats: z
    .array(z.string().min(1))
    .min(1)
    .describe(
      'date-fns parse formats tried in order ("dd-MM-yyyy", "MMM-yy", "MMMM, yyyy", "MMMM yyyy", "yyyy", a bare "MMMM"); ' +
        '"DD-MM-YYYY" style is accepted; "months" reads a range of months ("Oct/Nov/Dec", "Oct-Dec"); ' +
        '"days" a range of days ("4-5 Jan 2016", "30 Jan - 2 Feb"), as its first day, {column.end} its last',
    ),
  year: template.optional().describe('Year for formats without one (a bare month): e.g. "{param.year ?? var.fileYear}"'),
  replace: z
    .record(z.string(), z.string())
    // Keys are regular expressions: checked here, or a bad one is a stack trace at the first row.
    .superRefine((table, ctx) => {
      for (const key of Object.keys(table)) {
        try {
          new RegExp(key, 'giu');
        } catch (e) {
          ctx.addIssue({ code: 'custom', path: [key], message: `the key is not a valid regular expression (${(e as Error).message})` });
        }
      }
    })
    .optional()
    .describe('Replacements (regex → text) applied before parsing ("\\\\bSept\\\\b": "Sep")'),
  ranges: z
    .enum(['start', 'year'])
    .optional()
    .describe('A month range gives its first month ("start") or its year ("year", default); {column.end} is its last month'),
});

const columnSpec = z.strictObject({
  header: stringOrList.describe('Header text(s) of the column, matched ignoring case, spaces and punctuation'),
  required: z.boolean().optional().describe('The file is refused when no header matches (default false)'),
  position: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Column number (from 1) to read when no header matches and the heading there is blank (a first column without a heading)'),
  fillDown: z.boolean().optional().describe('A blank cell takes the value of the cell above ("as above")'),
  type: z
    .enum(['text', 'date', 'country', 'person', 'list', 'participants'])
    .optional()
    .describe(
      'text (default); date (needs date); country (name or code → ISO 3166-1 alpha-2); person (a name with posts and honorifics); ' +
        'list (items split by separators); participants (people and organisations, with their affiliations)',
    ),
  date: dateSpec.optional(),
  map: z
    .record(z.string(), z.string())
    .optional()
    .describe('A table applied to the cell (keys compared ignoring case): "shadow" → "shadow_rapporteur"; other values pass unchanged'),
  countries: z.record(z.string(), z.string()).optional().describe('Extra country names → ISO codes for type country ("UK": "GB")'),
  split: splitSpec.optional().describe('Splitting for list and participants (overrides the mapping-wide split)'),
  severity: z
    .enum(['error', 'warning'])
    .optional()
    .describe('A value that cannot be read rejects the record (error, default) or is dropped (warning)'),
});

const propertyValue = z.union([
  template,
  z.array(template).describe('A list property: each template gives one entry; empty ones are dropped'),
  z.strictObject({ const: z.unknown().describe('A constant value, used as is') }),
]);

const factCommon = {
  each: z
    .string()
    .optional()
    .describe('Repeat for each item of a list: COLUMN (a list column), COLUMN.people, COLUMN.organizations, COLUMN.posts'),
  when: template.optional().describe('Only when this renders non-empty'),
  unless: template.optional().describe('Not when this renders non-empty'),
  perGroup: z.boolean().optional().describe("Read from the group's first row (grouped rows then state the same properties)"),
  properties: z.record(z.string(), propertyValue).default({}).describe('Property name → value; a value that renders empty is left out'),
};

const entitySpec = z.strictObject({
  type: z.enum(NODE_LABELS as [string, ...string[]]),
  id: template.describe('Id template; give it a prefix and slug the parts ("person-{item.name|slug}")'),
  ...factCommon,
});

const relationshipSpec = z.strictObject({
  type: z.enum(RELATIONSHIP_TYPE_NAMES as [string, ...string[]]),
  id: template.optional().describe('Id template (default: type, source and target slugged)'),
  source: template.describe('Id of the start node (a template giving an id of an entity of this mapping or of the graph)'),
  target: template.describe('Id of the end node'),
  ...factCommon,
});

const skipRule = z
  .strictObject({
    empty: z.boolean().optional().describe('Rows whose cells are all blank'),
    column: z.string().optional().describe('A column name (of columns)'),
    matches: regex.optional().describe('The cell matches this pattern (case-insensitive)'),
    blank: z.boolean().optional().describe('The cell is blank'),
    rest: z.boolean().optional().describe('Skip this row and every row after it (notes at the end of a file)'),
    reason: z.string().optional().describe('Why, for the report (default: the rule)'),
  })
  .refine((r) => r.empty || (r.column && (r.matches || r.blank)), { message: 'needs empty: true, or column with matches or blank' });

const sourceSpec = z.strictObject({
  id: template.describe('Id of the Source node, one per file release ("src-cabinet-office-{file.stem|slug}")'),
  title: template,
  publisher: template.optional(),
  url: template.optional(),
  licence: template.optional(),
  kind: z.enum(['article', 'dataset', 'register', 'document']).optional().describe('Default dataset'),
  version: template.optional().describe('Default {file.name}'),
  retrieved: template.optional().describe('When retrieved, YYYY[-MM[-DD]]'),
  published: template.optional(),
  language: template.optional(),
  summary: template.optional(),
});

export const mappingSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/)
      .optional()
      .describe('Short name (default: the file name)'),
    title: z.string().describe('What the mapping reads, in a few words'),
    description: z.string().optional(),
    format: z
      .literal('csv')
      .default('csv')
      .describe('csv: spreadsheets, as text (comma, semicolon, tab or pipe separated) or XLSX workbooks (told apart by their bytes)'),
    files: z
      .array(
        z.string().refine(
          (p) => {
            try {
              fileGlob(p);
              return true;
            } catch {
              return false;
            }
          },
          { message: 'must be a file-name pattern (* and ?) or a valid /regex/' },
        ),
      )
      .default([])
      .describe('File name patterns (* and ?, case-insensitive, or /regex/) this mapping is picked for automatically'),
    params: z.record(z.string(), paramSpec).default({}).describe('Parameters given as --param NAME=VALUE'),
    read: z
      .strictObject({
        encoding: z.string().default('auto').describe('auto (detected), utf-8, windows-1252, iso-8859-1, utf-16le … (text files)'),
        delimiter: z.string().default('auto').describe('auto (detected from the header line), ",", ";", "\\t", "|" (text files)'),
        headerLine: z
          .union([z.number().int().min(1), z.literal('auto')])
          .default('auto')
          .describe(
            `Physical line of the header (lines above are ignored); in a worksheet its row number, blank rows above the table passed over. auto (default): the first of the first ${HEADER_SEARCH_LINES} lines that has a header of every required column (and of at least one column), so that title lines above a table are passed over`,
          ),
        sheet: z
          .union([z.string().min(1), z.number().int().min(1)])
          .optional()
          .describe(
            "XLSX and ODS workbooks: the sheet to read, by its name (case-insensitive) or its position among the sheets from 1 (default: the first sheet with the mapping's header among its first rows when headerLine is auto, else the first); text files ignore it",
          ),
        collapseWhitespace: z.boolean().default(true).describe('Trim cells and collapse runs of whitespace to one space'),
      })
      .prefault({}),
    vars: z.record(z.string(), varSpec).default({}).describe('Values per file, used as {var.NAME}'),
    columns: z.record(z.string(), columnSpec).describe('Column name (used in templates) → how to find and read it'),
    names: namesSpec.default({}),
    split: splitSpec.default({}).describe('Mapping-wide splitting of list and participants cells'),
    skip: z.array(skipRule).default([]).describe('Rows that are not records: counted as skipped, not imported'),
    group: z
      .strictObject({
        by: z
          .array(z.string())
          .optional()
          .describe('Rows with equal values in these columns form one group: {group} is their slugged values'),
        continueWhen: z
          .strictObject({ blank: z.array(z.string()).min(1) })
          .optional()
          .describe('A row whose listed cells are blank continues the group of the row above'),
      })
      .optional()
      .describe('Grouping rows into one fact (one meeting): {group} is the same for every row of a group'),
    recordId: template.optional().describe("The record's own id in its dataset, if a column holds one"),
    source: sourceSpec,
    entities: z.record(z.string(), entitySpec).describe('Nodes each row yields, by a name of your choice'),
    relationships: z.array(relationshipSpec).default([]),
  })
  .describe('A Liaison mapping: how the rows of a spreadsheet become cited facts');

export type Mapping = z.output<typeof mappingSchema> & { name: string };
export type MappingInput = z.input<typeof mappingSchema>;
export type ColumnSpec = z.output<typeof columnSpec>;
export type NamesSpec = z.output<typeof namesSpec>;
export type SplitSpec = z.output<typeof splitSpec>;
export type DateSpec = z.output<typeof dateSpec>;
export type EntitySpec = z.output<typeof entitySpec>;
export type RelationshipSpec = z.output<typeof relationshipSpec>;
export type VarSpec = z.output<typeof varSpec>;

/** The published JSON Schema (docs/mapping.schema.json). */
export function mappingJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(mappingSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://liaison.local/mapping.schema.json',
    title: 'Liaison spreadsheet mapping',
  };
}

/** Validates a mapping object; problems come back as a ValidationError with JSON paths. */
export function parseMapping(input: unknown, name?: string): Mapping {
  const result = mappingSchema.safeParse(input);
  if (!result.success) {
    const issues: FieldIssue[] = result.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message, code: i.code }));
    throw new ValidationError(`The mapping${name ? ` ${name}` : ''} is not valid`, issues);
  }
  const mapping = result.data;
  const issues: FieldIssue[] = [];
  // Cross-references the schema cannot see: a rule or group naming a column that is not declared.
  const known = new Set(Object.keys(mapping.columns));
  mapping.skip.forEach((r, i) => {
    if (r.column && !known.has(r.column))
      issues.push({ path: `$.skip[${i}].column`, message: `no column ${r.column} in columns`, code: 'unknown_column' });
  });
  for (const [key, list] of [
    ['by', mapping.group?.by],
    ['continueWhen.blank', mapping.group?.continueWhen?.blank],
  ] as const) {
    list?.forEach((c, i) => {
      if (!known.has(c)) issues.push({ path: `$.group.${key}[${i}]`, message: `no column ${c} in columns`, code: 'unknown_column' });
    });
  }
  for (const [key, col] of Object.entries(mapping.columns)) {
    if (col.type === 'date' && !col.date)
      issues.push({ path: `$.columns.${key}.date`, message: 'a date column needs date.formats', code: 'missing_value' });
  }
  issues.push(...templateIssues(mapping));
  if (issues.length) throw new ValidationError(`The mapping${name ? ` ${name}` : ''} is not valid`, issues);
  return { ...mapping, name: mapping.name ?? name ?? 'mapping' };
}

const ROOTS = new Set(['param', 'var', 'file', 'row', 'line', 'group', 'source', 'item', 'match']);
const COLUMN_PARTS = new Set(['raw', 'name', 'posts', 'start', 'end', 'items', 'people', 'organizations', 'summary', 'count']);
// The filters templates know, from the one table that applies them.
const FILTERS = new Set(FILTER_NAMES);
const EACH_PARTS: Record<string, string> = { items: 'list', people: 'participants', organizations: 'participants', posts: 'person' };

/** Placeholders naming no column or value, and unknown filters: found when the mapping is loaded, not on row 1 000 000. */
function templateIssues(mapping: z.output<typeof mappingSchema>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const columns = new Set(Object.keys(mapping.columns));
  const check = (template: unknown, at: string) => {
    if (typeof template !== 'string') return;
    for (const m of template.matchAll(/\{([^{}]+)\}/g)) {
      for (const alt of m[1]!.split('??')) {
        const [p, ...filters] = alt.split('|').map((x) => x.trim());
        if (!p || /^".*"$/.test(p)) continue;
        const [root, part] = p.split('.', 2) as [string, string | undefined];
        if (!ROOTS.has(root) && !columns.has(root)) {
          issues.push({
            path: at,
            message: `{${p}} names no column (${[...columns].join(', ')}) nor param., var., file., row, line, group, source, item`,
            code: 'unknown_name',
          });
        } else if (columns.has(root) && part !== undefined && !COLUMN_PARTS.has(part)) {
          issues.push({
            path: at,
            message: `{${p}}: a column has no part "${part}" (${[...COLUMN_PARTS].join(', ')})`,
            code: 'unknown_name',
          });
        }
        for (const f of filters)
          if (!FILTERS.has(f))
            issues.push({ path: at, message: `unknown filter ${f} (${[...FILTERS].join(', ')})`, code: 'unknown_filter' });
      }
    }
  };
  const checkFact = (spec: { each?: string; when?: string; unless?: string; properties: Record<string, unknown> }, at: string) => {
    if (spec.each) {
      const [root, part = 'items'] = spec.each.split('.', 2) as [string, string | undefined];
      const type = mapping.columns[root]?.type;
      const fits = EACH_PARTS[part] !== undefined && type === EACH_PARTS[part];
      if (!fits)
        issues.push({
          path: `${at}.each`,
          message: `each takes a list: LIST_COLUMN, PARTICIPANTS_COLUMN.people or .organizations, PERSON_COLUMN.posts; ${spec.each} is not one`,
          code: 'unknown_name',
        });
    }
    check(spec.when, `${at}.when`);
    check(spec.unless, `${at}.unless`);
    for (const [k, v] of Object.entries(spec.properties)) {
      if (Array.isArray(v)) v.forEach((t, i) => check(t, `${at}.properties.${k}[${i}]`));
      else check(v, `${at}.properties.${k}`);
    }
  };
  for (const [k, v] of Object.entries(mapping.source)) check(v, `$.source.${k}`);
  if (mapping.recordId) check(mapping.recordId, '$.recordId');
  for (const [name, e] of Object.entries(mapping.entities)) {
    check(e.id, `$.entities.${name}.id`);
    checkFact(e, `$.entities.${name}`);
  }
  mapping.relationships.forEach((r, i) => {
    for (const k of ['id', 'source', 'target'] as const) check(r[k], `$.relationships[${i}].${k}`);
    checkFact(r, `$.relationships[${i}]`);
  });
  for (const [key, col] of Object.entries(mapping.columns)) if (col.date?.year) check(col.date.year, `$.columns.${key}.date.year`);
  return issues;
}

function readMappingFile(file: string): Mapping {
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    throw new ValidationError(`The mapping ${file} cannot be read`, [{ path: '$', message: (error as Error).message, code: 'syntax' }]);
  }
  return parseMapping(data, path.basename(file).replace(/\.(ya?ml|json)$/i, ''));
}

/** A mapping by name (data/mappings/NAME.yaml), by path (.yaml, .yml, .json), or as an object. */
export function loadMapping(nameOrPath: string | object): Mapping {
  if (typeof nameOrPath === 'object') return parseMapping(nameOrPath);
  if (/^[a-z0-9][a-z0-9-]*$/i.test(nameOrPath)) {
    for (const ext of ['.yaml', '.yml', '.json']) {
      const file = path.join(MAPPINGS_DIR, nameOrPath + ext);
      if (existsSync(file)) return readMappingFile(file);
    }
  }
  if (existsSync(nameOrPath)) return readMappingFile(nameOrPath);
  throw new ValidationError(`No mapping ${nameOrPath}`, [
    {
      path: 'mapping',
      message: `no mapping named ${nameOrPath} in data/mappings and no such file; known: ${mappingNames().join(', ')}`,
      code: 'unknown_mapping',
    },
  ]);
}

function mappingNames(): string[] {
  if (!existsSync(MAPPINGS_DIR)) return [];
  return readdirSync(MAPPINGS_DIR)
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .map((f) => f.replace(/\.(ya?ml|json)$/i, ''))
    .sort();
}

export interface MappingListing {
  name: string;
  title: string;
  description?: string;
  format: string;
  files: string[];
  params: Record<string, { description?: string; default?: string; required?: boolean }>;
}

/** The shipped mappings (for GET /api/import/mappings and the CLI). */
export function listMappings(): MappingListing[] {
  return mappingNames().map((name) => {
    const m = loadMapping(name);
    return { name: m.name, title: m.title, description: m.description, format: m.format, files: m.files, params: m.params };
  });
}

/** "*.csv", "pm*meetings*.csv": a file-name glob, case-insensitive; or "/regex/flags" (as the pipeline reads `files`). */
export function fileGlob(pattern: string): RegExp {
  const re = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (re) return new RegExp(re[1]!, re[2]!.includes('i') ? 'i' : '');
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** The shipped mapping whose `files` patterns match a file name, if exactly one does. */
export function findMappingForFile(fileName: string): Mapping | undefined {
  const base = path.basename(fileName);
  const hits = mappingNames()
    .map((n) => loadMapping(n))
    .filter((m) => m.files.some((p) => fileGlob(p).test(base)));
  return hits.length === 1 ? hits[0] : undefined;
}
