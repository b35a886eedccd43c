/**
 * Once per `npm run test:integration` / `test:e2e`: one real PostgreSQL, one Temporal dev server (SQLite file) and
 * one workflow bundle. Each test file then creates its own database and task queue (test/support/stack.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startLocalPostgres } from '../../infra/postgres';
import { startTemporalDevServer, PROJECT_ROOT } from '../../infra/temporal';
import { freePort } from '../../infra/ports';
import { WORKFLOWS_PATH } from '../../worker/createWorker';

const TEST_ROOT = path.join(PROJECT_ROOT, '.test-data');

export default async function globalSetup(): Promise<void> {
  // Each run gets its own folder: several runs (tiers, engineers) may share the checkout at once.
  removeStaleRuns();
  const TEST_DATA = path.join(TEST_ROOT, `run-${process.pid}-${Date.now()}`);
  fs.mkdirSync(TEST_DATA, { recursive: true });
  process.env.TEST_DATA_DIR = TEST_DATA;
  const [pgPort, temporalPort] = [await freePort(), await freePort()];
  const [pg, temporal, bundle] = await Promise.all([
    startLocalPostgres({ dataDir: path.join(TEST_DATA, 'postgres'), port: pgPort }),
    startTemporalDevServer({ dbFile: path.join(TEST_DATA, 'temporal.db'), port: temporalPort, logFile: path.join(TEST_DATA, 'temporal.log') }),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger }),
  ]);
  const bundlePath = path.join(TEST_DATA, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  process.env.TEST_PG_ADMIN_URL = pg.adminUrl;
  process.env.TEST_PG_PORT = String(pgPort);
  process.env.TEST_PG_DATA_DIR = path.join(TEST_DATA, 'postgres');
  process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.TEST_TEMPORAL_PORT = String(temporalPort);
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  (globalThis as Record<string, unknown>).__stack = { pg, temporal };
}

/** Folders of runs whose process is gone (killed runs leave them behind). */
function removeStaleRuns(): void {
  if (!fs.existsSync(TEST_ROOT)) return;
  for (const name of fs.readdirSync(TEST_ROOT)) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      fs.rmSync(path.join(TEST_ROOT, name), { recursive: true, force: true });
    }
  }
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
};
