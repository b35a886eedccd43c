/**
 * Failure test of issue 8 (PostgreSQL part): PostgreSQL stops in the middle of a batch of actions and while a
 * deadline passes, then starts again on the same data folder and port. Meanwhile the projection activity fails and
 * retries with back-off (it shows in the stuck list with the failure text), and the API answers 503 in Chinese rather
 * than 500; once PostgreSQL is back every accepted action is in the history and the projection, the drafts have
 * expired, the stuck list is empty again and the reconciliation finds no drift.
 *
 * The test owns its PostgreSQL: the shared one of globalSetup is used by other test files at the same time.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { startStack, type Stack } from '../support/stack';
import { signInEveryone, eventually, expectProjectionMatchesWorkflow, type People, campaignWithDeadline, bringSubmissionDeadline, sleep, type SentAction, draftsAndSubmitted, reconcileNow, actWithKey } from '../support/lifecycle';
import type { LocalPostgres } from '../../infra/postgres';
import { startPrivatePostgres } from '../support/privatePostgres';
import { freePort } from '../../infra/ports';

/** Submission deadline, counted from when it is set (after the setup): during the outage. */
const SUBMISSION_DEADLINE_MS = 10_000;
/** What a user sees while the database is down (the proposed mapping in api/errors.ts mapError). */
const DATABASE_UNAVAILABLE = { error: { code: 'DATABASE_UNAVAILABLE', message: '数据库暂不可用，请稍后重试', requestId: expect.any(String) } };

let postgres: LocalPostgres;
let postgresOptions: Parameters<typeof startPrivatePostgres>[0];
let stack: Stack;
let people: People;
let postgresUp = false;
beforeAll(async () => {
  const dir = process.env.TEST_DATA_DIR!;
  postgresOptions = { dataDir: path.join(dir, `postgres-restart-${process.pid}`), port: await freePort() };
  postgres = await startPrivatePostgres(postgresOptions);
  postgresUp = true;
  stack = await startStack({ postgresAdminUrl: postgres.adminUrl });
  people = await signInEveryone(stack);
}, 90_000);
afterAll(async () => {
  if (!postgresUp && postgres) postgres = await startPrivatePostgres(postgresOptions); // a failure left it stopped
  await stack?.stop();
  await postgres?.stop();
});

