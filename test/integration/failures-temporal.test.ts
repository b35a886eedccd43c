/**
 * Failure test of issue 8 (Temporal part): the Temporal dev server stops in the middle of a batch of actions and
 * comes back on the same port and database file. Every action answered 200 is in the history and the projection;
 * an action that failed during the outage got a clear 503 (never a 500) and succeeds when sent again; the drafts
 * expire at their submission deadline although the server was down when it passed (timers are durable); the
 * reconciliation finds no drift. The worker and the API's client reconnect by themselves.
 *
 * The test owns its Temporal dev server: the shared one of globalSetup is used by other test files at the same time.
 */
import path from 'node:path';
import { startStack, type Stack } from '../support/stack';
import { signInEveryone, eventually, expectProjectionMatchesWorkflow, type People, campaignWithDeadline, bringSubmissionDeadline, sleep, type SentAction, draftsAndSubmitted, reconcileNow } from '../support/lifecycle';
import { startTemporalDevServer, type LocalTemporal } from '../../infra/temporal';
import { freePort } from '../../infra/ports';

/**
 * Longer than a request's deadline (8 s and a 1 s probe, api/temporalDeadline.ts), shorter than the client's
 * own retries of an unreachable server (≈ 20 s): an action that waited for those would be answered only after it.
 */
const OUTAGE_MS = 16_000;
/** Submission deadline, counted from when it is set (after the setup): during the outage. */
const SUBMISSION_DEADLINE_MS = 12_000;
const UNAVAILABLE = { error: { code: 'TEMPORAL_UNAVAILABLE', message: '流程服务暂不可用，请稍后重试', requestId: expect.any(String) } };

let temporal: LocalTemporal;
let temporalOptions: Parameters<typeof startTemporalDevServer>[0];
let stack: Stack;
let people: People;
beforeAll(async () => {
  const dir = process.env.TEST_DATA_DIR!;
  temporalOptions = { dbFile: path.join(dir, `temporal-restart-${process.pid}.db`), port: await freePort(), logFile: path.join(dir, `temporal-restart-${process.pid}.log`) };
  temporal = await startTemporalDevServer(temporalOptions);
  stack = await startStack({ temporalAddress: temporal.address });
  people = await signInEveryone(stack);
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  await temporal?.stop();
});

