/**
 * The whole stack on one machine (`npm start`): embedded PostgreSQL and the Temporal dev server (unless
 * DATABASE_URL / TEMPORAL_ADDRESS point at existing ones), migrations, demo data, the built UI, the worker and the
 * API on http://localhost:3000. Data stays in .data/ between runs. Ctrl-C, SIGTERM or SIGHUP stop everything (the
 * API and the worker first, then Temporal and PostgreSQL), within 10 s; so does the end of the parent process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { startLocalPostgres, createDatabaseIfMissing, type LocalPostgres } from '../infra/postgres';
import { startTemporalDevServer, PROJECT_ROOT, type LocalTemporal } from '../infra/temporal';
import { isPortInUse } from '../infra/ports';
import { describePortHolder, StartError } from '../infra/processes';
import { loadEnv, type Env } from '../config/env';
import type { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { TemporalGateway } from '../api/deps';
import { createLogger } from '../config/logger';
import { createSequelize } from '../db/sequelize';
import { initModels } from '../db/models';
import { migrateUp } from '../db/migrator';
import { seedDemo, DEMO_ACCOUNTS, DEMO_MORE_ACCOUNTS, DEMO_PASSWORD } from '../db/seed';
import { seedDemoProjects } from './demo/seed';
import { createTemporalGateway } from '../api/temporal';
import { buildApp } from '../api/app';
import { notifyCampaignChanged } from '../api/projects/campaignWorkflow';
import { ensureReconciliationSchedule } from '../ops/schedule';
import { ensureRegistrationEscalationSchedule } from '../api/ops/registrationEscalation';
import { createWorker } from '../worker/createWorker';
import { ROLE_LABELS } from '../domain/roles';

const DATA_DIR = path.join(PROJECT_ROOT, '.data');
const PG_PORT = Number(process.env.PG_PORT ?? 54329);
const TEMPORAL_PORT = Number(process.env.TEMPORAL_PORT ?? 7233);
const TEMPORAL_UI_PORT = Number(process.env.TEMPORAL_UI_PORT ?? 8233);

/** Every step of a stop is bounded; together they stay well within 10 s of the signal (issue 16). */
const APP_STOP_MS = 3_000;

