import crypto from 'node:crypto';
/**
 * Operations (issues 8, 13.1–13.2): the stuck list with a projection write failing on purpose, retry, terminate with
 * a reason, drift found by the reconciliation (run as a batch workflow) and repaired by a rebuild, overdue human
 * steps, paging/counts/filters, a batch 重试 with one outcome and one audit entry per item, cancel, the
 * reconciliation schedule and /metrics — real HTTP, real Temporal, real PostgreSQL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { startStack, type Stack } from '../support/stack';
import { signInEveryone, createCampaign, submittedProject, eventually, expectProjectionMatchesWorkflow, workflowIdOf, type People } from '../support/lifecycle';
import { metricsMiddleware, metricsRoute } from '../../api/metrics';
import { ensureReconciliationSchedule } from '../../ops/schedule';
import { RECONCILE_WORKFLOW_TYPE } from '../../workflows/maintenance/contract';

const UI = 'http://temporal-ui.test:8233';
let stack: Stack;
let people: People;
let year: number;
beforeAll(async () => {
  stack = await startStack({ env: { TEMPORAL_UI_URL: UI } });
  people = await signInEveryone(stack);
  year = await createCampaign(stack, people.ministry, { cityReviewRequired: true });
});
afterAll(async () => {
  await stack.sequelize.query('DROP TRIGGER IF EXISTS ops_test_refuse ON submissions');
  await stack.stop();
});

const post = (id: string, action: string, token: string, body?: unknown) => stack.api('POST', `/api/projects/${id}/${action}`, { token, ...(body === undefined ? {} : { body }) });
const stuck = async (token = people.admin) => {
  const res = await stack.api('GET', '/api/admin/workflows/stuck?perPage=100', { token });
  expect(res.status).toBe(200);
  return res.body.data as { workflowId: string | null; submissionId?: string; kind: string; reason: string; since: string; detail: Record<string, unknown>; temporalUiUrl: string | null }[];
};
const enc = encodeURIComponent;
/** Waits for a batch's workflow to finish and answers its progress. */
const finished = async (batchId: string) => {
  const read = async () => (await stack.api('GET', `/api/admin/batches/${batchId}`, { token: people.admin })).body;
  const batch = await eventually(read, (b) => ['completed', 'cancelled', 'failed'].includes(b.status), 60_000);
  expect(batch.status).not.toBe('running');
  return batch;
};

test('only administrators see the stuck list', async () => {
  const res = await stack.api('GET', '/api/admin/workflows/stuck', { token: people.ministry });
  expect(res.status).toBe(403);
  expect(res.body.error.code).toBe('FORBIDDEN');
});

test('a failing projection write shows in the stuck list with its failure text, and disappears once repaired', async () => {
  const p = await submittedProject(stack, people.enterprise, year);
  const workflowId = await workflowIdOf(stack, p.id);
  // The database refuses every change of this one submission row: recordTransition fails and retries.
  await stack.sequelize.query(`
    CREATE OR REPLACE FUNCTION ops_test_refuse() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '测试：数据库拒绝写入该项目'; END $$ LANGUAGE plpgsql;
    CREATE TRIGGER ops_test_refuse BEFORE UPDATE ON submissions FOR EACH ROW WHEN (OLD.id = '${p.id}') EXECUTE FUNCTION ops_test_refuse();
  `);
  const started = Date.now();
  const approval = post(p.id, 'city-review', people.city, { decision: 'approve' });

  const items = await eventually(stuck, (list) => list.some((i) => i.workflowId === workflowId && i.kind === 'activityRetrying'), 60_000);
  const item = items.find((i) => i.workflowId === workflowId && i.kind === 'activityRetrying')!;
  expect(item).toMatchObject({
    submissionId: p.id,
    kind: 'activityRetrying',
    temporalUiUrl: `${UI}/namespaces/default/workflows/${enc(workflowId)}`,
    detail: expect.objectContaining({ activityType: 'recordTransition', lastFailure: '测试：数据库拒绝写入该项目' }),
  });
  expect(item.reason).toMatch(/^活动 recordTransition 第\d+次重试中：测试：数据库拒绝写入该项目$/);
  expect(Date.parse(item.since)).toBeGreaterThanOrEqual(started - 1000);

  // While the database still refuses, a retry says why.
  const refused = await stack.api('POST', `/api/admin/workflows/${enc(workflowId)}/retry`, { token: people.admin });
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({ code: 'PROJECTION_WRITE_FAILED', message: expect.stringContaining('重新写入投影失败：') });

  // Restore: the admin's retry writes the projection at once from the workflow; the activity's own retry is a no-op.
  await stack.sequelize.query('DROP TRIGGER ops_test_refuse ON submissions');
  const retried = await stack.api('POST', `/api/admin/workflows/${enc(workflowId)}/retry`, { token: people.admin });
  expect(retried.status).toBe(200);
  expect(retried.body).toMatchObject({ action: 'projection', submissionId: p.id, consistent: true });
  const [rows] = await stack.sequelize.query("SELECT phase, city_review FROM submissions WHERE id = :id", { replacements: { id: p.id } });
  expect(rows).toEqual([{ phase: 'submitted', city_review: 'approved' }]);

  const answered = await approval;
  expect(answered.status).toBe(200);
  expect(answered.body.cityReview).toBe('approved');
  const after = await eventually(stuck, (list) => !list.some((i) => i.workflowId === workflowId), 60_000);
  expect(after.filter((i) => i.workflowId === workflowId)).toEqual([]);
  await expectProjectionMatchesWorkflow(stack, p.id);
  const history = (await stack.api('GET', `/api/projects/${p.id}`, { token: people.city })).body.history.map((h: { action: string }) => h.action);
  expect(history.filter((a: string) => a === 'cityApprove')).toEqual(['cityApprove']);
  const [audits] = await stack.sequelize.query("SELECT action, outcome FROM audit_log WHERE action = 'workflow.retry' AND target_id = :id ORDER BY id", { replacements: { id: workflowId } });
  expect(audits).toEqual([{ action: 'workflow.retry', outcome: 'failed' }, { action: 'workflow.retry', outcome: 'ok' }]);
}, 150_000);

