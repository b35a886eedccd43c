/**
 * The production topology of docker-compose.yml on this machine, without Docker: PostgreSQL (embedded, set up by
 * the postgres service's init script), the Temporal server on PostgreSQL (infra/temporalServer.ts), and N worker and
 * M API processes started with the compose services' own `command` (`npm run worker`, `npm run api`) and their own
 * environment (the env file, deploy/.env.example's shape). Only what says where things are differs from the
 * containers (HOST_SPECIFIC_VARIABLES). All application processes start at once, so the migrations run under the
 * advisory lock with every process racing for it.
 *
 * Used by `npm run stack:cluster` (scripts/cluster-stack.ts), which the cluster test drives.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { composeService, serviceEnvironment } from './compose';
import { startLocalPostgres, type LocalPostgres } from './postgres';
import { freePort } from './ports';
import { PROJECT_ROOT } from './temporal';
import { stopHandle } from './processes';
import { localComposeVars, startTemporalServer, type PostgresServer, type TemporalServer } from './temporalServer';

/** The variables of the env file that name a place (a host, a port, a folder): the only ones set differently here. */
export const HOST_SPECIFIC_VARIABLES = ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'PORT', 'UPLOAD_DIR', 'UI_DIST_DIR'] as const;

export type AppRole = 'api' | 'worker';

export interface AppProcess {
  name: string;
  role: AppRole;
  /** The process group's id (the `npm run …` process): a container's worth of processes. */
  pid: number;
  url?: string;
  logFile: string;
  environment: Record<string, string>;
  command: string[];
  exited: Promise<number | null>;
  /** Like `docker kill`: SIGKILL to the whole group, no chance to finish anything. */
  kill(): void;
  /** Like `docker stop`: SIGTERM, then SIGKILL after the compose stop_grace_period. */
  stop(): Promise<void>;
}

export interface Cluster {
  dataDir: string;
  pg: LocalPostgres;
  temporal: TemporalServer;
  /** The env file's variables for this run (passwords generated, kept in dataDir/.env). */
  vars: Record<string, string>;
  /** DATABASE_URL as the application processes get it (the application's own role). */
  databaseUrl: string;
  apis: AppProcess[];
  workers: AppProcess[];
  stop(): Promise<void>;
}

export interface ClusterOptions {
  dataDir: string;
  apis?: number;
  workers?: number;
  /** Ports of the APIs, in order; free ones when not given. */
  apiPorts?: number[];
  pgPort?: number;
  temporalPort?: number;
  log?: (line: string) => void;
}

/** The compose service's stop_grace_period in ms (docker's default 10 s). */
function graceMs(role: AppRole): number {
  const text = (composeService(role) as { stop_grace_period?: string }).stop_grace_period ?? '10s';
  return Number(/^(\d+)s$/.exec(text)?.[1] ?? 10) * 1000;
}

/** What an application container's process sees, with the places of this machine instead of the compose network's. */
export function appEnvironment(role: AppRole, vars: Record<string, string>, places: { databaseUrl: string; temporalAddress: string; port: number; uploadDir: string }): Record<string, string> {
  const env = serviceEnvironment(composeService(role), vars);
  const here: Record<(typeof HOST_SPECIFIC_VARIABLES)[number], string> = {
    DATABASE_URL: places.databaseUrl,
    TEMPORAL_ADDRESS: places.temporalAddress,
    PORT: String(places.port),
    UPLOAD_DIR: places.uploadDir,
    UI_DIST_DIR: path.join(PROJECT_ROOT, 'admin-ui', 'dist'),
  };
  return { ...env, ...here };
}

