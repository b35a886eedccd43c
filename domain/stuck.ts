/**
 * What the admin's stuck-work monitor lists (SPEC §6, issue 13.1): shared by the API that builds the list, the batch
 * operations that act on it, the /metrics gauge and the UI that shows it.
 *
 * Each kind has one source, chosen so that the monitor never looks at every workflow: Temporal visibility (search
 * attributes kept up to date by the workflows, and the server's own TemporalReportedProblems) or an indexed query on
 * the PostgreSQL projection.
 */
import { findRegion } from './reference';

/** SLA of a human step (withdrawal request, city review, registration review), in working days (SPEC §3). */
export const HUMAN_STEP_SLA_WORKING_DAYS = 3;

/** In the order the monitor lists them: technical problems first (someone must act), then late human steps. */
export const STUCK_KINDS = [
  'workflowTaskFailing',
  'activityRetrying',
  'projectionFailed',
  'projectionLag',
  'projectionDrift',
  'withdrawalOverdue',
  'cityReviewOverdue',
  'expertReviewOverdue',
  'registrationOverdue',
] as const;
export type StuckKind = (typeof STUCK_KINDS)[number];

/** The operations an administrator runs on stuck work, one item or many (issue 13.2). */
export const BATCH_OPERATIONS = ['retry', 'terminate', 'rebuildProjection', 'resendDeadlines'] as const;
export type BatchOperation = (typeof BATCH_OPERATIONS)[number];

/** What the administrator reads (批量操作 screens, audit log). */
export const BATCH_OPERATION_LABELS: Record<BatchOperation | 'reconcile', string> = {
  retry: '重试',
  terminate: '终止',
  rebuildProjection: '重建投影',
  resendDeadlines: '重发截止时间',
  reconcile: '对账',
};
export const BATCH_STATUS_LABELS = { selecting: '正在选取', running: '进行中', completed: '已完成', cancelled: '已取消', failed: '失败' } as const;
/** `drift` (对账 found the projection differing from its workflow) is its own outcome, not a failure. */
export const BATCH_ITEM_STATUS_LABELS = { pending: '待处理', succeeded: '成功', drift: '发现偏差', failed: '失败', skipped: '跳过', cancelled: '已取消' } as const;

export interface StuckKindInfo {
  /** Where the monitor finds it. */
  source: 'temporal' | 'projection' | 'accounts';
  /** Technical: someone on call must act (alerts fire on these); a late human step is the offices' business. */
  technical: boolean;
  /** Whether a 重试 can help: the UI offers it, a batch retry of another kind answers why not. */
  retryable: boolean;
  /** Has a campaign year (a registration has none, so a year filter leaves it out). */
  hasYear: boolean;
}

export const STUCK_KIND_INFO: Record<StuckKind, StuckKindInfo> = {
  workflowTaskFailing: { source: 'temporal', technical: true, retryable: true, hasYear: true },
  activityRetrying: { source: 'projection', technical: true, retryable: true, hasYear: true },
  projectionFailed: { source: 'projection', technical: true, retryable: true, hasYear: true },
  projectionLag: { source: 'projection', technical: true, retryable: true, hasYear: true },
  projectionDrift: { source: 'projection', technical: true, retryable: true, hasYear: true },
  withdrawalOverdue: { source: 'projection', technical: false, retryable: false, hasYear: true },
  cityReviewOverdue: { source: 'projection', technical: false, retryable: false, hasYear: true },
  expertReviewOverdue: { source: 'projection', technical: false, retryable: false, hasYear: true },
  registrationOverdue: { source: 'accounts', technical: false, retryable: false, hasYear: false },
};

/** The queue step (domain/queue.ts) whose lateness each human-step kind reports. */
export const OVERDUE_STEP: Partial<Record<StuckKind, 'withdrawal' | 'cityReview' | 'score'>> = {
  withdrawalOverdue: 'withdrawal',
  cityReviewOverdue: 'cityReview',
  expertReviewOverdue: 'score',
};

/**
 * What the monitor is filtered by. Only validated values reach a visibility query (a kind from the list, a province
 * code that exists, a year as a number): nothing a user typed is ever interpolated.
 */
export interface StuckFilter {
  kind?: StuckKind;
  provinceCode?: string;
  year?: number;
}

export const MIN_YEAR = 2020;
export const MAX_YEAR = 2100;

/** A province code of GB/T 2260 (6 digits, a province of the reference tree), or a reason in Chinese. */
export function provinceCodeProblem(code: string): string | null {
  if (!/^\d{6}$/.test(code)) return '省份代码应为6位数字';
  return findRegion(code)?.level === 'province' ? null : '省份代码不存在';
}

/** One item of GET /api/admin/workflows/stuck. */
export interface StuckItem {
  /** Stable row id: `<kind>:<workflowId or userId>`. */
  id: string;
  kind: StuckKind;
  /** null for a registration (no workflow). */
  workflowId: string | null;
  submissionId?: string;
  userId?: string;
  /** 项目名称 and 企业名称 (or the registering organisation), for the admin to know what it is about. */
  projectName: string | null;
  enterpriseName: string | null;
  provinceCode: string | null;
  year: number | null;
  /** Chinese, for the admin. */
  reason: string;
  /** ISO instant since when it is stuck (null where Temporal does not say). */
  since: string | null;
  /** Whether a 重试 can help this item now; `retryAdvice` says what to do instead when it cannot. */
  retryable: boolean;
  retryAdvice?: string;
  detail: Record<string, unknown>;
  temporalUiUrl: string | null;
}

export type StuckCounts = Record<StuckKind, number>;

export function zeroCounts(): StuckCounts {
  return Object.fromEntries(STUCK_KINDS.map((k) => [k, 0])) as StuckCounts;
}

/**
 * Which slice of each kind a page covers, items ordered by kind (STUCK_KINDS order) then within the kind: the kinds
 * before the page's first item are skipped by their counts, so only the kinds the page touches are read.
 */
export function pageSlices(counts: StuckCounts, kinds: readonly StuckKind[], offset: number, limit: number): { kind: StuckKind; offset: number; limit: number }[] {
  const slices: { kind: StuckKind; offset: number; limit: number }[] = [];
  let skip = offset;
  let want = limit;
  for (const kind of kinds) {
    if (want <= 0) break;
    const n = counts[kind];
    if (skip >= n) {
      skip -= n;
      continue;
    }
    const take = Math.min(n - skip, want);
    slices.push({ kind, offset: skip, limit: take });
    want -= take;
    skip = 0;
  }
  return slices;
}

/**
 * The advice when a workflow task keeps failing on the code that is deployed: Temporal already retries a failing
 * workflow task by itself, so a retry of the same code fails the same way — the fix is a new version, then a reset.
 */
export const CODE_BUG_ADVICE =
  '流程任务在当前部署的版本上以同一错误反复失败，这是程序缺陷，重试无济于事。修复路径：① 修复代码并部署新版本的 worker；② 部署后再点「重试」，系统把流程重置到最后一次成功的流程任务，用新版本重新执行。';
