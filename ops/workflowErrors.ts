/**
 * Temporal's answers that mean "this workflow execution is not there to take it": it never existed, or it has
 * completed (an Update, Signal or termination sent to a closed execution). The one place that reads them; the API
 * (actions, admin), the reconciliation and the deadline broadcast all ask here.
 */
import { WorkflowNotFoundError } from '@temporalio/client';

/** The error's text and its causes' (the SDK wraps the server's gRPC error). */
function errorText(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
  }
  return parts.join(' ');
}

/** The workflow execution does not exist or is no longer running. */
export function isWorkflowGone(err: unknown): boolean {
  return err instanceof WorkflowNotFoundError || /not found|already completed/i.test(errorText(err));
}
