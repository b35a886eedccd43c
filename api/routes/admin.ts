/**
 * 系统管理 — workflows (issue 8, SPEC §6): what is stuck and why, retry (projection re-run or reset to the last good
 * workflow task), terminate with a mandatory reason, projection rebuild and reconciliation. Administrators only
 * (domain/authz 'workflow.admin'); every change is audited.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { STUCK_KINDS } from '../../domain/stuck';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import type { Actor } from '../../domain/roles';
import { whyNot, PLATFORM } from '../../domain/authz';
import { conflict, forbidden, notFound, unavailable } from '../errors';
import { audit } from '../audit';
import { listStuck, lastGoodWorkflowTask, projectionFailures } from '../ops/stuck';
import { rebuildProjection, rebuildAllProjections, NoSuchSubmission } from '../../ops/rebuild';
import { reconcileProjections, checkSubmission } from '../../ops/reconcile';
import { isWorkflowGone } from '../../ops/workflowErrors';

const WorkflowParams = z.object({
  id: z.string().regex(/^(submission:\d{4}:[0-9a-f-]{36}|campaign:\d{4}|reconcile-projections:[\w-]+)$/, '流程编号格式不正确'),
});
const TerminateBody = z.object({
  reason: z.string({ error: '请填写终止原因' }).trim().min(1, '请填写终止原因').max(500, '终止原因不能超过500字'),
});
const RebuildBody = z.object({ submissionId: z.string().uuid('项目编号格式不正确').optional() });

const StuckItemView = z.object({
  workflowId: z.string().nullable(),
  submissionId: z.string().optional(),
  userId: z.string().optional(),
  kind: z.enum(STUCK_KINDS),
  reason: z.string(),
  since: z.string(),
  detail: z.record(z.string(), z.unknown()),
  temporalUiUrl: z.string().nullable(),
});

function requireAdmin(actor: Actor): void {
  const why = whyNot(actor, 'workflow.admin', PLATFORM);
  if (why) throw forbidden(why);
}

export function adminRoutes(routes: Routes, deps: AppDeps): void {
  const client = deps.temporal.client;
  const ops = { sequelize: deps.sequelize, client };

  routes.add(
    {
      method: 'get',
      path: '/api/admin/workflows/stuck',
      summary: '卡住的流程：活动重试中、流程任务失败、超过3个工作日未处理的人工环节（撤回申请、市级初审、注册审核）、投影与流程不一致',
      tags: ['系统管理'],
      auth: 'user',
      access: requireAdmin,
      response: z.object({ data: z.array(StuckItemView), total: z.number() }),
      errors: [403, 503],
    },
    async () => {
      try {
        const data = await listStuck(deps);
        return { data, total: data.length };
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
      summary: '重试：流程任务失败时重置到最后一次成功的流程任务；投影写入失败或不一致时按流程状态重新写入投影（幂等）',
      tags: ['系统管理'],
      auth: 'user',
      access: requireAdmin,
      params: WorkflowParams,
      errors: [403, 404, 409],
    },
    async ({ params, actor, req }) => {
      const handle = client.workflow.getHandle(params.id);
      const description = await handle.describe().catch((err) => {
        if (isWorkflowGone(err)) throw notFound('流程不存在');
        throw err;
      });
      const task = description.raw.pendingWorkflowTask;
      let result: Record<string, unknown>;
      if (description.status.name === 'RUNNING' && (task?.attempt ?? 0) > 1) {
        const history = await handle.fetchHistory();
        const good = [...(history.events ?? [])].reverse().find((e) => e.workflowTaskCompletedEventAttributes);
        const eventId = lastGoodWorkflowTask(history.events ?? []);
        if (!good?.eventId || !eventId) throw conflict('该流程没有可重置到的成功流程任务', 'NO_GOOD_WORKFLOW_TASK');
        const reset: { runId?: string | null } = await client.workflowService.resetWorkflowExecution({
          namespace: deps.temporal.namespace,
          workflowExecution: { workflowId: params.id, runId: description.runId },
          workflowTaskFinishEventId: good.eventId,
          requestId: crypto.randomUUID(),
          reason: `管理员 ${actor.username} 重试：重置到事件 ${eventId}`,
        });
        result = { action: 'reset', resetToEventId: eventId, runId: reset.runId };
      } else {
        const [rows] = await deps.sequelize.query('SELECT id FROM submissions WHERE workflow_id = :id', { replacements: { id: params.id } });
        const submissionId = (rows as { id: string }[])[0]?.id;
        if (!submissionId) throw conflict('该流程没有需要重试的问题', 'NOTHING_TO_RETRY');
        const retrying = (description.raw.pendingActivities ?? []).some((a) => a.activityType?.name === 'recordTransition' && (a.attempt ?? 0) > 1);
        const check = retrying ? null : await checkSubmission({ ...ops, settleMs: 0 }, submissionId);
        // A write PostgreSQL refused for good (projectionFailed) is listed until the projection is written again.
        const refused = (await projectionFailures(deps, submissionId)).length > 0;
        if (!retrying && !refused && check?.kind !== 'drift') throw conflict('该流程没有需要重试的问题', 'NOTHING_TO_RETRY');
        try {
          const rebuilt = await rebuildProjection(ops, submissionId);
          result = { action: 'projection', ...rebuilt };
        } catch (err) {
          const message = String((err as Error).message ?? err);
          await audit(deps.sequelize, { action: 'workflow.retry', outcome: 'failed', actor, targetType: 'workflow', targetId: params.id, details: { error: message } }, req);
          throw conflict(`重新写入投影失败：${message}`, 'PROJECTION_WRITE_FAILED');
        }
      }
      await audit(deps.sequelize, { action: 'workflow.retry', actor, targetType: 'workflow', targetId: params.id, details: result }, req);
      return result;
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/admin/workflows/:id/terminate',
      summary: '终止流程（必须填写原因）',
      tags: ['系统管理'],
      auth: 'user',
      access: requireAdmin,
      params: WorkflowParams,
      body: TerminateBody,
      errors: [403, 404, 409],
    },
    async ({ params, body, actor, req }) => {
      try {
        await client.workflow.getHandle(params.id).terminate(`管理员 ${actor.username} 终止：${body.reason}`);
      } catch (err) {
        if (!isWorkflowGone(err)) throw err;
        // Temporal answers "not found" for a closed execution too: tell the two apart.
        const closed = await client.workflow.getHandle(params.id).describe().catch(() => null);
        if (closed) throw conflict('该流程已结束，不能终止', 'WORKFLOW_CLOSED');
        throw notFound('流程不存在');
      }
      await audit(deps.sequelize, { action: 'workflow.terminate', actor, targetType: 'workflow', targetId: params.id, details: { reason: body.reason } }, req);
      return { workflowId: params.id, terminated: true };
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/admin/projections/rebuild',
      summary: '按流程状态重建投影：指定 submissionId 时重建一个项目，否则重建全部（幂等）',
      tags: ['系统管理'],
      auth: 'user',
      access: requireAdmin,
      body: RebuildBody,
      errors: [403, 404],
    },
    async ({ body, actor, req }) => {
      let result: Record<string, unknown>;
      if (body.submissionId) {
        try {
          result = { rebuilt: 1, failed: [], projects: [await rebuildProjection(ops, body.submissionId)] };
        } catch (err) {
          if (err instanceof NoSuchSubmission) throw notFound('项目不存在');
          throw err;
        }
      } else {
        result = await rebuildAllProjections(ops);
      }
      await audit(deps.sequelize, { action: 'projection.rebuild', actor, targetType: 'submission', targetId: body.submissionId, details: { rebuilt: result.rebuilt, failed: result.failed } }, req);
      return result;
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/admin/reconcile',
      summary: '立即核对全部未结束项目的投影与流程状态，记录不一致',
      tags: ['系统管理'],
      auth: 'user',
      access: requireAdmin,
      errors: [403],
    },
    async ({ actor, req }) => {
      const report = await reconcileProjections({ ...ops, logger: deps.logger });
      await audit(deps.sequelize, { action: 'projection.reconcile', actor, details: { ...report } }, req);
      return report;
    },
  );
}
