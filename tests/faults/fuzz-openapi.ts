// Fuzz generators derived from the app's own OpenAPI description: every documented operation gets
// requests aimed at it (its path parameters, query parameters, headers and body schema), so a route
// added later is fuzzed without anyone writing a generator for it. The hand-aimed generators in
// fuzz.ts take precedence where they exist; these cover the rest.
import { resolveRef } from '../../server/src/api/openapi/check';
import {
  type Dice,
  STRINGS,
  anyString,
  anyValue,
  day,
  enc,
  json,
  mutate,
  queryString,
  segment,
  type FuzzCase,
  type Generator,
  type Material,
} from './fuzz-values';

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
};

interface Param {
  name: string;
  schema: Schema;
}

/** One documented operation, as the fuzzer needs it. */
export interface Operation {
  /** "PATCH /api/nodes/:id": the key the per-endpoint counts use (as the hand-aimed generators name theirs). */
  endpoint: string;
  method: string;
  /** The OpenAPI path under /api, e.g. "/api/nodes/{id}". */
  path: string;
  query: Param[];
  headers: Param[];
  body: { contentTypes: string[]; schema: Schema } | null;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The operations of an OpenAPI document (the one the app serves at /api/openapi.json). */
export function readOperations(doc: unknown): Operation[] {
  const d = doc as { paths?: Record<string, Record<string, unknown>> };
  const out: Operation[] = [];
  for (const [p, item] of Object.entries(d.paths ?? {}))
    for (const method of METHODS) {
      const op = item[method] as
        { parameters?: Array<Record<string, unknown>>; requestBody?: { content?: Record<string, { schema?: Schema }> } } | undefined;
      if (!op) continue;
      const params = [...((item.parameters as Array<Record<string, unknown>> | undefined) ?? []), ...(op.parameters ?? [])].map((raw) =>
        typeof raw.$ref === 'string' ? (resolveRef(doc, raw.$ref) as Record<string, unknown>) : raw,
      );
      const of = (where: string): Param[] =>
        params.filter((x) => x.in === where).map((x) => ({ name: String(x.name), schema: (x.schema as Schema | undefined) ?? {} }));
      const content = op.requestBody?.content ?? {};
      const contentTypes = Object.keys(content);
      out.push({
        endpoint: `${method.toUpperCase()} /api${p.replace(/\{(\w+)\}/g, ':$1')}`,
        method: method.toUpperCase(),
        path: `/api${p}`,
        query: of('query'),
        headers: of('header'),
        body: contentTypes.length
          ? { contentTypes, schema: content['application/json']?.schema ?? content[contentTypes[0]!]?.schema ?? {} }
          : null,
      });
    }
  return out;
}

/** Ids of every kind the app gave out (nodes, relationships, changes, views, …), for path parameters. */
function anyId(d: Dice, m: Material): string {
  const pool = d.chance(0.5) && m.ids.length ? m.ids : d.chance(0.7) ? m.nodeIds : m.relIds;
  return d.pick(pool);
}

/** A string a schema would accept, guessed from its format and its property's name; sometimes a hostile one. */
function sampleString(d: Dice, m: Material, s: Schema, name: string): string {
  if (d.chance(0.15)) return anyString(d, m);
  if (s.format === 'date') return day(d);
  if (s.format === 'date-time') return d.pick(['2019-09-04T10:00:00Z', '2026-12-02T00:00:00.000Z', 'yesterday']);
  if (s.format === 'email') return d.pick(['a@example.org', 'not-an-email']);
  if (s.format === 'uri' || /url/i.test(name)) return d.pick(['https://example.org/article', 'javascript:alert(1)', 'ftp://x']);
  if (/(^id$|Id$|Ids$|^source$|^target$|^entity$|^subject$|^node$|^from$|^to$)/.test(name)) return anyId(d, m);
  if (/password/i.test(name)) return d.pick(['correct horse battery staple', 'short', '']);
  if (/language/i.test(name)) return d.pick(['de', 'en', 'ru', 'xx', '']);
  if (/text|quote/i.test(name))
    return d.pick([
      'Nikolai Patrushev traf am 4. September in Baku Präsident Ilham Aliyev.',
      'Secretary Nikolai Patrushev met Prime Minister Nikol Pashinyan in Yerevan on 5 September 2019.',
      'Секретарь Совбеза Николай Патрушев встретился с Ильхамом Алиевым в Баку.',
      'x'.repeat(Math.min(s.maxLength ?? 20_000, 20_000)),
    ]);
  const v = d.pick(['Fuzz', 'Nikolai Patrushev', 'Baku', 'reported', d.pick(STRINGS)]);
  return s.maxLength !== undefined && d.chance(0.8) ? v.slice(0, s.maxLength) : v;
}

/** A value that mostly fits `schema` (required properties, enums, bounds), so requests reach past validation. */
export function sample(d: Dice, m: Material, doc: unknown, schema: Schema | undefined, name = '', depth = 0): unknown {
  if (!schema || depth > 8) return anyValue(d, m, 1);
  if (schema.$ref) return sample(d, m, doc, resolveRef(doc, schema.$ref) as Schema, name, depth + 1);
  if ('const' in schema) return schema.const;
  if (schema.enum?.length) return d.pick(schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return sample(d, m, doc, d.pick(alternatives), name, depth + 1);
  if (schema.allOf?.length) {
    const parts = schema.allOf.map((s) => sample(d, m, doc, s, name, depth + 1));
    return parts.every((p) => p && typeof p === 'object' && !Array.isArray(p)) ? Object.assign({}, ...parts) : parts[0];
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const type =
    types.length > 1 && d.chance(0.9)
      ? d.pick(types.filter((t) => t !== 'null'))
      : (types[0] ?? (schema.properties ? 'object' : schema.items ? 'array' : ''));
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [key, prop] of Object.entries(schema.properties ?? {}))
        if (required.has(key) || d.chance(0.5)) o[key] = sample(d, m, doc, prop, key, depth + 1);
      if (!schema.properties && schema.additionalProperties && typeof schema.additionalProperties === 'object')
        for (let i = d.int(3); i > 0; i--)
          o[d.pick(['name', 'date', 'place', 'role', 'x'])] = sample(d, m, doc, schema.additionalProperties, '', depth + 1);
      return o;
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      const n = min + d.int(Math.max(1, Math.min((schema.maxItems ?? 3) - min, 3) + 1));
      return Array.from({ length: n }, () => sample(d, m, doc, schema.items, name, depth + 1));
    }
    case 'string':
      return sampleString(d, m, schema, name);
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? 0;
      const hi = Math.min(schema.maximum ?? lo + 50, lo + 1_000);
      const v = lo + d.int(Math.max(1, hi - lo + 1));
      return type === 'number' && d.chance(0.3) ? v + 0.5 : v;
    }
    case 'boolean':
      return d.chance(0.5);
    case 'null':
      return null;
    default:
      return anyValue(d, m, 2);
  }
}