test('terminate needs a reason, is audited, and closes the workflow', async () => {
  const p = await submittedProject(stack, people.enterprise, year);
  const workflowId = await workflowIdOf(stack, p.id);
  const missing = await stack.api('POST', `/api/admin/workflows/${enc(workflowId)}/terminate`, { token: people.admin, body: {} });
  expect(missing.status).toBe(422);
  expect(missing.body.error.details).toEqual([{ path: 'reason', message: '请填写终止原因' }]);
  const blank = await stack.api('POST', `/api/admin/workflows/${enc(workflowId)}/terminate`, { token: people.admin, body: { reason: '  ' } });
  expect(blank.status).toBe(422);
  expect(blank.body.error.details).toEqual([{ path: 'reason', message: '请填写终止原因' }]);
  const badId = await stack.api('POST', `/api/admin/workflows/${enc('x; drop')}/terminate`, { token: people.admin, body: { reason: '测试' } });
  expect(badId.status).toBe(422);
  expect(badId.body.error.details).toEqual([{ path: 'id', message: '流程编号格式不正确' }]);
  const notAdmin = await stack.api('POST', `/api/admin/workflows/${enc(workflowId)}/terminate`, { token: people.ministry, body: { reason: '重复申报' } });
  expect(notAdmin.status).toBe(403);

  const done = await stack.api('POST', `/api/admin/workflows/${enc(workflowId)}/terminate`, { token: people.admin, body: { reason: '重复申报，企业要求作废' } });
  expect(done.status).toBe(200);
  expect(done.body).toEqual({ workflowId, terminated: true });
  const description = await stack.temporal.client.workflow.getHandle(workflowId).describe();
  expect(description.status.name).toBe('TERMINATED');
  const [audits] = await stack.sequelize.query("SELECT username, details FROM audit_log WHERE action = 'workflow.terminate' AND target_id = :id", { replacements: { id: workflowId } });
  expect(audits).toEqual([{ username: 'admin', details: { reason: '重复申报，企业要求作废' } }]);
  const again = await stack.api('POST', `/api/admin/workflows/${enc(workflowId)}/terminate`, { token: people.admin, body: { reason: '再次终止' } });
  expect(again.status).toBe(409);
  expect(again.body.error).toEqual({ code: 'WORKFLOW_CLOSED', message: '该流程已结束，不能终止' });
  const unknown = await stack.api('POST', `/api/admin/workflows/${enc(`submission:2099:${crypto.randomUUID()}`)}/terminate`, { token: people.admin, body: { reason: '测试' } });
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.message).toBe('流程不存在');
}, 60_000);

