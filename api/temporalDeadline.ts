/**
 * No request waits on Temporal without an end (issue 15.7): each call the API makes to Temporal for a user — an
 * action's Update, 新增项目's update-with-start, a campaign's signal, the health check — runs under a deadline. An
 * action whose deadline passes is answered 503 within 10 s, saying whether Temporal holds it (it will be applied once
 * the worker or PostgreSQL is back; a resend with the same Idempotency-Key gets its outcome, exactly once) or not
 * (nothing was applied; send it again later).
 */
import { temporal as proto } from '@temporalio/proto';
import type { TemporalGateway } from './deps';
import { unavailable, type ApiError } from './errors';

/** How long a request waits for Temporal; the one-second question after it comes on top, inside the 10 s promised. */
export const TEMPORAL_CALL_DEADLINE_MS = 8_000;
const PROBE_MS = 1_000;

/** The deadline passed before Temporal answered. */
export class TemporalDeadlinePassed extends Error {
  constructor(ms: number) {
    super(`Temporal 在 ${ms} ms 内未应答`);
    this.name = 'TemporalDeadlinePassed';
  }
}

/**
 * Runs `call` with a gRPC deadline on every call it makes, and answers at the deadline whatever it is doing: the
 * client's own retries of an unreachable server wait between attempts (up to 5 s) and heed neither a deadline nor an
 * abort meanwhile, so `call` may settle later — in the background, where its outcome is dropped.
 */
export async function withinDeadline<T>(temporal: TemporalGateway, call: () => Promise<T>, ms = TEMPORAL_CALL_DEADLINE_MS): Promise<T> {
  const deadline = Date.now() + ms;
  let timer: NodeJS.Timeout | undefined;
  const passed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TemporalDeadlinePassed(ms)), ms);
  });
  const work = temporal.client.withDeadline(deadline, call);
  temporal.callsUnderWay.add(work);
  // Answered by the deadline: a late failure has no one to tell; the connection closes only after the call ends.
  work.catch(() => undefined).finally(() => temporal.callsUnderWay.delete(work));
  try {
    return await Promise.race([work, passed]);
  } catch (err) {
    // Temporal's own DEADLINE_EXCEEDED (or whatever the last attempt reported) at the deadline is the deadline.
    if (Date.now() >= deadline) throw new TemporalDeadlinePassed(ms);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether Temporal holds the Update `updateId` of this workflow (admitted, accepted or completed): it will be applied
 * (or has been) whatever the request that sent it does now. False when it is not there or Temporal does not answer
 * within a second — the Update was never delivered: the calls that could still deliver it carried the deadline that
 * has passed, so none will.
 */
async function updateHeld(gateway: TemporalGateway, workflowId: string, updateId: string): Promise<boolean> {
  const admitted = proto.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;
  const poll = () =>
    gateway.connection.workflowService.pollWorkflowExecutionUpdate({
      namespace: gateway.namespace,
      updateRef: { workflowExecution: { workflowId }, updateId },
      waitPolicy: { lifecycleStage: admitted },
    });
  return answersWithin(gateway, poll);
}

/** Whether `call` succeeds within `ms` (a second by default): a failure or no answer is a no. */
export async function answersWithin(gateway: TemporalGateway, call: () => Promise<unknown>, ms = PROBE_MS): Promise<boolean> {
  return withinDeadline(gateway, call, ms).then(
    () => true,
    () => false,
  );
}

/**
 * The answer to an action whose deadline passed: 已受理 when Temporal holds its Update (it is applied once the worker,
 * or PostgreSQL for the projection, is back; the same Idempotency-Key gets its outcome), else not applied at all.
 */
export async function deadlineAnswer(gateway: TemporalGateway, workflowId: string, updateId: string): Promise<ApiError> {
  if (await updateHeld(gateway, workflowId, updateId)) {
    return unavailable('操作已受理，尚未处理完成（流程服务或数据库繁忙），请稍后刷新查看结果；重试不会重复执行', 'ACTION_PENDING');
  }
  return unavailable('流程服务暂不可用，请稍后重试', 'TEMPORAL_UNAVAILABLE');
}
