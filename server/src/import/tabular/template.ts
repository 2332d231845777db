// Templates of the mapping language: "person-{minister.name|slug}", "{param.year ?? var.fileYear}".
// A placeholder is a path into the row's scope, optional filters after "|", and fallbacks after "??".
import { createHash } from 'node:crypto';

import { foldName } from '../../names/keys';

export type ScopeValue = string | number | string[] | { [key: string]: unknown } | unknown[] | undefined;
export type Lookup = (path: string) => ScopeValue;

/** Lower-case ASCII words joined by "-": "Francis Maude" → "francis-maude", "Women’s Aid" → "womens-aid". */
export function slug(value: string): string {
  return foldName(value).replace(/\s+/g, '-');
}

/** Ids may hold at most 200 characters: a longer one keeps its start and a hash of the whole. */
export function boundedId(id: string): string {
  if (id.length <= 200) return id;
  return `${id.slice(0, 183).replace(/-+$/, '')}-${createHash('sha256').update(id).digest('hex').slice(0, 12)}`;
}

const FILTERS: Record<string, (s: string) => string> = {
  slug,
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  trim: (s) => s.trim(),
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

function evaluate(expr: string, lookup: Lookup): string | undefined {
  for (const alt of expr.split('??')) {
    const [pathPart, ...filters] = alt.split('|').map((s) => s.trim());
    if (!pathPart) continue;
    // A quoted alternative is a constant: {var.office ?? "the office"}.
    const quoted = /^"(.*)"$/.exec(pathPart);
    let text = quoted ? quoted[1] : asText(lookup(pathPart));
    if (text === undefined) continue;
    for (const f of filters) {
      const fn = FILTERS[f];
      if (!fn) throw new Error(`unknown filter ${f} (known: ${FILTER_NAMES.join(', ')})`);
      text = fn(text);
    }
    if (text !== '') return text;
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
  const text = template.replace(/\{([^{}]+)\}/g, (_, expr: string) => {
    const v = evaluate(expr, lookup);
    if (v === undefined) {
      missing.push(expr.trim());
      return '';
    }
    return v;
  });
  return { text, missing };
}

/**
 * For list properties: a template that is one placeholder naming a list ("{item.aliases}") gives
 * one entry per element; any other template gives one entry (none when a placeholder is empty).
 */
export function renderList(template: string, lookup: Lookup): string[] {
  const single = /^\{\s*([\w.]+)\s*\}$/.exec(template);
  if (single) {
    const v = lookup(single[1]!);
    if (Array.isArray(v)) return (v as unknown[]).filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
  }
  const r = render(template, lookup);
  return !r.missing.length && r.text.trim() ? [r.text.trim()] : [];
}

/** The paths a template reads (for checks), e.g. ["minister.name", "param.year"]. */
export function templatePaths(template: string): string[] {
  return [...template.matchAll(/\{([^{}]+)\}/g)].flatMap((m) => m[1]!.split('??').map((a) => a.split('|')[0]!.trim()));
}
