// Builds the client (Vite) when dist/client is missing or older than the client sources.
import { ROOT, fail, mtime, newest, run, say } from './lib.mjs';

if (mtime('dist/client/index.html') < newest(['client', 'package-lock.json'])) {
  say('building the client …');
  if (
    !run(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'client/vite.config.mts', '--configLoader', 'runner', '--logLevel', 'warn'],
      {
        cwd: ROOT,
      },
    ).ok
  )
    fail('The client build failed; see the messages above.');
}