test('the reconciliation records drift; a rebuild from workflow state repairs it; the scheduled workflow finds none', async () => {
  const p = await submittedProject(stack, people.enterprise, year);
  const workflowId = await workflowIdOf(stack, p.id);
  // Someone "fixed" the row by hand: phase and seq moved back, a history row lost.
  await stack.sequelize.query("UPDATE submissions SET phase = 'draft', seq = seq - 1 WHERE id = :id", { replacements: { id: p.id } });
  await stack.sequelize.query("DELETE FROM submission_history WHERE submission_id = :id AND action = 'submit'", { replacements: { id: p.id } });
  const [[{ seq }]] = (await stack.sequelize.query('SELECT seq FROM submissions WHERE id = :id', { replacements: { id: p.id } })) as [{ seq: number }[], unknown];

  const started = await stack.api('POST', '/api/admin/reconcile', { token: people.admin, body: { mode: 'full' } });
  expect(started.status).toBe(202);
  const report = await finished(started.body.batch.id);
  // Drift found is its own outcome (发现偏差), not a failure of the reconciliation.
  expect(report).toMatchObject({ operation: 'reconcile', status: 'completed', outcomes: expect.objectContaining({ drift: 1 }), progress: expect.objectContaining({ failed: 0 }) });
  expect(report.progress.drift).toBeGreaterThanOrEqual(1);
  const driftItems = (await stack.api('GET', `/api/admin/batches/${report.id}/items?status=drift`, { token: people.admin })).body;
  expect(driftItems.data).toEqual(
    expect.arrayContaining([expect.objectContaining({ workflowId, status: 'drift', outcome: 'drift', message: `投影落后于流程：投影序号 ${seq}，流程序号 ${seq + 1}` })]),
  );
  expect(report.outcomes.unreachable).toBeUndefined();
  const items = await stuck();
  // The row is behind its workflow: listed as 投影落后 (a drift of content would be 投影不一致).
  expect(items.filter((i) => i.kind === 'projectionLag' || i.kind === 'projectionDrift')).toEqual([
    expect.objectContaining({
      kind: 'projectionLag',
      workflowId,
      submissionId: p.id,
      reason: `投影落后于流程：投影序号 ${seq}，流程序号 ${seq + 1}`,
      temporalUiUrl: `${UI}/namespaces/default/workflows/${enc(workflowId)}`,
    }),
  ]);
  // Paged, counted per kind, filtered by kind/province/year; the filter is checked before it reaches a query.
  const filtered = await stack.api('GET', `/api/admin/workflows/stuck?kind=projectionLag&year=${year}&provinceCode=440000`, { token: people.admin });
  expect(filtered.status).toBe(200);
  expect(filtered.body).toMatchObject({ total: 1, counts: expect.objectContaining({ projectionLag: 1, projectionDrift: 0 }), data: [expect.objectContaining({ workflowId, year, provinceCode: '440000', projectName: expect.any(String), enterpriseName: expect.any(String) })] });
  const elsewhere = await stack.api('GET', `/api/admin/workflows/stuck?kind=projectionLag&provinceCode=110000`, { token: people.admin });
  expect(elsewhere.body).toMatchObject({ total: 0, data: [], counts: expect.objectContaining({ projectionLag: 0 }) });
  const second = await stack.api('GET', `/api/admin/workflows/stuck?kind=projectionLag&year=${year}&page=2&perPage=1`, { token: people.admin });
  expect(second.body).toMatchObject({ total: 1, data: [] });
  const hostile = await stack.api('GET', `/api/admin/workflows/stuck?provinceCode=${enc("440000' OR 1=1")}&kind=nope&year=1900`, { token: people.admin });
  expect(hostile.status).toBe(422);
  expect(hostile.body.error.details).toEqual(
    expect.arrayContaining([
      { path: 'provinceCode', message: '省份代码应为6位数字' },
      { path: 'kind', message: '类型不正确' },
      { path: 'year', message: '年度超出范围' },
    ]),
  );
  const metricsBefore = await scrapeMetrics();
  expect(metricsBefore).toMatch(/^projection_drift_open 1$/m);
  expect(metricsBefore).toMatch(/^stuck_items\{kind="projectionLag"\} 1$/m);

  const rebuilt = await stack.api('POST', '/api/admin/projections/rebuild', { token: people.admin, body: { submissionId: p.id } });
  expect(rebuilt.status).toBe(200);
  expect(rebuilt.body).toMatchObject({ rebuilt: 1, failed: [], projects: [expect.objectContaining({ submissionId: p.id, consistent: true, workflowSeq: seq + 1, projectionSeq: seq + 1 })] });
  await expectProjectionMatchesWorkflow(stack, p.id);
  const view = (await stack.api('GET', `/api/projects/${p.id}`, { token: people.enterprise })).body;
  expect(view.history.map((h: { action: string }) => h.action)).toContain('submit');
  expect((await stuck()).filter((i) => i.kind === 'projectionLag' || i.kind === 'projectionDrift')).toEqual([]);
  const [drift] = await stack.sequelize.query('SELECT resolved_at IS NOT NULL AS resolved FROM projection_drift WHERE submission_id = :id', { replacements: { id: p.id } });
  expect(drift).toEqual([{ resolved: true }]);

  // Rebuilding everything is idempotent and the scheduled pass (run here directly) finds no drift.
  const all = await stack.api('POST', '/api/admin/projections/rebuild', { token: people.admin, body: {} });
  expect(all.status).toBe(200);
  const rebuiltAll = await finished(all.body.batch.id);
  expect(rebuiltAll).toMatchObject({ operation: 'rebuildProjection', status: 'completed', progress: expect.objectContaining({ failed: 0, pending: 0 }) });
  expect(rebuiltAll.progress.succeeded).toBeGreaterThan(0);
  const scheduleId = await ensureReconciliationSchedule(stack.temporal);
  expect(await ensureReconciliationSchedule(stack.temporal)).toBe(scheduleId);
  try {
    const described = await stack.temporal.client.schedule.getHandle(scheduleId).describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: RECONCILE_WORKFLOW_TYPE, taskQueue: stack.taskQueue });
    const pass = await stack.temporal.client.workflow.execute(RECONCILE_WORKFLOW_TYPE, { taskQueue: stack.taskQueue, workflowId: `reconcile-test-${Date.now()}`, args: [] });
    // The scheduled pass compares only what may have drifted (test/integration/reconcile-schedule.test.ts).
    expect(pass).toMatchObject({ drifted: 0, unreachable: 0 });
  } finally {
    await stack.temporal.client.schedule.getHandle(scheduleId).delete();
  }
}, 120_000);

