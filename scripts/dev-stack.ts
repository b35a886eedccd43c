/**
 * The whole stack on one machine (`npm start`): embedded PostgreSQL and the Temporal dev server (unless
 * DATABASE_URL / TEMPORAL_ADDRESS point at existing ones), migrations, demo data, the built UI, the worker and the
 * API on http://localhost:3000. Data stays in .data/ between runs. Ctrl-C stops everything.
 */
import path from 'node:path';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { startLocalPostgres, createDatabaseIfMissing, type LocalPostgres } from '../infra/postgres';
import { startTemporalDevServer, PROJECT_ROOT, type LocalTemporal } from '../infra/temporal';
import { isPortInUse } from '../infra/ports';
import { loadEnv } from '../config/env';
import { createLogger } from '../config/logger';
import { createSequelize } from '../db/sequelize';
import { initModels } from '../db/models';
import { migrateUp } from '../db/migrator';
import { seedDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from '../db/seed';
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

async function main(): Promise<void> {
  const started = Date.now();
  const say = (line: string) => console.log(`[start] ${line}`);
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('正在停止…');
    // Each step is bounded, so one stuck part (a keep-alive connection, a dead server) cannot keep the rest running.
    for (const stop of stops.reverse()) {
      await Promise.race([stop(), new Promise((resolve) => setTimeout(resolve, 10_000))]).catch((e) => console.error(e));
    }
    say('已停止。');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  // npm may close our stdout when the terminal's Ctrl-C stops it first: never die of EPIPE half-way through stopping.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);

  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      if (await isPortInUse(PG_PORT)) throw new Error(`端口 ${PG_PORT} 已被占用（另一个 npm start 在运行？）；可用 PG_PORT 指定其他端口`);
      say(`启动内置 PostgreSQL（数据目录 .data/postgres，端口 ${PG_PORT}）…`);
      const pg: LocalPostgres = await startLocalPostgres({ dataDir: path.join(DATA_DIR, 'postgres'), port: PG_PORT });
      stops.push(() => pg.stop());
      await createDatabaseIfMissing(pg.adminUrl, 'factory5g');
      databaseUrl = pg.urlFor('factory5g');
    }
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let temporalUi = process.env.TEMPORAL_UI_URL;
    if (!temporalAddress) {
      if (await isPortInUse(TEMPORAL_PORT)) throw new Error(`端口 ${TEMPORAL_PORT} 已被占用；可用 TEMPORAL_PORT 指定其他端口，或用 TEMPORAL_ADDRESS 连接已有的 Temporal`);
      say(`启动 Temporal 开发服务器（.data/temporal.db，端口 ${TEMPORAL_PORT}，Web UI ${TEMPORAL_UI_PORT}）…`);
      const t: LocalTemporal = await startTemporalDevServer({
        dbFile: path.join(DATA_DIR, 'temporal.db'),
        port: TEMPORAL_PORT,
        uiPort: TEMPORAL_UI_PORT,
        logFile: path.join(DATA_DIR, 'temporal.log'),
      });
      stops.push(() => t.stop());
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
    stops.push(() => sequelize.close());
    const applied = await migrateUp(sequelize);
    if (applied.length) say(`已执行数据库迁移：${applied.join(', ')}`);
    const { campaignYear } = await seedDemo(sequelize, new Date());

    buildUiIfStale(say);

    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } }, shutdownSignals: [] });
    say('启动 Temporal worker…');
    const { worker, connection } = await createWorker({
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      sequelize,
      logger: logger.child({ component: 'worker' }),
    });
    const running = worker.run();
    stops.push(async () => {
      worker.shutdown();
      await running;
      await connection.close();
    });

    const temporal = createTemporalGateway({ address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE });
    stops.push(() => temporal.connection.close());
    await ensureReconciliationSchedule(temporal).catch((err) => say(`对账计划创建失败：${String(err)}`));
    await ensureRegistrationEscalationSchedule(temporal).catch((err) => say(`注册申请超期提醒计划创建失败：${String(err)}`));
    await notifyCampaignChanged(temporal, campaignYear, 1).catch((err) => say(`申报批次流程启动失败：${String(err)}`));
    const { app } = buildApp({ env, sequelize, models: initModels(sequelize), temporal, logger: logger.child({ component: 'api' }), clock: () => new Date() });
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(env.PORT, () => resolve(s));
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log('');
    console.log(`  5G工厂名录申报平台 已启动（${seconds} 秒）：http://localhost:${env.PORT}`);
    console.log(`  健康检查：http://localhost:${env.PORT}/api/health    API 文档：http://localhost:${env.PORT}/api/openapi.json`);
    if (temporalUi) console.log(`  Temporal Web UI：${temporalUi}`);
    console.log(`  演示批次：${campaignYear} 年度`);
    console.log(`  演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const a of DEMO_ACCOUNTS) console.log(`    ${a.username.padEnd(10)} ${ROLE_LABELS[a.role]}（${a.orgName}）`);
    console.log('  按 Ctrl-C 停止。');
    console.log('');
    await running;
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stopAll(1);
  }
}

/** Build the UI when there is no build yet or a source file is newer than it. */
function buildUiIfStale(say: (line: string) => void): void {
  const uiRoot = path.join(PROJECT_ROOT, 'admin-ui');
  const index = path.join(uiRoot, 'dist', 'index.html');
  if (!fs.existsSync(path.join(uiRoot, 'vite.config.ts'))) return;
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const newest = newestMtime([path.join(uiRoot, 'src'), path.join(PROJECT_ROOT, 'domain'), path.join(uiRoot, 'index.html')]);
  if (builtAt >= newest) return;
  say('构建管理界面（vite build）…');
  const r = spawnSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', path.join(uiRoot, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('管理界面构建失败');
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
