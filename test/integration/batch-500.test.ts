/**
 * Issue 13 acceptance: a batch 重试 of 500 items reports each outcome. 500 workflows picked by hand, mixed as a real
 * selection is: 465 running drafts with nothing to retry, 30 workflows terminated meanwhile, 2 whose workflow task
 * fails on the deployed code (a retry cannot help: the fix path is named) and 3 ids that do not exist. Every item gets
 * an outcome with a Chinese reason, one audit entry each, and the progress reaches 500 / 500.
 */
import crypto from 'node:crypto';
import { signedInSuite } from '../support/suite';
import { eventually } from '../support/lifecycle';
import { openDraftsInBulk } from '../support/openWorkflows';
import { SEARCH_ATTRIBUTE_KEYS, SUBMISSION_WORKFLOW_TYPE, submissionWorkflowId } from '../../workflows/submission/contract';
import { CODE_BUG_ADVICE } from '../../domain/stuck';

const suite = signedInSuite({ campaign: true });
const CHINESE = /[\u4e00-\u9fff]/;

test('a batch 重试 of 500 items: every item has an outcome with a Chinese reason, one audit entry each, progress 500 / 500', async () => {
  const { stack, people, year } = suite;
  const drafts = await openDraftsInBulk(stack, year, 495, { timeoutMs: 300_000 });
  const terminated = drafts.slice(0, 30).map((d) => d.workflowId);
  for (const id of terminated) await stack.temporal.client.workflow.getHandle(id).terminate('测试：批量重试前已终止');
  // A code bug: the workflow's first task throws on the deployed code (no start state).
  const failing = [1, 2].map(() => submissionWorkflowId(year, crypto.randomUUID()));
  for (const workflowId of failing) {
    await stack.temporal.client.workflow.start(SUBMISSION_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: stack.taskQueue,
      args: [{ submissionId: crypto.randomUUID() }],
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTE_KEYS.year, value: year }],
    });
  }
  // Its workflow task has failed and is being retried by Temporal (attempt > 1).
  await eventually(
    () => Promise.all(failing.map(async (id) => (await stack.temporal.client.workflow.getHandle(id).describe()).raw.pendingWorkflowTask?.attempt ?? 0)),
    (attempts) => attempts.every((a) => a > 1),
    60_000,
  );
  const missing = [1, 2, 3].map(() => submissionWorkflowId(year, crypto.randomUUID()));
  const workflowIds = [...drafts.map((d) => d.workflowId), ...failing, ...missing];
  expect(workflowIds).toHaveLength(500);

  const started = await stack.api('POST', '/api/admin/batches', { token: people.admin, body: { operation: 'retry', workflowIds } });
  expect(started.status).toBe(202);
  expect(started.body).toMatchObject({ operation: 'retry', total: 500 });
  const read = async () => (await stack.api('GET', `/api/admin/batches/${started.body.id}`, { token: people.admin })).body;
  const batch = await eventually(read, (b) => ['completed', 'cancelled', 'failed'].includes(b.status), 300_000);
  expect(batch).toMatchObject({
    status: 'completed',
    total: 500,
    progress: { pending: 0, succeeded: 0, drift: 0, skipped: 495, failed: 5, cancelled: 0 },
    outcomes: { nothingToRetry: 465, closed: 30, codeBug: 2, notFound: 3 },
  });

  const items: { workflowId: string; status: string; outcome: string; message: string; projectName: string | null }[] = [];
  for (let page = 1; page <= 5; page++) {
    const res = await stack.api('GET', `/api/admin/batches/${batch.id}/items?page=${page}&perPage=100`, { token: people.admin });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(500);
    items.push(...res.body.data);
  }
  expect(new Set(items.map((i) => i.workflowId))).toEqual(new Set(workflowIds));
  // Every outcome is said in Chinese.
  expect(items.filter((i) => !i.outcome || !CHINESE.test(i.message ?? ''))).toEqual([]);
  const byId = new Map(items.map((i) => [i.workflowId, i]));
  expect(byId.get(drafts[100]!.workflowId)).toMatchObject({ status: 'skipped', outcome: 'nothingToRetry', message: '该流程没有需要重试的问题' });
  expect(byId.get(terminated[0]!)).toMatchObject({ status: 'skipped', outcome: 'closed', message: '流程已终止，无需处理' });
  for (const id of failing) {
    expect(byId.get(id)).toMatchObject({ status: 'failed', outcome: 'codeBug' });
    expect(byId.get(id)!.message).toContain(CODE_BUG_ADVICE);
  }
  for (const id of missing) expect(byId.get(id)).toMatchObject({ status: 'failed', outcome: 'notFound', message: '流程不存在' });

  // One audit entry per item, by the administrator, with the item's outcome.
  const [audits] = await stack.sequelize.query(
    "SELECT target_id, outcome, username, details->>'outcome' AS item_outcome FROM audit_log WHERE action = 'workflow.retry' AND details->>'batchId' = :id",
    { replacements: { id: batch.id } },
  );
  const rows = audits as { target_id: string; outcome: string; username: string; item_outcome: string }[];
  expect(rows).toHaveLength(500);
  expect(new Set(rows.map((a) => a.target_id))).toEqual(new Set(workflowIds));
  expect(rows.every((a) => a.username === 'admin')).toBe(true);
  expect(rows.filter((a) => a.item_outcome === 'notFound').map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed']);
  expect(rows.filter((a) => a.item_outcome === 'closed').every((a) => a.outcome === 'refused')).toBe(true);

  // Not run twice: the finished batch cannot be cancelled, and nothing is left pending.
  const pending = await stack.api('GET', `/api/admin/batches/${batch.id}/items?status=pending`, { token: people.admin });
  expect(pending.body).toMatchObject({ total: 0, data: [] });
}, 600_000);
