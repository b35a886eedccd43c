/**
 * 系统管理 — workflows (SPEC §6, issue 13): what is stuck and why (paged, filtered, counted per kind, at the scale of
 * a national campaign — ops/stuck.ts), 重试 and 终止 of one workflow, 重建投影 of one submission, and the starts of
 * the long jobs that run as workflows (重建全部投影, 对账; batches of many items are api/routes/batches.ts).
 * 系统管理员 only (domain/authz 'workflow.admin'); every change is audited.
 */
import { z } from 'zod';
import { MAX_YEAR, MIN_YEAR, STUCK_KINDS, provinceCodeProblem } from '../../domain/stuck';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import type { Actor } from '../../domain/roles';
import { whyNot, projectResource } from '../../domain/authz';
import { PHASES, PHASE_LABELS } from '../../domain/phases';
import type { PersonAction } from '../../domain/lifecycle/actions';
import type { SubmissionState } from '../../domain/lifecycle/state';
import { act, authzActor, updateIdFrom } from '../projects/workflowGateway';
import { ApiError, conflict, forbidden, notFound, unavailable } from '../errors';
import { audit } from '../audit';
import { Paging, pageOf } from './accounts';
import { opsDeps } from '../opsDeps';
import { listStuck } from '../../ops/stuck';
import { retryWorkflow, terminateWorkflow, type ItemOutcome } from '../../ops/repair';
import { createBatch, BatchStartFailed } from '../../ops/batch';
import type { BatchView } from './batches';
import { rebuildProjection, NoSuchSubmission } from '../../ops/rebuild';
import { allowedTo } from '../guards';

/** Workflow ids of our own kinds; anything else is refused before it reaches Temporal. */
export const WORKFLOW_ID = /^(submission:\d{4}:[0-9a-f-]{36}|campaign:\d{4}|reconcile-projections:[\w-]+|batch:[0-9a-f-]{36})$/;
export const WorkflowId = z.string().regex(WORKFLOW_ID, '流程编号格式不正确');

const WorkflowParams = z.object({ id: WorkflowId });
const TerminateBody = z.object({
  reason: z.string({ error: '请填写终止原因' }).trim().min(1, '请填写终止原因').max(500, '终止原因不能超过500字'),
});
const RebuildBody = z.object({ submissionId: z.string().uuid('项目编号格式不正确').optional(), year: z.number().int().min(MIN_YEAR).max(MAX_YEAR).optional() });
const SubmissionWorkflowParams = z.object({ id: z.string().regex(/^submission:\d{4}:[0-9a-f-]{36}$/, '流程编号格式不正确（应为 submission:<年度>:<项目编号>）') });
const Reason = z.string({ error: '请填写原因' }).trim().min(1, '请填写原因').max(500, '原因不能超过500字');
const ReopenBody = z.object({
  reason: Reason,
  until: z.iso.datetime({ offset: true, error: '时间格式不正确，应为 ISO 8601（如 2026-04-15T23:59:59+08:00）' }).optional(),
});
const MoveBody = z.object({ phase: z.enum(PHASES, { error: '目标状态不正确' }), reason: Reason });
const CorrectionResult = z.object({ workflowId: z.string(), submissionId: z.string(), phase: z.enum(PHASES), phaseLabel: z.string(), seq: z.number() });
const ReconcileBody = z.object({ mode: z.enum(['changed', 'full'], { error: '对账方式应为 changed 或 full' }).default('changed') });