test('a batch 重试 picked by hand reports every item\'s outcome and writes one audit entry per item', async () => {
  const projects = await Promise.all([1, 2, 3].map(() => submittedProject(stack, people.enterprise, year)));
  const ids = await Promise.all(projects.map((p) => workflowIdOf(stack, p.id)));
  const unknown = `submission:2099:${crypto.randomUUID()}`;
  const noReason = await stack.api('POST', '/api/admin/batches', { token: people.admin, body: { operation: 'terminate', workflowIds: ids } });
  expect(noReason.status).toBe(422);
  expect(noReason.body.error.details).toEqual([{ path: 'reason', message: '请填写终止原因' }]);
  const notAdmin = await stack.api('POST', '/api/admin/batches', { token: people.ministry, body: { operation: 'retry', workflowIds: ids } });
  expect(notAdmin.status).toBe(403);

  const started = await stack.api('POST', '/api/admin/batches', { token: people.admin, body: { operation: 'retry', workflowIds: [...ids, unknown] } });
  expect(started.status).toBe(202);
  expect(started.body).toMatchObject({ operation: 'retry', total: 4, createdBy: expect.objectContaining({ username: 'admin' }) });
  const batch = await finished(started.body.id);
  expect(batch).toMatchObject({ status: 'completed', total: 4, progress: { pending: 0, succeeded: 0, skipped: 3, failed: 1, cancelled: 0 }, outcomes: { nothingToRetry: 3, notFound: 1 } });
  const items = (await stack.api('GET', `/api/admin/batches/${batch.id}/items?perPage=100`, { token: people.admin })).body;
  expect(items.total).toBe(4);
  expect(items.data.find((i: { workflowId: string }) => i.workflowId === unknown)).toMatchObject({ status: 'failed', outcome: 'notFound', message: '流程不存在', submissionId: null });
  expect(items.data.find((i: { workflowId: string }) => i.workflowId === ids[0])).toMatchObject({ status: 'skipped', outcome: 'nothingToRetry', message: '该流程没有需要重试的问题', submissionId: projects[0]!.id, projectName: expect.any(String) });
  const [audits] = await stack.sequelize.query(
    "SELECT target_id, outcome, username FROM audit_log WHERE action = 'workflow.retry' AND details->>'batchId' = :id ORDER BY target_id",
    { replacements: { id: batch.id } },
  );
  expect(audits).toHaveLength(4);
  expect(new Set((audits as { target_id: string }[]).map((a) => a.target_id))).toEqual(new Set([...ids, unknown]));
  expect((audits as { username: string }[]).every((a) => a.username === 'admin')).toBe(true);
  const cancelLate = await stack.api('POST', `/api/admin/batches/${batch.id}/cancel`, { token: people.admin });
  expect(cancelLate.status).toBe(409);
  expect(cancelLate.body.error).toEqual({ code: 'BATCH_FINISHED', message: '该批量操作已结束，不能取消' });
  const list = (await stack.api('GET', '/api/admin/batches', { token: people.admin })).body;
  expect(list.data.map((b: { id: string }) => b.id)).toContain(batch.id);
}, 120_000);

