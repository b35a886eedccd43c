/** The batch operation workflow's activities (issue 13.2); the logic is ops/batch.ts. */
import { Client } from '@temporalio/client';
import { heartbeat } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import type { BatchActivities } from '../workflows/batch/contract';
import { finishBatch, runBatchChunk, selectBatchItems, type BatchDeps } from '../ops/batch';

export function createBatchActivities(deps: ActivityDeps): BatchActivities {
  const client = new Client({ connection: deps.temporal.connection, namespace: deps.temporal.namespace });
  const ops: BatchDeps = {
    sequelize: deps.sequelize,
    client,
    namespace: deps.temporal.namespace,
    taskQueue: deps.temporal.taskQueue,
    clock: () => new Date(),
  };
  return {
    selectBatchItems: (batchId) => selectBatchItems(ops, batchId, (selected) => heartbeat(selected)),
    runBatchChunk: (batchId) => {
      let done = 0;
      return runBatchChunk(ops, batchId, () => heartbeat(++done));
    },
    finishBatch: (batchId) => finishBatch(ops, batchId),
  };
}
