// `npm start`: installs what is missing (npm packages, the embedded Neo4j launcher, the client
// build), then runs the server, which starts Neo4j, loads the demo graph if empty and serves the app.
// Signals are passed on to the server. Exit status: 0 when a signal we passed on ended it (Ctrl-C,
// kill of npm); otherwise the server's (128 + n when a signal ended it), so its death is a failure.
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
// LIAISON_EXIT_WITH_PARENT: the server stops when this script dies (it watches for re-parenting).
const server = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'src', 'main.ts')], {
  stdio: 'inherit',
  cwd: ROOT,
  env: { ...process.env, LIAISON_EXIT_WITH_PARENT: '1' },
});
/** The signal we received and passed on to the server, if any. */
let forwarded = null;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => {
    forwarded ??= signal;
    server.kill(signal);
  });
// Under npm start, npm may die without telling us; we are then re-parented and stop the server.
// npm runs us through `sh -c`, and a SIGKILLed npm leaves that shell alive, so we watch npm too.
// Run directly (node scripts/start.mjs, nohup, a supervisor), a new parent is no reason to stop.
const parent = process.ppid;
const npm = [parent, parentOf(parent)].find((pid) => pid !== null && isNpm(pid)) ?? null;
if (npm !== null)
  setInterval(() => {
    const orphaned = process.ppid !== parent || !alive(npm);
    if (orphaned && server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
  }, 1_000).unref();

/** Whether a process is npm, from /proc (Linux): `node …/npm start`, or its title `npm start`. */
function isNpm(pid) {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.slice(0, 2).some((arg) => /(^|\/)npm(-cli\.js)?( |$)/.test(arg));
  } catch {
    return false;
  }
}

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
  if (signal) say(`the server was killed by ${signal}`);
  // As a shell reports it: 128 + the signal's number for a server ended by a signal (graceful
  // shutdowns report it the same way).
  const status = signal ? 128 + (os.constants.signals[signal] ?? 0) : (code ?? 1);
  // Stopping the server was asked for (Ctrl-C, kill of npm), and it stopped: that is success.
  if (forwarded && (status === 0 || status === 128 + os.constants.signals[forwarded])) process.exit(0);
  process.exit(status);
});
server.on('error', (error) => fail(`could not start the server: ${error.message}`));
