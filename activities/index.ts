/**
 * Activity factory: all I/O of the workflows. Tests pass a real Sequelize (real PostgreSQL) and, where honest,
 * a fake clock.
 */
import type { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { NativeConnection } from '@temporalio/worker';
import type { Activities } from './contract';
import { createProjectionActivities } from './projection';
import { createCampaignActivities } from './campaign';
import { createReconcileActivities } from './reconcile';
import { createBatchActivities } from './batch';
import type { BatchActivities } from '../workflows/batch/contract';

export interface ActivityDeps {
  sequelize: Sequelize;
  logger: Logger;
  clock: () => Date;
  /** The worker's task queue: the batch operations read visibility and poller build ids of it. */
  temporal: { connection: NativeConnection; namespace: string; taskQueue: string };
}

export function createActivities(deps: ActivityDeps): Activities & BatchActivities {
  return {
    ...createProjectionActivities(deps),
    ...createCampaignActivities(deps),
    ...createReconcileActivities(deps),
    ...createBatchActivities(deps),
  };
}
