/**
 * The scheduled reconciliation of projections with workflow state (issue 8, 13.2): the 'changed' pass of
 * ops/reconcileRun.ts (the candidates visibility and the projection disagree on, and open drift), never every open
 * workflow. POST /api/admin/reconcile runs the same comparison as a batch.
 */
import { Client } from '@temporalio/client';
import { heartbeat } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import type { MaintenanceActivities } from '../workflows/maintenance/contract';
import { reconcileChanged } from '../ops/reconcileRun';

export function createReconcileActivities(deps: ActivityDeps): MaintenanceActivities {
  const client = new Client({ connection: deps.temporal.connection, namespace: deps.temporal.namespace });
  const ops = { sequelize: deps.sequelize, client, namespace: deps.temporal.namespace, taskQueue: deps.temporal.taskQueue, clock: () => new Date(), logger: deps.logger };
  return {
    reconcileProjections: () => reconcileChanged(ops, (checked) => heartbeat(checked)),
  };
}
