/**
 * One workflow lifetime (issue 13.4) and corrective actions (issue 13.3).
 *
 * - A submission's workflow stays open in its final phases, so an "any phase" action works there: the enterprise
 *   revokes an operator on an expired project and the operator loses access.
 * - An execution that completed under the earlier rule (closed phases ended the workflow) is started again from its
 *   final state by the next action, while its year is not archived.
 * - Archiving a year (only once every submission is final) completes every workflow of the year, listed ones
 *   included; afterwards nothing changes any more.
 * - 重新打开 / 调整状态 by the ministry or an admin: a reason is required, the step is in the project's history and the
 *   audit log, the rules refuse what they forbid, other roles are refused.
 */
import crypto from 'node:crypto';
import type { Stack } from '../support/stack';
import { signedInSuite } from '../support/suite';
import { createCampaign, completeDraftsInBulk, eventually, expectProjectionMatchesWorkflow, shortenDeadlines, type People } from '../support/lifecycle';
import { archivedSignal, submissionWorkflowId, SUBMISSION_WORKFLOW_TYPE, type SubmissionWorkflowInput } from '../../workflows/submission/contract';
import { initialState, type SubmissionState } from '../../domain/lifecycle/state';

let stack: Stack;
let people: People;
const suite = signedInSuite();
beforeAll(() => ({ stack, people } = suite));

const get = (id: string, token: string) => stack.api('GET', `/api/projects/${id}`, { token });
const statusOf = async (workflowId: string) => (await stack.temporal.client.workflow.getHandle(workflowId).describe()).status.name;

async function operatorId(): Promise<string> {
  const [[row]] = (await stack.sequelize.query("SELECT id FROM users WHERE username = 'gdmobile'")) as [{ id: string }[], unknown];
  return row!.id;
}

/** A draft (POST /api/projects) with the demo operator invited. */
async function invitedDraft(year: number): Promise<{ id: string; workflowId: string }> {
  const created = await stack.api('POST', '/api/projects', { token: people.enterprise, body: { year, projectInfo: { name: '番禺5G智能装备车间' } } });
  expect(created.status).toBe(201);
  const invited = await stack.api('POST', `/api/projects/${created.body.id}/operators`, { token: people.enterprise, body: { operatorId: await operatorId() } });
  expect(invited.status).toBe(200);
  const seen = await get(created.body.id, people.operator);
  expect(seen.status).toBe(200);
  return { id: created.body.id, workflowId: (await get(created.body.id, people.enterprise)).body.workflowId };
}

async function expectOperatorLostAccess(id: string): Promise<void> {
  expect((await get(id, people.operator)).status).toBe(404);
  const list = await stack.api('GET', '/api/projects?perPage=100', { token: people.operator });
  expect(list.body.data.map((p: { id: string }) => p.id)).not.toContain(id);
}

test('an operator is revoked on an expired project: the workflow is still open and the operator loses access', async () => {
  const year = await createCampaign(stack, people.ministry);
  const draft = await invitedDraft(year);
  await shortenDeadlines(stack, people.ministry, year, { submissionInMs: 3_000, recommendationInMs: 60_000 });
  const expired = await eventually(() => get(draft.id, people.enterprise), (r) => r.body.phase === 'expired', 30_000);
  expect(expired.body.phase).toBe('expired');
  // The workflow waits in the final phase (until its year is archived) instead of having completed.
  await eventually(() => statusOf(draft.workflowId), () => true);
  expect(await statusOf(draft.workflowId)).toBe('RUNNING');

  const revoked = await stack.api('DELETE', `/api/projects/${draft.id}/operators/${await operatorId()}`, { token: people.enterprise });
  expect({ status: revoked.status, phase: revoked.body.phase, history: revoked.body.history.at(-1).actionLabel }).toEqual({ status: 200, phase: 'expired', history: '取消运营商邀请' });
  await expectOperatorLostAccess(draft.id);
  await expectProjectionMatchesWorkflow(stack, draft.id);
}, 90_000);

