// Permalinks: the query (or the named query) and its parameters in the URL hash, so a link reproduces a run.
export type Permalink =
  { kind: 'cypher'; query: string; params: Record<string, unknown> } | { kind: 'named'; name: string; params: Record<string, unknown> };

export function toHash(link: Permalink): string {
  const h = new URLSearchParams();
  if (link.kind === 'cypher') h.set('query', link.query);
  else h.set('named', link.name);
  if (Object.keys(link.params).length) h.set('params', JSON.stringify(link.params));
  return `#${h.toString()}`;
}

export function fromHash(hash: string): Permalink | null {
  const h = new URLSearchParams(hash.replace(/^#/, ''));
  let params: Record<string, unknown> = {};
  try {
    const p = JSON.parse(h.get('params') ?? '{}') as unknown;
    if (p && typeof p === 'object' && !Array.isArray(p)) params = p as Record<string, unknown>;
  } catch {
    /* a damaged params part still restores the query */
  }
  const query = h.get('query');
  if (query) return { kind: 'cypher', query, params };
  const named = h.get('named');
  if (named) return { kind: 'named', name: named, params };
  return null;
}
