// Field paths of edit requests: the edits are validated as import bundles (the same validators and
// checks as imports), and the issues found in the bundle are reported at the place in the request
// the user filled in — "$.set.date" rather than "$.nodes[0].properties.date".
import { ConflictError, ValidationError, type FieldIssue } from '../errors';
import { CONFLICT_CODES } from '../import/bundle';

/** Splits "$.nodes[3].properties.x" into its list, index and rest (".properties.x"). */
export function bundlePath(path: string): { list: 'nodes' | 'relationships'; index: number; rest: string } | null {
  const m = /^\$\.(nodes|relationships)\[(\d+)\](.*)$/.exec(path);
  return m ? { list: m[1] as 'nodes' | 'relationships', index: Number(m[2]), rest: m[3] ?? '' } : null;
}

/** Issues with their paths rewritten by `map` (issues it maps to null keep their path). */
export function remap(issues: readonly FieldIssue[], map: (path: string) => string | null): FieldIssue[] {
  return issues.map((i) => ({ ...i, path: map(i.path) ?? i.path }));
}

/** The error for issues: a conflict with stored data when that is all there is (409), else invalid input (400). */
export function editProblem(issues: FieldIssue[], what: string): ValidationError | ConflictError {
  const n = issues.length;
  if (n > 0 && issues.every((i) => i.code !== undefined && CONFLICT_CODES.has(i.code)))
    return new ConflictError(`${what} conflicts with stored data in ${n} place${n === 1 ? '' : 's'}; nothing was changed.`, {}, issues);
  return new ValidationError(`${what} has ${n} problem${n === 1 ? '' : 's'}; nothing was changed.`, issues);
}
