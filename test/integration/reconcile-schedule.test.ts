/**
 * The scheduled reconciliation (issue 13.2) does not walk every open workflow: reconcileProjectionsWorkflow, which
 * the schedule starts every 10 minutes, compares per year and phase the running workflows visibility knows in that
 * Phase with the projection rows in that phase, and compares one by one only the submissions where they disagree
 * (plus open drift). A row moved back by hand is found and checked alone among many open workflows; a quiet
 * campaign costs a pass of counts and no comparison at all.
 */
import { RECONCILE_WORKFLOW_TYPE, type ReconcileReport } from '../../workflows/maintenance/contract';
import { signedInSuite } from '../support/suite';
import { eventually, submittedProject } from '../support/lifecycle';
import { openDraftsInBulk } from '../support/openWorkflows';

const suite = signedInSuite({ campaign: true });

let passes = 0;
/** One scheduled pass, run here directly (the schedule starts the same workflow type). */
const pass = () =>
  suite.stack.temporal.client.workflow.execute(RECONCILE_WORKFLOW_TYPE, { taskQueue: suite.stack.taskQueue, workflowId: `reconcile-schedule-test-${process.pid}-${++passes}`, args: [] }) as Promise<ReconcileReport>;

test('a scheduled pass compares only the submission visibility and the projection disagree on', async () => {
  const { stack, people, year } = suite;
  const drafts = await openDraftsInBulk(stack, year, 20);
  const submitted = await Promise.all([1, 2, 3].map(() => submittedProject(stack, people.enterprise, year)));
  const open = drafts.length + submitted.length;

  // Once visibility has caught up with every Phase upsert, a pass compares nothing: the counts agree.
  const quiet = await eventually(pass, (r) => r.checked === 0, 60_000);
  expect(quiet).toMatchObject({ checked: 0, drifted: 0, resolved: 0, unreachable: 0 });

  // Someone moved one row back by hand: 草稿 has one row more than visibility, 已提交 one fewer.
  const victim = submitted[1]!;
  const [[{ seq }]] = (await stack.sequelize.query("UPDATE submissions SET phase = 'draft', seq = seq - 1 WHERE id = :id RETURNING seq", { replacements: { id: victim.id } })) as [
    { seq: number }[],
    unknown,
  ];
  const found = await pass();
  expect(found).toMatchObject({ checked: 1, drifted: 1, resolved: 0, unreachable: 0 });
  expect(found.checked).toBeLessThan(open);
  const monitor = await stack.api('GET', '/api/admin/workflows/stuck?kind=projectionLag', { token: people.admin });
  expect(monitor.body).toMatchObject({ total: 1, data: [expect.objectContaining({ submissionId: victim.id, reason: `投影落后于流程：投影序号 ${seq}，流程序号 ${seq + 1}` })] });

  // Repaired by hand (the row back in step with its workflow): the next pass re-checks the open drift and resolves it.
  await stack.sequelize.query("UPDATE submissions SET phase = 'submitted', seq = seq + 1 WHERE id = :id", { replacements: { id: victim.id } });
  const resolved = await pass();
  expect(resolved).toMatchObject({ checked: 1, drifted: 0, resolved: 1, unreachable: 0 });
  const after = await stack.api('GET', '/api/admin/workflows/stuck?kind=projectionLag', { token: people.admin });
  expect(after.body.total).toBe(0);
  expect(await pass()).toMatchObject({ checked: 0 });
}, 180_000);
