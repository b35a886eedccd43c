/**
 * Batch operations (issue 13.2): 重试 / 终止 / 重建投影 / 重发截止时间 over items an administrator picked by hand or by
 * the monitor's filter, and the reconciliation (对账) — each one run of batchOperationWorkflow (workflows/batch),
 * never inside an HTTP request.
 *
 * State lives in PostgreSQL: batch_operations (what, who, why, status, the cancel request) and batch_items (one row
 * per workflow with its outcome). An item's outcome and its one audit entry are written in one transaction, guarded
 * by `status = 'pending'`, so a chunk retried after a worker crash never records an item (or audits it) twice.
 */
import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { BATCH_OPERATIONS, type BatchOperation, type StuckFilter, type StuckKind } from '../domain/stuck';
import type { Actor } from '../domain/roles';
import { appendAudit } from '../db/audit';
import { BATCH_CHUNK, BATCH_WORKFLOW_TYPE, batchWorkflowId, type BatchKind, type BatchSummary, type ChunkResult } from '../workflows/batch/contract';
import { stuckWorkflowIds, type StuckDeps } from './stuck';
import { rebuildItem, resendDeadlines, retryWorkflow, terminateWorkflow, type ItemOutcome, type RepairDeps } from './repair';
import { reconcileCandidates, reconcileItem } from './reconcileRun';

export type BatchDeps = StuckDeps & RepairDeps;

/** Which items a batch takes. */
export type BatchSelection =
  | { type: 'items'; workflowIds: string[] }
  | { type: 'filter'; filter: StuckFilter }
  /** 重建全部投影: every submission (of a year). */
  | { type: 'allSubmissions'; year?: number }
  /** 对账: the submissions that changed since the last pass and what visibility disagrees with, or every open one. */
  | { type: 'reconcile'; mode: 'changed' | 'full' };

export type BatchStatus = 'selecting' | 'running' | 'completed' | 'cancelled' | 'failed';
/** `drift`: a 对账 item whose projection differs from its workflow (发现偏差, recorded in projection_drift) — not a failure. */
export type BatchItemStatus = 'pending' | 'succeeded' | 'drift' | 'failed' | 'skipped' | 'cancelled';
export const BATCH_ITEM_STATUSES: readonly BatchItemStatus[] = ['pending', 'succeeded', 'drift', 'failed', 'skipped', 'cancelled'];

/** At most this many items picked by hand in one batch (a filter selects any number). */
export const MAX_HAND_PICKED = 1000;

/** The audit action of one item, the same as the single-item routes write. */
export const ITEM_AUDIT_ACTION: Record<BatchOperation, string> = {
  retry: 'workflow.retry',
  terminate: 'workflow.terminate',
  rebuildProjection: 'projection.rebuild',
  resendDeadlines: 'workflow.resendDeadlines',
};

interface BatchRow {
  id: string;
  operation: BatchKind;
  status: BatchStatus;
  reason: string | null;
  selection: BatchSelection;
  workflow_id: string;
  created_by: string | null;
  created_by_name: string | null;
  created_by_role: string | null;
  created_at: Date;
  finished_at: Date | null;
  cancel_requested_at: Date | null;
  total: number;
}

export interface BatchView {
  id: string;
  operation: BatchKind;
  status: BatchStatus;
  reason: string | null;
  selection: BatchSelection;
  workflowId: string;
  createdBy: { userId: string | null; username: string | null; role: string | null };
  createdAt: string;
  finishedAt: string | null;
  cancelRequested: boolean;
  total: number;
  /** Items per status: progress is (total - pending) / total. */
  progress: Record<BatchItemStatus, number>;
  /** Items per outcome code (reset, codeBug, projectionRebuilt …). */
  outcomes: Record<string, number>;
}

export interface BatchItemView {
  seq: number;
  workflowId: string;
  submissionId: string | null;
  projectName: string | null;
  enterpriseName: string | null;
  kind: StuckKind | null;
  status: BatchItemStatus;
  outcome: string | null;
  message: string | null;
  finishedAt: string | null;
}

