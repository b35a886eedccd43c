/**
 * A batch operation (issue 13.2): select the items (a filter resolved at start, so later changes do not move the
 * selection), then take them a chunk at a time until none is left or an administrator asks to stop. Each item's
 * operation, outcome and audit entry is the activity's business; the workflow only keeps the loop going through
 * worker restarts, with a fresh history when it grows long.
 */
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { BatchActivities, BatchInput, BatchSummary } from './contract';

const { selectBatchItems, runBatchChunk, finishBatch } = proxyActivities<BatchActivities>({
  // Selecting 10,000 items pages through visibility and the projection; a chunk of 25 takes seconds.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function batchOperationWorkflow(input: BatchInput): Promise<BatchSummary> {
  if (input.select) await selectBatchItems(input.batchId);
  for (;;) {
    const chunk = await runBatchChunk(input.batchId);
    if (chunk.remaining === 0 || chunk.cancelRequested) break;
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof batchOperationWorkflow>({ batchId: input.batchId, select: false });
  }
  return finishBatch(input.batchId);
}
