// The routes an Express app really serves, read from its router stack (Express 5 / router 2): each
// route's methods and its full path with the mount paths of the routers above it, in OpenAPI's
// {param} form. Tests hold the description against it, so a route nobody described shows.
import type express from 'express';

export interface RegisteredRoute {
  method: string;
  /** OpenAPI form, e.g. /api/nodes/{id}/neighbors. */
  path: string;
}

interface LayerLike {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  rawPath?: unknown;
  slash?: boolean;
}

/** Express's "/nodes/:id" (and "/x/*rest", "{/:opt}") as OpenAPI's "/nodes/{id}". */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/[:*]([A-Za-z_$][\w$]*)/g, '{$1}').replace(/\/+$/, '') || '/';
}

function join(prefix: string, part: string): string {
  if (!part || part === '/') return prefix || '/';
  return `${prefix.replace(/\/+$/, '')}/${part.replace(/^\/+/, '')}`;
}

function paths(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.flatMap(paths);
  // A RegExp mount or route cannot be written as an OpenAPI path; say so rather than skip it.
  return [`<${String(raw)}>`];
}

function walk(stack: LayerLike[], prefix: string, out: RegisteredRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const p of paths(layer.route.path))
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on && method !== '_all') out.push({ method, path: toOpenApiPath(join(prefix, p)) });
      continue;
    }
    const inner = layer.handle?.stack;
    if (!Array.isArray(inner)) continue;
    const mounts = layer.slash || layer.rawPath === undefined ? ['/'] : paths(layer.rawPath);
    for (const mount of mounts) walk(inner, join(prefix, mount), out);
  }
}

/** Every (method, path) the app routes to a handler, HEAD left out (Express answers it for each GET). */
export function registeredRoutes(app: express.Express): RegisteredRoute[] {
  const root = (app as unknown as { router: { stack: LayerLike[] } }).router;
  const out: RegisteredRoute[] = [];
  walk(root.stack, '', out);
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (r.method === 'head' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
