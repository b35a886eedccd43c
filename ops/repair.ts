/**
 * What an administrator does to one stuck workflow (issue 13.2): 重试, 终止, 重建投影, 重发截止时间 — the same code
 * for the single-item routes and for every item of a batch, each answering with an outcome in Chinese instead of
 * throwing, so a batch records every item and goes on.
 *
 * 重试 does what can help and says so when nothing can: a workflow task failing on the code that is deployed fails
 * the same way however often it is retried (Temporal already retries it), so it is refused with the fix path —
 * deploy a corrected worker, then 重试, which resets the workflow to its last completed workflow task.
 */
import crypto from 'node:crypto';
import Long from 'long';
import type { Sequelize } from 'sequelize';
import { WorkflowNotFoundError, type WorkflowExecutionDescription } from '@temporalio/client';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import { CODE_BUG_ADVICE } from '../domain/stuck';
import { deadlinesFor, type ProvinceSettings } from '../domain/campaign';
import { beijingText } from '../domain/time';
import { deadlinesChangedSignal } from '../workflows/submission/contract';
import { failingTask, type TemporalRef } from './temporalQueries';
import { rebuildProjection } from './rebuild';
import { checkSubmission } from './reconcile';

export interface RepairDeps extends TemporalRef {
  sequelize: Sequelize;
}

/** `drift`: a reconciliation found the projection differing from its workflow (recorded for the monitor). */
export type ItemStatus = 'succeeded' | 'failed' | 'skipped' | 'drift';

/** What happened to one item: a stable code for programs, a sentence for the admin. */
export interface ItemOutcome {
  status: ItemStatus;
  outcome: string;
  message: string;
  details?: Record<string, unknown>;
}

const succeeded = (outcome: string, message: string, details?: Record<string, unknown>): ItemOutcome => ({ status: 'succeeded', outcome, message, ...(details ? { details } : {}) });
const failed = (outcome: string, message: string, details?: Record<string, unknown>): ItemOutcome => ({ status: 'failed', outcome, message, ...(details ? { details } : {}) });
const skipped = (outcome: string, message: string, details?: Record<string, unknown>): ItemOutcome => ({ status: 'skipped', outcome, message, ...(details ? { details } : {}) });

export function isWorkflowNotFound(err: unknown): boolean {
  return err instanceof WorkflowNotFoundError || /not found/i.test(String((err as Error)?.message ?? ''));
}

const STATUS_TEXT: Record<string, string> = {
  COMPLETED: '已完成',
  FAILED: '已失败',
  CANCELLED: '已取消',
  TERMINATED: '已终止',
  CONTINUED_AS_NEW: '已续新',
  TIMED_OUT: '已超时',
};

async function describe(deps: RepairDeps, workflowId: string): Promise<WorkflowExecutionDescription | ItemOutcome> {
  try {
    return await deps.client.workflow.getHandle(workflowId).describe();
  } catch (err) {
    if (isWorkflowNotFound(err)) return failed('notFound', '流程不存在');
    return failed('temporalUnavailable', `流程服务暂不可用：${String((err as Error).message ?? err)}`);
  }
}

function closedOutcome(d: WorkflowExecutionDescription): ItemOutcome | null {
  if (d.status.name === 'RUNNING') return null;
  return skipped('closed', `流程${STATUS_TEXT[d.status.name] ?? '已结束'}，无需处理`);
}

async function submissionOf(deps: RepairDeps, workflowId: string): Promise<string | null> {
  const [rows] = await deps.sequelize.query('SELECT id FROM submissions WHERE workflow_id = :id', { replacements: { id: workflowId } });
  return (rows as { id: string }[])[0]?.id ?? null;
}

/** Whether PostgreSQL refused a projection write of the submission for good and no later write has succeeded. */
async function projectionRefused(deps: RepairDeps, submissionId: string): Promise<boolean> {
  const [rows] = await deps.sequelize.query(
    `SELECT 1 FROM projection_failures f JOIN submissions s ON s.id = f.submission_id
      WHERE f.submission_id = :id AND (s.projected_at IS NULL OR s.projected_at < f.failed_at) LIMIT 1`,
    { replacements: { id: submissionId } },
  );
  return rows.length > 0;
}

