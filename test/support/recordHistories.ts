/**
 * Records the Temporal histories that test/integration/replay.test.ts replays against the current workflow code.
 * Run once, on purpose, when a workflow type or a scenario is added (the files are committed):
 *
 *   RECORD_HISTORIES=1 npx jest --config jest.integration.config.js test/integration/replay.test.ts
 *
 * Each scenario drives the real stack through HTTP (as users do) and writes the workflow's history as JSON to
 * test/fixtures/histories/<name>.json. A history already there is kept, and a scenario whose histories are all there is
 * not run: a file recorded under older workflow code is what proves that executions of that code still replay
 * (patched()). To record one again under the current code, delete its file first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { TEMPORAL_CLI } from '../../infra/temporal';
import type { Stack } from './stack';
import { signInEveryone, createCampaign, completeProject, submittedProject, eventually, workflowIdOf } from './lifecycle';
import { campaignWorkflowId, campaignStatusQuery } from '../../workflows/campaign/contract';
import { RECONCILE_WORKFLOW_TYPE } from '../../workflows/maintenance/contract';
import { batchWorkflowId } from '../../workflows/batch/contract';
import { REGISTRATION_ESCALATION_WORKFLOW_TYPE } from '../../workflows/registrations/contract';

export const HISTORIES_DIR = path.join(__dirname, '..', 'fixtures', 'histories');

export async function recordHistories(stack: Stack): Promise<string[]> {
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  const people = await signInEveryone(stack);
  const post = (id: string, action: string, token: string, body?: unknown) =>
    stack.api('POST', `/api/projects/${id}/${action}`, { token, ...(body === undefined ? {} : { body }) });
  const must = async (p: Promise<{ status: number; body: unknown }>) => {
    const res = await p;
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const written: string[] = [];
  const recorded = (name: string) => fs.existsSync(path.join(HISTORIES_DIR, `${name}.json`));
  /** Whether a scenario still has a history to record. */
  const missing = (...names: string[]) => names.some((name) => !recorded(name));
  const save = async (name: string, workflowId: string) => {
    if (recorded(name)) return;
    // The CLI's JSON is the format every Temporal SDK reads (historyToJSON of the SDK trips over a duplicated protobufjs).
    const json = execFileSync(TEMPORAL_CLI, ['workflow', 'show', '--address', stack.env.TEMPORAL_ADDRESS, '--namespace', stack.env.TEMPORAL_NAMESPACE, '--workflow-id', workflowId, '--output', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const file = path.join(HISTORIES_DIR, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify({ workflowId, history: JSON.parse(json) }, null, 1) + '\n');
    written.push(file);
  };

  // 1. The happy path with 初审, dual recommendation, a withdrawal request rejected and then approved, a resubmission.
  if (missing('submission-happy-path')) {
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: true });
  const p = await submittedProject(stack, people.enterprise, year);
  await must(post(p.id, 'city-review', people.city, { decision: 'approve' }));
  await must(post(p.id, 'recommend', people.provinceCa, { formVersion: p.formVersion }));
  await must(post(p.id, 'recommend', people.provinceMiit, { formVersion: p.formVersion }));
  await must(post(p.id, 'withdraw', people.enterprise, { reason: '项目范围调整' }));
  await must(post(p.id, 'withdrawal/reject', people.provinceCa, { reason: '材料已审核完毕' }));
  await must(post(p.id, 'withdraw', people.enterprise, { reason: '项目范围调整' }));
  await must(post(p.id, 'withdrawal/approve', people.provinceMiit));
  await must(post(p.id, 'submit', people.enterprise));
  await must(post(p.id, 'city-review', people.city, { decision: 'return', reason: '请补充网络拓扑图' }));
  await save('submission-happy-path', await workflowIdOf(stack, p.id));
  }

  // 2. A deadline change broadcast by the campaign workflow, and a draft closed by its submission-deadline timer.
  if (missing('campaign-deadline-change', 'submission-deadline-change', 'submission-expired')) {
  const short = await createCampaign(stack, people.ministry, { submissionInMs: 8_000, recommendationInMs: 60_000, cityReviewRequired: false });
  const draft = await completeProject(stack, people.enterprise, short);
  const waiting = await submittedProject(stack, people.enterprise, short);
  const campaign = (await stack.api('GET', `/api/campaigns/${short}`, { token: people.ministry })).body;
  const extended = new Date(Date.parse(campaign.recommendationDeadline) + 3_600_000).toISOString();
  const patched = await stack.api('PATCH', `/api/campaigns/${short}`, { token: people.ministry, body: { recommendationDeadline: extended } });
  if (patched.status !== 200) throw new Error(`campaign patch ${patched.status}`);
  const campaignHandle = stack.temporal.client.workflow.getHandle(campaignWorkflowId(short));
  await eventually(() => campaignHandle.query(campaignStatusQuery), (s) => s.broadcasts >= 1, 20_000);
  await eventually(() => stack.api('GET', `/api/projects/${waiting.id}`, { token: people.enterprise }), (r) => r.body.deadlines?.recommendation === extended, 20_000);
  const expired = await eventually(() => stack.api('GET', `/api/projects/${draft.id}`, { token: people.enterprise }), (r) => r.body.phase === 'expired', 30_000);
  if (expired.body.phase !== 'expired') throw new Error('draft did not expire');
  await save('campaign-deadline-change', campaignWorkflowId(short));
  await save('submission-deadline-change', await workflowIdOf(stack, waiting.id));
  await save('submission-expired', await workflowIdOf(stack, draft.id));
  }

  // 3. The workflow lifetime (issue 13.4): an expired draft reopened with a new deadline (13.3), expired again, an
  //    operator invited in that final phase, then the year archived — the submission and the campaign workflow complete.
  if (missing('submission-reopened-archived', 'campaign-archived')) {
    const life = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
    const late = await completeProject(stack, people.enterprise, life);
    const soon = Date.now();
    const shortened = await stack.api('PATCH', `/api/campaigns/${life}`, {
      token: people.ministry,
      body: { submissionDeadline: new Date(soon + 3_000).toISOString(), recommendationDeadline: new Date(soon + 120_000).toISOString(), provinceSettings: {} },
    });
    if (shortened.status !== 200) throw new Error(`campaign patch ${shortened.status}`);
    const lateId = await workflowIdOf(stack, late.id);
    const phaseIs = (phase: string) => eventually(() => stack.api('GET', `/api/projects/${late.id}`, { token: people.enterprise }), (r) => r.body.phase === phase, 30_000);
    if ((await phaseIs('expired')).body.phase !== 'expired') throw new Error('draft did not expire');
    await must(stack.api('POST', `/api/admin/workflows/${encodeURIComponent(lateId)}/reopen`, { token: people.admin, body: { reason: '系统故障导致无法提交', until: new Date(Date.now() + 8_000).toISOString() } }));
    if ((await phaseIs('expired')).body.phase !== 'expired') throw new Error('reopened draft did not expire again');
    const [[operator]] = (await stack.sequelize.query("SELECT id FROM users WHERE username = 'gdmobile'")) as [{ id: string }[], unknown];
    await must(post(late.id, 'operators', people.enterprise, { operatorId: operator!.id }));
    // Every submission of the year is final (the draft expired): the year can be archived.
    await must(stack.api('POST', `/api/campaigns/${life}/archive`, { token: people.ministry }));
    await stack.temporal.client.workflow.getHandle(lateId).result();
    await stack.temporal.client.workflow.getHandle(campaignWorkflowId(life)).result();
    await save('submission-reopened-archived', lateId);
    await save('campaign-archived', campaignWorkflowId(life));
  }

  // 3b. Campaign changes sent page by page (issue 15.6): one that alters nothing (publicityDays: no entry), then a
  //     province's 初审 rule turned on, which reaches the submitted project.
  if (missing('campaign-change-pages', 'submission-campaign-rule')) {
    const rules = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
    const p = await submittedProject(stack, people.enterprise, rules);
    const campaign = (await stack.api('GET', `/api/campaigns/${rules}`, { token: people.ministry })).body;
    await must(stack.api('PATCH', `/api/campaigns/${rules}`, { token: people.ministry, body: { publicityDays: 5 } }));
    const campaignHandle = stack.temporal.client.workflow.getHandle(campaignWorkflowId(rules));
    await eventually(() => campaignHandle.query(campaignStatusQuery), (s) => s.deadlinesVersion >= campaign.deadlinesVersion + 1, 30_000);
    const cityReviewDeadline = new Date(Date.parse(campaign.recommendationDeadline) - 24 * 3_600_000).toISOString();
    await must(stack.api('PATCH', `/api/campaigns/${rules}`, { token: people.ministry, body: { provinceSettings: { '440000': { cityReviewRequired: true, cityReviewDeadline } } } }));
    const ruled = await eventually(() => stack.api('GET', `/api/projects/${p.id}`, { token: people.enterprise }), (r) => r.body.cityReview === 'pending', 30_000);
    if (ruled.body.cityReview !== 'pending') throw new Error('the 初审 rule did not reach the project');
    await eventually(() => campaignHandle.query(campaignStatusQuery), (s) => s.deadlinesVersion >= campaign.deadlinesVersion + 2, 30_000);
    await save('campaign-change-pages', campaignWorkflowId(rules));
    await save('submission-campaign-rule', await workflowIdOf(stack, p.id));
  }

  // 4. One reconciliation pass (started by its schedule in production; here directly).
  if (missing('reconcile-projections')) {
    const reconcileId = `reconcile-projections:record:${Date.now()}`;
    await stack.temporal.client.workflow.execute(RECONCILE_WORKFLOW_TYPE, { workflowId: reconcileId, taskQueue: stack.taskQueue, args: [] });
    await save('reconcile-projections', reconcileId);
  }

  // 5. A batch operation: 立即对账 as the admin starts it (selection, chunks, the end).
  if (missing('batch-reconcile')) {
    const started = await stack.api('POST', '/api/admin/reconcile', { token: people.admin, body: { mode: 'full' } });
    if (started.status !== 202) throw new Error(`立即对账 ${started.status} ${JSON.stringify(started.body)}`);
    const batchId = batchWorkflowId(started.body.batch.id);
    await stack.temporal.client.workflow.getHandle(batchId).result();
    await save('batch-reconcile', batchId);
  }
  // 6. One pass of the registration escalation (新增企业初审 untouched 3 working days; started by its schedule in production).
  if (missing('registration-escalation')) {
    const escalationId = `registration-escalation:record:${Date.now()}`;
    await stack.temporal.client.workflow.execute(REGISTRATION_ESCALATION_WORKFLOW_TYPE, { workflowId: escalationId, taskQueue: stack.taskQueue, args: [] });
    await save('registration-escalation', escalationId);
  }
  // 7. The projection written by a local activity (issue 15.5): a declaration with 初审 and both 推荐, and a section save
  //    whose write fails transiently three times — both local attempts, then the regular activity's first — and heals.
  if (missing('submission-local-projection')) {
    await stack.sequelize.query(`
      CREATE SEQUENCE IF NOT EXISTS record_transient_attempts;
      CREATE OR REPLACE FUNCTION record_transient() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.name LIKE '%RECORD40%' AND nextval('record_transient_attempts') <= 3 THEN
          RAISE EXCEPTION 'could not serialize access due to concurrent update' USING ERRCODE = '40001';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER record_transient BEFORE UPDATE ON submissions FOR EACH ROW EXECUTE FUNCTION record_transient();
    `);
    try {
      const year = await createCampaign(stack, people.ministry, { cityReviewRequired: true });
      const draft = await completeProject(stack, people.enterprise, year);
      const info = (draft.sections as { projectInfo: Record<string, unknown> }).projectInfo;
      await must(stack.api('PUT', `/api/projects/${draft.id}/sections/projectInfo`, { token: people.enterprise, body: { ...info, name: '5G RECORD40 工厂' } }));
      const p = (await must(post(draft.id, 'submit', people.enterprise))) as { formVersion: number };
      await must(post(draft.id, 'city-review', people.city, { decision: 'approve' }));
      await must(post(draft.id, 'recommend', people.provinceCa, { formVersion: p.formVersion }));
      await must(post(draft.id, 'recommend', people.provinceMiit, { formVersion: p.formVersion }));
      await save('submission-local-projection', await workflowIdOf(stack, draft.id));
    } finally {
      await stack.sequelize.query('DROP TRIGGER IF EXISTS record_transient ON submissions');
    }
  }
  // 8. The deadline's timer running on through a draft's saves and its submission (issue 15.8, PATCHES.steadyDeadlineTimer),
  //    then moved by the ministry: cancelled and started again at the new instant.
  if (missing('submission-steady-timer')) {
    const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
    const p = await submittedProject(stack, people.enterprise, year);
    const campaign = (await must(stack.api('GET', `/api/campaigns/${year}`, { token: people.ministry }))) as { recommendationDeadline: string };
    const moved = new Date(Date.parse(campaign.recommendationDeadline) + 24 * 3600_000).toISOString();
    await must(stack.api('PATCH', `/api/campaigns/${year}`, { token: people.ministry, body: { recommendationDeadline: moved } }));
    const id = await workflowIdOf(stack, p.id);
    await eventually(() => stack.temporal.client.workflow.getHandle(id).fetchHistory(), (h) => (h.events ?? []).filter((e) => e.timerStartedEventAttributes).length >= 3, 30_000);
    await save('submission-steady-timer', id);
  }
  return written;
}
