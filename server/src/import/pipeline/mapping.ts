// Which tabular mapping a CSV file is read with: the one named (a shipped mapping's name, or a file
// path where the caller allows paths), a mapping object, or else the shipped mapping whose `files`
// patterns match the file's name. Errors name the shipped mappings, so the fix is one option away.
import path from 'node:path';

import { ValidationError } from '../../errors';
import { tabularModule, type MappingSummary } from './modules';

export interface ResolvedMapping {
  /** The mapping's name, or "inline" for an object, or the file's path. */
  label: string;
  mapping: unknown;
}

/** A `files` pattern of a mapping: a glob (* and ?, matched against the base name, case-insensitive) or /regex/. */
export function filePatternMatches(pattern: string, name: string): boolean {
  const base = path.basename(name);
  const re = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (re) return new RegExp(re[1]!, re[2]!.includes('i') ? 'i' : '').test(base);
  const glob = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${glob}$`, 'i').test(base);
}

const looksLikePath = (s: string) => /[/\\]/.test(s) || /\.(ya?ml|json)$/i.test(s);

async function shipped(): Promise<MappingSummary[]> {
  return await tabularModule().listMappings();
}

function names(list: MappingSummary[]): string {
  return list.length > 0 ? list.map((m) => m.name).join(', ') : 'none are shipped';
}

/**
 * The mapping for one CSV file. `field` is where the option came from in the caller's terms
 * ("mapping", "$.mapping", "query.mapping"), for the path.
 */
export async function resolveMapping(
  option: string | object | undefined,
  fileName: string,
  o: { allowPaths: boolean; field?: string },
): Promise<ResolvedMapping> {
  const field = o.field ?? 'mapping';
  const tabular = tabularModule();
  if (option !== undefined && typeof option === 'object') return { label: 'inline', mapping: await tabular.loadMapping(option) };
  if (typeof option === 'string' && option !== '') {
    if (o.allowPaths && looksLikePath(option)) return { label: option, mapping: await tabular.loadMapping(path.resolve(option)) };
    const list = await shipped();
    if (!list.some((m) => m.name === option))
      throw new ValidationError(`There is no shipped mapping "${option}"; the shipped ones are: ${names(list)}.`, [
        {
          path: field,
          message: `unknown mapping "${option}"; choose one of ${names(list)}${o.allowPaths ? ', or give the path of a mapping file' : ', or send a mapping object'}`,
          code: 'unknown_mapping',
        },
      ]);
    return { label: option, mapping: await tabular.loadMapping(option) };
  }
  const list = await shipped();
  const matches = list.filter((m) => (m.files ?? []).some((p) => filePatternMatches(p, fileName)));
  if (matches.length === 1) return { label: matches[0]!.name, mapping: await tabular.loadMapping(matches[0]!.name) };
  if (matches.length > 1)
    throw new ValidationError(`Several shipped mappings match ${path.basename(fileName)}: ${names(matches)}; say which with --mapping.`, [
      {
        path: field,
        message: `"${path.basename(fileName)}" matches the file patterns of ${names(matches)}; choose one`,
        code: 'mapping_required',
      },
    ]);
  throw new ValidationError(`No shipped mapping matches ${path.basename(fileName)}; say which one to use with --mapping.`, [
    {
      path: field,
      message: `no shipped mapping's file patterns match "${path.basename(fileName)}"; choose one of ${names(list)}${o.allowPaths ? ', or give the path of a mapping file' : ', or send a mapping object'}`,
      code: 'mapping_required',
    },
  ]);
}
