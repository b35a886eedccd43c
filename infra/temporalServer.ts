/**
 * The production Temporal server, run here: the same server version as docker-compose.yml's temporalio/server
 * image, built from the Go module proxy (scripts/temporal-server-build.sh, cached in .tools/ by version), on
 * PostgreSQL, started from deploy/temporal/config/temporal.yaml with the production dynamic config, and set up by
 * the very scripts the compose one-shot services run (deploy/postgres/init-roles.sh, deploy/temporal/setup-schema.sh,
 * deploy/temporal/create-namespace.sh) with the environment docker-compose.yml gives them. Only host names and ports
 * differ from production (everything listens on 127.0.0.1, on free ports).
 *
 * Used by `npm run temporal:server`, `npm run stack:cluster` (and its test) and `npm run bench`.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { composeService, hostPath, readEnvFile, serviceEnvironment, type ComposeService } from './compose';
import { waitForPort } from './ports';
import { stopHandle } from './processes';
import { ensureTemporalCli, PROJECT_ROOT, type LocalTemporal } from './temporal';

/** Same version as docker-compose.yml's temporalio/server and temporalio/admin-tools images (test/unit/compose.test.ts). */
export const TEMPORAL_SERVER_VERSION = '1.32.2';
/** The server's go.mod asks for Go ≥ 1.26.10; GOTOOLCHAIN fetches this one from the module proxy when go is older. */
export const TEMPORAL_SERVER_GO_TOOLCHAIN = 'go1.27.3';

const BUILD_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'temporal-server-build.sh');

export interface TemporalServerTools {
  dir: string;
  /** Folder holding temporal-server and temporal-sql-tool (put on PATH for the compose scripts). */
  bin: string;
  server: string;
  /** The schema folder the admin-tools image has at /etc/temporal/schema/postgresql/v12. */
  schemaRoot: string;
}

export function temporalServerToolsDir(version = TEMPORAL_SERVER_VERSION): string {
  return path.join(PROJECT_ROOT, '.tools', `temporal-server-${version}`);
}

/** The built server and SQL tool, building them first when this version is not in .tools/ yet (≈8 min on 2 cores). */
export async function ensureTemporalServerTools(log: (line: string) => void = console.log): Promise<TemporalServerTools> {
  const dir = temporalServerToolsDir();
  const tools = { dir, bin: path.join(dir, 'bin'), server: path.join(dir, 'bin', 'temporal-server'), schemaRoot: path.join(dir, 'schema', 'postgresql', 'v12') };
  const marker = path.join(dir, '.complete');
  const built = () => fs.existsSync(tools.server) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === TEMPORAL_SERVER_VERSION;
  if (built()) return tools;
  log(`building Temporal server ${TEMPORAL_SERVER_VERSION} from the Go module proxy into ${path.relative(PROJECT_ROOT, dir)} (log: ${path.relative(PROJECT_ROOT, dir)}.build.log)`);
  const logFile = `${dir}.build.log`;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  try {
    await run('sh', [BUILD_SCRIPT, TEMPORAL_SERVER_VERSION, TEMPORAL_SERVER_GO_TOOLCHAIN, dir], { stdio: ['ignore', out, out] });
  } catch (err) {
    throw new Error(`${String(err)}; last lines of ${logFile}:\n${tail(logFile, 15)}`, { cause: err });
  } finally {
    fs.closeSync(out);
  }
  if (!built()) throw new Error(`the build finished but ${tools.server} is missing`);
  return tools;
}

/** Where PostgreSQL listens and how its superuser signs in (what the postgres image's own scripts use). */
export interface PostgresServer {
  host: string;
  port: number;
  superuser: string;
  superuserPassword: string;
}

/**
 * The variables docker compose reads from .env, for a run here: deploy/.env.example with every `change-me`
 * password replaced by a random one, kept in `file` so that a stack restarted on the same data finds its roles'
 * passwords again.
 */
