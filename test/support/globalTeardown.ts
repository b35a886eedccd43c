import fs from 'node:fs';
import type { LocalPostgres } from '../../infra/postgres';
import type { LocalTemporal } from '../../infra/temporal';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as Record<string, unknown>).__stack as { pg: LocalPostgres; temporal: LocalTemporal } | undefined;
  if (!stack) return;
  await stack.temporal.stop();
  await stack.pg.stop();
  const dir = process.env.TEST_DATA_DIR;
  if (dir && !process.env.KEEP_TEST_DATA) fs.rmSync(dir, { recursive: true, force: true });
}
