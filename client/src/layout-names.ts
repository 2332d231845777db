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
