/**
 * Text every layer can hold (issue 14.1): a save with NUL or a lone surrogate is a 422 naming the field, nothing
 * reaches the workflow's history, and the project stays fully usable (the next valid save and the submit succeed).
 * The same rule guards query strings, path parameters and object keys at the door, and the Update validator
 * behind it (a client that talks to Temporal directly is refused too).
 */
import { WorkflowUpdateFailedError, ApplicationFailure } from '@temporalio/client';
import type { Stack } from '../support/stack';
import { signedInSuite } from '../support/suite';
import { completeProject, workflowIdOf, type People } from '../support/lifecycle';
import { actUpdate, stateQuery } from '../../workflows/submission/contract';
import { exampleForm } from '../../domain/form';

let stack: Stack;
let people: People;
let year: number;

const suite = signedInSuite({ campaign: true });
beforeAll(() => ({ stack, people, year } = suite));

const SURROGATE_MESSAGE = '包含不完整的字符（单独的代理项，常见于复制粘贴时被截断的表情符号），请删除后重试';

async function workflowSeq(projectId: string): Promise<number> {
  return (await stack.temporal.client.workflow.getHandle(await workflowIdOf(stack, projectId)).query(stateQuery)).seq;
}

test('a save with NUL or a lone surrogate is a 422 naming the field; the next save and the submit succeed', async () => {
  const project = await completeProject(stack, people.enterprise, year, { stage: '建设完成' });
  const seqBefore = await workflowSeq(project.id);
  const info = exampleForm().projectInfo;

  const nul = await stack.api('PUT', `/api/projects/${project.id}/sections/projectInfo`, { token: people.enterprise, body: { ...project.sections.projectInfo, partners: '华为\u0000技术' } });
  expect(nul.status).toBe(422);
  expect(nul.body.error).toEqual({
    code: 'VALIDATION_FAILED',
    message: '提交的内容包含无法保存的字符，请检查标注的字段',
    details: [{ path: 'partners', message: '不能包含控制字符（U+0000 空字符），请删除后重试' }],
  });

  const surrogate = await stack.api('PUT', `/api/projects/${project.id}/sections/projectInfo`, { token: people.enterprise, body: { ...project.sections.projectInfo, summary: `${info.summary}\ud83d` } });
  expect(surrogate.status).toBe(422);
  expect(surrogate.body.error.details).toEqual([{ path: 'summary', message: SURROGATE_MESSAGE }]);

  const badKey = await stack.api('PUT', `/api/projects/${project.id}/sections/projectInfo`, { token: people.enterprise, body: { ...project.sections.projectInfo, ['x\u0000']: 1 } });
  expect(badKey.status).toBe(422);

  // Nothing reached the workflow: its history has no new event, and the form version did not move.
  expect(await workflowSeq(project.id)).toBe(seqBefore);
  const after = await stack.api('GET', `/api/projects/${project.id}`, { token: people.enterprise });
  expect(after.body.formVersion).toBe(project.formVersion);

  // Fully usable: a valid save (text in NFC: "e" + combining acute is stored as "é") and the submit go through.
  const saved = await stack.api('PUT', `/api/projects/${project.id}/sections/projectInfo`, { token: people.enterprise, body: { ...project.sections.projectInfo, partners: 'Cafe\u0301 合作伙伴👍' } });
  expect(saved.status).toBe(200);
  expect(saved.body.sections.projectInfo.partners).toBe('Café 合作伙伴👍');
  const submitted = await stack.api('POST', `/api/projects/${project.id}/submit`, { token: people.enterprise });
  expect(submitted.status).toBe(200);
  expect(submitted.body.phase).toBe('submitted');
});

test('query strings, path parameters and bodies of other routes get the same 422, never a 500', async () => {
  const list = await stack.api('GET', `/api/projects?name=${encodeURIComponent('5G\u0000')}`, { token: people.provinceMiit });
  expect(list.status).toBe(422);
  expect(list.body.error.details).toEqual([{ path: 'name', message: '不能包含控制字符（U+0000 空字符），请删除后重试' }]);

  const users = await stack.api('GET', `/api/users?q=${encodeURIComponent('\u0001')}`, { token: people.admin });
  expect(users.status).toBe(422);

  const workflow = await stack.api('POST', `/api/admin/workflows/${encodeURIComponent('submission:\u0000')}/retry`, { token: people.admin });
  expect(workflow.status).toBe(422);
  expect(workflow.body.error.details[0].path).toBe('id');

  const campaign = await stack.api('POST', '/api/auth/login', { body: { username: 'gz\ud800factory', password: 'x' } });
  expect(campaign.status).toBe(422);
  expect(campaign.body.error.details).toEqual([{ path: 'username', message: SURROGATE_MESSAGE }]);
});

test('the Update validator refuses unstorable text too, before anything reaches history', async () => {
  const project = await completeProject(stack, people.enterprise, year);
  const handle = stack.temporal.client.workflow.getHandle(await workflowIdOf(stack, project.id));
  const before = await handle.query(stateQuery);
  const [[enterprise]] = (await stack.sequelize.query("SELECT id FROM users WHERE username = 'gzfactory'")) as [{ id: string }[], unknown];
  const refused = await handle
    .executeUpdate(actUpdate, {
      args: [
        {
          action: { type: 'save', formVersion: before.formVersion + 1, stage: before.stage, provinceCode: before.provinceCode, cityCode: before.cityCode },
          actor: { userId: enterprise!.id, username: 'gzfactory', displayName: '李明', role: 'enterprise', enterpriseId: enterprise!.id } as never,
          sectionWrite: { section: 'outcomes', data: { economicBenefits: 'a\u0000b' } },
        },
      ],
    })
    .catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (refused as WorkflowUpdateFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe('VALIDATION');
  expect(cause.message).toBe('sectionWrite.data.economicBenefits：不能包含控制字符（U+0000 空字符），请删除后重试');
  expect((await handle.query(stateQuery)).seq).toBe(before.seq);
  const saved = await stack.api('PUT', `/api/projects/${project.id}/sections/outcomes`, { token: people.enterprise, body: project.sections.outcomes });
  expect(saved.status).toBe(200);
});