async function load(sequelize: Sequelize, id: string): Promise<BatchRow | null> {
  const [rows] = await sequelize.query('SELECT * FROM batch_operations WHERE id = :id', { replacements: { id } });
  return (rows as BatchRow[])[0] ?? null;
}

export class BatchStartFailed extends Error {}

/**
 * Records the batch and starts its workflow; items picked by hand are stored at once, a filter is resolved by the
 * workflow's first activity (it may select thousands).
 */
export async function createBatch(
  deps: BatchDeps,
  input: { operation: BatchKind; reason?: string | null; selection: BatchSelection; actor: Pick<Actor, 'userId' | 'username' | 'role'> | null },
): Promise<BatchView> {
  const id = crypto.randomUUID();
  const workflowId = batchWorkflowId(id);
  const handPicked = input.selection.type === 'items' ? [...new Set(input.selection.workflowIds)] : null;
  await deps.sequelize.transaction(async (transaction) => {
    await deps.sequelize.query(
      `INSERT INTO batch_operations (id, operation, status, reason, selection, workflow_id, created_by, created_by_name, created_by_role, total)
       VALUES (:id, :operation, :status, :reason, CAST(:selection AS jsonb), :workflowId, :userId, :username, :role, :total)`,
      {
        replacements: {
          id,
          operation: input.operation,
          status: handPicked ? 'running' : 'selecting',
          reason: input.reason ?? null,
          selection: JSON.stringify(input.selection),
          workflowId,
          userId: input.actor?.userId ?? null,
          username: input.actor?.username ?? null,
          role: input.actor?.role ?? null,
          total: handPicked?.length ?? 0,
        },
        transaction,
      },
    );
    if (handPicked?.length) {
      await deps.sequelize.query(
        `INSERT INTO batch_items (batch_id, seq, workflow_id, submission_id)
         SELECT :id, t.seq, t.workflow_id, s.id FROM unnest(CAST(:ids AS text[])) WITH ORDINALITY AS t(workflow_id, seq)
           LEFT JOIN submissions s ON s.workflow_id = t.workflow_id`,
        { replacements: { id, ids: toPgArray(handPicked) }, transaction },
      );
    }
  });
  try {
    await deps.client.workflow.start(BATCH_WORKFLOW_TYPE, { workflowId, taskQueue: deps.taskQueue, args: [{ batchId: id, select: !handPicked }] });
  } catch (err) {
    await deps.sequelize.query(`UPDATE batch_operations SET status = 'failed', finished_at = now(), error = :error WHERE id = :id`, {
      replacements: { id, error: String((err as Error).message ?? err) },
    });
    throw new BatchStartFailed(String((err as Error).message ?? err));
  }
  return (await getBatch(deps.sequelize, id))!;
}

