/**
 * Something on every role's main screens, made through the real API and workflows: a campaign with 市级初审 where
 * one project waits for the city, one is recommended by one provincial authority (the other still has 推荐), one is a
 * draft and an operator is invited to read the first; and a second campaign whose deadlines the ministry moves to a
 * few seconds ahead, so that a project recommended by both reaches 部级评审中 with an expert assigned.
 */
import crypto from 'node:crypto';
import type { Stack } from '../support/stack';
import { initialState } from '../../domain/lifecycle/state';
import { exampleForm } from '../../domain/form/example';
import { submissionWorkflowId, SUBMISSION_WORKFLOW_TYPE } from '../../workflows/submission/contract';
import { DEMO_PASSWORD } from '../../db/seed';
import { makeUscc } from '../../domain/accounts/uscc';
import { completeProject, createCampaign, eventually, signInEveryone, submittedProject, type People } from '../support/lifecycle';

export interface ScreensData {
  people: People;
  /** 待推荐, waiting for the city's 初审; the operator gdmobile is invited to it. */
  awaitingCity: string;
  /** 部分推荐: recommended by the 省工信厅, the 省通信管理局 may still 推荐. */
  partlyRecommended: string;
  /** 暂存: the enterprise may still edit it. */
  draft: string;
  /** 部级评审中 with expert1 assigned. */
  ministryReview: string;
  years: { current: number; reviewed: number };
  /** A year whose 名录 is published with the entries below. */
  directory: { year: number; projects: string[] };
  /** A finished 批量操作 (重发截止时间 on two workflows), for the batch screens. */
  batch: string;
  /** A second enterprise (深圳), signed up and approved: none of the projects above is its own. */
  otherEnterprise: { username: string; password: string };
}

