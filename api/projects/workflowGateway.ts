/**
 * Human actions go to the submission's workflow as Updates: the validator refuses before anything reaches history,
 * the handler applies the change and writes the projection before answering. Failures are mapped to SPEC §7 errors.
 */
import { WorkflowUpdateFailedError, ApplicationFailure } from '@temporalio/client';
import type { Request } from 'express';
import type { AppDeps } from '../deps';
import { ApiError, conflict, unavailable } from '../errors';
import { actUpdate, type ActResult, type SectionWrite } from '../../workflows/submission/contract';
import type { PersonAction } from '../../domain/lifecycle/actions';
import { REFUSAL_HTTP_STATUS, type RefusalCode } from '../../domain/lifecycle/transitions';
import type { Actor } from '../../domain/roles';
import { isWorkflowGone } from '../../ops/workflowErrors';
import { PERMANENT_FAILURE_TYPES } from '../../db/errors';

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
  try {
    return await handle.executeUpdate(actUpdate, {
      args: [{ action, actor: authzActor(actor), ...(sectionWrite ? { sectionWrite } : {}) }],
      ...(updateId ? { updateId } : {}),
    });
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
