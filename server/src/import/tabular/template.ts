// Templates of the mapping language: "person-{minister.name|slug}", "{param.year ?? var.fileYear}".
// A placeholder is a path into the row's scope, optional filters after "|", and fallbacks after "??".
import { createHash } from 'node:crypto';

import { foldName } from '../../names/keys';

export type ScopeValue = string | number | string[] | { [key: string]: unknown } | unknown[] | undefined;
export type Lookup = (path: string) => ScopeValue;

const slugCache = new Map<string, string>();

/** Lower-case ASCII words joined by "-": "Francis Maude" → "francis-maude", "Women’s Aid" → "womens-aid". */
export function slug(value: string): string {
  let out = slugCache.get(value);
  if (out === undefined) {
    out = foldName(value).replace(/\s+/g, '-');
    // Names repeat across rows (the same minister, the same organisations); a bounded cache.
    if (slugCache.size >= 50_000) slugCache.clear();
    slugCache.set(value, out);
  }
  return out;
}

/** Ids may hold at most 200 characters: a longer one keeps its start and a hash of the whole. */
export function boundedId(id: string): string {
  if (id.length <= 200) return id;
  return `${id.slice(0, 183).replace(/-+$/, '')}-${createHash('sha256').update(id).digest('hex').slice(0, 12)}`;
}

/**
 * Words written in capitals in title case, each part after a hyphen or apostrophe too (registers
 * that write names as "JOHN O'BRIEN-SMITH" → "John O'Brien-Smith", "MCDONALD'S" → "McDonald's",
 * "SMITH III" → "Smith III"); words in mixed case ("MacLeod", "de") are kept as written.
 */
export function titleCase(s: string): string {
  return s.replace(/[\p{L}\p{M}]+/gu, (w, at: number) => {
    // The s of a possessive (MCDONALD'S) is no word of its own.
    if (w === 'S' && /['’]$/u.test(s.slice(0, at)) && !/[\p{L}]/u.test(s[at + 1] ?? '')) return 's';
    // Roman numerals after a name (SMITH III) stay as they are.
    if (/^(?:I{2,3}|IV|VI{1,3}|IX|XI{0,3})$/.test(w) && at > 0) return w;
    if (w.length < 2 || w !== w.toUpperCase() || w === w.toLowerCase()) return w;
    const t = w[0] + w.slice(1).toLowerCase();
    // MCDONALD is McDonald: the one prefix of names that is safe to capitalise after.
    return /^Mc\p{Ll}/u.test(t) && t.length > 3 ? `Mc${t[2]!.toUpperCase()}${t.slice(3)}` : t;
  });
}

const FILTERS: Record<string, (s: string) => string> = {
  slug,
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  trim: (s) => s.trim(),
  title: titleCase,
};

export const FILTER_NAMES = Object.keys(FILTERS);

function asText(value: ScopeValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const parts = value.filter((v) => typeof v === 'string' && v.trim() !== '') as string[];
    return parts.length ? parts.join('; ') : undefined;
  }
  return undefined;
}

interface Alternative {
  path?: string;
  constant?: string;
  filters: Array<(s: string) => string>;
}
type Part = string | { expr: string; alternatives: Alternative[] };

const compiled = new Map<string, Part[]>();

/** A template split once into literal text and placeholders (templates are few, rows many). */
function compile(template: string): Part[] {
  let parts = compiled.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of template.matchAll(/\{([^{}]+)\}/g)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    const alternatives = m[1]!.split('??').map((alt): Alternative => {
      const [pathPart = '', ...filters] = alt.split('|').map((x) => x.trim());
      // A quoted alternative is a constant: {var.office ?? "the office"}.
      const quoted = /^"(.*)"$/.exec(pathPart);
      return {
        ...(quoted ? { constant: quoted[1]! } : { path: pathPart }),
        filters: filters.map((f) => {
          const fn = FILTERS[f];
          if (!fn) throw new Error(`unknown filter ${f} (known: ${FILTER_NAMES.join(', ')})`);
          return fn;
        }),
      };
    });
    parts.push({ expr: m[1]!.trim(), alternatives });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  compiled.set(template, parts);
  return parts;
}

function evaluate(alternatives: Alternative[], lookup: Lookup): string | undefined {
  for (const alt of alternatives) {
    let text = alt.constant ?? (alt.path ? asText(lookup(alt.path)) : undefined);
    if (text === undefined) continue;
    for (const fn of alt.filters) text = fn(text);
    // A constant, even "", is a value: {vfirst ?? ""} makes a placeholder optional.
    if (text !== '' || alt.constant !== undefined) return text;
  }
  return undefined;
}

export interface Rendered {
  text: string;
  /** Placeholders that gave nothing: the value is left out. */
  missing: string[];
}

/** Renders a template; `missing` lists placeholders that were empty (their place stays empty). */
export function render(template: string, lookup: Lookup): Rendered {
  const missing: string[] = [];
  let text = '';
  for (const part of compile(template)) {
    if (typeof part === 'string') text += part;
    else {
      const v = evaluate(part.alternatives, lookup);
      if (v === undefined) missing.push(part.expr);
      else text += v;
    }
  }
  return { text, missing };
}

/**
 * For list properties: a template whose one placeholder names a list gives one entry per element,
 * with the template's text and filters around each ("{item.aliases}";
 * "eu-transparency-register:{regids.items}" → one identifier per id, not one of all ids joined);
 * any other template gives one entry (none when a placeholder is empty).
 */
export function renderList(template: string, lookup: Lookup): string[] {
  const parts = compile(template);
  const holes = parts.filter((p) => typeof p !== 'string');
  const first = holes.length === 1 ? holes[0]!.alternatives[0] : undefined;
  const v = first?.path ? lookup(first.path) : undefined;
  if (Array.isArray(v) && v.length) {
    const out: string[] = [];
    for (const element of v as unknown[]) {
      if (typeof element !== 'string' || element.trim() === '') continue;
      let text = element.trim();
      for (const fn of first!.filters) text = fn(text);
      if (text === '') continue;
      const entry = parts
        .map((p) => (typeof p === 'string' ? p : text))
        .join('')
        .trim();
      if (entry) out.push(entry);
    }
    return out;
  }
  const r = render(template, lookup);
  return !r.missing.length && r.text.trim() ? [r.text.trim()] : [];
}

/** The paths a template reads (for checks), e.g. ["minister.name", "param.year"]. */
export function templatePaths(template: string): string[] {
  return [...template.matchAll(/\{([^{}]+)\}/g)].flatMap((m) => m[1]!.split('??').map((a) => a.split('|')[0]!.trim()));
}
