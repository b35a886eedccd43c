/**
 * The Temporal worker: the submission workflows and the activities that write PostgreSQL. Tests pass a workflow
 * bundle built once per run; production bundles at start from workflows/index.ts.
 */
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import { createActivities } from '../activities';

export const WORKFLOWS_PATH = path.join(__dirname, '..', 'workflows', 'index.ts');

export interface WorkerDeps {
  address: string;
  namespace: string;
  taskQueue: string;
  sequelize: Sequelize;
  logger: Logger;
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Now, for activities that read the time (tests move it). */
  clock?: () => Date;
  /** Tuning for load tests; defaults suit a 2-core machine. */
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
}

/** The worker's tuning, shared with the bench's floor worker (bench/floor/worker.ts) so that both run alike. */
export const WORKER_TUNING = {
  // A shared deadline wakes thousands of workflows at once: each needs a workflow task and one projection write.
  maxConcurrentActivityTaskExecutions: 100,
  maxConcurrentWorkflowTaskExecutions: 100,
  workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 10 },
  activityTaskPollerBehavior: { type: 'simple-maximum', maximum: 10 },
  // Cached workflows make an Update a single workflow task instead of a replay — but each costs heap in the workflow
  // thread: with 5,000 the worker died of "JS heap out of memory" at ≈ 4,200 cached workflows (a 10,000-draft
  // deadline on the production server, 2026-12-01). The SDK's default sizes the cache from the heap instead
  // (≈ 600 per GiB above 200 MiB: ≈ 2,300 with Node's default heap here); beyond it the least recent is evicted and
  // replayed when needed (a draft's history is a few dozen events).
  shutdownGraceTime: '10s',
} as const satisfies Partial<WorkerOptions>;

export async function createWorker(deps: WorkerDeps): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: deps.address });
  const activities = createActivities({
    ...(deps.clock ? { clock: deps.clock } : {}),
    sequelize: deps.sequelize,
    logger: deps.logger,
    temporal: { connection, namespace: deps.namespace, taskQueue: deps.taskQueue },
  });
  const worker = await Worker.create({
    connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    ...WORKER_TUNING,
    ...(deps.maxConcurrentActivityTaskExecutions ? { maxConcurrentActivityTaskExecutions: deps.maxConcurrentActivityTaskExecutions } : {}),
    ...(deps.maxConcurrentWorkflowTaskExecutions ? { maxConcurrentWorkflowTaskExecutions: deps.maxConcurrentWorkflowTaskExecutions } : {}),
  });
  return { worker, connection };
}
