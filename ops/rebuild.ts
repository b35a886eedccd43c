/**
 * Projection repair (issue 8): rebuild a submission's PostgreSQL projection from its workflow. The inputs the
 * workflow gave to a regular `recordTransition` activity are in the workflow's history (ActivityTaskScheduled events);
 * those of the local activity (issue 15.5) are not, so the workflow lists the entries it projected (projectedEvents
 * query) and they are written with its current state. Re-running them through the same projection write (db/projection.ts) is idempotent (seq guard, history and notifications keyed by
 * (submission, seq)), so it also restores missing history rows. If the projection still lags the workflow's state
 * (query for an open workflow, the result for a closed one) — e.g. after a continue-as-new — the latest state is
 * written with the latest recorded event, whose side effects are already keyed.
 */
import type { Sequelize } from 'sequelize';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { writeTransition } from '../db/projection';
import type { RecordTransitionInput } from '../domain/lifecycle/events';
import { projectedEventsQuery, stateQuery } from '../workflows/submission/contract';
import type { SubmissionState } from '../domain/lifecycle/state';
import { checkSubmission, recordDrift, resolveDrift } from './reconcile';

export interface RebuildDeps {
  sequelize: Sequelize;
  client: Client;
}

export interface RebuildResult {
  submissionId: string;
  workflowId: string;
  /** recordTransition inputs re-run from the history. */
  replayed: number;
  workflowSeq: number;
  projectionSeq: number;
  /** Whether projection and workflow agree afterwards. */
  consistent: boolean;
}

export class NoSuchSubmission extends Error {}

/** The recordTransition inputs of the workflow's current run, in order. */
export async function recordedTransitions(client: Client, workflowId: string): Promise<RecordTransitionInput[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const inputs: RecordTransitionInput[] = [];
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== 'recordTransition') continue;
    const payload = scheduled.input?.payloads?.[0];
    if (payload) inputs.push(defaultPayloadConverter.fromPayload<RecordTransitionInput>(payload));
  }
  return inputs.sort((a, b) => a.state.seq - b.state.seq);
}

/** The workflow's state: the query while it runs, its result once it has completed. */
export async function workflowState(client: Client, workflowId: string): Promise<SubmissionState> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  if (description.status.name === 'RUNNING') return handle.query(stateQuery);
  if (description.status.name === 'COMPLETED') return (await handle.result()) as SubmissionState;
  // Terminated, failed or timed out: the query replays the history up to its end.
  return handle.query(stateQuery);
}

export async function rebuildProjection(deps: RebuildDeps, submissionId: string): Promise<RebuildResult> {
  const [rows] = await deps.sequelize.query('SELECT workflow_id FROM submissions WHERE id = :id', { replacements: { id: submissionId } });
  const workflowId = (rows as { workflow_id: string }[])[0]?.workflow_id;
  if (!workflowId) throw new NoSuchSubmission(submissionId);
  const recordTransition = (input: RecordTransitionInput) => writeTransition(deps.sequelize, input);
  const state = await workflowState(deps.client, workflowId);
  const inputs = await recordedTransitions(deps.client, workflowId);
  // Transitions written by the local activity (issue 15.5) are not in the history: the workflow lists their entries,
  // written here with its current state (every projected column is guarded by seq; entries are keyed by seq).
  const scheduled = new Set(inputs.map((i) => i.event.seq));
  for (const event of await deps.client.workflow.getHandle(workflowId).query(projectedEventsQuery)) {
    if (!scheduled.has(event.seq)) inputs.push({ submissionId, state, event });
  }
  inputs.sort((a, b) => a.event.seq - b.event.seq);
  for (const input of inputs) await recordTransition(input);
  const seqOf = async () => {
    const [r] = await deps.sequelize.query('SELECT seq FROM submissions WHERE id = :id', { replacements: { id: submissionId } });
    return (r as { seq: number }[])[0]!.seq;
  };
  const last = inputs.at(-1);
  if ((await seqOf()) < state.seq && last) await recordTransition({ submissionId, state, event: last.event });
  const check = await checkSubmission({ sequelize: deps.sequelize, client: deps.client, settleMs: 0 }, submissionId);
  if (check.kind === 'clean') await resolveDrift(deps.sequelize, submissionId);
  else if (check.kind === 'drift') await recordDrift(deps.sequelize, { id: submissionId, workflow_id: workflowId, seq: await seqOf() }, check.workflowSeq, check.detail);
  return { submissionId, workflowId, replayed: inputs.length, workflowSeq: state.seq, projectionSeq: await seqOf(), consistent: check.kind === 'clean' };
}

/** Every submission (newest first is not needed: keyset order by id), 4 at a time; failures are listed, not thrown. */
export async function rebuildAllProjections(deps: RebuildDeps): Promise<{ rebuilt: number; failed: { submissionId: string; message: string }[] }> {
  let rebuilt = 0;
  const failed: { submissionId: string; message: string }[] = [];
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const [rows] = await deps.sequelize.query('SELECT id FROM submissions WHERE id > :after ORDER BY id LIMIT 100', { replacements: { after } });
    const page = (rows as { id: string }[]).map((r) => r.id);
    if (!page.length) break;
    for (let i = 0; i < page.length; i += 4) {
      await Promise.all(
        page.slice(i, i + 4).map(async (id) => {
          try {
            await rebuildProjection(deps, id);
            rebuilt++;
          } catch (err) {
            failed.push({ submissionId: id, message: String((err as Error).message ?? err) });
          }
        }),
      );
    }
    after = page[page.length - 1]!;
  }
  return { rebuilt, failed };
}
