// The fuzzer's raw material: seeded dice, hostile strings, numbers and JSON values, mutations of
// well-formed values, path segments and query strings, and the shape of one request. Shared by the
// hand-aimed generators (fuzz.ts) and the ones derived from the OpenAPI description (fuzz-openapi.ts).
// ---------------------------------------------------------------------------------------------
// Seeded randomness (tests/support/prng.ts)

export class Dice {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Material

/** Ids that exist in the demo graph, so some requests get past "not found" into the real work. */
export interface Material {
  nodeIds: string[];
  relIds: string[];
  queries: Array<{ name: string; params: Array<{ name: string; type: string }> }>;
  token: string;
  /** Ids of other kinds the app gave out (changes, views, judgements, jobs, users, keys, mappings), for path parameters. */
  ids: string[];
  /** The app's OpenAPI description (GET /api/openapi.json), from which every documented operation gets a generator. */
  openapi: unknown;
}

// Hostile but leak-check-safe strings: none holds a file path, "node_modules", "Exception" or a Java
// package name, so whatever the server echoes of them cannot be mistaken for a leak.
export const STRINGS = [
  '',
  ' ',
  'a',
  'x'.repeat(300),
  'Патрушев',
  'Patruschew',
  '帕特鲁舍夫',
  '\u202Eevil\u202C',
  'e\u0301\u0301\u0301',
  '🙂👩‍👩‍👧',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\uD800',
  '\uDFFF\uD800',
  '\u2028\u2029',
  '\t\r\n',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '99999999999999999999999',
  '0x10',
  'true',
  'null',
  '[]',
  '{}',
  "' OR 1=1 //",
  '") RETURN 1 //',
  '`backtick`',
  '$param',
  '${x}',
  '{{LABEL}}',
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '..%2F..%2F',
  '%00',
  '%E0%A4%A',
  '\\',
  '"',
  "'",
  'person-patrushev',
  'Person',
  'TAKES_PART',
  'yesterday',
  '2019-02-30',
  '2019-13',
  '0000-00-00',
  '2019-09-04T00:00:00Z',
  '-2019',
];

export const HUGE = () => 'z'.repeat(200_000);

export function anyString(d: Dice, m: Material): string {
  const r = d.next();
  if (r < 0.15) return d.pick(m.nodeIds);
  if (r < 0.2) return d.pick(m.relIds);
  if (r < 0.22) return HUGE();
  if (r < 0.3) return Array.from({ length: 1 + d.int(20) }, () => String.fromCharCode(d.int(0x3000))).join('');
  return d.pick(STRINGS);
}

export const NUMBERS = [
  0,
  -0,
  1,
  -1,
  2,
  3,
  4,
  5,
  50,
  99,
  100,
  101,
  500,
  501,
  1e6,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 63),
  1.5,
  1e308,
  -1e-308,
  0.1,
];

/** Any JSON value, `depth` bounding nesting (a deep value is made on purpose elsewhere). */
export function anyValue(d: Dice, m: Material, depth = 3): unknown {
  const r = d.next();
  if (r < 0.1) return null;
  if (r < 0.18) return d.chance(0.5);
  if (r < 0.35) return d.pick(NUMBERS);
  if (r < 0.7 || depth <= 0) return anyString(d, m);
  if (r < 0.85) return Array.from({ length: d.int(5) }, () => anyValue(d, m, depth - 1));
  const o: Record<string, unknown> = {};
  for (let i = d.int(5); i > 0; i--)
    o[d.chance(0.5) ? anyString(d, m).slice(0, 40) : d.pick(['id', 'type', '__proto__', 'constructor', 'kind'])] = anyValue(
      d,
      m,
      depth - 1,
    );
  return o;
}

/** Nested arrays or objects `n` deep, around the server's limit of 64 (and far beyond it). */
export function deep(d: Dice, n: number): string {
  const open = d.chance(0.5) ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  return `${open.repeat(n)}1${close.repeat(n)}`;
}
export const DEPTHS = [10, 40, 63, 64, 65, 100, 5_000, 100_000];

/** Occasionally replaces a field of a well-formed value by something else. */
export function mutate(d: Dice, m: Material, value: unknown, depth = 0): unknown {
  if (depth > 6 || !d.chance(0.7)) return value;
  if (Array.isArray(value)) {
    if (value.length === 0 || d.chance(0.15)) return d.chance(0.5) ? anyValue(d, m) : [...value, anyValue(d, m)];
    const copy = [...value];
    const i = d.int(copy.length);
    copy[i] = mutate(d, m, copy[i], depth + 1);
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const r = d.next();
    if (r < 0.15 || keys.length === 0) copy[anyString(d, m).slice(0, 30)] = anyValue(d, m);
    else if (r < 0.3) delete copy[d.pick(keys)];
    else {
      const k = d.pick(keys);
      copy[k] = mutate(d, m, copy[k], depth + 1);
    }
    return copy;
  }
  return anyValue(d, m);
}

// ---------------------------------------------------------------------------------------------
// Requests

export interface FuzzCase {
  /** The route it aims at, for the per-endpoint counts, e.g. "GET /api/nodes/:id". */
  endpoint: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** 504 is a fair answer here (a query that may run past its limit). */
  mayTimeOut?: boolean;
}

export const JSON_CT = { 'content-type': 'application/json' };

/** encodeURIComponent, with lone surrogates (which it refuses) made well-formed first. */
export const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
};
export const json = (v: unknown) => Buffer.from(JSON.stringify(v));

export function segment(d: Dice, m: Material): string {
  const r = d.next();
  if (r < 0.3) return enc(d.pick(m.nodeIds));
  if (r < 0.4) return d.pick(['%E0%A4%A', '%', '%zz', '%00', '%C0%AF', '%ED%A0%80', '%FF%FE', '..%2F..%2F', '%2e%2e', '.', '..']);
  if (r < 0.45) return 'n'.repeat(4_000 + d.int(4_000));
  return enc(anyString(d, m).slice(0, 2_000)).replace(/%20/g, d.chance(0.5) ? '+' : '%20');
}

/** A query string from `names` (and strays), with hostile values, repeats and broken escapes. */
export function queryString(d: Dice, m: Material, names: string[], good: Record<string, () => string> = {}): string {
  const parts: string[] = [];
  for (const name of names) {
    if (!d.chance(0.6)) continue;
    const value = good[name] && d.chance(0.5) ? good[name]() : anyString(d, m).slice(0, 3_000);
    parts.push(`${name}=${d.chance(0.1) ? value : enc(value)}`);
    if (d.chance(0.05)) parts.push(`${name}=${enc(anyString(d, m).slice(0, 100))}`);
  }
  if (d.chance(0.1)) parts.push(`${enc(anyString(d, m).slice(0, 50))}=1`);
  if (d.chance(0.05)) parts.push('%E0%A4%A=%', `${names[0] ?? 'x'}[]=1`, `${names[0] ?? 'x'}[a][b]=2`, '__proto__=1', '&&=');
  return parts.length ? `?${parts.join('&')}` : '';
}

export const FORMATS = ['graphml', 'gexf', 'csv', 'json', 'cypher', 'ftm', 'citations-md', 'citations-html'];
export const REL_TYPES = ['TAKES_PART', 'HOLDS', 'PUBLISHED_BY', 'MEMBER_OF', 'nope', 'TAKES_PART,HOLDS', ''];
export const day = (d: Dice) => d.pick(['2019', '2019-09', '2019-09-04', '2020-01-01', '1900', '2100-12-31', 'yesterday', '2019-02-30']);

export type Generator = (d: Dice, m: Material) => FuzzCase;
