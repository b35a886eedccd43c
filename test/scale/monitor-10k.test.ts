/**
 * Issue 13 acceptance: the stuck monitor with 10,000 open submission workflows — its first page and its counts per
 * kind are right, and the province/year/kind filters narrow them.
 *
 * Why the Temporal dev server (not the production server of the cluster tier): the monitor's Temporal side is a
 * handful of visibility count/list queries and the describes of one page, the same API on both; the dev server is the
 * one every CI run already has, and a server of this file's own keeps 10,000 workflows out of the shared one and lets
 * it flag a failing workflow task after 2 consecutive failures (TemporalReportedProblems; production's default is
 * higher) so that the planted code bug shows within seconds.
 *
 * The 10,000 drafts are running submission workflows on this stack's task queue, with their rows, Year/Phase/
 * ProvinceCode attributes and projection rows as their first write leaves them; they start with a start delay
 * (test/support/openWorkflows.ts `idle`: running 10,000 first workflow tasks would cost CI ≈ 15 minutes and changes
 * nothing the monitor reads). The stuck items are planted among them as the system records them: a projection write retrying
 * (projection_pending), one refused for good (projection_failures), lag and drift the reconciliation found
 * (projection_drift), 初审 and withdrawal requests past their SLA (the step columns every transition writes), a
 * registration pending for weeks, and 3 workflows whose code throws on their first workflow task. Near misses that
 * must NOT count sit beside them (resolved drift, a caught-up retry, an old refusal, 初审 not yet overdue).
 *
 * No duration is asserted: "first page ≤ 1 s with 10,000 open workflows" is the `monitor` figure of `npm run bench`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startTemporalDevServer, type LocalTemporal } from '../../infra/temporal';
import { freePort } from '../../infra/ports';
import { startStack, type Stack } from '../support/stack';
import { createCampaign, eventually, signInEveryone, type People } from '../support/lifecycle';
import { openDraftsInBulk, type OpenDraft } from '../support/openWorkflows';
import { SEARCH_ATTRIBUTE_KEYS, SUBMISSION_WORKFLOW_TYPE, submissionWorkflowId } from '../../workflows/submission/contract';
import { countWorkflows, FAILING_TASKS, runningQuery } from '../../ops/temporalQueries';
import { STUCK_KINDS, type StuckKind } from '../../domain/stuck';

const OPEN = 10_000;
const UI = 'http://temporal-ui.test:8233';

let temporal: LocalTemporal;
let stack: Stack;
let people: People;
let year: number;
let drafts: OpenDraft[];
/** Planted stuck items per kind, in the order the monitor lists them (oldest first). */
const planted: Partial<Record<StuckKind, OpenDraft[]>> = {};
let failing: { workflowId: string; submissionId: string; projectId: string }[] = [];

/** Every 10th draft lies in 北京 (110000), the rest in 广东 (440000). */
const provinceOf = (i: number) => (i % 10 === 0 ? '110000' : '440000');
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

beforeAll(async () => {
  const dir = process.env.TEST_DATA_DIR!;
  temporal = await startTemporalDevServer({
    // In memory where the machine has it: 10,000 starts are SQLite writes, each a sync on a busy disk otherwise.
    dbFile: path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : dir, `temporal-scale-${process.pid}.db`),
    port: await freePort(),
    logFile: path.join(dir, `temporal-scale-${process.pid}.log`),
    dynamicConfig: { 'system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute': 2 },
  });
  stack = await startStack({ temporalAddress: temporal.address, env: { TEMPORAL_UI_URL: UI } });
  people = await signInEveryone(stack);
  year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const started = Date.now();
  drafts = await openDraftsInBulk(stack, year, OPEN, { provinceOf, inFlight: 100, timeoutMs: 840_000, idle: true });
  console.log(`scale: ${OPEN} open workflows started and visible in ${Math.round((Date.now() - started) / 1000)} s`);
  await plant();
}, 900_000);

afterAll(async () => {
  await stack?.stop();
  await temporal?.stop();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`/dev/shm/temporal-scale-${process.pid}.db${suffix}`, { force: true });
});

async function sql(text: string, replacements: Record<string, unknown> = {}): Promise<unknown[]> {
  const [rows] = await stack.sequelize.query(text, { replacements });
  return rows as unknown[];
}

