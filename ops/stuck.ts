/**
 * What is stuck (SPEC §6, issue 13.1), at the scale of a national campaign: GET /api/admin/workflows/stuck, the
 * batch operations' "select by filter", and the stuck_items gauge of /metrics.
 *
 * No source is read whole. Each kind is counted by one cheap question — a visibility count on search attributes the
 * server or the workflows keep up to date, or an indexed count on the projection — and only the page asked for is
 * read and described (a page of 20 costs ≈ 20 describes and reverse-history reads, whatever the campaign's size):
 *
 * - workflowTaskFailing: Temporal's own TemporalReportedProblems (set after consecutive workflow task failures);
 * - activityRetrying: projection writes that failed transiently and are being retried (projection_pending, noted by
 *   the activity itself, listed while the projection is still behind that seq), plus the few workflows of other
 *   types (the year's campaign, maintenance and batch runs), described one by one;
 * - projectionFailed / projectionLag / projectionDrift: projection_failures and open projection_drift rows;
 * - withdrawalOverdue / cityReviewOverdue / expertReviewOverdue: the projection's current step past its SLA
 *   (submissions.step_overdue_at, written with every transition);
 * - registrationOverdue: registrations pending longer than 3 working days.
 */
import type { Sequelize } from 'sequelize';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { subtractWorkingDays } from '../domain/calendar';
import {
  CODE_BUG_ADVICE,
  HUMAN_STEP_SLA_WORKING_DAYS,
  OVERDUE_STEP,
  STUCK_KINDS,
  STUCK_KIND_INFO,
  pageSlices,
  zeroCounts,
  type StuckCounts,
  type StuckFilter,
  type StuckItem,
  type StuckKind,
} from '../domain/stuck';
import { FAILING_TASKS, NOT_SUBMISSIONS, countWorkflows, deployedBuildIds, failingTask, listWorkflows, runningQuery, type TemporalRef } from './temporalQueries';
import { mapLimit } from '../domain/concurrency';

export interface StuckDeps extends TemporalRef {
  sequelize: Sequelize;
  clock: () => Date;
  /** Base URL of the Temporal Web UI (TEMPORAL_UI_URL); items link to it. */
  temporalUiBase?: string;
}

/** Workflows of other types described per request at most (one campaign a year, a few maintenance runs). */
const OTHER_TYPES_DESCRIBED = 200;
/** Describes and history reads in flight at once for one page. */
const IN_FLIGHT = 8;

