/**
 * A test file's own slice of the real stack: a fresh database (migrated, demo accounts seeded), its own task queue
 * and worker on the shared Temporal dev server, and the Express app on a real HTTP port. `stop()` closes every handle.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Runtime, makeTelemetryFilterString, type Worker, type NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import type { Sequelize } from 'sequelize';
import { createDatabaseIfMissing } from '../../infra/postgres';
import { createSequelize } from '../../db/sequelize';
import { initModels } from '../../db/models';
import { migrateUp } from '../../db/migrator';
import { seedDemo, DEMO_PASSWORD } from '../../db/seed';
import { createTemporalGateway } from '../../api/temporal';
import { buildApp, type BuiltApp } from '../../api/app';
import { createWorker } from '../../worker/createWorker';
import { loadEnv, type Env } from '../../config/env';
import type { TemporalGateway } from '../../api/deps';
import { Client } from 'pg';

export interface Clock {
  now: () => Date;
  /** Move the API's clock (sessions, lockouts, captchas); workflows keep Temporal's time. */
  advance(ms: number): void;
  reset(): void;
}

export interface Stack {
  baseUrl: string;
  databaseUrl: string;
  databaseName: string;
  sequelize: Sequelize;
  temporal: TemporalGateway;
  taskQueue: string;
  built: BuiltApp;
  clock: Clock;
  env: Env;
  logs: string[];
  /** Bearer token of a demo account (CAPTCHA=off in tests). */
  login(username: string, password?: string): Promise<string>;
  /** fetch against the app with JSON in and out. */
  api(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

let runtimeInstalled = false;
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m: string, meta?: unknown) => { if (process.env.DEBUG_STACK_LOGS) console.warn(m, meta ?? ''); }, error: (m: string, meta?: unknown) => console.error(m, meta ?? '') },
      // Core logs straight to the console (not forwarded through a JS callback, which would keep the test process alive).
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), console: {} } },
      shutdownSignals: [],
    });
  } catch {
    // Already installed in this process by an earlier test file.
  }
}

export interface StackOptions {
  seed?: boolean;
  env?: Partial<Record<keyof Env, string>>;
  withWorker?: boolean;
  /**
   * Maintenance URL of a PostgreSQL the test file owns (e.g. one it stops and starts again); the shared server of
   * globalSetup by default, which must never be restarted (other test files use it at the same time).
   */
  postgresAdminUrl?: string;
  /** host:port of a Temporal dev server the test file owns; the shared one of globalSetup by default. */
  temporalAddress?: string;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  installQuietRuntime();
  const adminUrl = options.postgresAdminUrl ?? required('TEST_PG_ADMIN_URL');
  const databaseName = `t_${crypto.randomBytes(6).toString('hex')}`;
  await createDatabaseIfMissing(adminUrl, databaseName);
  const databaseUrl = adminUrl.replace(/\/postgres$/, `/${databaseName}`);
  const taskQueue = `tq-${databaseName}`;
  const logs: string[] = [];
  const logger = pino({ level: 'info', redact: { paths: (await import('../../config/logger')).REDACT_PATHS, censor: '[redacted]' } }, {
    write: (line: string) => {
      logs.push(line);
      if (process.env.DEBUG_STACK_LOGS) process.stderr.write(line);
    },
  } as pino.DestinationStream);
  const env = loadEnv({
    NODE_ENV: 'test',
    CAPTCHA: 'off',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: options.temporalAddress ?? required('TEST_TEMPORAL_ADDRESS'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    UPLOAD_DIR: `${required('TEST_DATA_DIR')}/uploads/${databaseName}`,
    ...options.env,
  });
  const sequelize = createSequelize(databaseUrl, { poolMax: 10 });
  await migrateUp(sequelize);
  if (options.seed !== false) await seedDemo(sequelize, new Date());
  const models = initModels(sequelize);
  let offset = 0;
  const clock: Clock = {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
    reset: () => {
      offset = 0;
    },
  };
  const temporal = createTemporalGateway({ address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, taskQueue });
  const built = buildApp({ env, sequelize, models, temporal, logger, clock: clock.now });
  const server = http.createServer(built.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let worker: { worker: Worker; connection: NativeConnection; running: Promise<void> } | null = null;
  const startWorker = async () => {
    if (worker) return;
    const created = await createWorker({
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue,
      sequelize,
      logger,
      clock: clock.now,
      workflowBundle: { codePath: required('TEST_WORKFLOW_BUNDLE') },
      maxConcurrentActivityTaskExecutions: 20,
    });
    worker = { ...created, running: created.worker.run() };
  };
  const stopWorker = async () => {
    if (!worker) return;
    const w = worker;
    worker = null;
    w.worker.shutdown();
    await w.running;
    await w.connection.close();
  };
  if (options.withWorker !== false) await startWorker();

  const api: Stack['api'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(baseUrl + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  return {
    baseUrl,
    databaseUrl,
    databaseName,
    sequelize,
    temporal,
    taskQueue,
    built,
    clock,
    env,
    logs,
    api,
    startWorker,
    stopWorker,
    async login(username, password = DEMO_PASSWORD) {
      const res = await api('POST', '/api/auth/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    async stop() {
      await stopWorker();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await temporal.close();
      await sequelize.close();
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run through jest.integration.config.js (globalSetup)`);
  return v;
}
