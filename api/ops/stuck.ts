/**
 * What is stuck (issue 8, SPEC §6 系统管理): for the admin monitor at GET /api/admin/workflows/stuck.
 *
 * - activities retrying (attempt > 1) and workflow tasks failing: the running workflows of the task queue from a
 *   visibility list (the query is built from configuration only, never from user input), each described
 *   (16 at a time, at most MAX_DESCRIBED); the failure text of a failing workflow task and the first scheduling of a
 *   retrying activity come from the history of those few workflows only;
 * - human steps past their SLA (3 working days on the Chinese calendar): withdrawal requests and city reviews from
 *   the projection, registrations pending from users;
 * - projection drift recorded by the reconciliation job (open rows of projection_drift).
 */
import type { AppDeps } from '../deps';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { isOverdue } from '../../domain/calendar';
import { HUMAN_STEP_SLA_WORKING_DAYS, STUCK_KINDS, type StuckItem, type StuckKind } from '../../domain/stuck';


const MAX_DESCRIBED = 2000;

/** The last counts per kind, for the /metrics gauge (keyed by task queue: one app per task queue). */
export const lastStuckCounts = new Map<string, Record<StuckKind, number>>();

export function temporalUiUrl(deps: Pick<AppDeps, 'env' | 'temporal'>, workflowId: string): string | null {
  const base = deps.env.TEMPORAL_UI_URL;
  if (!base) return null;
  return `${base.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(deps.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** A visibility string literal: the value comes from configuration, and is escaped anyway. */
function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

async function submissionIdsOf(deps: AppDeps, workflowIds: string[]): Promise<Map<string, string>> {
  if (!workflowIds.length) return new Map();
  const [rows] = await deps.sequelize.query('SELECT id, workflow_id FROM submissions WHERE workflow_id IN (:ids)', { replacements: { ids: workflowIds } });
  return new Map((rows as { id: string; workflow_id: string }[]).map((r) => [r.workflow_id, r.id]));
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** Activities retrying and workflow tasks failing, from Temporal. */
export async function temporalProblems(deps: AppDeps): Promise<StuckItem[]> {
  const client = deps.temporal.client;
  const ids: string[] = [];
  for await (const info of client.workflow.list({ query: `TaskQueue = ${literal(deps.temporal.taskQueue)} AND ExecutionStatus = 'Running'` })) {
    ids.push(info.workflowId);
    if (ids.length >= MAX_DESCRIBED) break;
  }
  const descriptions = await mapLimit(ids, 16, async (id) => {
    try {
      return await client.workflow.getHandle(id).describe();
    } catch {
      return null; // completed or gone meanwhile
    }
  });
  const troubled = descriptions.filter((d): d is WorkflowExecutionDescription => {
    if (!d) return false;
    return (d.raw.pendingActivities ?? []).some((a) => (a.attempt ?? 0) > 1) || (d.raw.pendingWorkflowTask?.attempt ?? 0) > 1;
  });
  const submissions = await submissionIdsOf(deps, troubled.map((d) => d.workflowId));
  const items: StuckItem[] = [];
  for (const d of troubled) {
    const history = await client.workflow.getHandle(d.workflowId).fetchHistory().catch(() => null);
    const events = history?.events ?? [];
    const base = { workflowId: d.workflowId, ...(submissions.has(d.workflowId) ? { submissionId: submissions.get(d.workflowId)! } : {}), temporalUiUrl: temporalUiUrl(deps, d.workflowId) };
    for (const a of d.raw.pendingActivities ?? []) {
      if ((a.attempt ?? 0) <= 1) continue;
      const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityId === a.activityId);
      const since = optionalTsToDate(scheduled?.eventTime) ?? optionalTsToDate(a.scheduledTime) ?? deps.clock();
      const failure = a.lastFailure?.message ?? '';
      items.push({
        ...base,
        kind: 'activityRetrying',
        reason: `活动 ${a.activityType?.name ?? ''} 第${a.attempt}次重试中：${failure}`,
        since: since.toISOString(),
        detail: {
          activityType: a.activityType?.name ?? null,
          attempt: a.attempt,
          lastFailure: failure,
          lastAttemptAt: optionalTsToDate(a.lastAttemptCompleteTime)?.toISOString() ?? null,
          nextAttemptAt: optionalTsToDate(a.nextAttemptScheduleTime)?.toISOString() ?? null,
        },
      });
    }
    const task = d.raw.pendingWorkflowTask;
    if ((task?.attempt ?? 0) > 1) {
      const failed = [...events].reverse().find((e) => e.workflowTaskFailedEventAttributes);
      const failure = failed?.workflowTaskFailedEventAttributes?.failure?.message ?? '';
      const problems = (d.searchAttributes as Record<string, unknown> | undefined)?.TemporalReportedProblems ?? null;
      items.push({
        ...base,
        kind: 'workflowTaskFailing',
        reason: `流程任务第${task!.attempt}次执行失败：${failure}`,
        since: (optionalTsToDate(failed?.eventTime) ?? optionalTsToDate(task!.originalScheduledTime) ?? deps.clock()).toISOString(),
        detail: { attempt: task!.attempt, lastFailure: failure, lastGoodEventId: lastGoodWorkflowTask(events)?.toString() ?? null, reportedProblems: problems },
      });
    }
  }
  return items;
}

/** Event id of the last completed workflow task (where a reset goes back to). */
export function lastGoodWorkflowTask(events: { eventId?: unknown; workflowTaskCompletedEventAttributes?: unknown }[]): number | null {
  const done = [...events].reverse().find((e) => e.workflowTaskCompletedEventAttributes);
  return done ? Number(String(done.eventId)) : null;
}

/** Human steps past their SLA, from PostgreSQL. */
export async function overdueHumanSteps(deps: AppDeps): Promise<StuckItem[]> {
  const now = deps.clock();
  const items: StuckItem[] = [];
  const [withdrawals] = await deps.sequelize.query(
    `SELECT id, workflow_id, name, state -> 'withdrawal' ->> 'requestedAt' AS since, state -> 'withdrawal' ->> 'reason' AS reason
       FROM submissions WHERE phase = 'withdrawal_requested'`,
  );
  for (const w of withdrawals as { id: string; workflow_id: string; name: string; since: string | null; reason: string | null }[]) {
    if (!w.since || !isOverdue(new Date(w.since), now, HUMAN_STEP_SLA_WORKING_DAYS)) continue;
    items.push({
      workflowId: w.workflow_id,
      submissionId: w.id,
      kind: 'withdrawalOverdue',
      reason: `撤回申请超过${HUMAN_STEP_SLA_WORKING_DAYS}个工作日未处理`,
      since: new Date(w.since).toISOString(),
      detail: { projectName: w.name, withdrawalReason: w.reason },
      temporalUiUrl: temporalUiUrl(deps, w.workflow_id),
    });
  }
  const [reviews] = await deps.sequelize.query(
    `SELECT s.id, s.workflow_id, s.name, s.city_code,
            COALESCE((SELECT max(h.at) FROM submission_history h WHERE h.submission_id = s.id), s.submitted_at) AS since
       FROM submissions s WHERE s.phase = 'submitted' AND s.city_review = 'pending'`,
  );
  for (const r of reviews as { id: string; workflow_id: string; name: string; city_code: string | null; since: Date | null }[]) {
    if (!r.since || !isOverdue(new Date(r.since), now, HUMAN_STEP_SLA_WORKING_DAYS)) continue;
    items.push({
      workflowId: r.workflow_id,
      submissionId: r.id,
      kind: 'cityReviewOverdue',
      reason: `市级初审超过${HUMAN_STEP_SLA_WORKING_DAYS}个工作日未处理`,
      since: new Date(r.since).toISOString(),
      detail: { projectName: r.name, cityCode: r.city_code },
      temporalUiUrl: temporalUiUrl(deps, r.workflow_id),
    });
  }
  const [registrations] = await deps.sequelize.query(`SELECT id, username, org_name, created_at FROM users WHERE status = 'pending'`);
  for (const u of registrations as { id: string; username: string; org_name: string | null; created_at: Date }[]) {
    if (!isOverdue(new Date(u.created_at), now, HUMAN_STEP_SLA_WORKING_DAYS)) continue;
    items.push({
      workflowId: null,
      userId: u.id,
      kind: 'registrationOverdue',
      reason: `注册申请超过${HUMAN_STEP_SLA_WORKING_DAYS}个工作日未审核`,
      since: new Date(u.created_at).toISOString(),
      detail: { username: u.username, orgName: u.org_name },
      temporalUiUrl: null,
    });
  }
  return items;
}

/** Open drift rows found by the reconciliation job. */
export async function driftItems(deps: AppDeps): Promise<StuckItem[]> {
  const [rows] = await deps.sequelize.query(
    `SELECT submission_id, workflow_id, detected_at, workflow_seq, projection_seq, detail FROM projection_drift WHERE resolved_at IS NULL ORDER BY detected_at`,
  );
  return (rows as { submission_id: string; workflow_id: string; detected_at: Date; workflow_seq: number | null; projection_seq: number; detail: { message: string } }[]).map((d) => ({
    workflowId: d.workflow_id,
    submissionId: d.submission_id,
    kind: 'projectionDrift' as const,
    reason: `投影与流程不一致：${d.detail.message}`,
    since: new Date(d.detected_at).toISOString(),
    detail: { ...d.detail, workflowSeq: d.workflow_seq, projectionSeq: d.projection_seq },
    temporalUiUrl: temporalUiUrl(deps, d.workflow_id),
  }));
}

/**
 * Projection writes PostgreSQL refused for good (issue 14.2), with its reason, while no later projection of the same
 * submission has succeeded (a corrected action, or the admin's 重试 which rebuilds the projection, clears it).
 */
export async function projectionFailures(deps: AppDeps, submissionId?: string): Promise<StuckItem[]> {
  const [rows] = await deps.sequelize.query(
    `SELECT DISTINCT ON (f.submission_id) f.submission_id, s.workflow_id, f.seq, f.action, f.sqlstate, f.failure_type, f.message, f.failed_at
       FROM projection_failures f JOIN submissions s ON s.id = f.submission_id
      WHERE (s.projected_at IS NULL OR s.projected_at < f.failed_at) AND (CAST(:submissionId AS uuid) IS NULL OR f.submission_id = CAST(:submissionId AS uuid))
      ORDER BY f.submission_id, f.failed_at DESC
      LIMIT 1000`,
    { replacements: { submissionId: submissionId ?? null } },
  );
  return (rows as { submission_id: string; workflow_id: string; seq: number; action: string; sqlstate: string | null; failure_type: string; message: string; failed_at: Date }[]).map((f) => ({
    workflowId: f.workflow_id,
    submissionId: f.submission_id,
    kind: 'projectionFailed' as const,
    reason: `数据库拒绝写入投影（${f.sqlstate ?? '无错误代码'}）：${f.message}`,
    since: new Date(f.failed_at).toISOString(),
    detail: { action: f.action, seq: f.seq, sqlstate: f.sqlstate, failureType: f.failure_type, message: f.message },
    temporalUiUrl: temporalUiUrl(deps, f.workflow_id),
  }));
}

export async function listStuck(deps: AppDeps): Promise<StuckItem[]> {
  const [temporal, human, drift, failed] = await Promise.all([temporalProblems(deps), overdueHumanSteps(deps), driftItems(deps), projectionFailures(deps)]);
  const items = [...temporal, ...drift, ...failed, ...human].sort((a, b) => a.since.localeCompare(b.since));
  const counts = Object.fromEntries(STUCK_KINDS.map((k) => [k, 0])) as Record<StuckKind, number>;
  for (const item of items) counts[item.kind]++;
  lastStuckCounts.set(deps.temporal.taskQueue, counts);
  return items;
}
