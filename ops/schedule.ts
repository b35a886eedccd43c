/**
 * The reconciliation schedule: a Temporal schedule that starts reconcileProjectionsWorkflow every RECONCILE_EVERY
 * (overlap SKIP, so a slow pass is never doubled). Idempotent: call it at start (worker or API).
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { RECONCILE_EVERY, RECONCILE_WORKFLOW_TYPE, reconcileScheduleId } from '../workflows/maintenance/contract';

export async function ensureReconciliationSchedule(temporal: { client: Client; taskQueue: string }): Promise<string> {
  const scheduleId = reconcileScheduleId(temporal.taskQueue);
  try {
    await temporal.client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: RECONCILE_EVERY }] },
      action: { type: 'startWorkflow', workflowType: RECONCILE_WORKFLOW_TYPE, workflowId: `reconcile-projections:${temporal.taskQueue}`, taskQueue: temporal.taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  return scheduleId;
}
