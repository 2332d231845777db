// The layouts the explorer offers, by URL name (kept apart from layouts.ts so that pure modules
// such as the permalink codec need no Cytoscape).
export const LAYOUTS = {
  fcose: 'Force-directed',
  concentric: 'Concentric around the focus',
  hierarchy: 'Hierarchical',
  chrono: 'Chronological',
} as const;
export type LayoutName = keyof typeof LAYOUTS;
export const isLayoutName = (v: unknown): v is LayoutName => typeof v === 'string' && v in LAYOUTS;

/**
 * 32-bit FNV-1a: a stable hash for layout seeds, id-derived offsets and the permalink's check that
 * its positions belong to the nodes on the canvas (pure, so that the codec can use it too).
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
