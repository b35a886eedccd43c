/**
 * Permanent failures are not retried forever (issue 14.2). A trigger in this test's own database makes PostgreSQL
 * refuse the projection write of a project whose name carries a marker, with the SQLSTATE the marker names:
 *   - 22P02 (data error) and 23514 (check violation) never heal: the action is answered at once with an error, the
 *     workflow undoes it, the stuck monitor names the cause, and the project stays fully usable;
 *   - 40001 (serialization failure) heals: the write is retried with back-off and the action succeeds;
 *   - a transient failure that lasts (HELD40, while a row of poison_hold names the project) outlives the local
 *     activity's attempts (issue 15.5): the regular activity takes over, the monitor lists it as 活动重试中, and once the
 *     failure heals the action is answered and the projection repaired.
 */
import type { Stack } from '../support/stack';
import { signedInSuite } from '../support/suite';
import { completeProject, eventually, expectProjectionMatchesWorkflow, workflowIdOf, type People } from '../support/lifecycle';

let stack: Stack;
let people: People;
let year: number;

const suite = signedInSuite({ campaign: true });
beforeAll(async () => {
  ({ stack, people, year } = suite);
  await stack.sequelize.query(`
    CREATE SEQUENCE poison_transient_attempts;
    CREATE TABLE poison_hold (marker text PRIMARY KEY);
    CREATE FUNCTION poison_projection() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.name LIKE '%POISON22%' THEN RAISE EXCEPTION 'invalid input syntax for type integer: "POISON22"' USING ERRCODE = '22P02'; END IF;
      IF NEW.name LIKE '%POISON23%' THEN RAISE EXCEPTION 'new row violates check constraint "poison"' USING ERRCODE = '23514'; END IF;
      -- nextval is not rolled back with the failed transaction: the first two attempts fail, the third succeeds.
      IF NEW.name LIKE '%TRANSIENT40%' AND nextval('poison_transient_attempts') <= 2 THEN
        RAISE EXCEPTION 'could not serialize access due to concurrent update' USING ERRCODE = '40001';
      END IF;
      IF EXISTS (SELECT 1 FROM poison_hold h WHERE NEW.name LIKE '%' || h.marker || '%') THEN
        RAISE EXCEPTION 'could not serialize access due to concurrent update' USING ERRCODE = '40001';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER poison_projection BEFORE UPDATE ON submissions FOR EACH ROW EXECUTE FUNCTION poison_projection();
  `);
});

const saveName = (project: any, name: string) =>
  stack.api('PUT', `/api/projects/${project.id}/sections/projectInfo`, { token: people.enterprise, body: { ...project.sections.projectInfo, name } });

async function stuckFor(submissionId: string) {
  const res = await stack.api('GET', '/api/admin/workflows/stuck', { token: people.admin });
  expect(res.status).toBe(200);
  return (res.body.data as { kind: string; submissionId?: string; reason: string; detail: Record<string, unknown> }[]).filter((i) => i.submissionId === submissionId);
}

test('a data error (22xxx) is answered at once with 422, shown in the monitor with its cause, and the project stays usable', async () => {
  const project = await completeProject(stack, people.enterprise, year, { stage: '建设完成' });

  const refused = await saveName(project, '5G POISON22 工厂');
  expect(refused.status).toBe(422);
  expect(refused.body.error).toEqual({
    code: 'PROJECTION_DATA_REJECTED',
    message: '保存失败：内容无法写入数据库（错误代码 22P02），请修改后重试；如仍失败请联系管理员',
  });
  // The workflow undid the action: its state and the projection agree, the old name and form version stand.
  await expectProjectionMatchesWorkflow(stack, project.id);
  const seen = await stack.api('GET', `/api/projects/${project.id}`, { token: people.enterprise });
  expect(seen.body.formVersion).toBe(project.formVersion);
  expect(seen.body.sections.projectInfo.name).toBe(project.sections.projectInfo.name);

  expect(await stuckFor(project.id)).toEqual([
    expect.objectContaining({
      kind: 'projectionFailed',
      reason: '数据库拒绝写入投影（22P02）：invalid input syntax for type integer: "POISON22"',
      detail: expect.objectContaining({ action: 'save', sqlstate: '22P02', failureType: 'PROJECTION_DATA_REJECTED' }),
    }),
  ]);

  // Fully usable: the next save and the submit succeed, and the monitor no longer lists the refusal.
  const saved = await saveName(project, '广州天河精密电子5G全连接二期工厂');
  expect(saved.status).toBe(200);
  const submitted = await stack.api('POST', `/api/projects/${project.id}/submit`, { token: people.enterprise });
  expect(submitted.status).toBe(200);
  expect(submitted.body.phase).toBe('submitted');
  expect(await stuckFor(project.id)).toEqual([]);
  await expectProjectionMatchesWorkflow(stack, project.id);
});

