/** Phases a submission can be in before the ministry takes over (the recommendation deadline closes them). */
const PRE_MINISTRY = ['draft', 'submitted', 'returned', 'partially_recommended', 'recommended', 'withdrawal_requested', 'withdrawn'] as const;

/** Submission phases of SPEC §3 (API value → 中文 label). */
export const PHASES = [
  ...PRE_MINISTRY,
  'expired',
  'not_recommended',
  'ministry_review',
  'onsite_verification',
  'shortlisted',
  'rejected',
  'publicity',
  'listed',
] as const;
export type Phase = (typeof PHASES)[number];
export const PRE_MINISTRY_PHASES: readonly Phase[] = PRE_MINISTRY;

export const PHASE_LABELS: Record<Phase, string> = {
  draft: '暂存',
  submitted: '待推荐',
  returned: '已退回',
  partially_recommended: '部分推荐',
  recommended: '已推荐',
  withdrawal_requested: '撤回申请中',
  withdrawn: '已撤销',
  expired: '逾期未提交',
  not_recommended: '未获推荐',
  ministry_review: '部级评审中',
  onsite_verification: '现场核验中',
  shortlisted: '拟入选',
  rejected: '未入选',
  publicity: '公示中',
  listed: '已入选名录',
};

/** Phases in which the enterprise may edit the form. */
export const EDITABLE_PHASES: readonly Phase[] = ['draft', 'submitted', 'returned', 'withdrawn'];

/**
 * Phases the lifecycle has finished with: no deadline of its own is left and no review step follows. People's
 * any-phase actions (operators, 案例, corrective actions) still apply; when the workflow itself ends is the lifetime
 * rule in workflows/submission/contract.ts. A campaign year can be archived once every submission is in one.
 */
export const FINAL_PHASES: readonly Phase[] = ['expired', 'not_recommended', 'rejected', 'listed'];

/** The final phases that end without a listing (shown greyed out). */
export const CLOSED_PHASES: readonly Phase[] = ['expired', 'not_recommended', 'rejected'];

export function isEditable(phase: Phase): boolean {
  return EDITABLE_PHASES.includes(phase);
}