/** A query parameter's value as text: lists comma-joined as the API takes them. */
const asText = (v: unknown): string =>
  Array.isArray(v) ? v.map(asText).join(',') : v && typeof v === 'object' ? JSON.stringify(v) : String(v);

const FILE_NAMES = [
  'meetings.csv',
  'bundle.json',
  'book.xlsx',
  '../../etc/passwd',
  '%E0%A4%A',
  'Баку.csv',
  'x'.repeat(400),
  'a\u0000b.csv',
  '',
];
const RAW_BODIES = [
  'name,date,place\nNikolai Patrushev,2019-09-04,Baku\n',
  'Minister,Date,Name of organisation,Purpose of meeting\n"Rt Hon X",Oct-11,"ITV: A, B",Talks\n,,Other,\n',
  '\u00ef\u00bb\u00bfa;b\r\n1;2\r\n',
  '{"nodes": []}',
  '{"id": "x", "schema": "Person", "properties": {"name": ["X"]}}\n{"broken"',
  'PK\u0003\u0004 not really a zip',
  '',
  '\u0000\u0000\u0000',
];

function authHeaders(d: Dice, m: Material): Record<string, string> {
  const r = d.next();
  if (r < 0.8) return { authorization: `Bearer ${m.token}` };
  if (r < 0.85) return {};
  if (r < 0.9) return { cookie: d.pick(['liaison_session=nope', 'liaison_session=', 'a=b; liaison_session=%E0%A4%A']) };
  return { authorization: d.pick(['Bearer lk_nope', 'Bearer ', `Bearer ${m.token}x`, 'Basic YTpi']) };
}

/** A generator aimed at one documented operation. */
export function operationGenerator(op: Operation, doc: unknown): Generator {
  return (d: Dice, m: Material): FuzzCase => {
    const path = op.path.replace(/\{(\w+)\}/g, () => (d.chance(0.6) ? enc(anyId(d, m)) : segment(d, m)));
    const good = Object.fromEntries(op.query.map((q) => [q.name, () => asText(sample(d, m, doc, q.schema, q.name))]));
    const headers: Record<string, string> = authHeaders(d, m);
    for (const h of op.headers) if (d.chance(0.5)) headers[h.name] = enc(d.pick(FILE_NAMES));
    let body: Buffer | undefined;
    if (op.body) {
      const jsonTypes = op.body.contentTypes.filter((t) => /json/.test(t));
      const contentType = jsonTypes.length && d.chance(0.7) ? jsonTypes[0]! : d.pick(op.body.contentTypes);
      headers['content-type'] = contentType;
      if (/json/.test(contentType) && !/ndjson|jsonl/.test(contentType))
        body = json(d.chance(0.85) ? mutate(d, m, sample(d, m, doc, op.body.schema)) : anyValue(d, m));
      else body = Buffer.from(d.chance(0.8) ? d.pick(RAW_BODIES) : anyString(d, m));
    }
    return {
      endpoint: op.endpoint,
      method: op.method,
      path: `${path}${queryString(
        d,
        m,
        op.query.map((q) => q.name),
        good,
      )}`,
      headers,
      ...(body ? { body } : {}),
    };
  };
}

/** Generators for the documented operations that `handAimed` does not already cover. */
export function openApiGenerators(doc: unknown, handAimed: ReadonlySet<string>): Record<string, Generator> {
  const out: Record<string, Generator> = {};
  for (const op of readOperations(doc)) if (!handAimed.has(op.endpoint)) out[op.endpoint] = operationGenerator(op, doc);
  return out;
}
