#!/usr/bin/env node
// `npm start` on a clean clone: install what is missing, then run the whole stack (scripts/dev-stack.ts).
// Plain Node on purpose: it must run before node_modules exists.
//
// Stopping: Ctrl-C in a terminal reaches npm, us and the stack at once; SIGTERM or SIGHUP may reach only npm or only
// us. We pass every one of them on to the stack, which stops everything in order (and ignores repeats). When npm
// itself is killed it does not pass the signal on and we are orphaned: a changed parent counts as SIGTERM.
import { spawn } from 'node:child_process';
import { setInterval } from 'node:timers';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The process we currently wait for (npm ci, then the stack). */
let child = null;
let signalled = false;
const stop = (sig) => {
  signalled = true;
  if (child && child.exitCode === null) child.kill(sig);
  else process.exit(0);
};
for (const sig of SIGNALS) process.on(sig, () => stop(sig));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM');
}, 500).unref();
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

function run(command, args, options) {
  child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
  return new Promise((resolve) => {
    child.once('error', (err) => {
      console.error(`${command}: ${err.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1)));
  });
}

const stale = !fs.existsSync(installed) || fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs;
if (stale) {
  console.log('正在安装依赖（npm ci）…');
  const code = await run('npm', ['ci', '--no-audit', '--no-fund']);
  if (signalled) process.exit(0);
  if (code !== 0) process.exit(code);
}

// Node with tsx's loader (no wrapper process in between, so signals reach the stack directly).
const code = await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'dev-stack.ts')]);
process.exit(code);
