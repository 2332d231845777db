// Installs the npm dependencies when they are missing or older than package-lock.json.
import { existsSync } from 'node:fs';
import path from 'node:path';

import { ROOT, fail, mtime, run, say } from './lib.mjs';

const marker = 'node_modules/.package-lock.json';
if (!existsSync(path.join(ROOT, marker)) || mtime('package-lock.json') > mtime(marker)) {
  say('installing npm dependencies (npm ci) …');
  if (!run('npm', ['ci', '--no-audit', '--no-fund']).ok) fail('npm ci failed; see the messages above.');
}
