import type { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { NativeConnection } from '@temporalio/worker';

/** What every activity module is built from (tests pass a real Sequelize on a real PostgreSQL). */
export interface ActivityDeps {
  sequelize: Sequelize;
  logger: Logger;
  temporal: { connection: NativeConnection; namespace: string };
  /** Now; tests move it (registration escalation after 3 working days). */
  clock?: () => Date;
}
