/**
 * Human actions go to the submission's workflow as Updates: the validator refuses before anything reaches history,
 * the handler applies the change and writes the projection before answering. Failures are mapped to SPEC §7 errors.
 */
import crypto from 'node:crypto';
import { WorkflowUpdateFailedError, ApplicationFailure, WithStartWorkflowOperation } from '@temporalio/client';
import type { Request } from 'express';
import type { AppDeps } from '../deps';
import { ApiError, conflict, unavailable } from '../errors';
import {
  actUpdate,
  parseSubmissionWorkflowId,
  SEARCH_ATTRIBUTE_KEYS,
  SUBMISSION_WORKFLOW_TYPE,
  type ActInput,
  type ActResult,
  type SectionWrite,
  type SubmissionWorkflowInput,
} from '../../workflows/submission/contract';
import type { SubmissionState } from '../../domain/lifecycle/state';
import type { PersonAction } from '../../domain/lifecycle/actions';
import { REFUSAL_HTTP_STATUS, type RefusalCode } from '../../domain/lifecycle/transitions';
import type { Actor } from '../../domain/roles';
import { isWorkflowGone } from '../../ops/workflowErrors';
import { PERMANENT_FAILURE_TYPES } from '../../db/errors';
import { deadlineAnswer, TemporalDeadlinePassed, withinDeadline } from '../temporalDeadline';

/** A projection write PostgreSQL refused for good (db/errors.ts): bad data is the request's fault, a conflict is not. */
const PERMANENT_FAILURE_STATUS: Record<string, number> = {
  [PERMANENT_FAILURE_TYPES.data]: 422,
  [PERMANENT_FAILURE_TYPES.constraint]: 409,
};

/** The actor as the rules see it: an enterprise account is its enterprise (one account per 统一社会信用代码). */
export function authzActor(actor: Actor): Actor & { enterpriseId?: string } {
  return actor.role === 'enterprise' ? { ...actor, enterpriseId: actor.userId } : actor;
}

/**
 * A client may send `Idempotency-Key` with an action: it becomes the Update id (per user), so a resend after a
 * timeout or a 503 gets the original outcome from Temporal instead of applying the action twice.
 */
export function updateIdFrom(req: Request, actor: Actor): string | undefined {
  const key = req.get('idempotency-key');
  return key && /^[\w-]{8,64}$/.test(key) ? `${actor.userId}:${key}` : undefined;
}

export async function act(
  deps: AppDeps,
  workflowId: string,
  actor: Actor,
  action: PersonAction,
  sectionWrite?: SectionWrite,
  updateId?: string,
): Promise<ActResult> {
  const handle = deps.temporal.client.workflow.getHandle(workflowId);
  const args: [ActInput] = [{ action, actor: authzActor(actor), ...(sectionWrite ? { sectionWrite } : {}) }];
  // Named even without an Idempotency-Key: after the deadline Temporal is asked whether it holds this Update.
  const id = updateId ?? crypto.randomUUID();
  try {
    return await withinDeadline(deps.temporal, async () => {
      try {
        return await handle.executeUpdate(actUpdate, { args, updateId: id });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError || !isWorkflowGone(err)) throw mapUpdateError(err);
        return revive(deps, workflowId, args, id);
      }
    });
  } catch (err) {
    if (!(err instanceof TemporalDeadlinePassed)) throw err;
    const answer = await deadlineAnswer(deps.temporal, workflowId, id);
    deps.logger.warn({ workflowId, action: action.type, updateId: id, answer: answer.code }, 'action not answered by Temporal within its deadline');
    throw answer;
  }
}

/**
 * The workflow of this submission has completed. Under the lifetime rule (workflows/submission/contract
 * SUBMISSION_LIFETIME) that means its year is archived — or it completed under the earlier rule (closed phases ended
 * the workflow). Such an execution is started again from the state it completed with, the action applied as an
 * update-with-start, as long as its year is not archived; a terminated or failed one is left alone.
 */
async function revive(deps: AppDeps, workflowId: string, args: [ActInput], updateId: string): Promise<ActResult> {
  const closed = conflict('该项目的申报流程已结束，不能再进行此操作', 'WORKFLOW_CLOSED');
  const parsed = parseSubmissionWorkflowId(workflowId);
  if (!parsed) throw closed;
  const [rows] = await deps.sequelize.query(
    'SELECT s.id, c.archived_at FROM submissions s JOIN campaigns c ON c.year = s.year WHERE s.workflow_id = :workflowId',
    { replacements: { workflowId } },
  );
  const row = (rows as { id: string; archived_at: Date | null }[])[0];
  if (!row) throw closed;
  if (row.archived_at) throw conflict(`${parsed.year}年度申报已归档，不能再进行此操作`, 'WORKFLOW_CLOSED');
  const handle = deps.temporal.client.workflow.getHandle<(input: SubmissionWorkflowInput) => Promise<SubmissionState>>(workflowId);
  let state: SubmissionState;
  try {
    const description = await handle.describe();
    if (description.status.name !== 'COMPLETED') throw closed;
    state = await handle.result();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw mapUpdateError(err);
  }
  const start = new WithStartWorkflowOperation(SUBMISSION_WORKFLOW_TYPE, {
    workflowId,
    taskQueue: deps.temporal.taskQueue,
    args: [{ submissionId: row.id, state }],
    // A concurrent revival of the same submission joins this one instead of starting a second run.
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    typedSearchAttributes: [
      { key: SEARCH_ATTRIBUTE_KEYS.year, value: state.year },
      ...(state.provinceCode ? [{ key: SEARCH_ATTRIBUTE_KEYS.provinceCode, value: state.provinceCode }] : []),
    ],
  });
  deps.logger.info({ workflowId }, 'submission workflow completed under the earlier lifetime rule; started again from its final state');
  try {
    return await deps.temporal.client.workflow.executeUpdateWithStart(actUpdate, { args, updateId, startWorkflowOperation: start });
  } catch (err) {
    throw mapUpdateError(err);
  }
}

export function mapUpdateError(err: unknown): ApiError {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = (err.cause.type ?? 'VALIDATION') as RefusalCode;
    const status = REFUSAL_HTTP_STATUS[code] ?? PERMANENT_FAILURE_STATUS[code] ?? 409;
    return new ApiError(status, code, err.cause.message);
  }
  if (isWorkflowGone(err)) {
    return conflict('该项目的申报流程已结束，不能再进行此操作', 'WORKFLOW_CLOSED');
  }
  if (err instanceof ApiError) return err;
  return unavailable('流程服务暂不可用，请稍后重试', 'TEMPORAL_UNAVAILABLE');
}