async function post(stack: Stack, token: string, path: string, body?: unknown): Promise<any> {
  const res = await stack.api('POST', path, { token: token || undefined, body });
  if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function recommend(stack: Stack, token: string, id: string): Promise<void> {
  const { body } = await stack.api('GET', `/api/projects/${id}`, { token });
  await post(stack, token, `/api/projects/${id}/recommend`, { formVersion: body.formVersion });
}

/**
 * A project recommended by both, then the ministry moves the campaign's deadlines to a few seconds from now (as
 * PATCH /api/campaigns/:year allows), so that the workflow's own deadline takes it to 部级评审中; expert1 assigned.
 */
async function projectInMinistryReview(stack: Stack, people: People): Promise<{ id: string; year: number }> {
  const year = await createCampaign(stack, people.ministry, { cityReviewInMs: null, cityReviewRequired: false });
  const { id } = await submittedProject(stack, people.enterprise, year);
  for (const regulator of [people.provinceMiit, people.provinceCa]) await recommend(stack, regulator, id);
  const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
  const moved = await stack.api('PATCH', `/api/campaigns/${year}`, { token: people.ministry, body: { submissionDeadline: soon(1_000), recommendationDeadline: soon(2_000) } });
  if (moved.status !== 200) throw new Error(`PATCH campaign: ${moved.status} ${JSON.stringify(moved.body)}`);
  const reached = await eventually(() => stack.api('GET', `/api/projects/${id}`, { token: people.ministry }), (r) => r.body.phase === 'ministry_review', 60_000);
  if (reached.body.phase !== 'ministry_review') throw new Error(`not in ministry review: ${reached.body.phase}`);
  const experts = (await stack.api('GET', '/api/experts', { token: people.ministry })).body.data as { id: string; name: string }[];
  await post(stack, people.ministry, `/api/projects/${id}/experts`, { expertIds: [experts[0]!.id] });
  return { id, year };
}

const LISTED = [
  { name: '广州天河精密电子5G全连接工厂', industry: '电子设备制造' },
  { name: '广州黄埔新能源汽车零部件5G智慧工厂', industry: '汽车制造' },
  { name: '广州番禺智能家电5G柔性制造工厂', industry: '家电' },
];

/**
 * A published 名录: projects whose workflow starts in 公示 (the state a previous run would have carried, as
 * test/integration/publicity.test.ts does) ending in a moment, so the workflow's own timer lists them; then the
 * ministry publishes the year (POST /api/campaigns/:year/publish).
 */
async function publishedDirectory(stack: Stack, people: People): Promise<ScreensData['directory']> {
  const year = await createCampaign(stack, people.ministry, { cityReviewInMs: null, cityReviewRequired: false });
  const [[enterprise]] = (await stack.sequelize.query("SELECT id, org_name FROM users WHERE username = 'gzfactory'")) as [{ id: string; org_name: string }[], unknown];
  const ids: string[] = [];
  for (const listed of LISTED) {
    const projectId = crypto.randomUUID();
    const submissionId = crypto.randomUUID();
    const form = exampleForm();
    form.projectInfo = { ...form.projectInfo, name: listed.name, industry: listed.industry } as typeof form.projectInfo;
    const now = Date.now();
    const state = {
      ...initialState({
        projectId,
        year,
        enterpriseId: enterprise!.id,
        provinceCode: '440000',
        cityCode: '440100',
        stage: '建设完成',
        cityReviewRequired: false,
        deadlines: { submission: new Date(now - 3 * 86400_000).toISOString(), recommendation: new Date(now - 86400_000).toISOString(), cityReview: null },
      }),
      phase: 'publicity' as const,
      decision: 'shortlisted' as const,
      publicity: { startedAt: new Date(now).toISOString(), endsAt: new Date(now + 1_000).toISOString() },
      seq: 10,
    };
    await stack.sequelize.query('INSERT INTO projects (id, enterprise_id) VALUES (:projectId, :enterpriseId)', { replacements: { projectId, enterpriseId: enterprise!.id } });
    await stack.sequelize.query(
      `INSERT INTO submissions (id, project_id, year, enterprise_id, enterprise_name, workflow_id, sections, phase, submitted_at, name, industry, province_code, city_code, address_text, state, seq)
       VALUES (:submissionId, :projectId, :year, :enterpriseId, :enterpriseName, :workflowId, CAST(:sections AS jsonb), 'publicity', now(), :name, :industry, '440000', '440100', '广东省广州市天河区', CAST(:state AS jsonb), :seq)`,
      {
        replacements: {
          submissionId, projectId, year, enterpriseId: enterprise!.id, enterpriseName: enterprise!.org_name, workflowId: submissionWorkflowId(year, projectId),
          sections: JSON.stringify(form), name: listed.name, industry: listed.industry, state: JSON.stringify(state), seq: state.seq,
        },
      },
    );
    await stack.temporal.client.workflow.start(SUBMISSION_WORKFLOW_TYPE, { workflowId: submissionWorkflowId(year, projectId), taskQueue: stack.taskQueue, args: [{ submissionId, state }] });
    ids.push(submissionId);
  }
  for (const id of ids) {
    const listed = await eventually(() => stack.api('GET', `/api/projects/${id}`, { token: people.ministry }), (r) => r.body.phase === 'listed', 60_000);
    if (listed.body.phase !== 'listed') throw new Error(`not listed: ${listed.body.phase}`);
  }
  await post(stack, people.ministry, `/api/projects/${ids[0]}/case`);
  await post(stack, people.ministry, `/api/campaigns/${year}/publish`);
  return { year, projects: LISTED.map((l) => l.name) };
}

/** An enterprise's registration (账号注册 + 企业认证), as the 2-step page sends it. */
function registration(username: string, orgName: string, serial: string) {
  return {
    account: { name: '周晓峰', username, mobile: `1391234${serial}`, email: `${username}@example.com`, password: DEMO_PASSWORD, confirmPassword: DEMO_PASSWORD },
    organisation: {
      role: 'enterprise',
      regionCode: '440300',
      orgName,
      orgAddress: { provinceCode: '440000', cityCode: '440300', districtCode: '440305' },
      addressDetail: '南山区科技园科苑路8号',
      uscc: makeUscc(`91440300MA5D${serial}X`),
      enterpriseNature: '民营企业',
      nationalEconomyCode: '3831',
    },
  };
}

/** 重发截止时间 on the submissions' workflows, as the admin starts it from 流程监控, waited for until it is done. */
async function finishedBatch(stack: Stack, admin: string, submissionIds: string[]): Promise<string> {
  const [rows] = await stack.sequelize.query('SELECT workflow_id FROM submissions WHERE id IN (:ids)', { replacements: { ids: submissionIds } });
  const workflowIds = (rows as { workflow_id: string }[]).map((r) => r.workflow_id);
  const res = await stack.api('POST', '/api/admin/batches', { token: admin, body: { operation: 'resendDeadlines', workflowIds } });
  if (res.status !== 202) throw new Error(`POST /api/admin/batches: ${res.status} ${JSON.stringify(res.body)}`);
  const done = await eventually(() => stack.api('GET', `/api/admin/batches/${res.body.id}`, { token: admin }), (r) => r.body.status === 'completed', 60_000);
  if (done.body.status !== 'completed') throw new Error(`batch not completed: ${JSON.stringify(done.body)}`);
  return res.body.id as string;
}

/** Two registrations: one approved (the other enterprise), one left for the administrator's 注册审核. */
async function registrations(stack: Stack, admin: string): Promise<ScreensData['otherEnterprise']> {
  const approved = registration('szfactory', '深圳前海智造科技有限公司', '0001');
  for (const body of [approved, registration('dgfactory', '东莞松湖智能装备有限公司', '0002')]) await post(stack, '', '/api/auth/register', body);
  const pending = (await stack.api('GET', '/api/registrations?status=pending&perPage=100', { token: admin })).body.data as { id: string; username: string }[];
  const entry = pending.find((r) => r.username === approved.account.username)!;
  // Guangdong has its cities do the 初审 of new enterprises (db/seed.ts province_settings 'city_then_admin'):
  // 深圳市工信局 first, then the administrator.
  const city = await stack.api('POST', `/api/registrations/${entry.id}/approve`, { token: await stack.login('shenzhen_miit') });
  if (city.status !== 204) throw new Error(`city approve: ${city.status} ${JSON.stringify(city.body)}`);
  const res = await stack.api('POST', `/api/registrations/${entry.id}/approve`, { token: admin });
  if (res.status !== 204) throw new Error(`approve: ${res.status} ${JSON.stringify(res.body)}`);
  return { username: approved.account.username, password: DEMO_PASSWORD };
}

export async function seedScreens(stack: Stack): Promise<ScreensData> {
  const people = await signInEveryone(stack);
  const current = await createCampaign(stack, people.ministry, { cityReviewRequired: true });
  const awaitingCity = (await submittedProject(stack, people.enterprise, current)).id as string;
  const partlyRecommended = (await submittedProject(stack, people.enterprise, current)).id as string;
  await post(stack, people.city, `/api/projects/${partlyRecommended}/city-review`, { decision: 'approve' });
  await recommend(stack, people.provinceMiit, partlyRecommended);
  const draft = (await completeProject(stack, people.enterprise, current)).id as string;
  const operators = (await stack.api('GET', '/api/operators?q=gdmobile', { token: people.enterprise })).body.data as { id: string }[];
  await post(stack, people.enterprise, `/api/projects/${awaitingCity}/operators`, { operatorId: operators[0]!.id });
  const { id: ministryReview, year } = await projectInMinistryReview(stack, people);
  const otherEnterprise = await registrations(stack, people.admin);
  const directory = await publishedDirectory(stack, people);
  const batch = await finishedBatch(stack, people.admin, [draft, awaitingCity]);
  return { people, awaitingCity, partlyRecommended, draft, ministryReview, years: { current, reviewed: year }, otherEnterprise, directory, batch };
}
