import type { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { NativeConnection } from '@temporalio/worker';

/** What every activity module is built from: tests pass a real Sequelize (real PostgreSQL) and, where honest, a fake clock. */
export interface ActivityDeps {
  sequelize: Sequelize;
  logger: Logger;
  clock: () => Date;
  temporal: { connection: NativeConnection; namespace: string };
}
