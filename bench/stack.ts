/**
 * The bench's own stack on 127.0.0.1, in a temporary folder removed at the end: embedded PostgreSQL, one Temporal
 * server — the CLI's development server (SQLite) or the production server on PostgreSQL (infra/temporalServer.ts,
 * started as docker-compose.yml starts it) — the API in this process, one in-process worker for the figures that
 * only need one, and worker *processes* (`npm run worker`, or the floor worker) for the figures that count per
 * worker.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client as PgClient } from 'pg';
import pino from 'pino';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { temporal as proto } from '@temporalio/proto';
import type { Sequelize } from 'sequelize';
import { startLocalPostgres, type LocalPostgres } from '../infra/postgres';
import { startTemporalDevServer, PROJECT_ROOT, type LocalTemporal } from '../infra/temporal';
import { stopHandle } from '../infra/processes';
import { localComposeVars, startTemporalServer, TEMPORAL_SERVER_VERSION } from '../infra/temporalServer';
import { freePort } from '../infra/ports';
import { createSequelize } from '../db/sequelize';
import { initModels } from '../db/models';
import { migrateUp } from '../db/migrator';
import { seedDemo, DEMO_PASSWORD } from '../db/seed';
import { loadEnv } from '../config/env';
import { createTemporalGateway } from '../api/temporal';
import { buildApp } from '../api/app';
import type { TemporalGateway } from '../api/deps';
import { createWorker } from '../worker/createWorker';
import { log, pollUntil } from './lib';

export type TemporalKind = 'dev' | 'server';

export const TEMPORAL_LABELS: Record<TemporalKind, string> = {
  dev: 'Temporal dev server (CLI, SQLite)',
  server: `Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL`,
};

export interface WorkerProcess {
  name: string;
  /** The worker's identity as Temporal records it in history (`<pid>@<host>`). */
  identity: string;
  stop(): Promise<void>;
}

