/**
 * Publicity → 已入选名录 → 案例 → the public directory. Publicity lasts days; this test starts a submission workflow
 * from a state already in publicity whose period ends in a few seconds (the same input a continue-as-new carries), so
 * the real timer fires, the workflow lists the project, and the ministry marks the case and publishes the year.
 */
import crypto from 'node:crypto';
import type { Stack } from '../support/stack';
import { signedInSuite } from '../support/suite';
import { createCampaign, eventually, expectProjectionMatchesWorkflow, type People } from '../support/lifecycle';
import { initialState } from '../../domain/lifecycle/state';
import { exampleForm } from '../../domain/form/example';
import { submissionWorkflowId, SUBMISSION_WORKFLOW_TYPE } from '../../workflows/submission/contract';

let stack: Stack;
let people: People;
const suite = signedInSuite();
beforeAll(() => ({ stack, people } = suite));

async function projectInPublicity(year: number, endsInMs: number): Promise<string> {
  const [[enterprise]] = (await stack.sequelize.query("SELECT id, org_name FROM users WHERE username = 'gzfactory'")) as [{ id: string; org_name: string }[], unknown];
  const projectId = crypto.randomUUID();
  const submissionId = crypto.randomUUID();
  const workflowId = submissionWorkflowId(year, projectId);
  const form = exampleForm();
  await stack.sequelize.query('INSERT INTO projects (id, enterprise_id) VALUES (:projectId, :enterpriseId)', { replacements: { projectId, enterpriseId: enterprise!.id } });
  await stack.sequelize.query(
    `INSERT INTO submissions (id, project_id, year, enterprise_id, enterprise_name, workflow_id, sections, phase, submitted_at, name, province_code, city_code)
     VALUES (:submissionId, :projectId, :year, :enterpriseId, :name, :workflowId, CAST(:sections AS jsonb), 'publicity', now(), :projectName, '440000', '440100')`,
    { replacements: { submissionId, projectId, year, enterpriseId: enterprise!.id, name: enterprise!.org_name, workflowId, sections: JSON.stringify(form), projectName: form.projectInfo.name } },
  );
  const now = Date.now();
  const state = {
    ...initialState({
      projectId,
      year,
      enterpriseId: enterprise!.id,
      provinceCode: '440000',
      cityCode: '440100',
      stage: '建设完成',
      cityReviewRequired: true,
      deadlines: { submission: new Date(now - 3 * 86400_000).toISOString(), recommendation: new Date(now - 86400_000).toISOString(), cityReview: new Date(now - 2 * 86400_000).toISOString() },
    }),
    phase: 'publicity' as const,
    cityReview: 'approved' as const,
    decision: 'shortlisted' as const,
    publicity: { startedAt: new Date(now).toISOString(), endsAt: new Date(now + endsInMs).toISOString() },
    seq: 10,
  };
  // The projection a previous run of the workflow would have written.
  await stack.sequelize.query('UPDATE submissions SET state = CAST(:state AS jsonb), seq = :seq WHERE id = :submissionId', { replacements: { state: JSON.stringify(state), seq: state.seq, submissionId } });
  await stack.temporal.client.workflow.start(SUBMISSION_WORKFLOW_TYPE, { workflowId, taskQueue: stack.taskQueue, args: [{ submissionId, state }] });
  return submissionId;
}