test('a constraint the write breaks (23xxx) is answered at once with 409 and leaves the project usable', async () => {
  const project = await completeProject(stack, people.enterprise, year);
  const refused = await saveName(project, '5G POISON23 工厂');
  expect(refused.status).toBe(409);
  expect(refused.body.error).toEqual({
    code: 'PROJECTION_CONSTRAINT_VIOLATED',
    message: '操作未能保存：与已有数据冲突（错误代码 23514），请刷新后重试；如仍失败请联系管理员',
  });
  expect((await stuckFor(project.id)).map((i) => [i.kind, i.detail.sqlstate])).toEqual([['projectionFailed', '23514']]);
  await expectProjectionMatchesWorkflow(stack, project.id);
  expect((await saveName(project, '广州天河5G智能工厂')).status).toBe(200);
});

test('a serialization failure (40001) is transient: retried with back-off until the write succeeds', async () => {
  const project = await completeProject(stack, people.enterprise, year);
  const saved = await saveName(project, '5G TRANSIENT40 工厂');
  expect(saved.status).toBe(200);
  expect(saved.body.sections.projectInfo.name).toBe('5G TRANSIENT40 工厂');
  const [[attempts]] = (await stack.sequelize.query('SELECT last_value FROM poison_transient_attempts')) as [{ last_value: string }[], unknown];
  expect(Number(attempts!.last_value)).toBe(3);
  expect(await stuckFor(project.id)).toEqual([]);
  await expectProjectionMatchesWorkflow(stack, project.id);
});

/** The recordTransition writes of a workflow's history: local (a marker) and regular (a scheduled activity). */
async function projectionWrites(submissionId: string): Promise<{ local: number; regular: number }> {
  const history = await stack.temporal.client.workflow.getHandle(await workflowIdOf(stack, submissionId)).fetchHistory();
  const events = history.events ?? [];
  return {
    local: events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length,
    regular: events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordTransition').length,
  };
}

test('a lasting transient failure of the local write is retried as an activity, shown in the monitor, and repaired', async () => {
  const project = await completeProject(stack, people.enterprise, year);
  // Every write so far went through the local activity (the creation and each section save): none was scheduled.
  const before = await projectionWrites(project.id);
  expect(before.regular).toBe(0);
  expect(before.local).toBeGreaterThan(0);

  await stack.sequelize.query(`INSERT INTO poison_hold VALUES ('HELD40')`);
  const answer = saveName(project, '5G HELD40 工厂');
  try {
    // The first failed attempt is noted at once: the monitor lists the write with its failure.
    const listed = await eventually(
      () => stuckFor(project.id),
      (items) => items.some((i) => i.kind === 'activityRetrying'),
      45_000,
    );
    expect(listed).toEqual([
      expect.objectContaining({ kind: 'activityRetrying', detail: expect.objectContaining({ activityType: 'recordTransition', action: 'save' }) }),
    ]);
    // Both local attempts failed: the regular activity took over (scheduled once, retrying with back-off).
    const writes = await eventually(() => projectionWrites(project.id), (w) => w.regular > 0, 45_000);
    expect(writes.regular).toBe(1);
    expect(await stuckFor(project.id)).toEqual([expect.objectContaining({ kind: 'activityRetrying' })]);
  } finally {
    // The failure heals (also when an expectation above failed, so the retrying write can end).
    await stack.sequelize.query(`DELETE FROM poison_hold`);
  }
  // The action is answered, the projection repaired, and the monitor no longer lists it.
  const saved = await answer;
  expect(saved.status).toBe(200);
  expect(saved.body.sections.projectInfo.name).toBe('5G HELD40 工厂');
  await expectProjectionMatchesWorkflow(stack, project.id);
  expect(await stuckFor(project.id)).toEqual([]);
  const seen = await stack.api('GET', `/api/projects/${project.id}`, { token: people.enterprise });
  expect(seen.body.sections.projectInfo.name).toBe('5G HELD40 工厂');
}, 120_000);
