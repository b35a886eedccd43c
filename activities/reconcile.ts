/** The scheduled reconciliation of projections with workflow state (issue 8); the logic is api/ops/reconcile.ts. */
import { Client } from '@temporalio/client';
import { heartbeat } from '@temporalio/activity';
import type { ActivityDeps } from './index';
import type { MaintenanceActivities } from '../workflows/maintenance/contract';
import { reconcileProjections } from '../api/ops/reconcile';

export function createReconcileActivities(deps: ActivityDeps): MaintenanceActivities {
  const client = new Client({ connection: deps.temporal.connection, namespace: deps.temporal.namespace });
  return {
    reconcileProjections: () => reconcileProjections({ sequelize: deps.sequelize, client, logger: deps.logger }, (checked) => heartbeat(checked)),
  };
}
