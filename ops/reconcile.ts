/**
 * Reconciliation (issue 8): compare one submission workflow's own state (the `state` query) with its projection row
 * and record the difference in `projection_drift`; a difference that is gone is marked resolved. Which submissions
 * are compared is ops/reconcileRun.ts's business (the scheduled 'changed' pass, or 立即全面对账 as a batch).
 */
import type { Sequelize } from 'sequelize';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { stateQuery } from '../workflows/submission/contract';
import type { SubmissionState } from '../domain/lifecycle/state';
import type { ReconcileReport } from '../workflows/maintenance/contract';
import { isWorkflowGone } from './workflowErrors';

export interface ReconcileDeps {
  sequelize: Sequelize;
  client: Client;
  logger?: Logger;
  /** Pause before re-checking a difference, so that a transition being written right now is not reported. */
  settleMs?: number;
}

/** checked; drifted (open drift rows written this run); resolved (drift found fixed); unreachable (no answer). */
export type { ReconcileReport };

export interface DriftDetail {
  message: string;
  workflowPhase?: string;
  projectionPhase?: string;
  fields?: string[];
  error?: string;
}

interface Row {
  id: string;
  workflow_id: string;
  seq: number;
  phase: string;
  state: SubmissionState | null;
}

/** JSON with sorted keys: jsonb does not keep key order, so compare canonical texts. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** null when the projection row says what the workflow says; otherwise what differs, in Chinese. */
export function compareProjection(row: Pick<Row, 'seq' | 'phase' | 'state'>, state: SubmissionState): DriftDetail | null {
  const fields = Object.keys({ ...(row.state ?? {}), ...state }).filter(
    (k) => canonical((row.state as Record<string, unknown> | null)?.[k]) !== canonical((state as unknown as Record<string, unknown>)[k]),
  );
  if (row.seq === state.seq && row.phase === state.phase && fields.length === 0) return null;
  const message =
    row.seq < state.seq
      ? `投影落后于流程：投影序号 ${row.seq}，流程序号 ${state.seq}`
      : row.seq > state.seq
        ? `投影超前于流程：投影序号 ${row.seq}，流程序号 ${state.seq}`
        : `投影内容与流程状态不一致：${fields.join('、') || 'phase'}`;
  return { message, workflowPhase: state.phase, projectionPhase: row.phase, fields };
}

export async function recordDrift(sequelize: Sequelize, row: Pick<Row, 'id' | 'workflow_id' | 'seq'>, workflowSeq: number | null, detail: DriftDetail): Promise<void> {
  await sequelize.query(
    `INSERT INTO projection_drift (submission_id, workflow_id, workflow_seq, projection_seq, detail)
     VALUES (:id, :workflowId, :workflowSeq, :projectionSeq, CAST(:detail AS jsonb))
     ON CONFLICT (submission_id) WHERE resolved_at IS NULL
     DO UPDATE SET workflow_seq = EXCLUDED.workflow_seq, projection_seq = EXCLUDED.projection_seq, detail = EXCLUDED.detail`,
    { replacements: { id: row.id, workflowId: row.workflow_id, workflowSeq, projectionSeq: row.seq, detail: JSON.stringify(detail) } },
  );
}

/** Marks the open drift of a submission resolved; returns whether there was one. */
export async function resolveDrift(sequelize: Sequelize, submissionId: string): Promise<boolean> {
  const [, count] = await sequelize.query('UPDATE projection_drift SET resolved_at = now() WHERE submission_id = :id AND resolved_at IS NULL', {
    replacements: { id: submissionId },
  });
  return Number((count as { rowCount?: number } | undefined)?.rowCount ?? count ?? 0) > 0;
}

async function readRow(sequelize: Sequelize, id: string): Promise<Row | undefined> {
  const [rows] = await sequelize.query('SELECT id, workflow_id, seq, phase, state FROM submissions WHERE id = :id', { replacements: { id } });
  return (rows as Row[])[0];
}

type Check = { kind: 'clean' } | { kind: 'drift'; workflowSeq: number | null; detail: DriftDetail } | { kind: 'unreachable'; error: string };

/** Compare one submission's projection with its workflow (a second look after `settleMs` if they differ). */
export async function checkSubmission(deps: ReconcileDeps, submissionId: string): Promise<Check> {
  const once = async (): Promise<Check> => {
    const row = await readRow(deps.sequelize, submissionId);
    if (!row) return { kind: 'clean' };
    let state: SubmissionState;
    try {
      state = await deps.client.workflow.getHandle(row.workflow_id).query(stateQuery);
    } catch (err) {
      const text = String((err as Error).message ?? err);
      if (isWorkflowGone(err)) return { kind: 'drift', workflowSeq: null, detail: { message: '投影显示流程未结束，但找不到该流程', error: text } };
      return { kind: 'unreachable', error: text };
    }
    const detail = compareProjection(row, state);
    return detail ? { kind: 'drift', workflowSeq: state.seq, detail } : { kind: 'clean' };
  };
  const first = await once();
  if (first.kind !== 'drift') return first;
  await new Promise((r) => setTimeout(r, deps.settleMs ?? 1000));
  return once();
}
