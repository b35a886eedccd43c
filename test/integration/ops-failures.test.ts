/**
 * Failure test of issue 8 (worker part): the worker is stopped in the middle of a load of actions and started
 * again; every accepted action is in the history and the projection, and the reconciliation reports zero drift.
 */
import { signedInSuite } from '../support/suite';
import { createCampaign, submittedProject, reconcileNow, actWithKey } from '../support/lifecycle';

const suite = signedInSuite();

test('worker stopped mid-load: 0 lost transitions, 0 drift', async () => {
  const { stack, people } = suite;
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: true });
  const projects = await Promise.all(Array.from({ length: 8 }, () => submittedProject(stack, people.enterprise, year)));
  // Each action under an Idempotency-Key, sent again with it while answered 503 已受理 (the worker not back yet within
  // the request's deadline, issue 15.7): its outcome, applied once.
  const act = async (id: string, action: string, token: string, body?: unknown) => (await actWithKey(stack, `/api/projects/${id}/${action}`, { token, body })).at(-1)!;

  // Each project: 初审 then both recommendations, all in flight while the worker goes down and comes back.
  const chains = projects.map(async (p) => {
    const statuses: number[] = [];
    statuses.push((await act(p.id, 'city-review', people.city, { decision: 'approve' })).status);
    const both = await Promise.all([act(p.id, 'recommend', people.provinceCa, { formVersion: p.formVersion }), act(p.id, 'recommend', people.provinceMiit, { formVersion: p.formVersion })]);
    statuses.push(...both.map((r) => r.status));
    return statuses;
  });
  await new Promise((r) => setTimeout(r, 300));
  await stack.stopWorker();
  await new Promise((r) => setTimeout(r, 1500));
  await stack.startWorker();
  const results = await Promise.all(chains);
  expect(results).toEqual(projects.map(() => [200, 200, 200]));

  for (const p of projects) {
    const [rows] = await stack.sequelize.query('SELECT phase FROM submissions WHERE id = :id', { replacements: { id: p.id } });
    expect(rows).toEqual([{ phase: 'recommended' }]);
    const [history] = await stack.sequelize.query("SELECT action FROM submission_history WHERE submission_id = :id AND action IN ('cityApprove','recommend') ORDER BY seq", { replacements: { id: p.id } });
    expect(history).toEqual([{ action: 'cityApprove' }, { action: 'recommend' }, { action: 'recommend' }]);
  }
  // 立即对账: every open workflow checked, none drifted or unreachable.
  const report = await reconcileNow(stack, people.admin);
  expect(report.status).toBe('completed');
  expect({ drift: report.outcomes.drift ?? 0, unreachable: report.outcomes.unreachable ?? 0, noProjection: report.outcomes.noProjection ?? 0 }).toEqual({ drift: 0, unreachable: 0, noProjection: 0 });
  expect(report.total).toBeGreaterThanOrEqual(projects.length);
}, 120_000);
