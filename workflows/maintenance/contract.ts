/** Contract of the maintenance workflow: the scheduled projection reconciliation (issue 8). */
export const RECONCILE_WORKFLOW_TYPE = 'reconcileProjectionsWorkflow';

/** One schedule per task queue (tests run one task queue per file on a shared server). */
export function reconcileScheduleId(taskQueue: string): string {
  return `reconcile-projections:${taskQueue}`;
}

/** How often the schedule runs the reconciliation. */
export const RECONCILE_EVERY = '10 minutes';

export interface ReconcileReport {
  checked: number;
  drifted: number;
  resolved: number;
  unreachable: number;
  /** Running submission workflows without a projection row (absent from reports recorded before it existed). */
  noProjection?: number;
}

/** The activity the workflow calls (implemented in activities/reconcile.ts). */
export interface MaintenanceActivities {
  reconcileProjections(): Promise<ReconcileReport>;
}