/** The monitor's filter: only values from fixed lists or checked codes (they reach a visibility query). */
export const StuckFilterQuery = z.object({
  kind: z.enum(STUCK_KINDS, { error: '类型不正确' }).optional(),
  provinceCode: z
    .string()
    .optional()
    .superRefine((code, ctx) => {
      const problem = code === undefined ? null : provinceCodeProblem(code);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  year: z.coerce.number({ error: '年度应为4位数字' }).int('年度应为4位数字').min(MIN_YEAR, '年度超出范围').max(MAX_YEAR, '年度超出范围').optional(),
});

const StuckItemView = z.object({
  id: z.string(),
  kind: z.enum(STUCK_KINDS),
  workflowId: z.string().nullable(),
  submissionId: z.string().optional(),
  userId: z.string().optional(),
  projectName: z.string().nullable(),
  enterpriseName: z.string().nullable(),
  provinceCode: z.string().nullable(),
  year: z.number().nullable(),
  reason: z.string(),
  since: z.string().nullable(),
  retryable: z.boolean(),
  retryAdvice: z.string().optional(),
  detail: z.record(z.string(), z.unknown()),
  temporalUiUrl: z.string().nullable(),
});

export const requireWorkflowAdmin = allowedTo('workflow.admin');

/** The HTTP answer of a single-item 重试 / 终止 that did not succeed. */
function refusal(outcome: ItemOutcome): ApiError {
  switch (outcome.outcome) {
    case 'notFound':
      return notFound(outcome.message);
    case 'temporalUnavailable':
      return unavailable(outcome.message, 'TEMPORAL_UNAVAILABLE');
    case 'closed':
      return conflict(outcome.message, 'WORKFLOW_CLOSED');
    case 'codeBug':
      return conflict(outcome.message, 'WORKFLOW_CODE_BUG', outcome.details);
    case 'noGoodTask':
      return conflict(outcome.message, 'NO_GOOD_WORKFLOW_TASK');
    case 'autoRetrying':
      return conflict(outcome.message, 'AUTO_RETRYING', outcome.details);
    case 'projectionWriteFailed':
      return conflict(outcome.message, 'PROJECTION_WRITE_FAILED');
    default:
      return conflict(outcome.message, 'NOTHING_TO_RETRY');
  }
}

export function adminRoutes(routes: Routes, deps: AppDeps): void {
  const ops = opsDeps(deps);

  routes.add(
    {
      method: 'get',
      path: '/api/admin/workflows/stuck',
      summary:
        '卡住的工作（分页）：流程任务反复失败、活动重试中、投影写入被拒绝、投影落后或不一致、超过时限未处理的人工环节（撤回申请、市级初审、专家评审、注册审核）；可按类型、省份、年度筛选，附各类型数量',
      tags: ['系统管理'],
      auth: 'user',
      access: requireWorkflowAdmin,
      query: StuckFilterQuery.extend(Paging.shape),
      response: z.object({ data: z.array(StuckItemView), total: z.number(), counts: z.record(z.enum(STUCK_KINDS), z.number()) }),
      errors: [403, 503],
    },
    async ({ query }) => {
      const { limit, offset } = pageOf(query);
      try {
        return await listStuck(ops, { kind: query.kind, provinceCode: query.provinceCode, year: query.year }, { offset, limit });
      } catch (err) {
        deps.logger.error({ err }, 'stuck list failed');
        throw unavailable('流程服务暂不可用，请稍后重试', 'TEMPORAL_UNAVAILABLE');
      }
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/admin/workflows/:id/retry',
      summary:
        '重试一个流程：投影落后、不一致或写入被拒绝时按流程状态重新写入投影；流程任务反复失败时，若部署的仍是出错的版本则说明原因和修复路径（409 WORKFLOW_CODE_BUG），已部署新版本则重置到最后一次成功的流程任务',
      tags: ['系统管理'],
      auth: 'user',
      access: requireWorkflowAdmin,
      params: WorkflowParams,
      errors: [403, 404, 409, 503],
    },
    async ({ params, actor, req }) => {
      const outcome = await retryWorkflow(ops, params.id, actor.username);
      if (outcome.status === 'succeeded' || outcome.status === 'failed') {
        await audit(
          deps.sequelize,
          {
            action: 'workflow.retry',
            outcome: outcome.status === 'succeeded' ? 'ok' : 'failed',
            actor,
            targetType: 'workflow',
            targetId: params.id,
            details: { outcome: outcome.outcome, message: outcome.message, ...(outcome.details?.resetToEventId ? { resetToEventId: outcome.details.resetToEventId } : {}) },
          },
          req,
        );
      }
      if (outcome.status !== 'succeeded') throw refusal(outcome);
      return { outcome: outcome.outcome, message: outcome.message, ...outcome.details };
    },
  );

  /**
   * Corrective actions (issue 13.3): the ministry or an administrator reopens a submission closed by mistake, or moves
   * it to another phase, with a mandatory reason — an Update of its workflow like any action (refused where the rules
   * in domain/lifecycle forbid it), in the project's history, the audit log and the enterprise's 站内信.
   */
  const submissionOf = async (workflowId: string) => {
    const [rows] = await deps.sequelize.query('SELECT id, state FROM submissions WHERE workflow_id = :workflowId', { replacements: { workflowId } });
    const row = (rows as { id: string; state: SubmissionState | null }[])[0];
    if (!row?.state) throw notFound('流程不存在');
    return { id: row.id, state: row.state };
  };
  const mayCorrect = async (actor: Actor, params: { id: string }) => {
    const row = await submissionOf(params.id);
    const why = whyNot(authzActor(actor), 'project.correct', projectResource(row.state));
    if (why) throw forbidden(why);
  };
  const correct = async (workflowId: string, actor: Actor, action: PersonAction, updateId: string | undefined) => {
    const row = await submissionOf(workflowId);
    const result = await act(deps, workflowId, actor, action, undefined, updateId);
    return { workflowId, submissionId: row.id, phase: result.phase, phaseLabel: PHASE_LABELS[result.phase], seq: result.seq };
  };

  routes.add(
    {
      method: 'post',
      path: '/api/admin/workflows/:id/reopen',
      summary:
        '重新打开误关闭的申报（工业和信息化部或系统管理员，必须填写原因）：逾期未提交→暂存（或已退回）、未获推荐→待推荐/部分推荐/已推荐、未入选→部级评审中；截止时间已过时须指定新的截止时间 until',
      tags: ['系统管理'],
      auth: 'user',
      access: mayCorrect,
      params: SubmissionWorkflowParams,
      body: ReopenBody,
      response: CorrectionResult,
      errors: [403, 404, 409, 503],
    },
    ({ params, body, actor, req }) =>
      correct(params.id, actor, { type: 'reopen', reason: body.reason, ...(body.until ? { until: new Date(body.until).toISOString() } : {}) }, updateIdFrom(req, actor)),
  );

  routes.add(
    {
      method: 'post',
      path: '/api/admin/workflows/:id/move',
      summary:
        '调整申报状态（工业和信息化部或系统管理员，必须填写原因），只允许：未获推荐→部级评审中、部级评审中→未获推荐、未入选→拟入选、拟入选→部级评审中或未入选、已入选名录→未入选',
      tags: ['系统管理'],
      auth: 'user',
      access: mayCorrect,
      params: SubmissionWorkflowParams,
      body: MoveBody,
      response: CorrectionResult,
      errors: [403, 404, 409, 503],
    },
    ({ params, body, actor, req }) => correct(params.id, actor, { type: 'move', toPhase: body.phase, reason: body.reason }, updateIdFrom(req, actor)),
  );

  routes.add(
    {
      method: 'post',
      path: '/api/admin/workflows/:id/terminate',
      summary: '终止流程（必须填写原因）',
      tags: ['系统管理'],
      auth: 'user',
      access: requireWorkflowAdmin,
      params: WorkflowParams,
      body: TerminateBody,
      errors: [403, 404, 409, 503],
    },
    async ({ params, body, actor, req }) => {
      const outcome = await terminateWorkflow(ops, params.id, body.reason, actor.username);
      if (outcome.status !== 'succeeded') throw refusal(outcome);
      await audit(deps.sequelize, { action: 'workflow.terminate', actor, targetType: 'workflow', targetId: params.id, details: { reason: body.reason } }, req);
      return { workflowId: params.id, terminated: true };
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/admin/projections/rebuild',
      summary:
        '按流程状态重建投影（幂等）：指定 submissionId 时立即重建这一个项目；否则启动“重建全部投影”批量操作（可指定年度），返回批量操作以查看进度',
      tags: ['系统管理'],
      auth: 'user',
      access: requireWorkflowAdmin,
      body: RebuildBody,
      errors: [403, 404, 503],
    },
    async ({ body, actor, req }) => {
      if (body.submissionId) {
        let rebuilt;
        try {
          rebuilt = await rebuildProjection({ sequelize: deps.sequelize, client: deps.temporal.client }, body.submissionId);
        } catch (err) {
          if (err instanceof NoSuchSubmission) throw notFound('项目不存在');
          throw err;
        }
        await audit(deps.sequelize, { action: 'projection.rebuild', actor, targetType: 'submission', targetId: body.submissionId, details: { consistent: rebuilt.consistent } }, req);
        return { rebuilt: 1, failed: [], projects: [rebuilt] };
      }
      // 200 (not 202) because the same route answers a single rebuild synchronously; the batch carries the progress.
      const batch = await startBatch(deps, { operation: 'rebuildProjection', selection: { type: 'allSubmissions', ...(body.year ? { year: body.year } : {}) }, actor }, req);
      return { batch };
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/admin/reconcile',
      summary:
        '立即对账（以流程运行，返回批量操作以查看进度）：changed 只核对有变化的项目（可见性中各阶段数量与投影不一致处、未消除的不一致），full 核对全部未归档年度的项目',
      tags: ['系统管理'],
      auth: 'user',
      access: requireWorkflowAdmin,
      body: ReconcileBody,
      status: 202,
      errors: [403, 503],
    },
    async ({ body, actor, req }) => {
      const batch = await startBatch(deps, { operation: 'reconcile', selection: { type: 'reconcile', mode: body.mode }, actor }, req);
      return { batch };
    },
  );
}

/** Starts a batch's workflow, audited once for the batch (each item is audited by itself as it is processed). */
export async function startBatch(
  deps: AppDeps,
  input: Parameters<typeof createBatch>[1] & { actor: Actor },
  req: Parameters<typeof audit>[2],
): Promise<z.output<typeof BatchView>> {
  let batch;
  try {
    batch = await createBatch(opsDeps(deps), input);
  } catch (err) {
    if (err instanceof BatchStartFailed) throw unavailable('流程服务暂不可用，批量操作未能启动，请稍后重试', 'TEMPORAL_UNAVAILABLE');
    throw err;
  }
  await audit(
    deps.sequelize,
    {
      action: 'batch.start',
      actor: input.actor,
      targetType: 'batch',
      targetId: batch.id,
      details: {
        operation: input.operation,
        // Items picked by hand are listed with the batch (GET …/items), not repeated here.
        selection: input.selection.type === 'items' ? { type: 'items', count: input.selection.workflowIds.length } : input.selection,
        total: batch.total,
        ...(input.reason ? { reason: input.reason } : {}),
      },
    },
    req,
  );
  return batch;
}