async function plant(): Promise<void> {
  const take = (from: number, n: number) => drafts.slice(from, from + n);
  planted.activityRetrying = take(1000, 6);
  planted.projectionFailed = take(1100, 4);
  planted.projectionLag = take(1200, 7);
  planted.projectionDrift = take(1300, 5);
  planted.withdrawalOverdue = take(1400, 2);
  planted.cityReviewOverdue = take(1500, 11);
  // The same `since` order as the monitor's (oldest first), minutes apart.
  for (const [i, d] of planted.activityRetrying.entries()) {
    await sql(
      `INSERT INTO projection_pending (submission_id, seq, action, attempts, first_failed_at, last_failed_at, last_failure)
       VALUES (:id, 1, 'submit', 3, :since, now(), '测试：连接被重置')`,
      { id: d.id, since: minutesAgo(60 - i) },
    );
  }
  for (const [i, d] of planted.projectionFailed.entries()) {
    await sql(
      `INSERT INTO projection_failures (submission_id, seq, action, sqlstate, failure_type, message, failed_at)
       VALUES (:id, 1, 'submit', '22001', 'PROJECTION_DATA_REJECTED', '测试：值太长', now() + make_interval(secs => :i))`,
      { id: d.id, i },
    );
  }
  const drift = async (d: OpenDraft, lag: boolean, i: number) =>
    sql(
      `INSERT INTO projection_drift (submission_id, workflow_id, detected_at, workflow_seq, projection_seq, detail)
       VALUES (:id, :workflowId, :since, :workflowSeq, 0, CAST(:detail AS jsonb))`,
      {
        id: d.id,
        workflowId: d.workflowId,
        since: minutesAgo(60 - i),
        workflowSeq: lag ? 1 : 0,
        detail: JSON.stringify({ message: lag ? '投影落后于流程：投影序号 0，流程序号 1' : '投影内容与流程状态不一致：phase' }),
      },
    );
  for (const [i, d] of planted.projectionLag.entries()) await drift(d, true, i);
  for (const [i, d] of planted.projectionDrift.entries()) await drift(d, false, i);
  const overdue = async (list: OpenDraft[], step: string) => {
    for (const [i, d] of list.entries()) {
      await sql(`UPDATE submissions SET step = :step, step_since = :since, step_due = now() - interval '1 day', step_overdue_at = :overdue WHERE id = :id`, {
        id: d.id,
        step,
        since: minutesAgo(10 * 24 * 60),
        overdue: minutesAgo(24 * 60 - i),
      });
    }
  };
  await overdue(planted.withdrawalOverdue, 'withdrawal');
  await overdue(planted.cityReviewOverdue, 'cityReview');
  await sql(`UPDATE users SET status = 'pending', created_at = now() - interval '30 days' WHERE username = 'gdmobile'`);

  // Near misses: none of these is stuck.
  const near = take(2000, 1000);
  await sql(
    `UPDATE submissions SET step = 'cityReview', step_since = now(), step_due = now() + interval '5 days', step_overdue_at = now() + interval '5 days'
      WHERE id = ANY(CAST(:ids AS uuid[]))`,
    { ids: `{${near.map((d) => d.id).join(',')}}` },
  );
  for (const d of take(3000, 20)) {
    await sql(
      `INSERT INTO projection_drift (submission_id, workflow_id, workflow_seq, projection_seq, detail, resolved_at) VALUES (:id, :workflowId, 1, 0, '{"message":"已消除"}', now())`,
      { id: d.id, workflowId: d.workflowId },
    );
    await sql(`INSERT INTO projection_pending (submission_id, seq, action, last_failure) VALUES (:id, 0, 'create', '测试：已追上')`, { id: d.id });
    await sql(
      `INSERT INTO projection_failures (submission_id, seq, action, sqlstate, failure_type, message, failed_at)
       VALUES (:id, 0, 'create', '22001', 'PROJECTION_DATA_REJECTED', '测试：早已修复', now() - interval '1 day')`,
      { id: d.id },
    );
  }

  // A code bug: 3 workflows whose first workflow task throws (no start state), each with its draft row.
  failing = Array.from({ length: 3 }, () => {
    const projectId = crypto.randomUUID();
    return { workflowId: submissionWorkflowId(year, projectId), submissionId: crypto.randomUUID(), projectId };
  });
  const [[user]] = (await stack.sequelize.query("SELECT id, org_name FROM users WHERE username = 'gzfactory'")) as [{ id: string; org_name: string }[], unknown];
  for (const [i, f] of failing.entries()) {
    const projectId = f.projectId;
    await sql('INSERT INTO projects (id, enterprise_id) VALUES (:projectId, :enterpriseId)', { projectId, enterpriseId: user!.id });
    await sql(
      `INSERT INTO submissions (id, project_id, year, enterprise_id, enterprise_name, name, workflow_id, sections, form_version, phase, status_text, province_code)
       VALUES (:id, :projectId, :year, :enterpriseId, :enterpriseName, :name, :workflowId, '{}', 0, 'draft', '暂存', '440000')`,
      { id: f.submissionId, projectId, year, enterpriseId: user!.id, enterpriseName: user!.org_name, name: `代码缺陷项目${i + 1}`, workflowId: f.workflowId },
    );
    await stack.temporal.client.workflow.start(SUBMISSION_WORKFLOW_TYPE, { workflowId: f.workflowId, taskQueue: stack.taskQueue, args: [{ submissionId: f.submissionId }],
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTE_KEYS.year, value: year }],
    });
  }
  const ref = { client: stack.temporal.client, namespace: stack.temporal.namespace, taskQueue: stack.taskQueue };
  await eventually(() => countWorkflows(ref, runningQuery(stack.taskQueue, {}, FAILING_TASKS)), (n) => n === failing.length, 120_000);
}