test('publicity ends with no objection → listed; the ministry marks a case and publishes; the directory shows it without login', async () => {
  const year = await createCampaign(stack, people.ministry);
  const id = await projectInPublicity(year, 3_000);
  const dismissedId = await projectInPublicity(year, 3_000);

  // An objection keeps the second project in publicity past its end until it is resolved.
  const filed = await stack.api('POST', `/api/projects/${dismissedId}/objections`, { token: people.ministry, body: { content: '对项目效益数据有疑问' } });
  expect(filed.status).toBe(200);

  const listed = await eventually(() => stack.api('GET', `/api/projects/${id}`, { token: people.ministry }), (r) => r.body.phase === 'listed', 20_000);
  expect(listed.body).toMatchObject({ phase: 'listed', phaseLabel: '已入选名录' });
  expect((await stack.api('GET', `/api/projects/${dismissedId}`, { token: people.ministry })).body.phase).toBe('publicity');

  // Publishing is refused while a project is still in publicity.
  const early = await stack.api('POST', `/api/campaigns/${year}/publish`, { token: people.ministry });
  expect(early.status).toBe(409);
  expect(early.body.error.message).toBe('仍有1个项目处于公示期，公示结束后才能发布名录');

  const objectionId = filed.body.review.objections[0].id;
  const dismissed = await stack.api('POST', `/api/projects/${dismissedId}/objections/${objectionId}/resolve`, { token: people.ministry, body: { uphold: false, resolution: '经核实，数据属实' } });
  expect(dismissed.body).toMatchObject({ phase: 'listed' });

  const hidden = await stack.api('GET', `/api/directory?year=${year}`);
  expect(hidden.status).toBe(404);
  expect((await stack.api('GET', '/api/directory/years')).body.data.map((d: { year: number }) => d.year)).not.toContain(year);
  expect(hidden.body.error.message).toBe(`${year}年度5G工厂名录尚未发布`);

  const marked = await stack.api('POST', `/api/projects/${id}/case`, { token: people.ministry });
  expect(marked.body).toMatchObject({ isCase: true });
  const published = await stack.api('POST', `/api/campaigns/${year}/publish`, { token: people.ministry });
  expect(published.status).toBe(200);
  expect(published.body.publishedAt).toBeTruthy();

  const years = await stack.api('GET', '/api/directory/years');
  expect(years.status).toBe(200);
  expect(years.body.data).toContainEqual({ year, publishedAt: published.body.publishedAt, listed: 2 });

  const directory = await stack.api('GET', `/api/directory?year=${year}`);
  expect(directory.status).toBe(200);
  expect(directory.body.data).toHaveLength(2);
  expect(directory.body.data).toContainEqual(expect.objectContaining({ id, enterpriseName: '广州示范智能制造有限公司', region: '广东省广州市天河区', isCase: true }));
  const search = await stack.api('GET', `/api/directory?year=${year}&q=${encodeURIComponent('不存在的企业')}`);
  expect(search.body.data).toEqual([]);
  await expectProjectionMatchesWorkflow(stack, id);
  await expectProjectionMatchesWorkflow(stack, dismissedId);
}, 60_000);

test('the ministry moves the 公示截止 (PATCH publicityEndsAt): projects in 公示 take the new end and are listed once it has passed', async () => {
  // Publicity follows the recommendation deadline: a campaign whose deadlines have passed.
  const year = await createCampaign(stack, people.ministry, { submissionInMs: 500, cityReviewInMs: 800, recommendationInMs: 1_000 });
  const id = await projectInPublicity(year, 7 * 86_400_000);
  const refused = await stack.api('PATCH', `/api/campaigns/${year}`, { token: people.ministry, body: { publicityEndsAt: '2020-01-01T00:00:00+08:00' } });
  expect({ status: refused.status, details: refused.body.error.details }).toEqual({ status: 422, details: [{ path: 'publicityEndsAt', message: '公示截止时间须晚于推荐截止时间' }] });

  // Brought forward to a few seconds from now (a period announced outside the platform): the workflow's timer takes it.
  const endsAt = new Date(Date.now() + 3_000).toISOString();
  const moved = await stack.api('PATCH', `/api/campaigns/${year}`, { token: people.ministry, body: { publicityEndsAt: endsAt } });
  expect({ status: moved.status, publicityEndsAt: moved.body.publicityEndsAt }).toEqual({ status: 200, publicityEndsAt: endsAt });
  const inPublicity = await eventually(() => stack.api('GET', `/api/projects/${id}`, { token: people.ministry }), (r) => r.body.publicity?.endsAt === endsAt, 20_000);
  expect(inPublicity.body.publicity.endsAt).toBe(endsAt);
  const listed = await eventually(() => stack.api('GET', `/api/projects/${id}`, { token: people.ministry }), (r) => r.body.phase === 'listed', 20_000);
  expect(listed.body.history.map((h: { action: string; toPhase: string }) => `${h.action}/${h.toPhase}`)).toEqual(expect.arrayContaining(['deadlinesChanged/publicity', 'publicityEnded/listed']));
  await expectProjectionMatchesWorkflow(stack, id);
}, 60_000);
