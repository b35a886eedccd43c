/**
 * One reconciliation pass, started by a Temporal schedule (ops/schedule.ts) every RECONCILE_EVERY with overlap
 * SKIP: the activity compares with their projection only the submissions that may have drifted — open drift, and
 * where visibility's Phase counts disagree with the projection's (ops/reconcileRun.ts reconcileChanged) — never every
 * open workflow; 立即全面对账 (a batch) compares them all.
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
