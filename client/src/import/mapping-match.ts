// Which shipped mapping fits an uploaded file: each mapping lists file-name patterns (`files`), globs
// like "pm-meetings*.csv" or, between slashes, regular expressions; the most specific match wins.
import type { MappingInfo, MappingParam } from './types';

/** A glob (* ? [abc] {a,b}) as a whole-name, case-insensitive regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let inClass = false;
  let braces = 0;
  for (const c of glob) {
    if (inClass) {
      re += c === '\\' ? '\\\\' : c;
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      inClass = true;
      re += '[';
    } else if (c === '{') {
      braces += 1;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces -= 1;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|\\/\]}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

function patternRegExp(pattern: string): RegExp | null {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  try {
    return regex ? new RegExp(regex[1]!, regex[2]!.includes('i') ? regex[2] : `${regex[2]}i`) : globToRegExp(pattern);
  } catch {
    return null;
  }
}

const baseName = (name: string) => name.replace(/^.*[\\/]/, '');

/**
 * How well a pattern list fits a file name: 0 for no match, else the number of literal characters of
 * the best matching pattern plus one (so "pm-meetings*.csv" beats "*.csv").
 */
export function matchScore(patterns: string[] | string | undefined, fileName: string): number {
  const list = typeof patterns === 'string' ? [patterns] : (patterns ?? []);
  const name = baseName(fileName);
  let best = 0;
  for (const p of list) {
    // Patterns match the base name; a folder in a glob ("uk/*.csv") is not part of an upload's name.
    const isRegex = /^\/.+\/[a-z]*$/.test(p);
    const pattern = isRegex ? p : baseName(p);
    if (patternRegExp(pattern)?.test(name)) best = Math.max(best, pattern.replace(/[*?[\]{}]/g, '').length + 1);
  }
  return best;
}

/** The name of the mapping whose patterns fit the file best (ties: the first listed), or null. */
export function pickMapping(mappings: readonly MappingInfo[], fileName: string): string | null {
  let best: { name: string; score: number } | null = null;
  for (const m of mappings) {
    const score = matchScore(m.files, fileName);
    if (score > 0 && (!best || score > best.score)) best = { name: m.name, score };
  }
  return best?.name ?? null;
}

/** A mapping's parameters as a list, whether the server lists them or keys them by name. */
export function normalizeParams(params: unknown): MappingParam[] {
  const one = (name: string, spec: unknown): MappingParam => {
    if (typeof spec === 'string') return { name, description: spec };
    const s = (spec ?? {}) as Record<string, unknown>;
    return {
      name: typeof s.name === 'string' ? s.name : name,
      ...(typeof s.description === 'string' ? { description: s.description } : {}),
      ...(s.required === true ? { required: true } : {}),
      ...(s.default !== undefined && s.default !== null ? { default: String(s.default) } : {}),
      ...(Array.isArray(s.values) ? { values: s.values.map(String) } : {}),
      ...(typeof s.pattern === 'string' ? { pattern: s.pattern } : {}),
    };
  };
  if (Array.isArray(params)) return params.map((p) => (typeof p === 'string' ? { name: p } : one('', p))).filter((p) => p.name !== '');
  if (params && typeof params === 'object') return Object.entries(params).map(([name, spec]) => one(name, spec));
  return [];
}
