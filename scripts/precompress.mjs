// After `vite build`: moves the (hidden) source maps out of the public directory into
// dist/sourcemaps, so no static route can reach them, and writes brotli (.br) and gzip (.gz) copies
// of the text assets next to them, so the server sends each at once instead of compressing it on
// every request. Vite's config runs it when a build ends; `node scripts/precompress.mjs [dir]` too.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** What is worth compressing; images and fonts are compressed already. */
export const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|xml)$/;
/** Below this a compressed copy saves less than its headers cost (compression()'s own threshold). */
const MIN_BYTES = 1024;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (entry.isFile()) yield p;
  }
}

/**
 * Compresses dir's text files in place and moves its *.map files to mapsDir (emptied first).
 * Returns what it did, for the build log and the tests.
 */
export function precompress(dir, mapsDir) {
  const done = { compressed: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0, maps: 0 };
  if (mapsDir) rmSync(mapsDir, { recursive: true, force: true });
  for (const file of [...files(dir)]) {
    if (file.endsWith('.map')) {
      if (mapsDir) {
        const to = path.join(mapsDir, path.relative(dir, file));
        mkdirSync(path.dirname(to), { recursive: true });
        renameSync(file, to);
      } else rmSync(file);
      done.maps++;
      continue;
    }
    if (!COMPRESSIBLE.test(file) || statSync(file).size < MIN_BYTES) continue;
    const raw = readFileSync(file);
    const br = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    const gz = gzipSync(raw, { level: 9 });
    // A copy that is not smaller is left out; the server then sends the file as it is.
    if (br.length < raw.length) writeFileSync(`${file}.br`, br);
    if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
    done.compressed++;
    done.bytes += raw.length;
    done.brotliBytes += br.length;
    done.gzipBytes += gz.length;
  }
  return done;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
  const dir = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'client'));
  if (!existsSync(dir)) {
    console.error(`precompress: ${dir} does not exist; run the client build first.`);
    process.exit(1);
  }
  const r = precompress(dir, path.join(path.dirname(dir), 'sourcemaps'));
  const kb = (n) => `${Math.round(n / 1024)} KB`;
  console.log(
    `precompress: ${r.compressed} files, ${kb(r.bytes)} → ${kb(r.brotliBytes)} brotli, ${kb(r.gzipBytes)} gzip; ${r.maps} source maps moved out`,
  );
}