test('an execution that completed under the earlier rule is started again from its final state by the next action', async () => {
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const draft = await invitedDraft(year);
  // What an execution that ended under the earlier lifetime rule looks like: completed, its year not archived.
  const handle = stack.temporal.client.workflow.getHandle(draft.workflowId);
  await handle.signal(archivedSignal);
  const final = (await handle.result()) as SubmissionState;
  expect(await statusOf(draft.workflowId)).toBe('COMPLETED');

  const revoked = await stack.api('DELETE', `/api/projects/${draft.id}/operators/${await operatorId()}`, { token: people.enterprise });
  expect(revoked.status).toBe(200);
  expect(revoked.body.history.at(-1)).toMatchObject({ seq: final.seq + 1, actionLabel: '取消运营商邀请' });
  expect(await statusOf(draft.workflowId)).toBe('RUNNING');
  await expectOperatorLostAccess(draft.id);
  await expectProjectionMatchesWorkflow(stack, draft.id);
}, 90_000);

/** A submission in 已入选名录, as a workflow that continued as new would hold it (row and running workflow). */
async function listedSubmission(year: number): Promise<{ id: string; workflowId: string }> {
  const [[user]] = (await stack.sequelize.query("SELECT id, org_name FROM users WHERE username = 'gzfactory'")) as [{ id: string; org_name: string }[], unknown];
  const projectId = crypto.randomUUID();
  const id = crypto.randomUUID();
  const workflowId = submissionWorkflowId(year, projectId);
  const at = new Date().toISOString();
  const state: SubmissionState = {
    ...initialState({
      projectId,
      year,
      enterpriseId: user!.id,
      provinceCode: '440000',
      cityCode: '440100',
      stage: '建设完成',
      formVersion: 8,
      cityReviewRequired: false,
      deadlines: { submission: at, recommendation: at, cityReview: null },
    }),
    phase: 'listed',
    decision: 'shortlisted',
    recommendations: { province_ca: { by: 'x', byName: '省通信管理局', at, formVersion: 8 }, province_miit: { by: 'y', byName: '省工信厅', at, formVersion: 8 } },
    publicity: { startedAt: at, endsAt: at },
    seq: 20,
  };
  await stack.sequelize.query('INSERT INTO projects (id, enterprise_id) VALUES (:projectId, :enterpriseId)', { replacements: { projectId, enterpriseId: user!.id } });
  await stack.sequelize.query(
    `INSERT INTO submissions (id, project_id, year, enterprise_id, enterprise_name, workflow_id, form_version, seq, phase, status_text, name, province_code, city_code, state, submitted_at)
     VALUES (:id, :projectId, :year, :enterpriseId, :name, :workflowId, 8, 20, 'listed', '已入选名录', '入选项目', '440000', '440100', CAST(:state AS jsonb), now())`,
    { replacements: { id, projectId, year, enterpriseId: user!.id, name: user!.org_name, workflowId, state: JSON.stringify(state) } },
  );
  const input: SubmissionWorkflowInput = { submissionId: id, state };
  await stack.temporal.client.workflow.start(SUBMISSION_WORKFLOW_TYPE, { workflowId, taskQueue: stack.taskQueue, args: [input] });
  return { id, workflowId };
}