export function startAppProcess(name: string, role: AppRole, environment: Record<string, string>, logFile: string): AppProcess {
  const command = composeService(role).command;
  if (!command?.length) throw new Error(`docker-compose.yml: service ${role} has no command`);
  const out = fs.openSync(logFile, 'a');
  // The container's environment holds nothing of ours but PATH and HOME (for npm).
  const child = spawn(command[0]!, command.slice(1), {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...environment },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const handle = stopHandle(child, graceMs(role));
  const port = environment.PORT;
  return {
    name,
    role,
    pid: child.pid!,
    ...(role === 'api' ? { url: `http://127.0.0.1:${port}` } : {}),
    logFile,
    environment,
    command,
    exited: handle.exited,
    kill() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
    stop: handle.stop,
  };
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  // As root, PostgreSQL runs as the postgres user, which must reach its data folder.
  fs.chmodSync(dataDir, 0o755);
  const logsDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logsDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((err) => log(`stopping: ${String(err)}`));
  };
  try {
    const pgPort = options.pgPort ?? (await freePort());
    log(`PostgreSQL 16 (embedded) on 127.0.0.1:${pgPort}, data in ${path.join(dataDir, 'postgres')}`);
    const pg = await startLocalPostgres({ dataDir: path.join(dataDir, 'postgres'), port: pgPort });
    stops.push(() => pg.stop());
    const admin = new URL(pg.adminUrl);
    const pgServer: PostgresServer = { host: '127.0.0.1', port: pgPort, superuser: decodeURIComponent(admin.username), superuserPassword: decodeURIComponent(admin.password) };
    const vars = localComposeVars(path.join(dataDir, '.env'));

    const temporal = await startTemporalServer({ pg: pgServer, vars, logFile: path.join(logsDir, 'temporal.log'), port: options.temporalPort, log });
    stops.push(() => temporal.stop());

    const databaseUrl = (() => {
      const url = new URL(vars.DATABASE_URL!);
      url.hostname = '127.0.0.1';
      url.port = String(pgPort);
      return url.toString();
    })();
    const uploadDir = path.join(dataDir, 'uploads');
    fs.mkdirSync(uploadDir, { recursive: true });
    const places = (port: number) => ({ databaseUrl, temporalAddress: temporal.address, port, uploadDir });

    const workerCount = options.workers ?? 2;
    const apiCount = options.apis ?? 2;
    const apiPorts = await Promise.all(Array.from({ length: apiCount }, (_, i) => (options.apiPorts?.[i] ? Promise.resolve(options.apiPorts[i]) : freePort())));
    const workers: AppProcess[] = [];
    const apis: AppProcess[] = [];
    // Every process at once: the migrations race for the advisory lock as they would when compose starts them.
    for (let i = 0; i < workerCount; i++) {
      const name = `worker-${i + 1}`;
      // A worker container's PORT is the image's default; no worker listens on it.
      workers.push(startAppProcess(name, 'worker', appEnvironment('worker', vars, places(3000)), path.join(logsDir, `${name}.log`)));
    }
    for (let i = 0; i < apiCount; i++) {
      const name = `api-${i + 1}`;
      apis.push(startAppProcess(name, 'api', appEnvironment('api', vars, places(apiPorts[i]!)), path.join(logsDir, `${name}.log`)));
    }
    stops.push(() => Promise.all([...apis, ...workers].map((p) => p.stop())).then(() => undefined));
    log(`${workerCount} × \`${workers[0]?.command.join(' ')}\` and ${apiCount} × \`${apis[0]?.command.join(' ')}\` starting (logs in ${logsDir})`);

    await Promise.all([
      ...apis.map((api) => waitForHealthyApi(api)),
      waitForWorkers(temporal.address, vars.TEMPORAL_NAMESPACE ?? 'default', vars.TEMPORAL_TASK_QUEUE ?? 'submissions', workers),
    ]);
    return { dataDir, pg, temporal, vars, databaseUrl, apis, workers, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The compose health check of the api service: GET /api/health answers 200 (PostgreSQL, Temporal and a worker ok). */
async function waitForHealthyApi(api: AppProcess, timeoutMs = 240_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void api.exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${api.name} exited with ${exitCode}; see ${api.logFile}`);
    let last: string;
    try {
      const res = await fetch(`${api.url}/api/health`, { signal: AbortSignal.timeout(5000) });
      last = `${res.status} ${await res.text()}`;
      if (res.status === 200) return;
    } catch (err) {
      last = String(err);
    }
    if (Date.now() > until) throw new Error(`${api.name} not healthy after ${timeoutMs / 1000} s: ${last}; see ${api.logFile}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Every worker process polls the task queue: as many distinct poller identities (`<pid>@<host>`) on the workflow
 * task queue as there are worker processes.
 */
async function waitForWorkers(address: string, namespace: string, taskQueue: string, workers: AppProcess[], timeoutMs = 240_000): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      for (const w of workers) {
        if ((await Promise.race([w.exited, Promise.resolve('running' as const)])) !== 'running') throw new Error(`${w.name} exited; see ${w.logFile}`);
      }
      const res = await connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      const identities = new Set((res.pollers ?? []).map((p) => p.identity));
      if (identities.size >= workers.length) return;
      if (Date.now() > until) throw new Error(`only ${identities.size} of ${workers.length} workers poll ${taskQueue} after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await connection.close();
  }
}
