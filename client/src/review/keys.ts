// The Review page's keys, as nomenklatura's dedupe screen has them: s same, n not same, u unsure,
// k or Space skip, z (and Ctrl/Cmd+Z) undo, ? the list. One table drives both the handler and the
// help dialog, so they cannot disagree.
export type Action = 'same' | 'not_same' | 'unsure' | 'skip' | 'undo' | 'help';

export const KEYS: ReadonlyArray<{ keys: string[]; action: Action; words: string }> = [
  { keys: ['s'], action: 'same', words: 'same: merge the two into one entity' },
  { keys: ['n'], action: 'not_same', words: 'not the same: never propose this pair again' },
  { keys: ['u'], action: 'unsure', words: 'unsure: keep the pair apart, note the doubt' },
  { keys: ['k', 'Space'], action: 'skip', words: 'skip: decide later' },
  { keys: ['z', 'Ctrl+Z'], action: 'undo', words: 'undo the last decision (a merge is split again)' },
  { keys: ['?'], action: 'help', words: 'show these keys' },
];

/** The decision keys act only where typing is not going on. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return Boolean(el.closest('input, textarea, select, [contenteditable="true"]'));
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

export function actionFor(e: KeyLike): Action | null {
  if (typing(e.target) || e.altKey) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (e.ctrlKey || e.metaKey) return key === 'z' ? 'undo' : null;
  if (e.key === '?') return 'help';
  if (key === ' ') {
    // Space on a button or link presses it; elsewhere it skips.
    const el = e.target as HTMLElement | null;
    if (el && typeof el.closest === 'function' && el.closest('button, a, summary, [role="button"]')) return null;
    return 'skip';
  }
  switch (key) {
    case 's':
      return 'same';
    case 'n':
      return 'not_same';
    case 'u':
      return 'unsure';
    case 'k':
      return 'skip';
    case 'z':
      return 'undo';
    default:
      return null;
  }
}
