import type { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { NativeConnection } from '@temporalio/worker';

/** What every activity module is built from (tests pass a real Sequelize on a real PostgreSQL). */
export interface ActivityDeps {
  sequelize: Sequelize;
  logger: Logger;
  /** The worker's task queue: the batch operations read visibility and poller build ids of it. */
  temporal: { connection: NativeConnection; namespace: string; taskQueue: string };
  /** Now; tests move it (registration escalation after 3 working days). */
  clock?: () => Date;
}