const EXPECTED_TOTALS = (): Record<StuckKind, number> => ({
  workflowTaskFailing: 3,
  activityRetrying: 6,
  projectionFailed: 4,
  projectionLag: 7,
  projectionDrift: 5,
  withdrawalOverdue: 2,
  cityReviewOverdue: 11,
  expertReviewOverdue: 0,
  registrationOverdue: 1,
});

const monitor = async (query = '') => {
  const res = await stack.api('GET', `/api/admin/workflows/stuck${query}`, { token: people.admin });
  expect(res.status).toBe(200);
  return res.body as {
    total: number;
    counts: Record<StuckKind, number>;
    data: { kind: StuckKind; workflowId: string | null; submissionId?: string; projectName: string | null; enterpriseName: string | null; provinceCode: string | null; year: number | null; reason: string; temporalUiUrl: string | null; retryAdvice?: string }[];
  };
};

test(`with ${OPEN.toLocaleString('en')} open workflows, the monitor counts every kind exactly and its first page lists the oldest items of the first kinds`, async () => {
  const ref = { client: stack.temporal.client, namespace: stack.temporal.namespace, taskQueue: stack.taskQueue };
  // The population really is there: 10,000 running submission workflows (plus the 3 failing) in visibility.
  expect(await countWorkflows(ref, runningQuery(stack.taskQueue, { year }, `WorkflowType = '${SUBMISSION_WORKFLOW_TYPE}'`))).toBe(OPEN + failing.length);

  const page = await monitor();
  expect(page.counts).toEqual(EXPECTED_TOTALS());
  expect(page.total).toBe(Object.values(EXPECTED_TOTALS()).reduce((a, b) => a + b, 0));
  // Page 1 of 20, in the monitor's kind order: 3 failing tasks, 6 retrying writes, 4 refused writes, then 7 of lag.
  expect(page.data.map((i) => i.kind)).toEqual([
    ...Array(3).fill('workflowTaskFailing'),
    ...Array(6).fill('activityRetrying'),
    ...Array(4).fill('projectionFailed'),
    ...Array(7).fill('projectionLag'),
  ]);
  expect(new Set(page.data.slice(0, 3).map((i) => i.workflowId))).toEqual(new Set(failing.map((f) => f.workflowId)));
  expect(page.data.slice(3).map((i) => i.submissionId)).toEqual([...planted.activityRetrying!, ...planted.projectionFailed!, ...planted.projectionLag!].map((d) => d.id));
  for (const item of page.data) {
    // Every item names the project and the enterprise and links to Temporal's Web UI.
    expect(item).toMatchObject({ projectName: expect.stringMatching(/项目/), enterpriseName: expect.any(String), year, temporalUiUrl: `${UI}/namespaces/default/workflows/${encodeURIComponent(item.workflowId!)}` });
  }
  for (const item of page.data.slice(0, 3)) {
    expect(item.reason).toMatch(/^流程任务第\d+次执行失败：/);
    expect(item.projectName).toMatch(/^代码缺陷项目\d$/);
  }
  expect(page.data[3]!.reason).toBe('活动 recordTransition 第4次重试中：测试：连接被重置');
  expect(page.data[9]!.reason).toBe('数据库拒绝写入投影（22001）：测试：值太长');
  expect(page.data[13]!.reason).toBe('投影落后于流程：投影序号 0，流程序号 1');
}, 120_000);

test('filters narrow the counts and pages: province, kind with a later page, year', async () => {
  const inBeijing = (list: OpenDraft[]) => list.filter((d) => d.provinceCode === '110000').length;
  const beijing = await monitor('?provinceCode=110000');
  expect(beijing.counts).toEqual({
    workflowTaskFailing: 0,
    activityRetrying: inBeijing(planted.activityRetrying!),
    projectionFailed: inBeijing(planted.projectionFailed!),
    projectionLag: inBeijing(planted.projectionLag!),
    projectionDrift: inBeijing(planted.projectionDrift!),
    withdrawalOverdue: inBeijing(planted.withdrawalOverdue!),
    cityReviewOverdue: inBeijing(planted.cityReviewOverdue!),
    expertReviewOverdue: 0,
    registrationOverdue: 0,
  });
  // The planted lists start at multiples of 100, so each holds its first draft in 北京 at least.
  expect(beijing.counts.cityReviewOverdue).toBe(2);
  expect(beijing.data.every((i) => i.provinceCode === '110000')).toBe(true);

  const second = await monitor('?kind=cityReviewOverdue&page=2&perPage=5');
  expect(second.total).toBe(11);
  expect(second.data.map((i) => i.submissionId)).toEqual(planted.cityReviewOverdue!.slice(5, 10).map((d) => d.id));
  expect(second.data.every((i) => i.reason === '市级初审超过3个工作日未处理')).toBe(true);

  const thisYear = await monitor(`?year=${year}`);
  // A registration has no year: the year filter leaves it out, nothing else.
  expect(thisYear.counts).toEqual({ ...EXPECTED_TOTALS(), registrationOverdue: 0 });
  const otherYear = await monitor(`?year=${year + 1}`);
  expect(otherYear.counts).toEqual(Object.fromEntries(STUCK_KINDS.map((k) => [k, 0])));
}, 120_000);
