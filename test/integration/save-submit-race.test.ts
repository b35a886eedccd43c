/**
 * Issue 15.7: a save racing a submit never puts content checked only as a draft's into a submitted project — the
 * workflow decides which check applies (api/projects/sectionSave.ts, domain rule `save` in domain/lifecycle/transitions.ts).
 * The race is made certain: with no worker running, Temporal holds the submit and then the save, both sent while the
 * project was still a draft; the worker then takes them in that order.
 */
import { startStack, type Stack } from '../support/stack';
import { signInEveryone, createCampaign, completeProject, type People } from '../support/lifecycle';

let stack: Stack;
let people: People;
beforeAll(async () => {
  stack = await startStack();
  people = await signInEveryone(stack);
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

/** Waits until Temporal has admitted the Update (no worker needed for that). */
async function admitted(workflowId: string, updateId: string): Promise<void> {
  for (;;) {
    const known = await stack.temporal.client.workflowService
      .pollWorkflowExecutionUpdate({ namespace: stack.temporal.namespace, updateRef: { workflowExecution: { workflowId }, updateId }, waitPolicy: { lifecycleStage: 1 } })
      .catch(() => null);
    if ((known?.stage ?? 0) >= 1) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a save racing a submit: the workflow refuses draft-checked content once the project is submitted', async () => {
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  const project = await completeProject(stack, people.enterprise, year);
  const [[row]] = (await stack.sequelize.query('SELECT workflow_id, enterprise_id FROM submissions WHERE id = :id', { replacements: { id: project.id } })) as [
    { workflow_id: string; enterprise_id: string }[],
    unknown,
  ];
  // 社会效益 left out: a draft may lack it, a submitted project may not.
  const { socialBenefits, ...incomplete } = project.sections.outcomes;
  expect(socialBenefits).toEqual(expect.any(String));
  // Both requests read the draft (nothing is applied while no worker runs): the submit's check passes on the complete
  // form, the save is checked as a draft's. Temporal holds both, the submit first; then the worker takes them.
  await stack.stopWorker();
  let answers: Promise<{ status: number; body: any }>[];
  try {
    const submit = stack.api('POST', `/api/projects/${project.id}/submit`, { token: people.enterprise, headers: { 'Idempotency-Key': `submit-${project.id}` } });
    await admitted(row!.workflow_id, `${row!.enterprise_id}:submit-${project.id}`);
    const save = stack.api('PUT', `/api/projects/${project.id}/sections/outcomes`, { token: people.enterprise, headers: { 'Idempotency-Key': `save-${project.id}` }, body: incomplete });
    await admitted(row!.workflow_id, `${row!.enterprise_id}:save-${project.id}`);
    answers = [submit, save];
  } finally {
    await stack.startWorker();
  }
  const [submitted, saved] = await Promise.all(answers);
  expect(submitted.status).toBe(200);
  expect({ status: saved.status, message: saved.body.error?.message }).toEqual({ status: 422, message: '项目已提交，修改后的内容须完整有效' });
  expect(saved.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ section: 'outcomes', path: 'socialBenefits' })]));
  // What the regulators see: the submitted, complete form.
  const view = await stack.api('GET', `/api/projects/${project.id}`, { token: people.provinceCa });
  expect({ phase: view.body.phase, socialBenefits: view.body.sections.outcomes.socialBenefits }).toEqual({ phase: 'submitted', socialBenefits });
}, 180_000);
