/**
 * A deadline counts from its instant (issue 15.4), whether or not the workflows have applied it yet.
 *
 * - Reads: with the API's clock moved past the deadlines (the workflows' timers are still far off in real time, so
 *   none has applied them), every list, filter, count, export and detail already shows the post-deadline status.
 * - Actions: with the worker stopped across a deadline (so that no workflow can apply it), an action sent after the
 *   instant meets the state the deadline produced when the worker comes back — the deadline has the last word.
 */
import ExcelJS from 'exceljs';
import { signedInSuite } from '../support/suite';
import { createCampaign, completeDraftsInBulk, eventually, expectProjectionMatchesWorkflow, shortenDeadlines, sleep } from '../support/lifecycle';
import { stateQuery } from '../../workflows/submission/contract';

const suite = signedInSuite();
afterEach(() => suite.stack?.clock.reset());

const MINUTE = 60_000;

async function exportedStatuses(token: string, year: number): Promise<string[]> {
  const res = await fetch(`${suite.stack.baseUrl}/api/projects/export?year=${year}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const sheet = workbook.worksheets[0]!;
  const column = (sheet.getRow(1).values as string[]).indexOf('项目状态');
  return Array.from({ length: sheet.rowCount - 1 }, (_, i) => String(sheet.getRow(i + 2).getCell(column).value));
}

/** What the workflows last wrote: the stored phase and how many deadlines their history holds. */
async function stored(id: string): Promise<{ phase: string; deadlines: number }> {
  const [[row]] = (await suite.stack.sequelize.query(
    `SELECT phase, (SELECT count(*) FROM submission_history h WHERE h.submission_id = s.id AND h.action LIKE '%DeadlinePassed') AS deadlines FROM submissions s WHERE id = :id`,
    { replacements: { id } },
  )) as [{ phase: string; deadlines: string }[], unknown];
  return { phase: row!.phase, deadlines: Number(row!.deadlines) };
}

/** Waits until the projection row carries the deadline the campaign change sent (the broadcast reached the workflow). */
async function dueAt(id: string, at: string): Promise<void> {
  const read = async () => {
    const [[row]] = (await suite.stack.sequelize.query('SELECT due_at FROM submissions WHERE id = :id', { replacements: { id } })) as [{ due_at: Date | null }[], unknown];
    return row!.due_at ? new Date(row!.due_at).toISOString() : null;
  };
  expect(await eventually(read, (value) => value === at, 60_000)).toBe(at);
}

test('deadlines show from their instant in lists, filters, counts, exports and details before any workflow has applied them', async () => {
  const { stack, people } = suite;
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const drafts = await completeDraftsInBulk(stack, people.enterprise, year, 3);
  const submitted = drafts.pop()!;
  expect((await stack.api('POST', `/api/projects/${submitted.id}/submit`, { token: people.enterprise })).status).toBe(200);
  const deadlines = await shortenDeadlines(stack, people.ministry, year, { submissionInMs: 10 * MINUTE, recommendationInMs: 20 * MINUTE, cityReviewRequired: false });
  for (const d of drafts) await dueAt(d.id, deadlines.submission);
  await dueAt(submitted.id, deadlines.recommendation);

  // --- 申报截止 passed (for the API): the drafts are 逾期未提交 for the enterprise, although their workflows say draft. ---
  stack.clock.advance(Date.parse(deadlines.submission) - Date.now() + 1000);
  expect(await Promise.all(drafts.map((d) => stored(d.id)))).toEqual([
    { phase: 'draft', deadlines: 0 },
    { phase: 'draft', deadlines: 0 },
  ]);
  const mine = await stack.api('GET', `/api/projects?year=${year}&perPage=50`, { token: people.enterprise });
  expect(mine.body.data.filter((p: { id: string }) => drafts.some((d) => d.id === p.id)).map((p: { phase: string; statusText: string }) => [p.phase, p.statusText])).toEqual([
    ['expired', '逾期未提交'],
    ['expired', '逾期未提交'],
  ]);
  expect((await stack.api('GET', `/api/projects?year=${year}&phase=expired`, { token: people.enterprise })).body.total).toBe(2);
  expect((await stack.api('GET', `/api/projects?year=${year}&phase=draft`, { token: people.enterprise })).body.total).toBe(0);
  const detail = await stack.api('GET', `/api/projects/${drafts[0]!.id}`, { token: people.enterprise });
  expect({ phase: detail.body.phase, phaseLabel: detail.body.phaseLabel, actions: detail.body.allowedActions }).toEqual({
    phase: 'expired',
    phaseLabel: '逾期未提交',
    actions: ['inviteOperator'],
  });

  // --- 推荐截止 passed (for the API): the submitted project is 未获推荐 for the province: list, filter, statistics, export. ---
  stack.clock.advance(Date.parse(deadlines.recommendation) - Date.parse(deadlines.submission));
  expect(await stored(submitted.id)).toEqual({ phase: 'submitted', deadlines: 0 });
  const province = await stack.api('GET', `/api/projects?year=${year}`, { token: people.provinceMiit });
  expect(province.body.data.map((p: { phase: string; statusText: string; allowedActions: string[] }) => [p.phase, p.statusText, p.allowedActions])).toEqual([
    ['not_recommended', '未获推荐', []],
  ]);
  expect((await stack.api('GET', `/api/projects?year=${year}&phase=not_recommended`, { token: people.provinceMiit })).body.total).toBe(1);
  expect((await stack.api('GET', `/api/projects?year=${year}&phase=submitted`, { token: people.provinceMiit })).body.total).toBe(0);
  const stats = await stack.api('GET', `/api/projects/stats?year=${year}`, { token: people.provinceMiit });
  expect(stats.body.byPhase).toEqual([{ phase: 'not_recommended', label: '未获推荐', count: 1 }]);
  expect(await exportedStatuses(people.provinceMiit, year)).toEqual(['未获推荐']);
  // Every submission of the year is final as the lists count it: the year can be archived.
  const archive = await stack.api('POST', `/api/campaigns/${year}/archive`, { token: people.ministry });
  expect(archive.status).toBe(200);
}, 240_000);

test('an action that reaches the workflow after a deadline it has not applied yet meets the post-deadline state', async () => {
  const { stack, people } = suite;
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const [[enterprise]] = (await stack.sequelize.query("SELECT id FROM users WHERE username = 'gzfactory'")) as [{ id: string }[], unknown];
  // The worker must be stopped before the deadline: set it close, wait until the workflow has it, stop the worker; on a
  // machine too slow for that margin, take a fresh project and twice the margin.
  let project: { id: string; workflowId: string } | null = null;
  let deadline = 0;
  for (let margin = 15_000; !project; margin *= 2) {
    const [candidate] = await completeDraftsInBulk(stack, people.enterprise, year, 1);
    expect((await stack.api('POST', `/api/projects/${candidate!.id}/submit`, { token: people.enterprise })).status).toBe(200);
    const set = await shortenDeadlines(stack, people.ministry, year, { submissionInMs: margin / 2, recommendationInMs: margin, cityReviewRequired: false });
    await dueAt(candidate!.id, set.recommendation);
    await stack.stopWorker();
    if (Date.now() < Date.parse(set.recommendation) - 1000) {
      project = candidate!;
      deadline = Date.parse(set.recommendation);
    } else {
      await stack.startWorker();
    }
  }
  await sleep(deadline + 500 - Date.now());
  expect(await stored(project.id)).toEqual({ phase: 'submitted', deadlines: 0 });

  // The enterprise asks to withdraw: the request waits in Temporal beside the deadline's timer; the worker comes back
  // and gets both at once.
  const asked = stack.api('POST', `/api/projects/${project.id}/withdraw`, {
    token: people.enterprise,
    body: { reason: '需更正项目数据' },
    headers: { 'idempotency-key': 'deadline-now-withdraw' },
  });
  // Temporal holds the request (the Update's id is the user's key) before the worker starts.
  const stage = () =>
    stack.temporal.client.workflowService
      .pollWorkflowExecutionUpdate({
        namespace: stack.env.TEMPORAL_NAMESPACE,
        updateRef: { workflowExecution: { workflowId: project!.workflowId }, updateId: `${enterprise!.id}:deadline-now-withdraw` },
        waitPolicy: { lifecycleStage: 1 },
      })
      .then((r) => r.stage ?? 0, () => 0);
  expect(await eventually(stage, (n) => n >= 1, 30_000)).toBe(1);
  await stack.startWorker();
  const withdraw = await asked;
  expect({ status: withdraw.status, body: withdraw.body.error }).toEqual({
    status: 409,
    body: { code: 'NOT_ALLOWED_IN_PHASE', message: '项目当前状态为“未获推荐”，不能申请撤回' },
  });
  const settled = await eventually(() => stack.temporal.client.workflow.getHandle(project!.workflowId).query(stateQuery), (s) => s.phase === 'not_recommended', 60_000);
  expect(settled.phase).toBe('not_recommended');
  await expectProjectionMatchesWorkflow(stack, project.id);
  const [history] = await stack.sequelize.query('SELECT action FROM submission_history WHERE submission_id = :id ORDER BY seq', { replacements: { id: project.id } });
  // The withdrawal request is not in the history: it was refused, the deadline was applied (截止时间调整 rows aside).
  const actions = (history as { action: string }[]).map((h) => h.action).filter((action) => action !== 'deadlinesChanged');
  expect(actions).toEqual(['create', 'submit', 'recommendationDeadlinePassed']);
}, 300_000);
