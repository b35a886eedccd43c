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

export const TEST_DATA = path.join(PROJECT_ROOT, '.test-data');

export default async function globalSetup(): Promise<void> {
  fs.rmSync(TEST_DATA, { recursive: true, force: true });
  fs.mkdirSync(TEST_DATA, { recursive: true });
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

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
};
