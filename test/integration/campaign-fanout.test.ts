/**
 * The campaign fan-out, correct and resumable (issue 15.6). Each test reproduces a bug of the earlier broadcast:
 * - a province's 初审 rule changed in PATCH /api/campaigns/:year reaches running submissions;
 * - a change writes 截止时间调整 only into submissions whose deadlines or rule it changes (not for publicityDays, not
 *   at the campaign's creation);
 * - a broadcast that fails half-way resumes from its cursor (that page again, not the year), pages in bounded batches
 *   and shows its progress on the campaign;
 * - a campaign whose workflow cannot be started is not created (503 in Chinese), instead of being created without one.
 * (Each city office hearing its own province's 初审 date: test/integration/reminders-per-province.test.ts.)
 */
import { startStack, type Stack } from '../support/stack';
import { signedInSuite } from '../support/suite';
import { createCampaign, completeDraftsInBulk, eventually, expectProjectionMatchesWorkflow, type People } from '../support/lifecycle';
import { freePort } from '../../infra/ports';
import { campaignWorkflowId, CAMPAIGN_WORKFLOW_TYPE } from '../../workflows/campaign/contract';
import { stateQuery } from '../../workflows/submission/contract';

let stack: Stack;
let people: People;
const suite = signedInSuite();
beforeAll(() => ({ stack, people } = suite));

const DAY = 24 * 3600_000;
const get = (id: string, token = people.enterprise) => stack.api('GET', `/api/projects/${id}`, { token });
const patch = (year: number, body: unknown) => stack.api('PATCH', `/api/campaigns/${year}`, { token: people.ministry, body });
const submit = (id: string) => stack.api('POST', `/api/projects/${id}/submit`, { token: people.enterprise });

async function deadlineRows(id: string): Promise<number> {
  const [[row]] = (await stack.sequelize.query("SELECT count(*) AS n FROM submission_history WHERE submission_id = :id AND action = 'deadlinesChanged'", {
    replacements: { id },
  })) as [{ n: string }[], unknown];
  return Number(row!.n);
}

/** Until the campaign shows the change of `version` sent to every open submission. */
async function broadcastDone(year: number, version: number) {
  const done = await eventually(
    () => stack.api('GET', `/api/campaigns/${year}`, { token: people.ministry }),
    (r) => r.body.broadcast?.kind === 'deadlines' && r.body.broadcast.version === version && r.body.broadcast.finishedAt != null,
    60_000,
  );
  expect(done.body.broadcast).toMatchObject({ kind: 'deadlines', version, finishedAt: expect.any(String) });
  return done.body;
}

/** Until the workflow's state shows `recommendation` as its 推荐截止 and the projection has caught up with it. */
async function settledAt(p: { id: string; workflowId: string }, recommendation: string): Promise<void> {
  const handle = stack.temporal.client.workflow.getHandle(p.workflowId);
  const state = await eventually(() => handle.query(stateQuery), (s) => s.deadlines.recommendation === recommendation, 30_000);
  expect(state.deadlines.recommendation).toBe(recommendation);
  await expectProjectionMatchesWorkflow(stack, p.id);
}

/** A submitted project of the demo enterprise in 苏州 (江苏省) instead of 广州. */
async function suzhouProject(year: number): Promise<{ id: string; workflowId: string }> {
  const [draft] = await completeDraftsInBulk(stack, people.enterprise, year, 1);
  const info = (await get(draft!.id)).body.sections.projectInfo;
  const saved = await stack.api('PUT', `/api/projects/${draft!.id}/sections/projectInfo`, {
    token: people.enterprise,
    body: { ...info, address: { provinceCode: '320000', cityCode: '320500', districtCode: '320505' }, addressDetail: '苏州市虎丘区科技城' },
  });
  expect(saved.status).toBe(200);
  expect((await submit(draft!.id)).status).toBe(200);
  return draft!;
}

