// Query history in this browser (localStorage): the last 50 runs, newest first, without duplicates.
export type HistoryEntry =
  | { kind: 'cypher'; query: string; params: Record<string, unknown>; at: string }
  | { kind: 'named'; name: string; params: Record<string, unknown>; at: string };

const KEY = 'liaison.console.history';
export const HISTORY_LIMIT = 50;

const same = (a: HistoryEntry, b: HistoryEntry) =>
  a.kind === b.kind &&
  (a.kind === 'cypher' ? a.query === (b as typeof a).query : a.name === (b as typeof a).name) &&
  JSON.stringify(a.params) === JSON.stringify(b.params);

export function loadHistory(storage: Storage = localStorage): HistoryEntry[] {
  try {
    const list = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? (list as HistoryEntry[]).slice(0, HISTORY_LIMIT) : [];
  } catch {
    return []; // a corrupt entry is not worth an error: start afresh
  }
}

export function remember(entry: HistoryEntry, storage: Storage = localStorage): HistoryEntry[] {
  const list = [entry, ...loadHistory(storage).filter((e) => !same(e, entry))].slice(0, HISTORY_LIMIT);
  try {
    storage.setItem(KEY, JSON.stringify(list));
  } catch {
    /* storage full or disabled: the history is a convenience */
  }
  return list;
}

export function clearHistory(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}
