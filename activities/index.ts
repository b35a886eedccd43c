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
import { createRegistrationActivities } from './registrations';

export interface ActivityDeps {
  sequelize: Sequelize;
  logger: Logger;
  clock: () => Date;
  temporal: { connection: NativeConnection; namespace: string };
}

export function createActivities(deps: ActivityDeps): Activities {
  return {
    ...createProjectionActivities(deps),
    ...createCampaignActivities(deps),
    ...createReconcileActivities(deps),
    ...createRegistrationActivities(deps),
  };
}