/** A text[] literal for unnest (workflow ids are checked by the route's pattern before they get here). */
function toPgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** The first activity: store the items a filter (or every submission, or the reconciliation) selects. */
export async function selectBatchItems(deps: BatchDeps, batchId: string, onProgress?: (selected: number) => void): Promise<number> {
  const batch = await load(deps.sequelize, batchId);
  if (!batch) throw new Error(`batch ${batchId} not found`);
  if (batch.status !== 'selecting') return batch.total;
  // A retried selection starts over: nothing has been processed before the selection is complete.
  await deps.sequelize.query('DELETE FROM batch_items WHERE batch_id = :batchId', { replacements: { batchId } });
  let seq = 0;
  let buffer: { workflowId: string; submissionId: string | null; kind: StuckKind | null }[] = [];
  const flush = async () => {
    if (!buffer.length) return;
    await deps.sequelize.query(
      `INSERT INTO batch_items (batch_id, seq, workflow_id, submission_id, kind)
       SELECT :batchId, :first + t.n - 1, t.workflow_id, COALESCE(t.submission_id, s.id), t.kind
         FROM unnest(CAST(:ids AS text[]), CAST(:submissions AS uuid[]), CAST(:kinds AS text[])) WITH ORDINALITY AS t(workflow_id, submission_id, kind, n)
         LEFT JOIN submissions s ON s.workflow_id = t.workflow_id
       ON CONFLICT (batch_id, workflow_id) DO NOTHING`,
      {
        replacements: {
          batchId,
          first: seq - buffer.length + 1,
          ids: toPgArray(buffer.map((b) => b.workflowId)),
          submissions: `{${buffer.map((b) => b.submissionId ?? 'NULL').join(',')}}`,
          kinds: `{${buffer.map((b) => b.kind ?? 'NULL').join(',')}}`,
        },
      },
    );
    buffer = [];
    onProgress?.(seq);
  };
  const add = async (workflowId: string, submissionId: string | null, kind: StuckKind | null) => {
    seq++;
    buffer.push({ workflowId, submissionId, kind });
    if (buffer.length >= 500) await flush();
  };
  const selection = batch.selection;
  if (selection.type === 'filter') {
    for await (const item of stuckWorkflowIds(deps, selection.filter)) await add(item.workflowId, item.submissionId ?? null, item.kind);
  } else if (selection.type === 'allSubmissions') {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const [rows] = await deps.sequelize.query(
        `SELECT id, workflow_id FROM submissions WHERE id > :after AND (CAST(:year AS int) IS NULL OR year = :year) ORDER BY id LIMIT 1000`,
        { replacements: { after, year: selection.year ?? null } },
      );
      const page = rows as { id: string; workflow_id: string }[];
      for (const r of page) await add(r.workflow_id, r.id, null);
      if (page.length < 1000) break;
      after = page[page.length - 1]!.id;
    }
  } else if (selection.type === 'reconcile') {
    for await (const c of reconcileCandidates(deps, selection.mode)) await add(c.workflowId, c.submissionId, null);
  }
  await flush();
  const [[{ n }]] = (await deps.sequelize.query('SELECT count(*)::int AS n FROM batch_items WHERE batch_id = :batchId', { replacements: { batchId } })) as [{ n: number }[], unknown];
  await deps.sequelize.query(`UPDATE batch_operations SET status = 'running', total = :n WHERE id = :batchId AND status = 'selecting'`, { replacements: { batchId, n } });
  return n;
}

async function perform(deps: BatchDeps, batch: BatchRow, item: { workflow_id: string; submission_id: string | null }): Promise<ItemOutcome> {
  const actorName = batch.created_by_name ?? '系统';
  try {
    switch (batch.operation) {
      case 'retry':
        return await retryWorkflow(deps, item.workflow_id, actorName);
      case 'terminate':
        return await terminateWorkflow(deps, item.workflow_id, batch.reason ?? '', actorName);
      case 'rebuildProjection':
        return await rebuildItem(deps, item.workflow_id);
      case 'resendDeadlines':
        return await resendDeadlines(deps, item.workflow_id);
      case 'reconcile':
        return await reconcileItem(deps, item.submission_id);
    }
  } catch (err) {
    return { status: 'failed', outcome: 'error', message: `处理失败：${String((err as Error).message ?? err)}` };
  }
}

const AUDIT_OUTCOME = { succeeded: 'ok', failed: 'failed', skipped: 'refused', drift: 'drift' } as const;

/** Records one item's outcome and, for an administrator's operation, its one audit entry — once. */
async function record(deps: BatchDeps, batch: BatchRow, item: { seq: number; workflow_id: string; submission_id: string | null }, outcome: ItemOutcome): Promise<void> {
  await deps.sequelize.transaction(async (transaction) => {
    const [rows] = await deps.sequelize.query(
      `UPDATE batch_items SET status = :status, outcome = :outcome, message = :message, finished_at = now()
        WHERE batch_id = :batchId AND seq = :seq AND status = 'pending' RETURNING seq`,
      { replacements: { batchId: batch.id, seq: item.seq, status: outcome.status, outcome: outcome.outcome, message: outcome.message }, transaction },
    );
    if (!(rows as unknown[]).length || !(BATCH_OPERATIONS as readonly string[]).includes(batch.operation)) return;
    await appendAudit(
      deps.sequelize,
      {
        action: ITEM_AUDIT_ACTION[batch.operation as BatchOperation],
        outcome: AUDIT_OUTCOME[outcome.status],
        actor: batch.created_by ? { userId: batch.created_by, username: batch.created_by_name ?? '', role: (batch.created_by_role ?? 'admin') as Actor['role'] } : null,
        targetType: 'workflow',
        targetId: item.workflow_id,
        details: {
          batchId: batch.id,
          outcome: outcome.outcome,
          message: outcome.message,
          ...(batch.reason ? { reason: batch.reason } : {}),
          ...(outcome.details?.resetToEventId ? { resetToEventId: outcome.details.resetToEventId } : {}),
        },
      },
      {},
      transaction,
    );
  });
}

