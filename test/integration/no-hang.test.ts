/**
 * No hanging requests, no pool stalls (issue 15.7).
 * - An action whose Update no worker takes (workers down) answers 503 ACTION_UNCONFIRMED instead of waiting forever;
 *   Temporal holds it and applies it exactly once when a worker is back, and the same Idempotency-Key sent again
 *   returns that one outcome. (Temporal itself unreachable: 503 TEMPORAL_UNAVAILABLE, not applied, applied once when
 *   sent again — test/integration/failures-temporal.test.ts.)
 * - 50 submits at once on a pool of 20 connections shared by the API and the worker all complete: the projection's
 *   transaction never asks the pool for a second connection while it holds one.
 * No duration is asserted: jest's test timeout is the only bound.
 */
import { startStack, type Stack } from '../support/stack';
import { signInEveryone, createCampaign, completeDraftsInBulk, submittedProject, type People } from '../support/lifecycle';

let stack: Stack;
let people: People;
beforeAll(async () => {
  stack = await startStack({ poolMax: 20 });
  people = await signInEveryone(stack);
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

async function entries(id: string, action: string): Promise<number> {
  const [[row]] = (await stack.sequelize.query('SELECT count(*) AS n FROM submission_history WHERE submission_id = :id AND action = :action', {
    replacements: { id, action },
  })) as [{ n: string }[], unknown];
  return Number(row!.n);
}

/** Sends the action with its Idempotency-Key until it is answered with something other than a 503. */
async function untilAnswered(path: string, token: string, key: string, body?: unknown) {
  for (;;) {
    const res = await stack.api('POST', path, { token, headers: { 'Idempotency-Key': key }, ...(body === undefined ? {} : { body }) });
    if (res.status !== 503) return res;
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('with no worker an action answers 503 instead of hanging, and is applied exactly once when a worker is back', async () => {
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const project = await submittedProject(stack, people.enterprise, year);
  const key = `recommend-${project.id}`;
  await stack.stopWorker();
  try {
    const waiting = await stack.api('POST', `/api/projects/${project.id}/recommend`, {
      token: people.provinceCa,
      headers: { 'Idempotency-Key': key },
      body: { formVersion: project.formVersion },
    });
    expect({ status: waiting.status, code: waiting.body.error?.code }).toEqual({ status: 503, code: 'ACTION_UNCONFIRMED' });
    expect(waiting.body.error.message).toContain('Idempotency-Key');
  } finally {
    await stack.startWorker();
  }
  // The same key again: the one outcome (applied by the worker now back), not a second 推荐.
  const answered = await untilAnswered(`/api/projects/${project.id}/recommend`, people.provinceCa, key, { formVersion: project.formVersion });
  expect(answered.status).toBe(200);
  expect(await entries(project.id, 'recommend')).toBe(1);
}, 120_000);

test('50 submits at once on a pool of 20 connections all complete, each once', async () => {
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const drafts = await completeDraftsInBulk(stack, people.enterprise, year, 50);
  const answers = await Promise.all(drafts.map((d) => untilAnswered(`/api/projects/${d.id}/submit`, people.enterprise, `submit-${d.id}`)));
  expect(answers.map((a) => a.status)).toEqual(drafts.map(() => 200));
  expect(await Promise.all(drafts.map((d) => entries(d.id, 'submit')))).toEqual(drafts.map(() => 1));
}, 240_000);