test('archiving a year completes every workflow of the year, listed ones included; only once all are final, and nothing changes afterwards', async () => {
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const listed = await listedSubmission(year);
  const [submitted] = await completeDraftsInBulk(stack, people.enterprise, year, 1);
  expect((await stack.api('POST', `/api/projects/${submitted!.id}/submit`, { token: people.enterprise })).status).toBe(200);
  const draft = await invitedDraft(year);

  // The draft and the submitted project are not final yet (the deadlines are still far).
  const early = await stack.api('POST', `/api/campaigns/${year}/archive`, { token: people.ministry });
  expect({ status: early.status, body: early.body.error }).toEqual({
    status: 409,
    body: { code: 'CAMPAIGN_NOT_FINISHED', message: '该年度仍有2个项目尚未结束，全部结束后才能归档' },
  });
  expect((await stack.api('POST', `/api/campaigns/${year}/archive`, { token: people.provinceMiit })).status).toBe(403);

  // After the recommendation deadline: expired, not_recommended, listed — all final.
  await shortenDeadlines(stack, people.ministry, year, { submissionInMs: 3_000, recommendationInMs: 6_000, cityReviewRequired: false });
  await eventually(() => get(submitted!.id, people.enterprise), (r) => r.body.phase === 'not_recommended', 40_000);
  await eventually(() => get(draft.id, people.enterprise), (r) => r.body.phase === 'expired', 40_000);
  const archived = await stack.api('POST', `/api/campaigns/${year}/archive`, { token: people.ministry });
  expect(archived.status).toBe(200);
  expect(archived.body.archivedAt).toEqual(expect.any(String));
  for (const each of [listed, submitted!, draft]) {
    const status = await eventually(() => statusOf(each.workflowId), (s) => s === 'COMPLETED', 30_000);
    expect({ workflowId: each.workflowId, status }).toEqual({ workflowId: each.workflowId, status: 'COMPLETED' });
  }
  const campaign = await eventually(() => stack.api('GET', `/api/campaigns/${year}`, { token: people.ministry }), (r) => r.body.broadcast?.kind === 'archive' && r.body.broadcast.finishedAt != null, 30_000);
  expect(campaign.body.broadcast).toEqual({ kind: 'archive', version: expect.any(Number), total: 3, processed: 3, finishedAt: expect.any(String) });

  // The listed project is still listed; nothing more can happen to it or to the year.
  const view = await get(listed.id, people.ministry);
  expect(view.body.phase).toBe('listed');
  const markCase = await stack.api('POST', `/api/projects/${listed.id}/case`, { token: people.ministry });
  expect({ status: markCase.status, body: markCase.body }).toEqual({ status: 409, body: { error: { code: 'WORKFLOW_CLOSED', message: `${year}年度申报已归档，不能再进行此操作` } } });
  const patch = await stack.api('PATCH', `/api/campaigns/${year}`, { token: people.ministry, body: { publicityDays: 5 } });
  expect({ status: patch.status, code: patch.body.error.code }).toEqual({ status: 409, code: 'CAMPAIGN_ARCHIVED' });
  const again = await stack.api('POST', `/api/campaigns/${year}/archive`, { token: people.ministry });
  expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'CAMPAIGN_ARCHIVED' });
}, 120_000);

