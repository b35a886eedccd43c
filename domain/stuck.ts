/**
 * What the admin's stuck-work monitor lists (SPEC §6, issue 8): shared by the API that builds the list and the UI that
 * shows it.
 */

/** SLA of a human step (withdrawal request, city review, registration review), in working days (SPEC §3). */
export const HUMAN_STEP_SLA_WORKING_DAYS = 3;

export const STUCK_KINDS = ['activityRetrying', 'workflowTaskFailing', 'withdrawalOverdue', 'cityReviewOverdue', 'registrationOverdue', 'projectionDrift', 'projectionFailed'] as const;
export type StuckKind = (typeof STUCK_KINDS)[number];

/** One item of GET /api/admin/workflows/stuck. */
export interface StuckItem {
  /** null for a registration (no workflow). */
  workflowId: string | null;
  submissionId?: string;
  userId?: string;
  kind: StuckKind;
  /** Chinese, for the admin. */
  reason: string;
  /** ISO instant since when it is stuck. */
  since: string;
  detail: Record<string, unknown>;
  temporalUiUrl: string | null;
}
