// Migration step name-keys: the stored searchKeys follow the name keys of this release (titles,
// initials, comma forms, Greek/Arabic/Hebrew script, per-language transcriptions), recomputed for
// every searchable entity from its caption and aliases with the same nameKeys the imports use.
import type { MigrationStep } from '../db/migrations';
import { toJson } from '../db/values';
import { NODE_TYPES, type NodeLabel } from '../schema/model';
import { nameKeys } from './keys';

/** Entities read and written per transaction. */
export const NAME_KEYS_BATCH = 2_000;

const SEARCHABLE = (Object.keys(NODE_TYPES) as NodeLabel[]).filter((label) => NODE_TYPES[label].searchable);

interface PageRow {
  id: string;
  types: string[];
  name: string | null;
  title: string | null;
  aliases: string[];
  keys: string[];
}

/** The searchKeys an entity of these types, with this caption and aliases, should have. */
export function storedNameKeys(row: Pick<PageRow, 'types' | 'name' | 'title' | 'aliases'>): string[] {
  const type = row.types.find((t): t is NodeLabel => t in NODE_TYPES);
  const caption = type && NODE_TYPES[type].caption === 'title' ? row.title : row.name;
  return nameKeys([caption ?? undefined, ...row.aliases]);
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && new Set([...a, ...b]).size === a.length;

/**
 * Recomputes searchKeys page by page in id order. A node whose keys are already these (in any
 * order) is not written, so a second run changes nothing and a store imported by this release is
 * left byte-identical; an interrupted run is simply run again.
 */
export const nameKeysStep: MigrationStep & { batch: number } = {
  name: 'name-keys',
  description: 'searchKeys recomputed with the name keys of titles, initials, comma forms and more scripts',
  batch: NAME_KEYS_BATCH,
  async run(executor) {
    let after = '';
    for (;;) {
      const page = await executor.read('migrations/name-keys-page', { labels: SEARCHABLE, after, limit: this.batch });
      if (page.records.length === 0) break;
      const rows: Array<{ id: string; keys: string[] }> = [];
      for (const record of page.records) {
        const row = toJson(record.toObject()) as unknown as PageRow;
        const keys = storedNameKeys(row);
        if (!sameSet(keys, row.keys)) rows.push({ id: row.id, keys });
        after = row.id;
      }
      if (rows.length > 0) await executor.write('migrations/set-search-keys', { rows });
      if (page.records.length < this.batch) break;
    }
    return { complete: true };
  },
};
