// Vite builds the client into dist/client, which the Express server serves. In development
// (`npx vite --config client/vite.config.mts --configLoader runner`) API calls go to the server on :3000.
import { fileURLToPath } from 'node:url';

import { defineConfig, type Plugin } from 'vite';

// Loaded with --configLoader runner (package.json build), which runs this TypeScript import as is.
import { fillPagesNav } from './src/shared/pages';
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
    // Four pages: the explorer, the Cypher console (which lazy-loads its 1.6 MB editor), the Import page and the Review page.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        console: fileURLToPath(new URL('console.html', import.meta.url)),
        import: fileURLToPath(new URL('import.html', import.meta.url)),
        review: fileURLToPath(new URL('review.html', import.meta.url)),
        draft: fileURLToPath(new URL('draft.html', import.meta.url)),
        // The Users page: accounts, roles and API keys (issue 12).
        admin: fileURLToPath(new URL('admin.html', import.meta.url)),
      },
    },
  },
  // The console's editor is a React component; Vite compiles its .tsx itself (no React plugin).
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [pagesNavPlugin, precompressPlugin],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