test('human steps untouched for 3 working days are listed: withdrawal requests, city reviews, registrations', async () => {
  const waiting = await submittedProject(stack, people.enterprise, year);
  const recommended = await submittedProject(stack, people.enterprise, year);
  await post(recommended.id, 'city-review', people.city, { decision: 'approve' });
  await post(recommended.id, 'recommend', people.provinceCa, { formVersion: recommended.formVersion });
  const requested = await post(recommended.id, 'withdraw', people.enterprise, { reason: '项目范围调整' });
  expect(requested.body.phase).toBe('withdrawal_requested');
  await stack.sequelize.query("UPDATE users SET status = 'pending' WHERE username = 'gdmobile'");
  const kinds = (list: Awaited<ReturnType<typeof stuck>>) => list.filter((i) => i.kind.endsWith('Overdue'));
  expect(kinds(await stuck())).toEqual([]);

  stack.clock.advance(10 * 24 * 3600_000); // past 3 working days whatever the holidays
  try {
    const admin = await stack.login('admin'); // the old session idled out meanwhile
    const items = kinds(await stuck(admin));
    expect(items.find((i) => i.submissionId === recommended.id)).toMatchObject({ kind: 'withdrawalOverdue', reason: '撤回申请超过3个工作日未处理', detail: { withdrawalReason: '项目范围调整' } });
    expect(items.find((i) => i.submissionId === waiting.id)).toMatchObject({ kind: 'cityReviewOverdue', reason: '市级初审超过3个工作日未处理' });
    expect(items.find((i) => i.kind === 'registrationOverdue')).toMatchObject({ workflowId: null, reason: '注册申请超过3个工作日未审核', detail: { username: 'gdmobile' }, temporalUiUrl: null });
    expect(await scrapeMetrics()).toMatch(/^stuck_items\{kind="withdrawalOverdue"\} [1-9]/m);
  } finally {
    stack.clock.reset();
    await stack.sequelize.query("UPDATE users SET status = 'active' WHERE username = 'gdmobile'");
  }
}, 60_000);

/** The app with the two metrics lines the lead adds to api/app.ts (middleware first, /metrics before the routes). */
let metricsServer: { url: string; close: () => Promise<void> } | null = null;
async function metricsApp(): Promise<string> {
  if (metricsServer) return metricsServer.url;
  const deps = { env: stack.env, sequelize: stack.sequelize, models: {} as never, temporal: stack.temporal, logger: pino({ level: 'silent' }), clock: stack.clock.now };
  const app = express();
  app.use(metricsMiddleware(deps));
  metricsRoute(app);
  app.use(stack.built.app);
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  metricsServer = { url, close: () => new Promise((r) => server.close(() => r())) };
  return url;
}
async function scrapeMetrics(): Promise<string> {
  const res = await fetch(`${await metricsApp()}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}
afterAll(async () => {
  await metricsServer?.close();
});

test('/metrics counts workflow actions by type and outcome, their latency, HTTP durations by route and process metrics', async () => {
  const base = await metricsApp();
  const p = await submittedProject(stack, people.enterprise, year);
  const call = (path: string, token: string, body?: unknown) =>
    fetch(base + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  expect((await call(`/api/projects/${p.id}/recommend`, people.provinceCa, { formVersion: p.formVersion })).status).toBe(409); // 初审 first
  expect((await call(`/api/projects/${p.id}/city-review`, people.city, { decision: 'approve' })).status).toBe(200);
  const text = await scrapeMetrics();
  expect(text).toMatch(/^workflow_actions_total\{action="recommend",outcome="refused"\} 1$/m);
  expect(text).toMatch(/^workflow_actions_total\{action="city-review",outcome="ok"\} 1$/m);
  expect(text).toMatch(/^workflow_update_duration_seconds_count\{action="city-review"\} 1$/m);
  expect(text).toMatch(/^http_request_duration_seconds_count\{method="POST",route="\/api\/projects\/:id\/city-review",status="200"\} 1$/m);
  expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  expect(text).toMatch(/^projection_lag_seconds 0$/m);
  expect(text).toMatch(/^stuck_items\{kind="activityRetrying"\} \d+$/m);
}, 60_000);
