/** The scheduled reconciliation of projections with workflow state (issue 8); the logic is ops/reconcile.ts, which POST /api/admin/reconcile runs too. */
import { Client } from '@temporalio/client';
import { heartbeat } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import type { MaintenanceActivities } from '../workflows/maintenance/contract';
import { reconcileProjections } from '../ops/reconcile';

export function createReconcileActivities(deps: ActivityDeps): MaintenanceActivities {
  const client = new Client({ connection: deps.temporal.connection, namespace: deps.temporal.namespace });
  return {
    reconcileProjections: () => reconcileProjections({ sequelize: deps.sequelize, client, logger: deps.logger }, (checked) => heartbeat(checked)),
  };
}
