import fs from 'node:fs';
import { removeLocalPostgresData, type LocalPostgres } from '../../infra/postgres';
import type { LocalTemporal } from '../../infra/temporal';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as Record<string, unknown>).__stack as { pg: LocalPostgres; temporal: LocalTemporal } | undefined;
  if (!stack) return;
  await stack.temporal.stop();
  await stack.pg.stop();
  const dir = process.env.TEST_DATA_DIR;
  if (dir && !process.env.KEEP_TEST_DATA) {
    // The cluster may live outside the folder (root, project in a folder the postgres user cannot enter).
    if (process.env.TEST_PG_DATA_DIR) removeLocalPostgresData(process.env.TEST_PG_DATA_DIR);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
