// Vite's import.meta.glob, typed for the one use the explorer makes of it (edit/history.ts).
interface ImportMeta {
  glob<T = unknown>(pattern: string): Record<string, () => Promise<T>>;
}
