// `npm start`: installs what is missing (npm packages, the embedded Neo4j launcher, the client
// build), then runs the server, which starts Neo4j, loads the demo graph if empty and serves the app.
// Signals are passed on to the server; its exit status (128 + signal when killed) becomes ours.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT, fail, run, say } from './lib.mjs';

for (const step of ['ensure-installed.mjs', 'ensure-launcher.mjs', 'ensure-client.mjs']) {
  if (!run(process.execPath, [path.join(ROOT, 'scripts', step)]).ok) process.exit(1);
}

// tsx as a loader in the server's own process (not its CLI, which adds a process between us): the
// tree is this script → the server → Java, and each one ends when its parent does.
const server = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'src', 'main.ts')], { stdio: 'inherit', cwd: ROOT });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => server.kill(signal));
// npm (or whoever ran us) may die without telling us; we are then re-parented and stop the server.
// npm runs us through `sh -c`, and a SIGKILLed npm leaves that shell alive, so we watch npm too.
const parent = process.ppid;
const npm = process.env.npm_lifecycle_event ? parentOf(parent) : null;
setInterval(() => {
  const orphaned = process.ppid !== parent || (npm !== null && !alive(npm));
  if (orphaned && server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
}, 1_000).unref();

/** The parent of a process, from /proc (Linux); null where there is none to read. */
function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return ppid > 1 ? ppid : null;
  } catch {
    return null;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}
server.on('exit', (code, signal) => {
  // A server killed by a signal failed: exit as a shell would (128 + the signal's number).
  if (signal) {
    say(`the server was killed by ${signal}`);
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  }
  process.exit(code ?? 1);
});
server.on('error', (error) => fail(`could not start the server: ${error.message}`));