export function localComposeVars(file: string): Record<string, string> {
  if (fs.existsSync(file)) return readEnvFile(file);
  const vars = readEnvFile();
  const passwords: Record<string, string> = {};
  for (const [key, value] of Object.entries(vars)) {
    if (/PASSWORD/.test(key) && value.startsWith('change-me')) passwords[value] = vars[key] = `${value.replace('change-me-', '')}-${crypto.randomBytes(9).toString('base64url')}`;
  }
  // Passwords that the example repeats inside URLs (DATABASE_URL) follow their variable.
  for (const [key, value] of Object.entries(vars)) {
    for (const [placeholder, password] of Object.entries(passwords)) if (value.includes(`:${placeholder}@`)) vars[key] = value.replace(`:${placeholder}@`, `:${password}@`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Object.entries(vars).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
  return vars;
}

/**
 * What the postgres image does on its first start: run deploy/postgres/init-roles.sh (the application's role and
 * database, Temporal's role). Skipped when Temporal's role exists already (a restarted stack).
 */
export async function initPostgresRoles(pg: PostgresServer, vars: Record<string, string>, log: (line: string) => void): Promise<void> {
  const service = composeService('postgresql');
  const env = serviceEnvironment(service, vars);
  const admin = new Client({ host: pg.host, port: pg.port, user: pg.superuser, password: pg.superuserPassword, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [env.TEMPORAL_DB_USER]);
    if (exists.rowCount) return;
  } finally {
    await admin.end();
  }
  const script = hostPath(service, '/docker-entrypoint-initdb.d/10-init-roles.sh');
  log(`PostgreSQL roles: ${path.relative(PROJECT_ROOT, script)}`);
  await runComposeScript(script, {
    ...env,
    POSTGRES_USER: pg.superuser,
    PGHOST: pg.host,
    PGPORT: String(pg.port),
    PGPASSWORD: pg.superuserPassword,
  }, log);
}

/** Service temporal-schema: create temporal and temporal_visibility and bring both schemas up to this version. */
export async function setupTemporalSchema(tools: TemporalServerTools, pg: PostgresServer, vars: Record<string, string>, log: (line: string) => void): Promise<void> {
  const service = composeService('temporal-schema');
  const env = { ...serviceEnvironment(service, vars), SQL_HOST: pg.host, SQL_PORT: String(pg.port), SCHEMA_ROOT: tools.schemaRoot };
  await runComposeScript(entrypointScript(service), { ...env, PATH: `${tools.bin}:${process.env.PATH ?? ''}` }, log);
}

/** Service temporal-namespace: the application's namespace and its search attributes (deploy/temporal/search-attributes). */
export async function createTemporalNamespace(address: string, vars: Record<string, string>, log: (line: string) => void): Promise<void> {
  const service = composeService('temporal-namespace');
  const cli = await ensureTemporalCli(log);
  const env = { ...serviceEnvironment(service, vars), TEMPORAL_ADDRESS: address };
  await runComposeScript(entrypointScript(service), { ...env, PATH: `${path.dirname(cli)}:${process.env.PATH ?? ''}` }, log);
}

/** The ports the server's config file reads from the environment (7233, 7243, 6933, … in the container). */
const PORT_VARIABLES = [
  'FRONTEND_GRPC_PORT',
  'FRONTEND_HTTP_PORT',
  'FRONTEND_MEMBERSHIP_PORT',
  'HISTORY_GRPC_PORT',
  'HISTORY_MEMBERSHIP_PORT',
  'MATCHING_GRPC_PORT',
  'MATCHING_MEMBERSHIP_PORT',
  'WORKER_GRPC_PORT',
  'WORKER_MEMBERSHIP_PORT',
] as const;

export interface TemporalServer extends LocalTemporal {
  namespace: string;
  /** The server process's environment, as given (for checks that it is the compose one). */
  environment: Record<string, string>;
  logFile: string;
}

export interface StartTemporalServerOptions {
  pg: PostgresServer;
  /** The .env variables (localComposeVars). */
  vars: Record<string, string>;
  logFile: string;
  /** Frontend gRPC port; free one when not given. */
  port?: number;
  log?: (line: string) => void;
  /** Extra environment for the server (e.g. PPROF_PORT for a profile). */
  extraEnv?: Record<string, string>;
}

/**
 * The whole production start-up of Temporal, here: roles (first start only), schema, the server from the config
 * file in deploy/ with the compose service's environment, its health check, then the namespace. stop() ends the
 * server within 30 s (SIGTERM, then SIGKILL).
 */
export async function startTemporalServer(options: StartTemporalServerOptions): Promise<TemporalServer> {
  const log = options.log ?? (() => undefined);
  const tools = await ensureTemporalServerTools(log);
  await initPostgresRoles(options.pg, options.vars, log);
  await setupTemporalSchema(tools, options.pg, options.vars, log);

  const service = composeService('temporal');
  const composeEnv = serviceEnvironment(service, options.vars);
  const ports: Record<string, string> = {};
  for (const name of PORT_VARIABLES) ports[name] = String(name === 'FRONTEND_GRPC_PORT' && options.port ? options.port : await freeLowPort(new Set(Object.values(ports))));
  const environment: Record<string, string> = {
    ...composeEnv,
    // Addresses: the compose service names become 127.0.0.1 and this machine's ports.
    POSTGRES_SEEDS: options.pg.host,
    DB_PORT: String(options.pg.port),
    // Container paths of the mounted config files become the repository's files.
    TEMPORAL_SERVER_CONFIG_FILE_PATH: hostPath(service, composeEnv.TEMPORAL_SERVER_CONFIG_FILE_PATH!),
    DYNAMIC_CONFIG_FILE_PATH: hostPath(service, composeEnv.DYNAMIC_CONFIG_FILE_PATH!),
    // The image's entrypoint sets BIND_ON_IP to the container's address.
    BIND_ON_IP: '127.0.0.1',
    ...ports,
    ...options.extraEnv,
  };
  const port = Number(ports.FRONTEND_GRPC_PORT);
  const address = `127.0.0.1:${port}`;
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const out = fs.openSync(options.logFile, 'a');
  log(`Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL, frontend ${address} (log ${options.logFile})`);
  // `temporal-server start`, as the image's entrypoint runs it; its own process group, so that stop() reaches it all.
  const child = spawn(tools.server, ['start'], { env: { PATH: process.env.PATH ?? '', ...environment }, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  const handle = stopHandle(child, 30_000);
  try {
    await Promise.race([
      waitForPort(port, '127.0.0.1', 120_000),
      handle.exited.then((code) => {
        throw new Error(`temporal-server exited with ${code} while starting; last lines of ${options.logFile}:\n${tail(options.logFile, 20)}`);
      }),
    ]);
    await waitForHealth(address, handle.exited);
    await createTemporalNamespace(address, options.vars, log);
  } catch (err) {
    await handle.stop();
    throw err;
  }
  return {
    address,
    uiUrl: null,
    process: child,
    namespace: serviceEnvironment(composeService('temporal-namespace'), options.vars).TEMPORAL_NAMESPACE || 'default',
    environment,
    logFile: options.logFile,
    stop: handle.stop,
  };
}

/**
 * A free port below 32768: the server records its services' ports in cluster_membership as smallint, so the
 * operating system's ephemeral ports (32768 and up, what freePort() returns) make it fail at start.
 */
async function freeLowPort(taken: Set<string>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + crypto.randomInt(12_000);
    if (taken.has(String(port))) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

/** The compose health check of the temporal service: `temporal operator cluster health` answers SERVING. */
async function waitForHealth(address: string, exited: Promise<number | null>, timeoutMs = 120_000): Promise<void> {
  const cli = await ensureTemporalCli();
  const until = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    const result = spawnSync(cli, ['operator', 'cluster', 'health', '--address', address], { encoding: 'utf8', timeout: 10_000 });
    if (result.status === 0 && /SERVING/.test(result.stdout)) return;
    if (gone) throw new Error('temporal-server exited before it was healthy');
    if (Date.now() > until) throw new Error(`Temporal at ${address} not healthy after ${timeoutMs} ms: ${result.stdout}${result.stderr}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** A compose one-shot's script (`entrypoint: ['/bin/sh', '/deploy/x.sh']`) as a repository path. */
function entrypointScript(service: ComposeService): string {
  const script = service.entrypoint?.at(-1);
  if (!script) throw new Error('service has no entrypoint script');
  return hostPath(service, script);
}

async function runComposeScript(script: string, env: Record<string, string>, log: (line: string) => void): Promise<void> {
  const output: string[] = [];
  await run('sh', [script], {
    env: { HOME: process.env.HOME ?? '/tmp', PATH: process.env.PATH ?? '', ...env },
    onLine: (line) => {
      output.push(line);
      // temporal-sql-tool logs every statement at DEBUG: keep those for an error message only.
      if (!/DEBUG/.test(line)) log(`  ${path.basename(script)}: ${line}`);
    },
  }).catch((err) => {
    throw new Error(`${path.relative(PROJECT_ROOT, script)} failed: ${String(err)}\n${output.slice(-20).join('\n')}`, { cause: err });
  });
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; stdio?: ('ignore' | number | 'pipe')[]; onLine?: (line: string) => void }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'] });
    if (options.onLine) {
      let buffer = '';
      const onData = (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) options.onLine!(line);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
    }
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.map((a) => path.basename(a)).join(' ')} exited with ${code ?? signal}`))));
  });
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
