/**
 * Continue-as-new, made to happen (issue 16.5). Production's server suggests it after 4 Ki history events or 4 MB —
 * years of a project's life; this dev server suggests it after 40 events, so a draft saved a few times and a project
 * taken through 提交 and 推荐 continue as new mid-life. Nobody may notice: the same phase, form version, history and
 * workflow state; actions sent across the switch are answered; the pending deadline fires in the new run.
 */
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { startTemporalDevServer, type LocalTemporal } from '../../infra/temporal';
import { freePort } from '../../infra/ports';
import { startStack, type Stack } from '../support/stack';
import { signInEveryone, campaignWithDeadline, completeProject, submittedProject, bringSubmissionDeadline, eventually, type People } from '../support/lifecycle';
import { stateQuery } from '../../workflows/submission/contract';

const SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS = 40;

let temporal: LocalTemporal;
let stack: Stack;
let people: People;
beforeAll(async () => {
  const dir = process.env.TEST_DATA_DIR!;
  temporal = await startTemporalDevServer({
    dbFile: path.join(dir, `temporal-can-${process.pid}.db`),
    port: await freePort(),
    logFile: path.join(dir, `temporal-can-${process.pid}.log`),
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS },
  });
  stack = await startStack({ temporalAddress: temporal.address });
  people = await signInEveryone(stack);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await temporal?.stop();
});

/** How many runs the workflow has had: each continued run names the run it continues. */
async function runsOf(handle: WorkflowHandle): Promise<number> {
  let runs = 1;
  let runId: string | undefined = (await handle.describe()).runId;
  for (;;) {
    const history: { events?: { workflowExecutionStartedEventAttributes?: { continuedExecutionRunId?: string | null } | null }[] | null } = await stack.temporal.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    const continued: string | null | undefined = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!continued) return runs;
    runs++;
    runId = continued;
  }
}

const view = async (id: string) => (await stack.api('GET', `/api/projects/${id}`, { token: people.enterprise })).body;

test('a draft and a reviewed project continue as new keeping phase, form, history, state and deadlines', async () => {
  const { year } = await campaignWithDeadline(stack, people.ministry, 3_600_000);
  const draft = await completeProject(stack, people.enterprise, year);
  const reviewed = await submittedProject(stack, people.enterprise, year);
  for (const authority of [people.provinceCa, people.provinceMiit]) {
    const res = await stack.api('POST', `/api/projects/${reviewed.id}/recommend`, { token: authority, body: { formVersion: reviewed.formVersion } });
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 200, code: undefined });
  }

  for (const project of [draft, reviewed]) {
    const handle = stack.temporal.client.workflow.getHandle(`submission:${year}:${project.projectId}`);
    // The switch happens between actions: wait until the new run is the one answering.
    await eventually(() => runsOf(handle), (runs) => runs > 1, 30_000);
    const seen = await view(project.id);
    const state = await handle.query(stateQuery);
    // The new run carries everything: the workflow's state is the one the project shows.
    expect({ phase: state.phase, seq: state.seq, formVersion: state.formVersion }).toEqual({ phase: seen.phase, seq: seen.history.at(-1).seq, formVersion: seen.formVersion });
    expect(seen.history.map((h: { seq: number }) => h.seq)).toEqual(Array.from({ length: seen.history.length }, (_, i) => i));
  }
  expect((await view(reviewed.id)).phase).toBe('recommended');

  // The draft still takes actions in its new run, and its submission deadline still fires there.
  const saved = await stack.api('PUT', `/api/projects/${draft.id}/sections/projectInfo`, { token: people.enterprise, body: (await view(draft.id)).sections.projectInfo });
  expect(saved.status).toBe(200);
  await bringSubmissionDeadline(stack, people.ministry, year, 3_000, { id: draft.id, token: people.enterprise });
  const expired = await eventually(() => view(draft.id), (v) => v.phase === 'expired', 30_000);
  expect({ phase: expired.phase, last: expired.history.at(-1).action }).toEqual({ phase: 'expired', last: 'submissionDeadlinePassed' });
}, 240_000);
