/**
 * Killing and restarting the worker in the middle of a run loses no transition (issue 4, acceptance 4): Updates sent
 * while no worker polls wait in Temporal and are applied when a worker comes back; the projection ends up right.
 */
import { signedInSuite } from '../support/suite';
import { createCampaign, submittedProject, expectProjectionMatchesWorkflow, actWithKey } from '../support/lifecycle';

const suite = signedInSuite();

test('actions sent while the worker is down are all applied once it is back, and the projection agrees', async () => {
  const { stack, people } = suite;
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const projects = await Promise.all(Array.from({ length: 6 }, () => submittedProject(stack, people.enterprise, year)));

  // Half of the recommendations go through before the worker dies…
  const first = await Promise.all(projects.slice(0, 3).map((p) => stack.api('POST', `/api/projects/${p.id}/recommend`, { token: people.provinceCa, body: { formVersion: p.formVersion } })));
  expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
  await stack.stopWorker();

  // …the rest are sent while no worker runs: they wait in Temporal instead of failing. A request whose deadline passes
  // first is answered 503 已受理 (issue 15.7) and sent again under the same Idempotency-Key until it has its outcome.
  const pending = projects.map((p) => actWithKey(stack, `/api/projects/${p.id}/recommend`, { token: people.provinceMiit, body: { formVersion: p.formVersion } }));
  await new Promise((r) => setTimeout(r, 2000));
  await stack.startWorker();
  const results = (await Promise.all(pending)).map((answers) => answers.at(-1)!);
  expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  expect(results.map((r) => r.body.phase)).toEqual(['recommended', 'recommended', 'recommended', 'partially_recommended', 'partially_recommended', 'partially_recommended']);

  for (const p of projects) {
    const view = (await stack.api('GET', `/api/projects/${p.id}`, { token: people.provinceMiit })).body;
    const recommends = view.history.filter((h: { action: string }) => h.action === 'recommend');
    expect(recommends.length).toBe(projects.indexOf(p) < 3 ? 2 : 1);
    await expectProjectionMatchesWorkflow(stack, p.id);
  }
}, 120_000);