test('a province’s 初审 rule changed during the campaign reaches its running submissions', async () => {
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const [project] = await completeDraftsInBulk(stack, people.enterprise, year, 1);
  expect((await submit(project!.id)).status).toBe(200);
  expect((await get(project!.id)).body).toMatchObject({ cityReviewRequired: false, cityReview: null });

  const campaign = (await stack.api('GET', `/api/campaigns/${year}`, { token: people.ministry })).body;
  const cityReviewDeadline = new Date(Date.parse(campaign.recommendationDeadline) - DAY).toISOString();
  expect((await patch(year, { provinceSettings: { '440000': { cityReviewRequired: true, cityReviewDeadline } } })).status).toBe(200);
  const view = await eventually(() => get(project!.id, people.provinceMiit), (r) => r.body.cityReviewRequired === true, 30_000);
  expect(view.body).toMatchObject({ cityReviewRequired: true, cityReview: 'pending', statusText: '广州市(工业和信息化局)待初审;' });
  expect(view.body.deadlines.cityReview).toBe(cityReviewDeadline);
  const recommend = await stack.api('POST', `/api/projects/${project!.id}/recommend`, { token: people.provinceMiit, body: { formVersion: view.body.formVersion } });
  expect({ status: recommend.status, code: recommend.body.error?.code }).toEqual({ status: 409, code: 'CITY_REVIEW_REQUIRED' });
  expect((await stack.api('POST', `/api/projects/${project!.id}/city-review`, { token: people.city, body: { decision: 'approve' } })).status).toBe(200);
  await expectProjectionMatchesWorkflow(stack, project!.id);
}, 120_000);

test('a change writes 截止时间调整 only into the submissions it changes; creating the campaign writes none', async () => {
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const [draft, submitted] = await completeDraftsInBulk(stack, people.enterprise, year, 2);
  expect((await submit(submitted!.id)).status).toBe(200);
  const suzhou = await suzhouProject(year);
  const projects = [draft!, submitted!, suzhou];
  const counts = () => Promise.all(projects.map((p) => deadlineRows(p.id)));

  // Only the publicity period: nobody's deadlines or rule.
  expect((await patch(year, { publicityDays: 5 })).status).toBe(200);
  // Only 江苏's 初审 rule: the 苏州 project, not the 广州 ones.
  const campaign = (await stack.api('GET', `/api/campaigns/${year}`, { token: people.ministry })).body;
  const cityReviewDeadline = new Date(Date.parse(campaign.recommendationDeadline) - DAY).toISOString();
  expect((await patch(year, { provinceSettings: { ...campaign.provinceSettings, '320000': { cityReviewRequired: true, cityReviewDeadline } } })).status).toBe(200);
  // (Sent before the next change: a change that arrives while one is still being sent supersedes it — the rest of the
  // year then gets both at once.)
  await broadcastDone(year, campaign.deadlinesVersion + 1);
  // The 推荐截止: everyone. Once every workflow has it (signals are applied in order) and its projection has caught up,
  // the history holds exactly what the three changes wrote: nothing at creation, nothing for publicityDays.
  const recommendation = new Date(Date.parse(campaign.recommendationDeadline) + DAY).toISOString();
  expect((await patch(year, { recommendationDeadline: recommendation })).status).toBe(200);
  const final = await broadcastDone(year, campaign.deadlinesVersion + 2);
  expect(final.broadcast).toMatchObject({ total: 3, processed: 3 });
  for (const p of projects) await settledAt(p, recommendation);
  expect(await counts()).toEqual([1, 1, 2]);
  expect((await get(suzhou.id)).body).toMatchObject({ cityReviewRequired: true, cityReview: 'pending' });
}, 150_000);

