#!/usr/bin/env node
// `npm start` on a clean clone: install what is missing, then run the whole stack (scripts/dev-stack.ts).
// Plain Node on purpose: it must run before node_modules exists.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

const stale = !fs.existsSync(installed) || fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs;
if (stale) {
  console.log('正在安装依赖（npm ci）…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// Node with tsx's loader (no wrapper process in between, so signals reach the stack directly).
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'dev-stack.ts')], { cwd: root, stdio: 'inherit' });
// The stack handles Ctrl-C itself (stops API, worker, Temporal and PostgreSQL in order); we pass signals on and wait.
// In a terminal Ctrl-C reaches both of us; the stack ignores the repeat.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