export interface BenchStack {
  kind: TemporalKind;
  tmp: string;
  pg: LocalPostgres;
  temporal: LocalTemporal;
  namespace: string;
  databaseUrl: string;
  sequelize: Sequelize;
  gateway: TemporalGateway;
  /** The in-process worker's task queue (the API starts workflows there). */
  taskQueue: string;
  baseUrl: string;
  raw: PgClient;
  campaignYear: number;
  enterpriseId: string;
  api(method: string, p: string, token?: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  login(username: string): Promise<string>;
  /** `npm run worker` (kind 'app') or the floor worker as a separate process on `taskQueue`; resolves once it polls. */
  startWorkerProcess(name: string, kind: 'app' | 'floor', taskQueue: string): Promise<WorkerProcess>;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

export async function startBenchStack(kind: TemporalKind): Promise<BenchStack> {
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    Runtime.install({
      logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: (m: string, meta?: unknown) => console.error(m, meta ?? '') },
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
      shutdownSignals: [],
    });
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `factory5g-bench-${kind}-`));
  // As root, PostgreSQL runs as the postgres user, which must reach its data folder.
  fs.chmodSync(tmp, 0o755);
  fs.mkdirSync(path.join(tmp, 'logs'));
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const fn of stops.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(`[bench] stopping: ${String(err)}`);
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    log(`[${kind}] temporary folder ${tmp}; starting PostgreSQL and the ${TEMPORAL_LABELS[kind]}`);
    const pgPort = await freePort();
    const pg = await startLocalPostgres({ dataDir: path.join(tmp, 'postgres'), port: pgPort });
    stops.push(() => pg.stop());
    let temporal: LocalTemporal;
    let namespace = 'default';
    if (kind === 'dev') {
      temporal = await startTemporalDevServer({ dbFile: path.join(tmp, 'temporal.db'), port: await freePort(), logFile: path.join(tmp, 'logs', 'temporal.log') });
    } else {
      const admin = new URL(pg.adminUrl);
      const server = await startTemporalServer({
        pg: { host: '127.0.0.1', port: pgPort, superuser: decodeURIComponent(admin.username), superuserPassword: decodeURIComponent(admin.password) },
        vars: localComposeVars(path.join(tmp, '.env')),
        logFile: path.join(tmp, 'logs', 'temporal.log'),
        log: (line) => log(`[server] ${line}`),
      });
      temporal = server;
      namespace = server.namespace;
    }
    stops.push(() => temporal.stop());

    await pg.createDatabase('bench');
    const databaseUrl = pg.urlFor('bench');
    const taskQueue = 'bench-submissions';
    const uploadDir = path.join(tmp, 'uploads');
    const env = loadEnv({ NODE_ENV: 'test', CAPTCHA: 'off', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: namespace, TEMPORAL_TASK_QUEUE: taskQueue, UPLOAD_DIR: uploadDir });
    const logger = pino({ level: 'silent' });
    const sequelize = createSequelize(databaseUrl, { poolMax: 20 });
    stops.push(() => sequelize.close());
    await migrateUp(sequelize);
    const { campaignYear } = await seedDemo(sequelize, new Date());
    const gateway = createTemporalGateway({ address: env.TEMPORAL_ADDRESS, namespace, taskQueue });
    stops.push(() => gateway.close());
    const built = buildApp({ env, sequelize, models: initModels(sequelize), temporal: gateway, logger, clock: () => new Date() });
    const server = http.createServer(built.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stops.push(() => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    log(`[${kind}] bundling workflows and starting the in-process worker`);
    const created = await createWorker({ address: env.TEMPORAL_ADDRESS, namespace, taskQueue, sequelize, logger });
    const running = created.worker.run();
    stops.push(async () => {
      created.worker.shutdown();
      await running;
      await created.connection.close();
    });
    const raw = new PgClient({ connectionString: databaseUrl });
    await raw.connect();
    stops.push(() => raw.end());

    const api: BenchStack['api'] = async (method, p, token, body, headers = {}) => {
      const all: Record<string, string> = { ...headers };
      if (token) all.authorization = `Bearer ${token}`;
      if (body !== undefined) all['content-type'] = 'application/json';
      const res = await fetch(baseUrl + p, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
    };
    const login = async (username: string) => {
      const res = await api('POST', '/api/auth/login', undefined, { username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    };
    const [[enterpriseRow]] = (await sequelize.query(`SELECT id FROM users WHERE username = 'gzfactory'`)) as [{ id: string }[], unknown];

    const startWorkerProcess: BenchStack['startWorkerProcess'] = async (name, workerKind, queue) => {
      const before = await pollerIdentities(gateway, namespace, queue);
      const logFile = path.join(tmp, 'logs', `${name}.log`);
      const out = fs.openSync(logFile, 'a');
      const [command, args] = workerKind === 'app' ? ['npm', ['run', 'worker']] : [path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [path.join(__dirname, 'floor', 'worker.ts')]];
      const child = spawn(command, args, {
        cwd: PROJECT_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          DATABASE_URL: databaseUrl,
          TEMPORAL_ADDRESS: temporal.address,
          TEMPORAL_NAMESPACE: namespace,
          TEMPORAL_TASK_QUEUE: queue,
          UPLOAD_DIR: uploadDir,
        },
        stdio: ['ignore', out, out],
        detached: true,
      });
      fs.closeSync(out);
      const handle = stopHandle(child, 15_000);
      stops.push(() => handle.stop());
      let exited = false;
      void handle.exited.then(() => (exited = true));
      const after = await pollUntil(
        () => pollerIdentities(gateway, namespace, queue),
        (ids) => exited || [...ids].some((id) => !before.has(id)),
        500,
        180_000,
      );
      const identity = [...after].find((id) => !before.has(id));
      if (!identity) throw new Error(`${name} did not poll ${queue}${exited ? ' (it exited)' : ''}; see ${logFile}`);
      log(`[${kind}] ${name} polls ${queue} as ${identity}`);
      return { name, identity, stop: handle.stop };
    };

    log(`[${kind}] stack up`);
    return {
      kind,
      tmp,
      pg,
      temporal,
      namespace,
      databaseUrl,
      sequelize,
      gateway,
      taskQueue,
      baseUrl,
      raw,
      campaignYear,
      enterpriseId: enterpriseRow!.id,
      api,
      login,
      startWorkerProcess,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Identities polling a task queue's workflow and activity queues. */
async function pollerIdentities(gateway: TemporalGateway, namespace: string, taskQueue: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const taskQueueType of [proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY]) {
    const res = await gateway.connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL }, taskQueueType });
    for (const p of res.pollers ?? []) if (p.identity) ids.add(p.identity);
  }
  return ids;
}

