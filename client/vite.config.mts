// Vite builds the client into dist/client, which the Express server serves. In development
// (`npx vite --config client/vite.config.mts --configLoader runner`) API calls go to the server on :3000.
import { fileURLToPath } from 'node:url';

import { defineConfig, type Plugin } from 'vite';

// Loaded with --configLoader runner (package.json build), which runs this TypeScript import as is.
import { PAGES, fillPagesNav } from './src/shared/pages';
// @ts-expect-error -- a plain Node script without type declarations (it also runs on its own)
import { precompress } from '../scripts/precompress.mjs';

const outDir = fileURLToPath(new URL('../dist/client', import.meta.url));

/** When the build is written: maps out of the public directory, brotli and gzip copies beside the assets. */
const precompressPlugin: Plugin = {
  name: 'liaison-precompress',
  apply: 'build',
  closeBundle() {
    precompress(outDir, fileURLToPath(new URL('../dist/sourcemaps', import.meta.url)));
  },
};

/** Each page's header nav from the one list of pages (client/src/shared/pages.ts), in dev and build. */
const pagesNavPlugin: Plugin = {
  name: 'liaison-pages-nav',
  transformIndexHtml: (html) => fillPagesNav(html),
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir,
    emptyOutDir: true,
    // Maps stay on disk for debugging a build, moved to dist/sourcemaps (outside what the server
    // serves) by precompressPlugin; the server answers 404 for *.map anyway.
    sourcemap: 'hidden',
    chunkSizeWarningLimit: 1500,
    // One entry per page of the list (client/src/shared/pages.ts); the explorer's is index.html
    // under the entry name "main". The console lazy-loads its 1.6 MB editor.
    rolldownOptions: {
      input: Object.fromEntries(
        PAGES.map((p) => [
          p.id === 'explorer' ? 'main' : p.id,
          fileURLToPath(new URL(p.path === '/' ? 'index.html' : p.path.slice(1), import.meta.url)),
        ]),
      ),
      // precompressPlugin's brotli pass takes seconds by design (maximum quality, once per build);
      // the timing check would print a slow-plugin warning on every build of a loaded machine.
      checks: { bundlerTimings: false },
    },
  },
  // The console's editor is a React component; Vite compiles its .tsx itself (no React plugin).
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [pagesNavPlugin, precompressPlugin],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
