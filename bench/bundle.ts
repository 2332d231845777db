// `npx tsx bench/bundle.ts` (part of `npm run bench`): what each page of the built client
// (dist/client, `npm run build`) sends before it can run — its module script, the modules it
// preloads and its stylesheets, as index.html and the other pages name them — raw, gzipped and
// brotli-compressed as the server sends them (the precompressed copies the build writes), and the
// chunks loaded later on demand (the map, the ForceAtlas2 worker, …). Writes its section of BENCHMARKS.md.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

import { ROOT_DIR } from '../server/src/config';
import { runLine, writeSection } from './report';

const CLIENT = path.join(ROOT_DIR, 'dist', 'client');
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

/** A file's size as sent: its own, and those of the .gz and .br copies beside it (computed if the build wrote none). */
function sizes(file: string): Sizes {
  const raw = statSync(file).size;
  const copy = (ext: string, make: (b: Buffer) => Buffer) =>
    existsSync(file + ext) ? statSync(file + ext).size : make(readFileSync(file)).length;
  return { raw, gzip: copy('.gz', (b) => gzipSync(b, { level: 9 })), brotli: copy('.br', (b) => brotliCompressSync(b)) };
}

const add = (a: Sizes, b: Sizes): Sizes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const ZERO: Sizes = { raw: 0, gzip: 0, brotli: 0 };

/** The assets a page names in its HTML: module script, modulepreload links, stylesheets. */
function initialAssets(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\/(assets\/[^"]+)"/g)) out.add(m[1]!);
  return [...out];
}

function main(): void {
  // A fresh checkout has no build yet: make it, as npm start would.
  if (!existsSync(path.join(CLIENT, 'index.html'))) execSync('npm run build', { cwd: ROOT_DIR, stdio: 'inherit' });
  const pages = readdirSync(CLIENT).filter((f) => f.endsWith('.html'));
  const initial = new Set<string>();
  const rows: string[] = [];
  for (const page of ['index.html', ...pages.filter((p) => p !== 'index.html').sort()]) {
    const html = path.join(CLIENT, page);
    const assets = initialAssets(readFileSync(html, 'utf8'));
    assets.forEach((a) => initial.add(a));
    const js = assets.filter((a) => a.endsWith('.js')).reduce((s, a) => add(s, sizes(path.join(CLIENT, a))), ZERO);
    const css = assets.filter((a) => a.endsWith('.css')).reduce((s, a) => add(s, sizes(path.join(CLIENT, a))), ZERO);
    const doc = sizes(html);
    const all = add(add(js, css), doc);
    const name = page === 'index.html' ? 'explorer (index.html)' : page;
    rows.push(
      `| ${name} | ${assets.length} | ${kib(js.raw)} | **${kib(js.gzip)}** | ${kib(js.brotli)} | ${kib(css.gzip)} | ${kib(all.gzip)} | ${kib(all.brotli)} |`,
    );
  }
  const lazy = readdirSync(path.join(CLIENT, 'assets'))
    .filter((f) => (f.endsWith('.js') || f.endsWith('.css')) && !initial.has(`assets/${f}`))
    .map((f) => ({ f, s: sizes(path.join(CLIENT, 'assets', f)) }))
    .sort((a, b) => b.s.gzip - a.s.gzip);
  const lazyTotal = lazy.reduce((s, x) => add(s, x.s), ZERO);
  const maps = readdirSync(path.join(CLIENT, 'assets')).filter((f) => f.endsWith('.map')).length;
  writeSection(
    'bundle',
    [
      '## The client as sent: bundle sizes',
      '',
      'Written by `npx tsx bench/bundle.ts` from the built client (`npm run build`): what each page loads before it runs',
      '(its module script, the modules it preloads and its stylesheets), raw and as the server sends it',
      '(the build’s precompressed gzip and brotli copies; the server picks brotli when the browser takes it).',
      '',
      runLine(),
      '',
      '| page | assets | JS raw | JS gzip | JS brotli | CSS gzip | all, gzip (with the HTML) | all, brotli |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `Loaded later, on demand (the map of places and its world atlas, the ForceAtlas2 worker, the console's editor…): ${lazy.length} files, ` +
        `${kib(lazyTotal.raw)} raw, ${kib(lazyTotal.gzip)} gzipped; the largest: ` +
        lazy
          .slice(0, 4)
          .map((x) => `${x.f.replace(/-[\w-]{8}\./, '.')} ${kib(x.s.gzip)}`)
          .join(', ') +
        `. Source maps in dist/client/assets: ${maps} (the build keeps them out of what the server serves).`,
    ].join('\n'),
  );
  console.log(rows.join('\n'));
}

main();
