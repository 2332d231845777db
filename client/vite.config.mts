// Vite builds the client into dist/client, which the Express server serves. In development
// (`npx vite --config client/vite.config.mts`) API calls go to the server on :3000.
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
    emptyOutDir: true,
    // Maps stay on disk for debugging a build; the server answers 404 for *.map, so they are never public.
    sourcemap: 'hidden',
    chunkSizeWarningLimit: 1500,
    // Three pages: the explorer, the Cypher console (which lazy-loads its 1.6 MB editor) and the Import page.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        console: fileURLToPath(new URL('console.html', import.meta.url)),
        import: fileURLToPath(new URL('import.html', import.meta.url)),
      },
    },
  },
  // The console's editor is a React component; Vite compiles its .tsx itself (no React plugin).
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
