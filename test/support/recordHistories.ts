/**
 * Records the Temporal histories that test/integration/replay.test.ts replays against the current workflow code.
 * Run once, on purpose, when a workflow type or a scenario is added (the files are committed):
 *
 *   RECORD_HISTORIES=1 npx jest --config jest.integration.config.js test/integration/replay.test.ts
 *
 * Each scenario drives the real stack through HTTP (as users do) and writes the workflow's history as JSON to
 * test/fixtures/histories/<name>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { TEMPORAL_CLI } from '../../infra/temporal';
import type { Stack } from './stack';
import { signInEveryone, createCampaign, completeProject, submittedProject, eventually } from './lifecycle';
import { campaignWorkflowId, campaignStatusQuery } from '../../workflows/campaign/contract';

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
  const save = async (name: string, workflowId: string) => {
    // The CLI's JSON is the format every Temporal SDK reads (historyToJSON of the SDK trips over a duplicated protobufjs).
    const json = execFileSync(TEMPORAL_CLI, ['workflow', 'show', '--address', stack.env.TEMPORAL_ADDRESS, '--namespace', stack.env.TEMPORAL_NAMESPACE, '--workflow-id', workflowId, '--output', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const file = path.join(HISTORIES_DIR, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify({ workflowId, history: JSON.parse(json) }, null, 1) + '\n');
    written.push(file);
  };
  const workflowIdOf = async (id: string) => {
    const [rows] = await stack.sequelize.query('SELECT workflow_id FROM submissions WHERE id = :id', { replacements: { id } });
    return (rows as { workflow_id: string }[])[0]!.workflow_id;
  };

  // 1. The happy path with 初审, dual recommendation, a withdrawal request rejected and then approved, a resubmission.
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
  await save('submission-happy-path', await workflowIdOf(p.id));

  // 2. A deadline change broadcast by the campaign workflow, and a draft closed by its submission-deadline timer.
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
  await stack.temporal.client.workflow.getHandle(await workflowIdOf(draft.id)).result();
  await save('campaign-deadline-change', campaignWorkflowId(short));
  await save('submission-deadline-change', await workflowIdOf(waiting.id));
  await save('submission-expired', await workflowIdOf(draft.id));
  return written;
}