/** 重试: reset a failing workflow task (only once new code is deployed), or rewrite a lagging or refused projection. */
export async function retryWorkflow(deps: RepairDeps, workflowId: string, actorName: string): Promise<ItemOutcome> {
  const d = await describe(deps, workflowId);
  if ('outcome' in d) return d;
  const description = d;
  const closed = closedOutcome(description);
  if (closed) return closed;

  if ((description.raw.pendingWorkflowTask?.attempt ?? 0) > 1) {
    const task = await failingTask(deps, workflowId);
    if (task) {
      const details = { attempt: task.attempt, lastFailure: task.message, failingBuildId: task.failingBuildId, deployedBuildIds: task.deployedBuildIds };
      if (task.sameCodeDeployed) return failed('codeBug', `${CODE_BUG_ADVICE}（错误：${task.message}）`, details);
      if (task.lastGoodEventId === null) return failed('noGoodTask', '该流程没有可重置到的成功流程任务，只能终止后重新发起', details);
      const reset = await deps.client.workflowService.resetWorkflowExecution({
        namespace: deps.namespace,
        workflowExecution: { workflowId, runId: task.runId },
        workflowTaskFinishEventId: Long.fromNumber(task.lastGoodEventId),
        requestId: crypto.randomUUID(),
        reason: `管理员 ${actorName} 重试：部署新版本后重置到事件 ${task.lastGoodEventId}`,
      });
      return succeeded('reset', `已重置到最后一次成功的流程任务（事件 ${task.lastGoodEventId}），由新部署的版本重新执行`, {
        ...details,
        action: 'reset',
        resetToEventId: task.lastGoodEventId,
        runId: reset.runId ?? null,
      });
    }
  }

  const submissionId = await submissionOf(deps, workflowId);
  const retrying = (description.raw.pendingActivities ?? []).filter((a) => (a.attempt ?? 0) > 1);
  if (!submissionId) {
    const a = retrying[0];
    if (a) {
      const next = optionalTsToDate(a.nextAttemptScheduleTime);
      return skipped('autoRetrying', `Temporal 正在自动重试活动 ${a.activityType?.name ?? ''}（第${a.attempt}次${next ? `，下次于 ${beijingText(next, { seconds: true })}` : ''}），恢复后自动完成，无需操作`, {
        lastFailure: a.lastFailure?.message ?? '',
      });
    }
    return skipped('nothingToRetry', '该流程没有需要重试的问题');
  }
  const projectionRetrying = retrying.some((a) => a.activityType?.name === 'recordTransition');
  const refused = await projectionRefused(deps, submissionId);
  const check = projectionRetrying || refused ? null : await checkSubmission({ sequelize: deps.sequelize, client: deps.client, settleMs: 0 }, submissionId);
  if (!projectionRetrying && !refused && check?.kind !== 'drift') return skipped('nothingToRetry', '该流程没有需要重试的问题');
  try {
    const rebuilt = await rebuildProjection({ sequelize: deps.sequelize, client: deps.client }, submissionId);
    return succeeded('projectionRebuilt', `已按流程状态重新写入投影（序号 ${rebuilt.projectionSeq}）`, { action: 'projection', ...rebuilt });
  } catch (err) {
    return failed('projectionWriteFailed', `重新写入投影失败：${String((err as Error).message ?? err)}`, { submissionId });
  }
}

/** 终止 with the administrator's reason (recorded by Temporal too). */
export async function terminateWorkflow(deps: RepairDeps, workflowId: string, reason: string, actorName: string): Promise<ItemOutcome> {
  try {
    await deps.client.workflow.getHandle(workflowId).terminate(`管理员 ${actorName} 终止：${reason}`);
    return succeeded('terminated', '已终止', { reason });
  } catch (err) {
    if (!isWorkflowNotFound(err)) return failed('temporalUnavailable', `流程服务暂不可用：${String((err as Error).message ?? err)}`);
    // Temporal answers "not found" for a closed execution too: tell the two apart.
    const closed = await deps.client.workflow.getHandle(workflowId).describe().catch(() => null);
    if (closed) return skipped('closed', '该流程已结束，不能终止');
    return failed('notFound', '流程不存在');
  }
}

/** 重建投影: rewrite the submission's projection from its workflow (idempotent). */
export async function rebuildItem(deps: RepairDeps, workflowId: string): Promise<ItemOutcome> {
  const submissionId = await submissionOf(deps, workflowId);
  if (!submissionId) return skipped('notASubmission', '不是申报项目的流程，没有投影');
  try {
    const rebuilt = await rebuildProjection({ sequelize: deps.sequelize, client: deps.client }, submissionId);
    return rebuilt.consistent
      ? succeeded('projectionRebuilt', `投影已与流程一致（序号 ${rebuilt.projectionSeq}）`, { ...rebuilt })
      : failed('stillDifferent', `重建后投影仍与流程不一致（投影序号 ${rebuilt.projectionSeq}，流程序号 ${rebuilt.workflowSeq}）`, { ...rebuilt });
  } catch (err) {
    if (isWorkflowNotFound(err)) return failed('notFound', '流程不存在');
    return failed('projectionWriteFailed', `重建投影失败：${String((err as Error).message ?? err)}`);
  }
}

interface CampaignRow {
  submission_deadline: Date;
  recommendation_deadline: Date;
  expert_review_deadline: Date | null;
  province_settings: ProvinceSettings | null;
}

/** 重发截止时间: tell the submission again which deadlines of its campaign apply to it (the workflow replaces its own). */
export async function resendDeadlines(deps: RepairDeps, workflowId: string): Promise<ItemOutcome> {
  const [rows] = await deps.sequelize.query(
    `SELECT COALESCE(s.state->>'provinceCode', s.province_code, '') AS province_code, c.submission_deadline, c.recommendation_deadline, c.expert_review_deadline, c.province_settings
       FROM submissions s JOIN campaigns c ON c.year = s.year WHERE s.workflow_id = :id`,
    { replacements: { id: workflowId } },
  );
  const row = (rows as (CampaignRow & { province_code: string })[])[0];
  if (!row) return skipped('notASubmission', '不是申报项目的流程，没有截止时间');
  const rule = deadlinesFor(
    {
      submissionDeadline: new Date(row.submission_deadline).toISOString(),
      recommendationDeadline: new Date(row.recommendation_deadline).toISOString(),
      provinceSettings: row.province_settings ?? {},
      expertReviewDeadline: row.expert_review_deadline ? new Date(row.expert_review_deadline).toISOString() : null,
    },
    row.province_code,
  );
  try {
    await deps.client.workflow.getHandle(workflowId).signal(deadlinesChangedSignal, rule.deadlines);
    return succeeded('deadlinesSent', `已重发截止时间：提交 ${beijingText(new Date(rule.deadlines.submission))}，推荐 ${beijingText(new Date(rule.deadlines.recommendation))}`, {
      deadlines: rule.deadlines,
    });
  } catch (err) {
    if (isWorkflowNotFound(err)) {
      const closed = await deps.client.workflow.getHandle(workflowId).describe().catch(() => null);
      return closed ? skipped('closed', '流程已结束，截止时间不再适用') : failed('notFound', '流程不存在');
    }
    return failed('temporalUnavailable', `流程服务暂不可用：${String((err as Error).message ?? err)}`);
  }
}
