// The built client as the server sends it: precompressed brotli or gzip copies (written by
// scripts/precompress.mjs) when the browser takes them, hashed assets cached for a year, pages
// revalidated on every load, and source maps never, even when a build left them in the directory.
import { statSync } from 'node:fs';
import path from 'node:path';

import express, { type Request, type Response } from 'express';

import { NotFoundError } from '../errors';

/** Files with a name that changes with their content (Vite's hashed output) may be kept for good. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Pages name the current hashed assets, so the browser asks every time (a 304 when unchanged). */
export const REVALIDATE = 'no-cache';
/** Anything else at the root (none today): an hour, as before. */
const SHORT = 'public, max-age=3600';

const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|xml)$/;
/** The copies in the order the server prefers them: brotli is smaller, gzip understood everywhere. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;

export function cacheControlFor(urlPath: string): string {
  if (urlPath.endsWith('.html')) return REVALIDATE;
  return urlPath.startsWith('/assets/') ? IMMUTABLE : SHORT;
}

/** The encodings an Accept-Encoding header allows (q > 0), '*' standing for any not named. */
export function acceptsEncoding(header: string | undefined, encoding: string): boolean {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const value = q.get(encoding) ?? q.get('*');
  return value !== undefined && value > 0;
}

const isFile = (file: string) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * Sends `rel` (a path below dir, as in the URL) from dir: the best precompressed copy the client
 * accepts, else the file itself (which compression() may still compress). Calls next() when absent.
 */
function sendClientFile(dir: string, rel: string, req: Request, res: Response, next: (err?: unknown) => void): void {
  const file = path.join(dir, rel);
  if (file !== dir && !file.startsWith(dir + path.sep)) return next();
  if (!isFile(file)) return next();
  res.setHeader('Cache-Control', cacheControlFor(rel));
  let send = file;
  if (COMPRESSIBLE.test(rel)) {
    res.vary('Accept-Encoding');
    const header = req.headers['accept-encoding'];
    const copy = ENCODINGS.find((e) => acceptsEncoding(header, e.name) && isFile(file + e.ext));
    if (copy) {
      send = file + copy.ext;
      // The type of what the copy holds; compression() leaves an encoded answer alone.
      res.type(path.extname(rel));
      res.setHeader('Content-Encoding', copy.name);
    }
  }
  res.sendFile(send, { cacheControl: false, dotfiles: 'deny' }, (err) => {
    if (err && !res.headersSent) {
      res.removeHeader('Content-Encoding');
      next(err);
    }
  });
}

/** Everything the client needs from the server: files, the pages by their short paths, permalinks. */
export function clientRouter(clientDir: string, pages: readonly string[]): express.Router {
  const dir = path.resolve(clientDir);
  const router = express.Router();
  // Only in front of the files: an API path may end in .map (ids may contain dots).
  router.use((req, _res, next) => (req.path.endsWith('.map') ? next(new NotFoundError(`No such file: ${req.path}.`)) : next()));
  // The compressed copies are an implementation detail, not URLs of their own.
  router.use((req, _res, next) => (/\.(br|gz)$/.test(req.path) ? next(new NotFoundError(`No such file: ${req.path}.`)) : next()));
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let rel: string;
    try {
      rel = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    // Directories and dotfiles are not files of the client (Express's static handler skipped them too).
    if (rel.endsWith('/') || rel.includes('\0') || rel.split('/').some((seg) => seg.startsWith('.'))) return next();
    sendClientFile(dir, rel, req, res, next);
  });
  // A missing script or stylesheet is a 404, not the page in its place.
  router.use('/assets', (req, _res, next) => next(new NotFoundError(`No such file: /assets${req.path}.`)));
  // The other pages by their short paths (/console, /import), as the header links and the start-up log name them.
  for (const page of pages) router.get(`/${page}`, (req, res, next) => sendClientFile(dir, `/${page}.html`, req, res, next));
  // Client-side routes (permalinks) all load the same page.
  router.get('/{*rest}', (req, res, next) => sendClientFile(dir, '/index.html', req, res, next));
  return router;
}
