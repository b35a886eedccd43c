/**
 * Contract of the batch operation workflow (issue 13.2): one run per batch of 重试 / 终止 / 重建投影 / 重发截止时间 /
 * 对账 over many workflows. Progress, per-item outcomes and the cancel request live in PostgreSQL (batch_operations,
 * batch_items), so the admin's screen reads them without asking Temporal, and every item is recorded (with its one
 * audit entry) in the same transaction as its outcome.
 */
import type { BatchOperation } from '../../domain/stuck';

export const BATCH_WORKFLOW_TYPE = 'batchOperationWorkflow';

/** One run per batch: `batch:<batch id>` (also the id the monitor's links and the API accept). */
export function batchWorkflowId(batchId: string): string {
  return `batch:${batchId}`;
}

/** Items processed per activity call: small enough that a cancel request is honoured within seconds. */
export const BATCH_CHUNK = 25;

export type BatchKind = BatchOperation | 'reconcile';

export interface BatchInput {
  batchId: string;
  /** Resolve the selection (a filter, every submission, the reconciliation's candidates) into items first. */
  select: boolean;
}

export interface ChunkResult {
  processed: number;
  /** Items still pending after this chunk. */
  remaining: number;
  /** An administrator asked to stop: the workflow ends the batch without taking more items. */
  cancelRequested: boolean;
}

export interface BatchSummary {
  status: 'completed' | 'cancelled';
  total: number;
  succeeded: number;
  /** 对账 items that found drift (absent from summaries recorded before it existed). */
  drift?: number;
  failed: number;
  skipped: number;
  cancelled: number;
}

/** Activities of the batch workflow (activities/batch.ts). */
export interface BatchActivities {
  selectBatchItems(batchId: string): Promise<number>;
  runBatchChunk(batchId: string): Promise<ChunkResult>;
  finishBatch(batchId: string): Promise<BatchSummary>;
}