test('PostgreSQL restarted mid-batch: projection retries and shows as stuck, API answers 503, 0 lost transitions, 0 drift', async () => {
  // Far away during the setup, brought close once it is done (a slow setup must not meet it).
  const { year } = await campaignWithDeadline(stack, people.ministry, 3_600_000);
  const [drafts, projects] = await draftsAndSubmitted(stack, people.enterprise, year, { drafts: 2, submitted: 4 });
  type Project = (typeof projects)[number];
  /** Each action under its own Idempotency-Key, noting whether PostgreSQL was still down when its answer came. */
  type Sent = SentAction & { key: string; answeredWhileDown: boolean };
  const recommend = async (p: { id: string; formVersion: number }, token: string, key = crypto.randomUUID()): Promise<Sent> => {
    const res = await stack.api('POST', `/api/projects/${p.id}/recommend`, { token, headers: { 'idempotency-key': key }, body: { formVersion: p.formVersion } });
    return { id: p.id, token, formVersion: p.formVersion, status: res.status, body: res.body, key, answeredWhileDown: !postgresUp };
  };
  const [caught, notSent, ...others] = projects as [Project, Project, ...Project[]];
  // Before the outage (and before the deadline is brought close): the 通信管理局's 推荐 of all but one.
  for (const p of [caught, ...others]) expect((await recommend(p, people.provinceCa)).status).toBe(200);

  // The deadline must pass while the database is down.
  const deadline = await bringSubmissionDeadline(stack, people.ministry, year, drafts.map((d) => d.id), { leadMs: SUBMISSION_DEADLINE_MS, minLeftMs: 3_000 });
  const [workflowRows] = await stack.sequelize.query('SELECT id, workflow_id FROM submissions WHERE year = :year', { replacements: { year } });
  const workflowOf = new Map((workflowRows as { id: string; workflow_id: string }[]).map((r) => [r.id, r.workflow_id]));

  // One action caught in the middle of its projection write when PostgreSQL stops (issue 15.7): its Update is in
  // Temporal and the workflow has applied it, but the write waits on the project's row, locked here, until the stop.
  const lock = await stack.sequelize.transaction();
  await stack.sequelize.query('SELECT id FROM submissions WHERE id = :id FOR UPDATE', { replacements: { id: caught.id }, transaction: lock });
  const inFlight = recommend(caught, people.provinceMiit);
  const waiting = await eventually(
    () => stack.sequelize.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'").then(([rows]) => (rows as { n: number }[])[0]!.n),
    (n) => n > 0,
    30_000,
  );
  expect(waiting).toBeGreaterThan(0);
  // The others' 推荐 by the 工信主管部门 are in flight too, some of them when PostgreSQL stops.
  const chains = others.map(async (p, i) => {
    await sleep(i * 100);
    return recommend(p, people.provinceMiit);
  });
  await sleep(100);
  postgresUp = false; // from the moment the stop begins: an answer during the stop came while it was going down
  await postgres.stop();
  await lock.rollback().catch(() => undefined); // its connection went with the server

  // Sent while the database is down: a read and an action.
  await sleep(1_000);
  const outage = await Promise.all([
    stack.api('GET', `/api/projects/${projects[0]!.id}`, { token: people.provinceMiit }),
    stack.api('GET', `/api/projects?year=${year}`, { token: people.provinceMiit }),
  ]);
  const outageAction = await recommend(notSent, people.provinceCa);

  // The drafts' deadline passes while the database is down: the workflows expire them, and the projection write
  // (recordTransition) fails and retries with back-off — Temporal's side of the stuck list, with the failure text.
  await sleep(deadline + 1_000 - Date.now());
  const draftWorkflows = drafts.map((d) => workflowOf.get(d.id)!);
  const retrying = await eventually(
    () => Promise.all(draftWorkflows.map(async (workflowId) => {
      const d = await stack.temporal.client.workflow.getHandle(workflowId).describe();
      return (d.raw.pendingActivities ?? []).filter((a) => a.activityType?.name === 'recordTransition' && (a.attempt ?? 0) > 1).map((a) => ({ attempt: a.attempt, lastFailure: a.lastFailure?.message ?? '' }));
    })),
    (found) => found.every((f) => f.length === 1),
    // The local attempts first, then the activity's first two (a busy machine may take a while to fall back).
    20_000,
  );
  expect(retrying).toEqual(draftWorkflows.map(() => [{ attempt: expect.any(Number), lastFailure: expect.stringContaining('ECONNREFUSED') }]));

  // Back right after a failed attempt whose next one is at least 12 s away (the back-off doubles: 8 s, 16 s, 32 s …), so
  // the monitor is read while the writes still retry — from the schedule Temporal reports, not from an assumed one: on
  // a busy machine the local attempts before the fallback shift every later attempt.
  await eventually(
    () => Promise.all(draftWorkflows.map(async (workflowId) => {
      const d = await stack.temporal.client.workflow.getHandle(workflowId).describe();
      const write = (d.raw.pendingActivities ?? []).find((a) => a.activityType?.name === 'recordTransition');
      return (optionalTsToMs(write?.nextAttemptScheduleTime) ?? 0) - Date.now();
    })),
    (untilNext) => untilNext.every((ms) => ms >= 12_000),
    90_000,
  );
  postgres = await startPrivatePostgres(postgresOptions);
  postgresUp = true;

  // The admin's stuck list, as soon as sign-in works again (before the next attempt of the back-off).
  const admin = await eventually(() => stack.login('admin').catch(() => ''), (token) => token !== '', 10_000);
  // The failures of the outage could not be written while PostgreSQL was down; the worker writes them as soon as it
  // is back, so the list shows them within seconds, long before the next attempt.
  type Item = { kind: string; reason: string; workflowId: string; detail: { activityType: string; attempt: number; lastFailure: string } };
  const retryingItems = (body: { data: Item[] }) => body.data.filter((i) => i.kind === 'activityRetrying');
  const stuck = await eventually(
    () => stack.api('GET', '/api/admin/workflows/stuck', { token: admin }),
    (r) => r.status === 200 && draftWorkflows.every((id) => retryingItems(r.body).some((i) => i.workflowId === id)),
    10_000,
  );
  expect(stuck.status).toBe(200);
  // The submissions' projection writes (the campaign workflow may be retrying its own reads of the deadlines too).
  const activityItems = retryingItems(stuck.body).filter((i) => i.workflowId.startsWith('submission:'));
  expect(activityItems.map((i) => i.workflowId)).toEqual(expect.arrayContaining(draftWorkflows));
  for (const item of activityItems) {
    expect(item.detail.activityType).toBe('recordTransition');
    expect(item.detail.attempt).toBeGreaterThan(1);
    expect(item.detail.lastFailure).not.toBe('');
    expect(item.reason).toBe(`活动 recordTransition 第${item.detail.attempt}次重试中：${item.detail.lastFailure}`);
  }

  // The caught action was answered while the database was still down (checked at the end): 已受理, not done yet.
  const caughtAnswer = await inFlight;
  // The action sent while the database was down was not applied at all; the caught one was applied later, once,
  // without being sent again (its projection write went through when PostgreSQL came back).
  const recommendsOf = async (id: string) => {
    const [rows] = await stack.sequelize.query("SELECT actor_role FROM submission_history WHERE submission_id = :id AND action = 'recommend' ORDER BY actor_role", { replacements: { id } });
    return (rows as { actor_role: string }[]).map((r) => r.actor_role);
  };
  const caughtApplied = await eventually(() => recommendsOf(caught.id), (roles) => roles.length === 2, 90_000);
  expect(caughtApplied).toEqual(['province_ca', 'province_miit']);
  expect(await recommendsOf(notSent.id)).toEqual([]);

  // Sent again with the same Idempotency-Key, each gets the outcome of its first sending: the caught one the 推荐 it
  // had been (not a second one), the refused one the 推荐 applied now.
  const sent = [...(await Promise.all(chains)), caughtAnswer, outageAction];
  for (const s of sent.filter((x) => x.status !== 200)) {
    const answers = await actWithKey(stack, `/api/projects/${s.id}/recommend`, { token: s.token, key: s.key, body: { formVersion: s.formVersion } });
    expect({ id: s.id, answer: answers.at(-1)!.status }).toEqual({ id: s.id, answer: 200 });
  }
  for (const p of projects) {
    const [rows] = await stack.sequelize.query('SELECT phase FROM submissions WHERE id = :id', { replacements: { id: p.id } });
    expect({ id: p.id, rows }).toEqual({ id: p.id, rows: [{ phase: p === notSent ? 'partially_recommended' : 'recommended' }] });
    expect({ id: p.id, roles: await recommendsOf(p.id) }).toEqual({ id: p.id, roles: p === notSent ? ['province_ca'] : ['province_ca', 'province_miit'] });
    await expectProjectionMatchesWorkflow(stack, p.id);
  }

  // The drafts' deadline passed while the database was down: the transition was applied and its projection catches up.
  for (const d of drafts) {
    const view = await eventually(() => stack.api('GET', `/api/projects/${d.id}`, { token: people.enterprise }), (r) => r.body?.phase === 'expired', 60_000);
    expect({ id: d.id, status: view.status, phase: view.body.phase }).toEqual({ id: d.id, status: 200, phase: 'expired' });
    // The list shows 逾期未提交 from the deadline's instant on; the workflow's own entry follows once it has applied it.
    const [history] = await eventually(
      () => stack.sequelize.query("SELECT at FROM submission_history WHERE submission_id = :id AND action = 'submissionDeadlinePassed'", { replacements: { id: d.id } }),
      ([rows]) => rows.length > 0,
      60_000,
    );
    expect(history).toHaveLength(1);
    expect(new Date((history as { at: string }[])[0]!.at).getTime()).toBeGreaterThanOrEqual(deadline);
    await expectProjectionMatchesWorkflow(stack, d.id);
  }

  // Nothing stuck any more, no drift.
  const cleared = await eventually(() => stack.api('GET', '/api/admin/workflows/stuck', { token: admin }), (r) => r.status === 200 && r.body.total === 0, 30_000);
  expect(cleared.body).toMatchObject({ data: [], total: 0 });
  // 立即对账: every open workflow checked, none drifted or unreachable.
  const report = await reconcileNow(stack, admin);
  expect(report.status).toBe('completed');
  expect({ drift: report.outcomes.drift ?? 0, unreachable: report.outcomes.unreachable ?? 0, noProjection: report.outcomes.noProjection ?? 0 }).toEqual({ drift: 0, unreachable: 0, noProjection: 0 });
  expect(report.total).toBeGreaterThanOrEqual(projects.length);

  // Last (so that a failure here does not hide the recovery above): what users saw during the outage.
  expect(outage.map((r) => ({ status: r.status, body: r.body }))).toEqual([
    { status: 503, body: DATABASE_UNAVAILABLE },
    { status: 503, body: DATABASE_UNAVAILABLE },
  ]);
  // The caught action: 503 已受理 while the database was down; the refused one: 503 数据库暂不可用 at once.
  expect({ status: caughtAnswer.status, code: caughtAnswer.body?.error?.code, answeredWhileDown: caughtAnswer.answeredWhileDown }).toEqual({ status: 503, code: 'ACTION_PENDING', answeredWhileDown: true });
  expect({ status: outageAction.status, body: outageAction.body }).toEqual({ status: 503, body: DATABASE_UNAVAILABLE });
  // Every action was applied (200) or answered 503 in Chinese, never a 500, and none waited for the database's return.
  const refused = sent.filter((s) => s.status !== 200);
  expect(refused.map((s) => ({ status: s.status, code: s.body?.error?.code, answeredWhileDown: s.answeredWhileDown }))).toEqual(
    refused.map(() => ({ status: 503, code: expect.stringMatching(/^(ACTION_PENDING|DATABASE_UNAVAILABLE)$/), answeredWhileDown: true })),
  );
}, 240_000);
