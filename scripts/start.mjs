// `npm start`: installs what is missing (npm packages, the embedded Neo4j launcher, the client
// build), then runs the server, which starts Neo4j, loads the demo graph if empty and serves the app.
import { spawn } from 'node:child_process';
import path from 'node:path';

import { ROOT, fail, run } from './lib.mjs';

for (const step of ['ensure-installed.mjs', 'ensure-launcher.mjs', 'ensure-client.mjs']) {
  if (!run(process.execPath, [path.join(ROOT, 'scripts', step)]).ok) process.exit(1);
}

const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const server = spawn(process.execPath, [tsx, path.join(ROOT, 'server', 'src', 'main.ts')], { stdio: 'inherit', cwd: ROOT });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => {
  if (signal) process.exit(0);
  process.exit(code ?? 1);
});
server.on('error', (error) => fail(`could not start the server: ${error.message}`));