async function pendingCount(sequelize: Sequelize, batchId: string): Promise<number> {
  const [[{ n }]] = (await sequelize.query(`SELECT count(*)::int AS n FROM batch_items WHERE batch_id = :batchId AND status = 'pending'`, { replacements: { batchId } })) as [
    { n: number }[],
    unknown,
  ];
  return n;
}

/** One chunk: the next pending items, a few at a time; stops taking items once a cancel is requested. */
export async function runBatchChunk(deps: BatchDeps, batchId: string, onItem?: () => void): Promise<ChunkResult> {
  const batch = await load(deps.sequelize, batchId);
  if (!batch) throw new Error(`batch ${batchId} not found`);
  if (batch.cancel_requested_at) return { processed: 0, remaining: await pendingCount(deps.sequelize, batchId), cancelRequested: true };
  const [rows] = await deps.sequelize.query(
    `SELECT seq, workflow_id, submission_id FROM batch_items WHERE batch_id = :batchId AND status = 'pending' ORDER BY seq LIMIT :limit`,
    { replacements: { batchId, limit: BATCH_CHUNK } },
  );
  const items = rows as { seq: number; workflow_id: string; submission_id: string | null }[];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await record(deps, batch, item, await perform(deps, batch, item));
        onItem?.();
      }
    }),
  );
  return { processed: items.length, remaining: await pendingCount(deps.sequelize, batchId), cancelRequested: false };
}

/** The last activity: items left after a cancel are marked so, and the batch gets its final status. */
export async function finishBatch(deps: BatchDeps, batchId: string): Promise<BatchSummary> {
  const batch = await load(deps.sequelize, batchId);
  if (!batch) throw new Error(`batch ${batchId} not found`);
  const cancelled = batch.cancel_requested_at !== null;
  await deps.sequelize.transaction(async (transaction) => {
    if (cancelled) {
      await deps.sequelize.query(
        `UPDATE batch_items SET status = 'cancelled', outcome = 'cancelled', message = '批量操作已取消，未处理', finished_at = now() WHERE batch_id = :batchId AND status = 'pending'`,
        { replacements: { batchId }, transaction },
      );
    }
    await deps.sequelize.query(`UPDATE batch_operations SET status = :status, finished_at = COALESCE(finished_at, now()) WHERE id = :batchId AND status IN ('selecting', 'running')`, {
      replacements: { batchId, status: cancelled ? 'cancelled' : 'completed' },
      transaction,
    });
  });
  const view = (await getBatch(deps.sequelize, batchId))!;
  return {
    status: cancelled ? 'cancelled' : 'completed',
    total: view.total,
    succeeded: view.progress.succeeded,
    drift: view.progress.drift,
    failed: view.progress.failed,
    skipped: view.progress.skipped,
    cancelled: view.progress.cancelled,
  };
}

/** Asks a running batch to stop after the items in hand; false when it has already ended. */
export async function requestCancel(sequelize: Sequelize, batchId: string, actor: Pick<Actor, 'userId'>): Promise<boolean> {
  const [rows] = await sequelize.query(
    `UPDATE batch_operations SET cancel_requested_at = COALESCE(cancel_requested_at, now()), cancelled_by = COALESCE(cancelled_by, :userId)
      WHERE id = :batchId AND status IN ('selecting', 'running') RETURNING id`,
    { replacements: { batchId, userId: actor.userId } },
  );
  return (rows as unknown[]).length > 0;
}