test('a broadcast that fails half-way resumes from its cursor, one page again, and shows its progress on the campaign', async () => {
  // This year's campaign workflow pages 2 submissions at a time: the one the API started is replaced by one with small
  // pages before any submission exists (the API's next signal then reaches it).
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const campaignHandle = stack.temporal.client.workflow.getHandle(campaignWorkflowId(year));
  await campaignHandle.terminate('test: restarted with small pages');
  await stack.temporal.client.workflow.start(CAMPAIGN_WORKFLOW_TYPE, { workflowId: campaignWorkflowId(year), taskQueue: stack.taskQueue, args: [{ year, pageSize: 2 }] });
  const drafts = await completeDraftsInBulk(stack, people.enterprise, year, 5);

  // PostgreSQL refuses the progress write of the second page once (after its signals have gone out). Sequences are
  // not rolled back with the failed statement, so they count every attempt at each page's progress write. (Nested IFs:
  // SQL does not promise to evaluate AND from left to right, so nextval() must not share a condition.)
  await stack.sequelize.query(`
    CREATE SEQUENCE page1_${year}; CREATE SEQUENCE page2_${year};
    CREATE FUNCTION fail_once_${year}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.year = ${year} AND NEW.broadcast ->> 'kind' = 'deadlines' THEN
        IF NEW.broadcast ->> 'processed' = '2' THEN
          PERFORM nextval('page1_${year}');
        ELSIF NEW.broadcast ->> 'processed' = '4' THEN
          IF nextval('page2_${year}') = 1 THEN
            RAISE EXCEPTION 'injected failure' USING ERRCODE = '40001';
          END IF;
        END IF;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER fail_once_${year} BEFORE UPDATE ON campaigns FOR EACH ROW EXECUTE FUNCTION fail_once_${year}();`);
  try {
    const campaign = (await stack.api('GET', `/api/campaigns/${year}`, { token: people.ministry })).body;
    const recommendation = new Date(Date.parse(campaign.recommendationDeadline) + DAY).toISOString();
    expect((await patch(year, { recommendationDeadline: recommendation })).status).toBe(200);
    const done = await broadcastDone(year, campaign.deadlinesVersion + 1);
    expect(done.broadcast).toEqual({ kind: 'deadlines', version: campaign.deadlinesVersion + 1, total: 5, processed: 5, finishedAt: expect.any(String) });
    // The first page was written once (not repeated after the failure); the second page twice (failed, then again).
    const [[attempts]] = (await stack.sequelize.query(`SELECT (SELECT last_value FROM page1_${year}) AS page1, (SELECT last_value FROM page2_${year}) AS page2`)) as [
      { page1: string; page2: string }[],
      unknown,
    ];
    expect({ page1: Number(attempts!.page1), page2: Number(attempts!.page2) }).toEqual({ page1: 1, page2: 2 });
    // Each submission took the change once, although the failed page ran twice (a workflow the change has reached
    // already records nothing for it again).
    for (const d of drafts) await settledAt(d, recommendation);
    expect(await Promise.all(drafts.map((d) => deadlineRows(d.id)))).toEqual([1, 1, 1, 1, 1]);
  } finally {
    await stack.sequelize.query(`DROP TRIGGER fail_once_${year} ON campaigns; DROP FUNCTION fail_once_${year}(); DROP SEQUENCE page1_${year}; DROP SEQUENCE page2_${year};`);
  }
}, 150_000);

test('a campaign whose workflow cannot be started is not created: 503 in Chinese, and nothing saved', async () => {
  // An API whose Temporal is not there (nothing listens on the port).
  const offline = await startStack({ temporalAddress: `127.0.0.1:${await freePort()}`, withWorker: false });
  try {
    const ministry = await offline.login('miit');
    const created = await offline.api('POST', '/api/campaigns', { token: ministry, body: { year: 2099 } });
    expect({ status: created.status, body: created.body }).toEqual({
      status: 503,
      body: { error: { code: 'TEMPORAL_UNAVAILABLE', message: '流程服务暂不可用，申报批次未保存，请稍后重试', requestId: expect.any(String) } },
    });
    expect((await offline.api('GET', '/api/campaigns/2099', { token: ministry })).status).toBe(404);
  } finally {
    await offline.stop();
  }
}, 120_000);