export function temporalUiUrl(deps: Pick<StuckDeps, 'temporalUiBase' | 'namespace'>, workflowId: string): string | null {
  const base = deps.temporalUiBase;
  if (!base) return null;
  return `${base.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

// ——— the projection's kinds: one indexed SQL source each ———

interface SqlSource {
  /** FROM … WHERE … selecting the kind's rows, with s = submissions (or u = users) for the filter columns. */
  from: string;
  /** The filter's columns in that FROM. */
  province: string;
  year: string | null;
  /** Selected columns: submission_id, workflow_id, user_id, project_name, enterprise_name, province_code, year, since, info (jsonb). */
  select: string;
  order: string;
}

const SUBMISSION_COLUMNS = `s.id AS submission_id, s.workflow_id, NULL::uuid AS user_id, s.name AS project_name, s.enterprise_name, s.province_code, s.year`;

function sqlSource(kind: StuckKind): SqlSource | null {
  const step = OVERDUE_STEP[kind];
  if (step) {
    return {
      from: `FROM submissions s WHERE s.step = '${step}' AND s.step_overdue_at <= :now`,
      province: 's.province_code',
      year: 's.year',
      select: `${SUBMISSION_COLUMNS}, s.step_since AS since,
               jsonb_build_object('overdueAt', s.step_overdue_at, 'dueAt', s.step_due, 'cityCode', s.city_code, 'phase', s.phase,
                                  'withdrawalReason', s.withdrawal ->> 'reason') AS info`,
      order: 's.step_overdue_at, s.id',
    };
  }
  switch (kind) {
    case 'activityRetrying':
      // A transiently failed projection write while the projection is still behind it.
      return {
        from: `FROM projection_pending p JOIN submissions s ON s.id = p.submission_id WHERE p.seq > s.seq`,
        province: 's.province_code',
        year: 's.year',
        select: `${SUBMISSION_COLUMNS}, p.first_failed_at AS since,
                 jsonb_build_object('activityType', 'recordTransition', 'attempt', p.attempts + 1, 'lastFailure', p.last_failure,
                                    'lastAttemptAt', p.last_failed_at, 'action', p.action, 'seq', p.seq) AS info`,
        order: 'p.first_failed_at, s.id',
      };
    case 'projectionFailed':
      // The latest refused write of each submission, while no later projection of it has succeeded.
      return {
        from: `FROM submissions s JOIN LATERAL (
                 SELECT f.seq, f.action, f.sqlstate, f.failure_type, f.message, f.failed_at FROM projection_failures f
                  WHERE f.submission_id = s.id ORDER BY f.failed_at DESC LIMIT 1) f ON true
               WHERE s.id IN (SELECT submission_id FROM projection_failures) AND (s.projected_at IS NULL OR s.projected_at < f.failed_at)`,
        province: 's.province_code',
        year: 's.year',
        select: `${SUBMISSION_COLUMNS}, f.failed_at AS since,
                 jsonb_build_object('action', f.action, 'seq', f.seq, 'sqlstate', f.sqlstate, 'failureType', f.failure_type, 'message', f.message) AS info`,
        order: 'f.failed_at, s.id',
      };
    case 'projectionLag':
    case 'projectionDrift':
      return {
        from: `FROM projection_drift d JOIN submissions s ON s.id = d.submission_id
               WHERE d.resolved_at IS NULL AND ${kind === 'projectionLag' ? '' : 'NOT '}(d.workflow_seq IS NOT NULL AND d.workflow_seq > s.seq)`,
        province: 's.province_code',
        year: 's.year',
        select: `${SUBMISSION_COLUMNS}, d.detected_at AS since,
                 d.detail || jsonb_build_object('workflowSeq', d.workflow_seq, 'projectionSeq', s.seq) AS info`,
        order: 'd.detected_at, s.id',
      };
    case 'registrationOverdue':
      return {
        from: `FROM users u WHERE u.status = 'pending' AND u.created_at <= :registrationCutoff`,
        province: 'u.province_code',
        year: null,
        select: `NULL::uuid AS submission_id, NULL AS workflow_id, u.id AS user_id, NULL AS project_name, u.org_name AS enterprise_name,
                 u.province_code, NULL::int AS year, u.created_at AS since, jsonb_build_object('username', u.username, 'role', u.role) AS info`,
        order: 'u.created_at, u.id',
      };
    default:
      return null;
  }
}

interface SqlRow {
  submission_id: string | null;
  workflow_id: string | null;
  user_id: string | null;
  project_name: string | null;
  enterprise_name: string | null;
  province_code: string | null;
  year: number | null;
  since: Date | string | null;
  info: Record<string, unknown>;
}

function sqlWhere(source: SqlSource, filter: StuckFilter): string {
  let where = source.from;
  if (filter.provinceCode !== undefined) where += ` AND ${source.province} = :provinceCode`;
  if (filter.year !== undefined) where += ` AND ${source.year} = :year`;
  return where;
}

function sqlReplacements(deps: StuckDeps, filter: StuckFilter): Record<string, unknown> {
  const now = deps.clock();
  return {
    now,
    registrationCutoff: subtractWorkingDays(now, HUMAN_STEP_SLA_WORKING_DAYS),
    provinceCode: filter.provinceCode ?? null,
    year: filter.year ?? null,
  };
}

async function countSql(deps: StuckDeps, kind: StuckKind, filter: StuckFilter): Promise<number> {
  const source = sqlSource(kind)!;
  if (filter.year !== undefined && source.year === null) return 0;
  const [rows] = await deps.sequelize.query(`SELECT count(*)::int AS n ${sqlWhere(source, filter)}`, { replacements: sqlReplacements(deps, filter) });
  return Number((rows as { n: number }[])[0]?.n ?? 0);
}

function reasonOf(kind: StuckKind, info: Record<string, unknown>): string {
  switch (kind) {
    case 'activityRetrying':
      return `活动 ${String(info.activityType)} 第${String(info.attempt)}次重试中：${String(info.lastFailure ?? '')}`;
    case 'projectionFailed':
      return `数据库拒绝写入投影（${String(info.sqlstate ?? '无错误代码')}）：${String(info.message ?? '')}`;
    case 'projectionLag':
      return `投影落后于流程：投影序号 ${String(info.projectionSeq)}，流程序号 ${String(info.workflowSeq)}`;
    case 'projectionDrift':
      return `投影与流程不一致：${String(info.message ?? '')}`;
    case 'withdrawalOverdue':
      return `撤回申请超过${HUMAN_STEP_SLA_WORKING_DAYS}个工作日未处理`;
    case 'cityReviewOverdue':
      return `市级初审超过${HUMAN_STEP_SLA_WORKING_DAYS}个工作日未处理`;
    case 'expertReviewOverdue':
      return '专家评审已过截止时间仍未评分';
    case 'registrationOverdue':
      return `注册申请超过${HUMAN_STEP_SLA_WORKING_DAYS}个工作日未审核`;
    default:
      return '';
  }
}

async function pageSql(deps: StuckDeps, kind: StuckKind, filter: StuckFilter, offset: number, limit: number): Promise<StuckItem[]> {
  const source = sqlSource(kind)!;
  const [rows] = await deps.sequelize.query(`SELECT ${source.select} ${sqlWhere(source, filter)} ORDER BY ${source.order} LIMIT :limit OFFSET :offset`, {
    replacements: { ...sqlReplacements(deps, filter), limit, offset },
  });
  return (rows as SqlRow[]).map((r) => ({
    id: `${kind}:${r.workflow_id ?? r.user_id}`,
    kind,
    workflowId: r.workflow_id,
    ...(r.submission_id ? { submissionId: r.submission_id } : {}),
    ...(r.user_id ? { userId: r.user_id } : {}),
    projectName: r.project_name,
    enterpriseName: r.enterprise_name,
    provinceCode: r.province_code,
    year: r.year === null ? null : Number(r.year),
    reason: reasonOf(kind, r.info),
    since: r.since ? new Date(r.since).toISOString() : null,
    retryable: STUCK_KIND_INFO[kind].retryable,
    detail: r.info,
    temporalUiUrl: r.workflow_id ? temporalUiUrl(deps, r.workflow_id) : null,
  }));
}

// ——— Temporal's kinds ———

function failingQuery(deps: StuckDeps, filter: StuckFilter): string {
  return runningQuery(deps.taskQueue, filter, FAILING_TASKS);
}

/** Retrying activities of the workflows of other types (few: their activities are not projection writes). */
async function otherTypesRetrying(deps: StuckDeps, filter: StuckFilter): Promise<WorkflowExecutionDescription[]> {
  const others = await listWorkflows(deps, runningQuery(deps.taskQueue, filter, NOT_SUBMISSIONS), 0, OTHER_TYPES_DESCRIBED);
  const described = await mapLimit(others, IN_FLIGHT, (w) => deps.client.workflow.getHandle(w.workflowId).describe().catch(() => null));
  return described.filter((d): d is WorkflowExecutionDescription => !!d && (d.raw.pendingActivities ?? []).some((a) => (a.attempt ?? 0) > 1));
}

async function countRetrying(deps: StuckDeps, filter: StuckFilter): Promise<number> {
  const [submissions, others] = await Promise.all([countSql(deps, 'activityRetrying', filter), otherTypesRetrying(deps, filter)]);
  return submissions + others.length;
}

interface Names {
  submissionId: string;
  projectName: string;
  enterpriseName: string;
  provinceCode: string | null;
  year: number;
}

async function namesOf(deps: StuckDeps, workflowIds: string[]): Promise<Map<string, Names>> {
  if (!workflowIds.length) return new Map();
  const [rows] = await deps.sequelize.query(
    'SELECT id, workflow_id, name, enterprise_name, province_code, year FROM submissions WHERE workflow_id IN (:ids)',
    { replacements: { ids: workflowIds } },
  );
  return new Map(
    (rows as { id: string; workflow_id: string; name: string; enterprise_name: string; province_code: string | null; year: number }[]).map((r) => [
      r.workflow_id,
      { submissionId: r.id, projectName: r.name, enterpriseName: r.enterprise_name, provinceCode: r.province_code, year: Number(r.year) },
    ]),
  );
}

function baseItem(deps: StuckDeps, kind: StuckKind, workflowId: string, names: Names | undefined, searchAttributes: Record<string, unknown> = {}): Omit<StuckItem, 'reason' | 'since' | 'detail' | 'retryable'> {
  const first = (key: string) => {
    const v = searchAttributes[key];
    return Array.isArray(v) ? v[0] : v;
  };
  const year = names?.year ?? (first('Year') as number | undefined) ?? null;
  return {
    id: `${kind}:${workflowId}`,
    kind,
    workflowId,
    ...(names ? { submissionId: names.submissionId } : {}),
    projectName: names?.projectName ?? null,
    enterpriseName: names?.enterpriseName ?? null,
    provinceCode: names?.provinceCode ?? (first('ProvinceCode') as string | undefined) ?? null,
    year: year === null ? null : Number(year),
    temporalUiUrl: temporalUiUrl(deps, workflowId),
  };
}

async function pageFailing(deps: StuckDeps, filter: StuckFilter, offset: number, limit: number): Promise<StuckItem[]> {
  const listed = await listWorkflows(deps, failingQuery(deps, filter), offset, limit);
  const [names, deployed] = await Promise.all([namesOf(deps, listed.map((w) => w.workflowId)), deployedBuildIds(deps)]);
  return mapLimit(listed, IN_FLIGHT, async (w): Promise<StuckItem> => {
    const task = await failingTask(deps, w.workflowId, deployed).catch(() => null);
    const base = baseItem(deps, 'workflowTaskFailing', w.workflowId, names.get(w.workflowId), w.searchAttributes);
    const problems = (w.searchAttributes.TemporalReportedProblems as string[] | undefined) ?? [];
    if (!task) {
      // Recovered between the count and the page, or not ours to read: say what Temporal reported.
      return { ...base, reason: `流程任务反复失败：${problems.join('，')}`, since: null, retryable: true, detail: { reportedProblems: problems } };
    }
    return {
      ...base,
      reason: `流程任务第${task.attempt}次执行失败：${task.message}`,
      since: task.failedAt?.toISOString() ?? null,
      retryable: !task.sameCodeDeployed,
      ...(task.sameCodeDeployed ? { retryAdvice: CODE_BUG_ADVICE } : {}),
      detail: {
        attempt: task.attempt,
        lastFailure: task.message,
        failingBuildId: task.failingBuildId,
        deployedBuildIds: task.deployedBuildIds,
        lastGoodEventId: task.lastGoodEventId,
        reportedProblems: problems,
      },
    };
  });
}

function retryingItem(deps: StuckDeps, d: WorkflowExecutionDescription, names: Names | undefined): StuckItem {
  const retrying = (d.raw.pendingActivities ?? []).filter((a) => (a.attempt ?? 0) > 1);
  const a = retrying[0];
  const failure = a?.lastFailure?.message ?? '';
  return {
    ...baseItem(deps, 'activityRetrying', d.workflowId, names, (d.searchAttributes ?? {}) as Record<string, unknown>),
    reason: a ? `活动 ${a.activityType?.name ?? ''} 第${a.attempt}次重试中：${failure}` : '投影写入等待重试中',
    since: optionalTsToDate(a?.scheduledTime)?.toISOString() ?? null,
    retryable: true,
    detail: {
      activityType: a?.activityType?.name ?? null,
      attempt: a?.attempt ?? null,
      lastFailure: failure,
      lastAttemptAt: optionalTsToDate(a?.lastAttemptCompleteTime)?.toISOString() ?? null,
      nextAttemptAt: optionalTsToDate(a?.nextAttemptScheduleTime)?.toISOString() ?? null,
    },
  };
}

async function pageRetrying(deps: StuckDeps, filter: StuckFilter, offset: number, limit: number): Promise<StuckItem[]> {
  const submissions = await countSql(deps, 'activityRetrying', filter);
  const out = offset < submissions ? await pageSql(deps, 'activityRetrying', filter, offset, limit) : [];
  if (out.length < limit) {
    const others = await otherTypesRetrying(deps, filter);
    const from = Math.max(0, offset - submissions);
    out.push(...others.slice(from, from + (limit - out.length)).map((d) => retryingItem(deps, d, undefined)));
  }
  return out;
}

// ——— the monitor ———

function countKind(deps: StuckDeps, kind: StuckKind, filter: StuckFilter): Promise<number> {
  if (filter.year !== undefined && !STUCK_KIND_INFO[kind].hasYear) return Promise.resolve(0);
  if (kind === 'workflowTaskFailing') return countWorkflows(deps, failingQuery(deps, filter));
  if (kind === 'activityRetrying') return countRetrying(deps, filter);
  return countSql(deps, kind, filter);
}

function pageKind(deps: StuckDeps, kind: StuckKind, filter: StuckFilter, offset: number, limit: number): Promise<StuckItem[]> {
  if (kind === 'workflowTaskFailing') return pageFailing(deps, filter, offset, limit);
  if (kind === 'activityRetrying') return pageRetrying(deps, filter, offset, limit);
  return pageSql(deps, kind, filter, offset, limit);
}

/** The count of every kind under the province/year filter (the kind filter does not narrow the counts). */
export async function countStuck(deps: StuckDeps, filter: Omit<StuckFilter, 'kind'> = {}): Promise<StuckCounts> {
  const counts = zeroCounts();
  const values = await Promise.all(STUCK_KINDS.map((kind) => countKind(deps, kind, filter)));
  STUCK_KINDS.forEach((kind, i) => (counts[kind] = values[i]!));
  return counts;
}

export interface StuckPage {
  data: StuckItem[];
  /** Items under the whole filter (kind included). */
  total: number;
  counts: StuckCounts;
}

/** One page of the monitor: counts first, then only the kinds the page overlaps are read. */
export async function listStuck(deps: StuckDeps, filter: StuckFilter, page: { offset: number; limit: number }): Promise<StuckPage> {
  const counts = await countStuck(deps, { provinceCode: filter.provinceCode, year: filter.year });
  const kinds: readonly StuckKind[] = filter.kind ? [filter.kind] : STUCK_KINDS;
  const total = kinds.reduce((n: number, k) => n + counts[k], 0);
  const slices = pageSlices(counts, kinds, page.offset, page.limit);
  const parts = await Promise.all(slices.map((s) => pageKind(deps, s.kind, filter, s.offset, s.limit)));
  return { data: parts.flat(), total, counts };
}

/**
 * Every workflow id a filter selects (a batch operation by filter), kind by kind in the monitor's order, in pages;
 * registrations (no workflow) are left out.
 */
export async function* stuckWorkflowIds(deps: StuckDeps, filter: StuckFilter, pageSize = 200): AsyncGenerator<{ workflowId: string; kind: StuckKind; submissionId?: string }> {
  const kinds: readonly StuckKind[] = filter.kind ? [filter.kind] : STUCK_KINDS;
  for (const kind of kinds) {
    if (STUCK_KIND_INFO[kind].source === 'accounts') continue;
    if (kind === 'workflowTaskFailing') {
      for await (const info of deps.client.workflow.list({ query: failingQuery(deps, filter), pageSize })) yield { workflowId: info.workflowId, kind };
      continue;
    }
    if (kind === 'activityRetrying') for (const d of await otherTypesRetrying(deps, filter)) yield { workflowId: d.workflowId, kind };
    for (let offset = 0; ; offset += pageSize) {
      const source = sqlSource(kind)!;
      if (filter.year !== undefined && source.year === null) break;
      const [rows] = await deps.sequelize.query(`SELECT s.workflow_id, s.id AS submission_id ${sqlWhere(source, filter)} ORDER BY ${source.order} LIMIT :limit OFFSET :offset`, {
        replacements: { ...sqlReplacements(deps, filter), limit: pageSize, offset },
      });
      const page = rows as { workflow_id: string; submission_id: string }[];
      for (const r of page) yield { workflowId: r.workflow_id, kind, submissionId: r.submission_id };
      if (page.length < pageSize) break;
    }
  }
}