describe('corrective actions', () => {
  test('重新打开 an expired project with a reason and a new deadline; in the history, the audit log and the enterprise’s messages', async () => {
    const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
    const [draft] = await completeDraftsInBulk(stack, people.enterprise, year, 1);
    await shortenDeadlines(stack, people.ministry, year, { submissionInMs: 3_000, recommendationInMs: 120_000, cityReviewRequired: false });
    await eventually(() => get(draft!.id, people.enterprise), (r) => r.body.phase === 'expired', 30_000);
    const reopen = (token: string, body: unknown) => stack.api('POST', `/api/admin/workflows/${encodeURIComponent(draft!.workflowId)}/reopen`, { token, body });

    expect((await reopen(people.ministry, {})).body.error.details).toEqual([{ path: 'reason', message: '请填写原因' }]);
    const noDeadline = await reopen(people.ministry, { reason: '系统故障导致无法提交' });
    expect({ status: noDeadline.status, body: noDeadline.body.error }).toEqual({
      status: 409,
      body: { code: 'DEADLINE_PASSED', message: '截止时间已过，重新打开时请指定新的截止时间' },
    });
    const tooLate = await reopen(people.ministry, { reason: '系统故障导致无法提交', until: new Date(Date.now() + 200_000).toISOString() });
    expect({ status: tooLate.status, body: tooLate.body.error }).toEqual({ status: 422, body: { code: 'VALIDATION', message: '新的申报截止时间须早于推荐截止时间' } });
    const province = await reopen(people.provinceMiit, { reason: '系统故障导致无法提交' });
    expect({ status: province.status, message: province.body.error.message }).toEqual({ status: 403, message: '省工业和信息化厅无权重新打开或调整项目状态' });

    const until = new Date(Date.now() + 60_000).toISOString();
    const reopened = await reopen(people.ministry, { reason: '系统故障导致无法提交', until });
    expect(reopened.body).toEqual({ workflowId: draft!.workflowId, submissionId: draft!.id, phase: 'draft', phaseLabel: '暂存', seq: expect.any(Number) });
    const view = await get(draft!.id, people.enterprise);
    expect({ phase: view.body.phase, submission: view.body.deadlines.submission, allowed: view.body.allowedActions }).toEqual({
      phase: 'draft',
      submission: until,
      allowed: expect.arrayContaining(['save', 'submit']),
    });
    expect(view.body.history.at(-1)).toMatchObject({ action: 'reopen', actionLabel: '重新打开', reason: '系统故障导致无法提交', actorRoleLabel: '工业和信息化部', fromPhase: 'expired', toPhase: 'draft' });
    const [audit] = await stack.sequelize.query("SELECT role, details FROM audit_log WHERE action = 'project.reopen' AND target_id = :id", { replacements: { id: draft!.id } });
    expect(audit).toEqual([{ role: 'ministry', details: { from: 'expired', to: 'draft', reason: '系统故障导致无法提交' } }]);
    const [messages] = await stack.sequelize.query("SELECT title FROM messages WHERE submission_id = :id AND title LIKE '项目已重新打开：%'", { replacements: { id: draft!.id } });
    expect(messages).toHaveLength(1);
    // The enterprise submits within its own deadline.
    const submit = await stack.api('POST', `/api/projects/${draft!.id}/submit`, { token: people.enterprise });
    expect({ status: submit.status, phase: submit.body.phase }).toEqual({ status: 200, phase: 'submitted' });
    await expectProjectionMatchesWorkflow(stack, draft!.id);
  }, 90_000);

  test('调整状态: an admin moves a project where the rules allow it; elsewhere it is refused with the allowed phases', async () => {
    const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
    const [project] = await completeDraftsInBulk(stack, people.enterprise, year, 1);
    expect((await stack.api('POST', `/api/projects/${project!.id}/submit`, { token: people.enterprise })).status).toBe(200);
    const move = (token: string, body: unknown) => stack.api('POST', `/api/admin/workflows/${encodeURIComponent(project!.workflowId)}/move`, { token, body });

    // While the project waits for its recommendations (deadlines still far), no move is allowed.
    const notNow = await move(people.admin, { phase: 'ministry_review', reason: '省级推荐已线下完成' });
    expect({ status: notNow.status, body: notNow.body.error }).toEqual({ status: 409, body: { code: 'NOT_ALLOWED_IN_PHASE', message: '项目当前状态为“待推荐”，不能调整状态' } });
    await shortenDeadlines(stack, people.ministry, year, { submissionInMs: 3_000, recommendationInMs: 6_000, cityReviewRequired: false });
    await eventually(() => get(project!.id, people.enterprise), (r) => r.body.phase === 'not_recommended', 30_000);
    const wrong = await move(people.admin, { phase: 'listed', reason: '省级推荐已线下完成' });
    expect({ status: wrong.status, body: wrong.body.error }).toEqual({
      status: 422,
      body: { code: 'VALIDATION', message: '项目当前状态为“未获推荐”，不能调整为“已入选名录”（只能调整为“部级评审中”）' },
    });
    const moved = await move(people.admin, { phase: 'ministry_review', reason: '省级推荐已线下完成' });
    expect(moved.body).toMatchObject({ phase: 'ministry_review', phaseLabel: '部级评审中' });
    const view = await get(project!.id, people.ministry);
    expect(view.body.history.at(-1)).toMatchObject({ action: 'move', actionLabel: '调整状态', reason: '省级推荐已线下完成', actorRoleLabel: '系统管理员', toPhase: 'ministry_review' });
    await expectProjectionMatchesWorkflow(stack, project!.id);
  }, 90_000);
});
