/**
 * One reconciliation pass, started by a Temporal schedule (ops/schedule.ts) every RECONCILE_EVERY with overlap
 * SKIP: the activity compares every open submission workflow with its projection and records drift.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { MaintenanceActivities, ReconcileReport } from './contract';

const { reconcileProjections } = proxyActivities<MaintenanceActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 5 },
});

export async function reconcileProjectionsWorkflow(): Promise<ReconcileReport> {
  return reconcileProjections();
}