async function main(): Promise<void> {
  const started = Date.now();
  const say = (line: string) => console.log(`[start] ${line}`);
  /** Aborted when a stop begins: starts in progress (pip, initdb, vite, the demo seed) give up and clean up. */
  const abort = new AbortController();
  /** Running parts of the stack, stopped in reverse order: first the API and the worker, then their connections. */
  const app: (() => Promise<unknown>)[] = [];
  /** PostgreSQL and Temporal: stopped last, together, each with its own escalation up to SIGKILL. */
  const servers: (() => Promise<unknown>)[] = [];
  /** Starts in progress; a stop waits for them to settle (an aborted start stops what it had started). */
  const starting = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    starting.add(p);
    void p.catch(() => undefined).finally(() => starting.delete(p));
    return p;
  };

  let stopping = false;
  const stopAll = async (code: number, why?: string) => {
    if (stopping) return; // a second Ctrl-C (or a terminal's Ctrl-C reaching npm and us both): the stop is under way
    stopping = true;
    say(`${why ? `${why}，` : ''}正在停止…`);
    abort.abort();
    await Promise.allSettled([...starting]);
    await new Promise((resolve) => setImmediate(resolve)); // let a start that just finished register its stop
    await within(APP_STOP_MS, async () => {
      for (const stop of app.reverse()) await stop().catch(() => undefined);
    });
    await Promise.allSettled(servers.map((stop) => stop()));
    say('已停止。');
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void stopAll(0, `收到 ${sig}`));
  // `kill <pid of npm start>` ends npm alone and orphans us (npm does not pass SIGTERM on): a changed parent means stop.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stopAll(0, '父进程已退出');
  }, 500).unref();
  // A closed terminal (SIGHUP) or npm gone first: never die of EPIPE/EIO half-way through stopping.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  // While stopping, connections closing under a running request may reject anywhere: that is expected, not a crash.
  process.on('unhandledRejection', (err) => {
    if (stopping) return;
    console.error(err instanceof Error ? err.message : err);
    void stopAll(1);
  });

  try {
    const port = Number(process.env.PORT ?? 3000);
    if (await isPortInUse(port)) throw new StartError(`${describePortHolder(port)}，无法启动 API（另一个 npm start 在运行？）；请停止该进程或用 PORT 指定其他端口 / port ${port} is in use: stop that process or set PORT`);
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      say(`启动内置 PostgreSQL（数据目录 .data/postgres，端口 ${PG_PORT}）…`);
      const pg: LocalPostgres = await track(startLocalPostgres({ dataDir: path.join(DATA_DIR, 'postgres'), port: PG_PORT, say, signal: abort.signal }));
      servers.push(() => pg.stop());
      await createDatabaseIfMissing(pg.adminUrl, 'factory5g');
      databaseUrl = pg.urlFor('factory5g');
    }
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let temporalUi = process.env.TEMPORAL_UI_URL;
    if (!temporalAddress) {
      say(`启动 Temporal 开发服务器（.data/temporal.db，端口 ${TEMPORAL_PORT}，Web UI ${TEMPORAL_UI_PORT}）…`);
      const t: LocalTemporal = await track(
        startTemporalDevServer({
          dbFile: path.join(DATA_DIR, 'temporal.db'),
          port: TEMPORAL_PORT,
          uiPort: TEMPORAL_UI_PORT,
          logFile: path.join(DATA_DIR, 'temporal.log'),
          say,
          signal: abort.signal,
        }),
      );
      servers.push(() => t.stop());
      temporalAddress = t.address;
      temporalUi = t.uiUrl ?? undefined;
    }
    const env = loadEnv({
      NODE_ENV: 'development',
      CAPTCHA: 'on',
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      ...(temporalUi ? { TEMPORAL_UI_URL: temporalUi } : {}),
    });
    const logger = createLogger(env.LOG_LEVEL);
    const sequelize = createSequelize(env.DATABASE_URL);
    app.push(() => sequelize.close());
    const applied = await migrateUp(sequelize);
    if (applied.length) say(`已执行数据库迁移：${applied.join(', ')}`);
    const { campaignYear } = await seedDemo(sequelize, new Date());

    await track(buildUiIfStale(say, abort.signal));

    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } }, shutdownSignals: [] });
    say('启动 Temporal worker…');
    const { worker, connection } = await track(
      createWorker({
        address: env.TEMPORAL_ADDRESS,
        namespace: env.TEMPORAL_NAMESPACE,
        taskQueue: env.TEMPORAL_TASK_QUEUE,
        sequelize,
        logger: logger.child({ component: 'worker' }),
      }),
    );
    app.push(() => connection.close());
    const running = worker.run();
    app.push(async () => {
      worker.shutdown();
      await running;
    });

    const temporal = createTemporalGateway({ address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE });
    app.push(() => temporal.close());
    await ensureReconciliationSchedule(temporal).catch((err) => say(`对账计划创建失败：${String(err)}`));
    await ensureRegistrationEscalationSchedule(temporal).catch((err) => say(`注册申请超期提醒计划创建失败：${String(err)}`));
    await notifyCampaignChanged(temporal, campaignYear, 1).catch((err) => say(`申报批次流程启动失败：${String(err)}`));
    const { app: api } = buildApp({ env, sequelize, models: initModels(sequelize), temporal, logger: logger.child({ component: 'api' }), clock: () => new Date() });
    const server = await new Promise<import('node:http').Server>((resolve, reject) => {
      const s = api.listen(env.PORT, () => resolve(s)).once('error', reject);
    });
    app.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );

    await track(seedDemoData({ env, sequelize, temporal, logger, say, signal: abort.signal, currentYear: campaignYear }));

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log('');
    console.log(`  5G工厂名录申报平台 已启动（${seconds} 秒）：http://localhost:${env.PORT}`);
    console.log(`  健康检查：http://localhost:${env.PORT}/api/health    API 文档：http://localhost:${env.PORT}/api/openapi.json`);
    if (temporalUi) console.log(`  Temporal Web UI：${temporalUi}`);
    console.log(`  演示批次：${campaignYear} 年度`);
    console.log(`  演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const a of DEMO_ACCOUNTS) console.log(`    ${a.username.padEnd(10)} ${ROLE_LABELS[a.role]}（${a.orgName}）`);
    console.log(`    以及 ${DEMO_MORE_ACCOUNTS.map((a) => a.username).join('、')}（其他省市的企业和主管部门、第二位评审专家，见 README）`);
    console.log('  按 Ctrl-C 停止。');
    console.log('');
    await running;
  } catch (err) {
    if (stopping) return; // the stop interrupted the start: nothing to report
    // Expected reasons (a port in use, a folder PostgreSQL cannot reach) are one line; anything else keeps its stack.
    console.error(err instanceof StartError ? err.message : err);
    await stopAll(1);
  }
}

/**
 * Last year's campaign carried through to the published directory and this year's in its early phases
 * (scripts/demo), through the real API: an API instance of its own on a loopback port, the same app with the image
 * captcha off so the demo accounts can sign in. A failure is reported and the stack keeps running: the next start
 * continues where the demo stopped.
 */
async function seedDemoData(o: {
  env: Env;
  sequelize: Sequelize;
  temporal: TemporalGateway;
  logger: Logger;
  say: (line: string) => void;
  signal: AbortSignal;
  currentYear: number;
}): Promise<void> {
  const { app } = buildApp({ env: { ...o.env, CAPTCHA: 'off' }, sequelize: o.sequelize, models: initModels(o.sequelize), temporal: o.temporal, logger: o.logger.child({ component: 'demo' }, { level: 'error' }), clock: () => new Date() });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await seedDemoProjects({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, now: new Date(), currentYear: o.currentYear, lastYear: o.currentYear - 1, say: o.say, signal: o.signal });
  } catch (err) {
    if (o.signal.aborted) throw err;
    o.say(`演示数据未能全部生成（下次启动时继续）：${err instanceof Error ? err.message : String(err)}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** Run `work`, giving up on it after `ms` (a stuck part — a keep-alive connection, a dead server — must not keep the rest running). */
async function within(ms: number, work: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Build the UI when there is no build yet or a source file is newer than it. */
async function buildUiIfStale(say: (line: string) => void, signal: AbortSignal): Promise<void> {
  const uiRoot = path.join(PROJECT_ROOT, 'admin-ui');
  const index = path.join(uiRoot, 'dist', 'index.html');
  if (!fs.existsSync(path.join(uiRoot, 'vite.config.ts'))) return;
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const newest = newestMtime([path.join(uiRoot, 'src'), path.join(PROJECT_ROOT, 'domain'), path.join(uiRoot, 'index.html')]);
  if (builtAt >= newest) return;
  say('构建管理界面（vite build）…');
  const vite = spawn(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', path.join(uiRoot, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const onAbort = () => vite.kill('SIGTERM');
  signal.addEventListener('abort', onAbort);
  const code = await new Promise<number | null>((resolve) => {
    vite.once('error', () => resolve(-1));
    vite.once('exit', (c) => resolve(c));
  }).finally(() => signal.removeEventListener('abort', onAbort));
  if (signal.aborted) throw new StartError('已取消');
  if (code !== 0) throw new StartError('管理界面构建失败（vite build），错误见上方 / the UI build (vite build) failed, see above');
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const f of fs.readdirSync(p)) visit(path.join(p, f));
    else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

void main();