function viewOf(row: BatchRow, progressRows: { status: BatchItemStatus; outcome: string | null; n: number }[]): BatchView {
  const progress = Object.fromEntries(BATCH_ITEM_STATUSES.map((s) => [s, 0])) as Record<BatchItemStatus, number>;
  const outcomes: Record<string, number> = {};
  for (const r of progressRows) {
    progress[r.status] += Number(r.n);
    if (r.outcome) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + Number(r.n);
  }
  return {
    id: row.id,
    operation: row.operation,
    status: row.status,
    reason: row.reason,
    selection: row.selection,
    workflowId: row.workflow_id,
    createdBy: { userId: row.created_by, username: row.created_by_name, role: row.created_by_role },
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    cancelRequested: row.cancel_requested_at !== null,
    total: Number(row.total),
    progress,
    outcomes,
  };
}

export async function getBatch(sequelize: Sequelize, batchId: string): Promise<BatchView | null> {
  const row = await load(sequelize, batchId);
  if (!row) return null;
  const [progress] = await sequelize.query('SELECT status, outcome, count(*)::int AS n FROM batch_items WHERE batch_id = :batchId GROUP BY status, outcome', {
    replacements: { batchId },
  });
  return viewOf(row, progress as { status: BatchItemStatus; outcome: string | null; n: number }[]);
}

export async function listBatches(sequelize: Sequelize, page: { offset: number; limit: number }): Promise<{ data: BatchView[]; total: number }> {
  const [rows] = await sequelize.query('SELECT *, count(*) OVER () AS full_count FROM batch_operations ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset', {
    replacements: page,
  });
  const list = rows as (BatchRow & { full_count: string })[];
  if (!list.length) return { data: [], total: 0 };
  const [progress] = await sequelize.query('SELECT batch_id, status, outcome, count(*)::int AS n FROM batch_items WHERE batch_id IN (:ids) GROUP BY batch_id, status, outcome', {
    replacements: { ids: list.map((r) => r.id) },
  });
  const byBatch = new Map<string, { status: BatchItemStatus; outcome: string | null; n: number }[]>();
  for (const p of progress as { batch_id: string; status: BatchItemStatus; outcome: string | null; n: number }[]) {
    byBatch.set(p.batch_id, [...(byBatch.get(p.batch_id) ?? []), p]);
  }
  return { data: list.map((r) => viewOf(r, byBatch.get(r.id) ?? [])), total: Number(list[0]!.full_count) };
}

export async function batchItems(
  sequelize: Sequelize,
  batchId: string,
  query: { status?: BatchItemStatus; offset: number; limit: number },
): Promise<{ data: BatchItemView[]; total: number }> {
  const [rows] = await sequelize.query(
    `SELECT i.seq, i.workflow_id, i.submission_id, i.kind, i.status, i.outcome, i.message, i.finished_at, s.name AS project_name, s.enterprise_name,
            count(*) OVER () AS full_count
       FROM batch_items i LEFT JOIN submissions s ON s.id = i.submission_id
      WHERE i.batch_id = :batchId AND (CAST(:status AS text) IS NULL OR i.status = :status)
      ORDER BY i.seq LIMIT :limit OFFSET :offset`,
    { replacements: { batchId, status: query.status ?? null, limit: query.limit, offset: query.offset } },
  );
  const list = rows as {
    seq: number;
    workflow_id: string;
    submission_id: string | null;
    kind: StuckKind | null;
    status: BatchItemStatus;
    outcome: string | null;
    message: string | null;
    finished_at: Date | null;
    project_name: string | null;
    enterprise_name: string | null;
    full_count: string;
  }[];
  return {
    data: list.map((r) => ({
      seq: Number(r.seq),
      workflowId: r.workflow_id,
      submissionId: r.submission_id,
      projectName: r.project_name,
      enterpriseName: r.enterprise_name,
      kind: r.kind,
      status: r.status,
      outcome: r.outcome,
      message: r.message,
      finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    })),
    total: list.length ? Number(list[0]!.full_count) : 0,
  };
}