test('Temporal restarted mid-batch: accepted actions kept, outage answered 503, timers fire late, 0 drift', async () => {
  // A campaign still open long after the outage: 新增项目 during the outage must leave nothing behind.
  const { year: openYear } = await campaignWithDeadline(stack, people.ministry, 3_600_000);
  // Far away during the setup, brought close once it is done (a slow setup must not meet it).
  const { year } = await campaignWithDeadline(stack, people.ministry, 3_600_000);
  const [drafts, projects] = await draftsAndSubmitted(stack, people.enterprise, year, { drafts: 3, submitted: 5 });
  // The deadline must pass while the server is down.
  const deadline = await bringSubmissionDeadline(stack, people.ministry, year, drafts.map((d) => d.id), { leadMs: SUBMISSION_DEADLINE_MS, minLeftMs: 3_000 });

  // Each submitted project: 推荐 by the 通信管理局 then by the 工信主管部门, the chains all in flight when the server stops.
  // Each answer notes whether the server was still down when it came (issue 15.7: no request waits for its return).
  let temporalDown = false;
  const recommend = async (p: { id: string; formVersion: number }, token: string): Promise<SentAction & { answeredWhileDown: boolean }> => {
    const res = await stack.api('POST', `/api/projects/${p.id}/recommend`, { token, body: { formVersion: p.formVersion } });
    return { id: p.id, token, formVersion: p.formVersion, status: res.status, body: res.body, answeredWhileDown: temporalDown };
  };
  const chains = projects.slice(0, 4).map(async (p, i) => {
    await sleep(i * 150);
    return [await recommend(p, people.provinceCa), await recommend(p, people.provinceMiit)];
  });
  await sleep(250);
  const stoppedAt = Date.now();
  temporalDown = true;
  await temporal.stop();
  // Sent while the server is down: answered 503 at the request's deadline (issue 15.7), long before the server is back.
  await sleep(1_000);
  const duringOutage = Promise.all([recommend(projects[4]!, people.provinceCa), recommend(projects[4]!, people.provinceMiit)]);
  const createdDuringOutage = stack.api('POST', '/api/projects', { token: people.enterprise, body: { year: openYear, projectInfo: { name: '番禺5G智能装备车间' } } })
    .then((res) => ({ ...res, answeredWhileDown: temporalDown }));
  // A change of the campaign during the outage: answered while the server is down, and not saved (it is told to the
  // campaign workflow in the same transaction).
  const [[campaignBefore]] = (await stack.sequelize.query('SELECT publicity_days, deadlines_version FROM campaigns WHERE year = :openYear', { replacements: { openYear } })) as [Record<string, unknown>[], unknown];
  const changedDuringOutage = stack.api('PATCH', `/api/campaigns/${openYear}`, { token: people.ministry, body: { publicityDays: Number(campaignBefore!.publicity_days) + 1 } })
    .then((res) => ({ ...res, answeredWhileDown: temporalDown }));
  // Reads come from PostgreSQL and keep working.
  const list = await stack.api('GET', `/api/projects?year=${year}`, { token: people.provinceMiit });
  expect(list.status).toBe(200);

  await sleep(Math.max(stoppedAt + OUTAGE_MS, deadline + 2_000) - Date.now());
  temporal = await startTemporalDevServer(temporalOptions);
  temporalDown = false;
  const outageActions = await duringOutage;
  const sent = [...(await Promise.all(chains)).flat(), ...outageActions];
  // Sent while the server was down, they were answered 503 before it came back, and not applied at all: once the
  // worker polls again, the project has no 推荐 in its history (the timers and retries of the outage have run by then).
  expect(outageActions.map((a) => ({ status: a.status, body: a.body, answeredWhileDown: a.answeredWhileDown }))).toEqual(
    outageActions.map(() => ({ status: 503, body: UNAVAILABLE, answeredWhileDown: true })),
  );
  await eventually(() => stack.api('GET', '/api/health'), (r) => r.status === 200, 30_000);
  const [notApplied] = await stack.sequelize.query("SELECT seq FROM submission_history WHERE submission_id = :id AND action = 'recommend'", { replacements: { id: projects[4]!.id } });
  expect(notApplied).toEqual([]);

  // 新增项目 while Temporal was down: a 503, and no draft without a workflow; sent again, it makes one draft.
  const refusedCreate = await createdDuringOutage;
  expect({ status: refusedCreate.status, body: refusedCreate.body, answeredWhileDown: refusedCreate.answeredWhileDown }).toEqual({
    status: 503,
    body: { error: { code: 'TEMPORAL_UNAVAILABLE', message: '流程服务暂不可用，项目未创建，请稍后重试', requestId: expect.any(String) } },
    answeredWhileDown: true,
  });
  const [orphans] = await stack.sequelize.query('SELECT id FROM submissions WHERE year = :openYear', { replacements: { openYear } });
  expect(orphans).toEqual([]);
  const refusedChange = await changedDuringOutage;
  expect({ status: refusedChange.status, code: refusedChange.body?.error?.code, answeredWhileDown: refusedChange.answeredWhileDown }).toEqual({ status: 503, code: 'TEMPORAL_UNAVAILABLE', answeredWhileDown: true });
  const [[campaignAfter]] = (await stack.sequelize.query('SELECT publicity_days, deadlines_version FROM campaigns WHERE year = :openYear', { replacements: { openYear } })) as [Record<string, unknown>[], unknown];
  expect(campaignAfter).toEqual(campaignBefore);
  const createdAgain = await stack.api('POST', '/api/projects', { token: people.enterprise, body: { year: openYear, projectInfo: { name: '番禺5G智能装备车间' } } });
  expect({ status: createdAgain.status, phase: createdAgain.body.phase, history: createdAgain.body.history?.map((h: { action: string }) => h.action) })
    .toEqual({ status: 201, phase: 'draft', history: ['create'] });

  // 200 or a clear 503 in Chinese — never a 500.
  const failed = sent.filter((s) => s.status !== 200);
  expect(failed.length).toBeGreaterThanOrEqual(2); // at least the two sent while the server was down
  expect(failed.map((s) => ({ status: s.status, body: s.body }))).toEqual(failed.map(() => ({ status: 503, body: UNAVAILABLE })));
  // Sent again once Temporal is back, they succeed — or are refused (409) because the first attempt had been
  // applied after all: a 503 does not say whether an Update Temporal had accepted before it stopped was applied
  // (reported; a resend with the same Update id would be answered with the original outcome). The history check
  // below shows each recommendation exactly once either way.
  for (const s of failed) {
    const again = await recommend({ id: s.id, formVersion: s.formVersion }, s.token);
    const answer = again.status === 200 && again.body.id === s.id ? 'applied' : `${again.status} ${again.body?.error?.code}`;
    // Those sent during the outage had not been applied: sent again, they are.
    const expected = outageActions.includes(s) ? 'applied' : expect.stringMatching(/^(applied|409 NOT_ALLOWED_IN_PHASE|409 ALREADY_RECOMMENDED)$/);
    expect({ id: s.id, answer }).toEqual({ id: s.id, answer: expected });
  }

  // Every submitted project ends 已推荐 with both recommendations in its history, once each, and no drift.
  for (const p of projects) {
    const [rows] = await stack.sequelize.query('SELECT phase FROM submissions WHERE id = :id', { replacements: { id: p.id } });
    expect({ id: p.id, rows }).toEqual({ id: p.id, rows: [{ phase: 'recommended' }] });
    const [history] = await stack.sequelize.query("SELECT actor_role FROM submission_history WHERE submission_id = :id AND action = 'recommend' ORDER BY actor_role", { replacements: { id: p.id } });
    expect(history).toEqual([{ actor_role: 'province_ca' }, { actor_role: 'province_miit' }]);
    await expectProjectionMatchesWorkflow(stack, p.id);
  }

  // The drafts expire: the deadline timer passed while the server was down and fires once it is back.
  for (const d of drafts) {
    const view = await eventually(
      () => stack.api('GET', `/api/projects/${d.id}`, { token: people.enterprise }),
      (r) => r.body?.phase === 'expired',
      30_000,
    );
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

  // 立即对账: every open workflow checked, none drifted or unreachable.
  const report = await reconcileNow(stack, people.admin);
  expect(report.status).toBe('completed');
  expect({ drift: report.outcomes.drift ?? 0, unreachable: report.outcomes.unreachable ?? 0, noProjection: report.outcomes.noProjection ?? 0 }).toEqual({ drift: 0, unreachable: 0, noProjection: 0 });
  expect(report.total).toBeGreaterThanOrEqual(projects.length);
  // The worker polls the restarted server again (the health check asks Temporal for recent pollers).
  const health = await eventually(() => stack.api('GET', '/api/health'), (r) => r.status === 200, 30_000);
  expect(health.body).toEqual({ postgres: 'ok', temporal: 'ok', worker: 'ok' });
}, 150_000);
