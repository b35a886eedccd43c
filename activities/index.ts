/** Activity factory: all I/O of the workflows, one module per kind of work. */
import type { Activities } from './contract';
import type { ActivityDeps } from './deps';
import { createProjectionActivities } from './projection';
import { createCampaignActivities } from './campaign';
import { createReconcileActivities } from './reconcile';
import { createRegistrationActivities } from './registrations';
import { createBatchActivities } from './batch';
import type { BatchActivities } from '../workflows/batch/contract';

export type { ActivityDeps };

export function createActivities(deps: ActivityDeps): Activities & BatchActivities {
  return {
    ...createProjectionActivities(deps),
    ...createCampaignActivities(deps),
    ...createReconcileActivities(deps),
    ...createRegistrationActivities(deps),
    ...createBatchActivities(deps),
  };
}
