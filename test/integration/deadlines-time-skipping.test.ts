/**
 * The submission workflow's deadlines at their real scale (issue 16.5): days away, on Temporal's time-skipping test
 * server, with the whole stack. A draft expires at the 申报截止 instant and not a minute before; at the 推荐截止 a
 * recommended project goes to 部级评审 and one not recommended closes as 未获推荐 — after the ministry moved that
 * deadline three days later, the old instant passes without effect.
 */
import { createCampaign, completeProject, submittedProject, eventually, workflowIdOf } from '../support/lifecycle';
import { timeSkippingSuite } from '../support/timeSkipping';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const ts = timeSkippingSuite();

/** The draft's Updates and the timers its history started and cancelled. */
async function timersOf(submissionId: string): Promise<{ actions: number; started: number; cancelled: number }> {
  const history = await ts.stack.temporal.client.workflow.getHandle(await workflowIdOf(ts.stack, submissionId)).fetchHistory();
  const events = history.events ?? [];
  return {
    actions: events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes).length,
    started: events.filter((e) => e.timerStartedEventAttributes).length,
    cancelled: events.filter((e) => e.timerCanceledEventAttributes).length,
  };
}

const view = async (id: string) => (await ts.stack.api('GET', `/api/projects/${id}`, { token: ts.people.enterprise })).body;

test('deadlines days away fire at their instant, and a moved deadline fires only at its new instant', async () => {
  const { stack } = ts;
  const year = await createCampaign(stack, ts.people.ministry, { cityReviewRequired: false, submissionInMs: 10 * DAY, recommendationInMs: 20 * DAY });
  const campaign = (await stack.api('GET', `/api/campaigns/${year}`, { token: ts.people.ministry })).body;
  const submissionAt = Date.parse(campaign.submissionDeadline);
  const recommendationAt = Date.parse(campaign.recommendationDeadline);

  const draft = await completeProject(stack, ts.people.enterprise, year);
  const recommended = await submittedProject(stack, ts.people.enterprise, year);
  for (const authority of [ts.people.provinceCa, ts.people.provinceMiit]) {
    const res = await stack.api('POST', `/api/projects/${recommended.id}/recommend`, { token: authority, body: { formVersion: recommended.formVersion } });
    expect(res.status).toBe(200);
  }
  const waiting = await submittedProject(stack, ts.people.enterprise, year);

  // A minute before the 申报截止 the draft is still a draft; a minute after, it has expired at the instant itself.
  await ts.skipTo(submissionAt - MINUTE);
  expect((await view(draft.id)).phase).toBe('draft');
  // Its creation and every section save left the 申报截止 where it was: one timer ran on through them all (issue 15.8),
  // none was cancelled and started again after an action.
  expect(await timersOf(draft.id)).toEqual({ actions: 10, started: 1, cancelled: 0 });
  await ts.skipTo(submissionAt + MINUTE);
  const expired = await eventually(() => view(draft.id), (v) => v.phase === 'expired', 30_000);
  const passed = expired.history.at(-1);
  expect({ phase: expired.phase, action: passed.action }).toEqual({ phase: 'expired', action: 'submissionDeadlinePassed' });
  expect(Date.parse(passed.at)).toBeGreaterThanOrEqual(submissionAt);
  expect(Date.parse(passed.at)).toBeLessThan(submissionAt + MINUTE);

  // The ministry moves the 推荐截止 three days later; the projects carry the new instant.
  const extended = new Date(recommendationAt + 3 * DAY).toISOString();
  const patched = await stack.api('PATCH', `/api/campaigns/${year}`, { token: ts.people.ministry, body: { recommendationDeadline: extended } });
  expect(patched.status).toBe(200);
  await eventually(() => view(waiting.id), (v) => v.deadlines?.recommendation === extended, 30_000);

  // The old instant passes: nothing happens.
  await ts.skipTo(recommendationAt + HOUR);
  expect({ waiting: (await view(waiting.id)).phase, recommended: (await view(recommended.id)).phase }).toEqual({ waiting: 'submitted', recommended: 'recommended' });

  // The new one: 已推荐 → 部级评审, 待推荐 → 未获推荐.
  await ts.skipTo(Date.parse(extended) + MINUTE);
  const closed = await eventually(() => view(waiting.id), (v) => v.phase === 'not_recommended', 30_000);
  expect(closed.phaseLabel).toBe('未获推荐');
  const review = await eventually(() => view(recommended.id), (v) => v.phase === 'ministry_review', 30_000);
  expect(review.phase).toBe('ministry_review');
  for (const entry of [closed.history.at(-1), review.history.at(-1)]) {
    expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(Date.parse(extended));
    expect(Date.parse(entry.at)).toBeLessThan(Date.parse(extended) + MINUTE);
  }
}, 600_000);
