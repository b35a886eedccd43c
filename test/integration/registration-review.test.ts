/**
 * Issue 12.6 and 12.7 against the real stack: 申报主体 eligibility at registration with the ministry's exception, and
 * the city's 初审 of new enterprises where the province requires it (广东 in the demo data), escalated by the
 * scheduled workflow after 3 working days untouched.
 */
import { startStack, type Stack } from '../support/stack';
import { DEMO_PASSWORD } from '../../db/seed';
import { makeUscc, type RegistrationInput } from '../../domain/accounts';
import { ensureRegistrationEscalationSchedule } from '../../api/ops/registrationEscalation';
import { REGISTRATION_ESCALATION_WORKFLOW_TYPE, type EscalationReport } from '../../workflows/registrations/contract';

let stack: Stack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  for (const username of ['admin', 'auditor', 'gz_miit', 'gd_miit', 'miit']) tokens[username] = await stack.login(username);
});
afterAll(async () => {
  await stack?.stop();
});

let serial = 0;
function registration(organisation: Partial<RegistrationInput['organisation']> = {}): RegistrationInput {
  serial += 1;
  const n = String(serial).padStart(4, '0');
  return {
    account: { name: '周敏', username: `review${n}`, mobile: `1360000${n}`, email: `review${n}@example.com`, password: DEMO_PASSWORD, confirmPassword: DEMO_PASSWORD },
    organisation: {
      role: 'enterprise',
      regionCode: '440100',
      orgName: `广州新智造${n}有限公司`,
      orgAddress: { provinceCode: '440000', cityCode: '440100', districtCode: '440106' },
      addressDetail: '天河区科韵路16号',
      uscc: makeUscc(`91440101MA5D${n}Y`),
      enterpriseNature: '民营企业',
      nationalEconomyCode: '3831',
      ...organisation,
    },
  };
}

const register = (body: RegistrationInput) => stack.api('POST', '/api/auth/register', { body });
const pending = async (token: string) =>
  (await stack.api('GET', '/api/registrations?status=pending&perPage=100', { token })).body.data as { id: string; username: string; stage: string; escalated: boolean }[];
const idOf = async (username: string) =>
  ((await stack.sequelize.query('SELECT id FROM users WHERE username = :username', { replacements: { username } })) as [{ id: string }[], unknown])[0][0]!.id;

describe('申报主体 eligibility at registration (制造业、采矿业、电力、港口等重点领域企业)', () => {
  test('an enterprise outside the sectors is refused with the notice’s words; an operator is not concerned', async () => {
    const telecom = registration({ nationalEconomyCode: '6312' });
    const refused = await register(telecom);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('NOT_ELIGIBLE');
    expect(refused.body.error.details).toEqual([
      {
        path: 'organisation.nationalEconomyCode',
        message:
          '申报主体须为制造业、采矿业、电力、港口等重点领域企业，国民经济分类“信息传输、软件和信息技术服务业/电信、广播电视和卫星传输服务/电信/移动电信服务（6312）”不在申报范围内；如确需申报，请联系工业和信息化部申请例外',
      },
    ]);
    expect((await register(registration({ role: 'operator', nationalEconomyCode: '6312' }))).status).toBe(201);
    expect((await register(registration({ nationalEconomyCode: '5532' }))).status).toBe(201); // 货运港口
  });

  test('the ministry’s exception (with a reason, audited) lets it register; revoking keeps the record', async () => {
    const body = registration({ nationalEconomyCode: '6312' });
    const uscc = body.organisation.uscc;
    const byCity = await stack.api('POST', '/api/eligibility-exceptions', { token: tokens.gz_miit, body: { uscc, reason: '试点' } });
    expect(byCity.status).toBe(403);
    expect(byCity.body.error.message).toBe('市工业和信息化局无权管理申报主体例外');
    const noReason = await stack.api('POST', '/api/eligibility-exceptions', { token: tokens.miit, body: { uscc, reason: ' ' } });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details).toEqual([{ path: 'reason', message: '请填写例外原因' }]);
    const granted = await stack.api('POST', '/api/eligibility-exceptions', { token: tokens.miit, body: { uscc, orgName: body.organisation.orgName, reason: '5G专网运营服务企业，经研究同意参与试点申报' } });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ uscc, reason: '5G专网运营服务企业，经研究同意参与试点申报', grantedBy: '胡钟颢', revokedAt: null });
    expect((await stack.api('POST', '/api/eligibility-exceptions', { token: tokens.miit, body: { uscc, reason: '再次' } })).status).toBe(409);

    expect((await register(body)).status).toBe(201);
    const listed = await stack.api('GET', '/api/eligibility-exceptions', { token: tokens.miit });
    expect(listed.body.data.find((e: { uscc: string }) => e.uscc === uscc)).toMatchObject({ nationalEconomyCode: '6312', eligibleWithout: false, enterpriseId: expect.any(String) });

    const revoked = await stack.api('POST', `/api/eligibility-exceptions/${uscc}/revoke`, { token: tokens.miit, body: { reason: '试点结束' } });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ revokedBy: '胡钟颢', revokeReason: '试点结束' });
    const audit = await stack.api('GET', '/api/audit?perPage=100', { token: tokens.auditor });
    const actions = audit.body.data.filter((e: { targetId: string }) => e.targetId === uscc).map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['eligibility.exception.grant', 'eligibility.exception.revoke']));
  });
});

describe('新增企业初审 by the city where the province requires it (广东)', () => {
  test('a Guangzhou enterprise waits for 广州市工业和信息化局; the administrator cannot decide it before', async () => {
    const body = registration();
    expect((await register(body)).status).toBe(201);
    const id = await idOf(body.account.username);
    expect((await pending(tokens.admin)).find((r) => r.id === id)).toMatchObject({ stage: 'city', escalated: false });
    const early = await stack.api('POST', `/api/registrations/${id}/approve`, { token: tokens.admin });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('该注册申请待市工信局初审，初审通过后（或超过3个工作日未处理时）方可审核');

    // Another city's office does not see it and cannot touch it.
    const created = await stack.api('POST', '/api/users', { token: tokens.admin, body: { username: 'sz_miit', name: '深圳市局', role: 'city_miit', provinceCode: '440000', cityCode: '440300' } });
    expect(created.status).toBe(201);
    await stack.sequelize.query("UPDATE users SET must_change_password = false WHERE username = 'sz_miit'");
    const shenzhen = await stack.login('sz_miit', created.body.temporaryPassword);
    expect((await pending(shenzhen)).map((r) => r.id)).not.toContain(id);
    expect((await stack.api('POST', `/api/registrations/${id}/approve`, { token: shenzhen })).status).toBe(404);

    // 广州: 退回 needs a reason; the applicant reads it at sign-in and in a 站内信.
    expect((await pending(tokens.gz_miit)).map((r) => r.id)).toContain(id);
    const noReason = await stack.api('POST', `/api/registrations/${id}/reject`, { token: tokens.gz_miit, body: { reason: '' } });
    expect(noReason.status).toBe(422);
    expect((await stack.api('POST', `/api/registrations/${id}/reject`, { token: tokens.gz_miit, body: { reason: '营业执照地址不在本市' } })).status).toBe(204);
    const login = await stack.api('POST', '/api/auth/login', { body: { username: body.account.username, password: DEMO_PASSWORD } });
    expect(login.body.error).toEqual({ code: 'ACCOUNT_REJECTED', message: '注册申请未通过审核：营业执照地址不在本市' });

    // Corrected and sent again: the city approves, then the administrator.
    expect((await register({ ...body, organisation: { ...body.organisation, addressDetail: '天河区科韵路18号' } })).status).toBe(201);
    expect((await stack.api('POST', `/api/registrations/${id}/approve`, { token: tokens.gz_miit })).status).toBe(204);
    expect((await pending(tokens.gz_miit)).map((r) => r.id)).not.toContain(id);
    expect((await pending(tokens.admin)).find((r) => r.id === id)).toMatchObject({ stage: 'admin' });
    expect((await stack.api('POST', `/api/registrations/${id}/approve`, { token: tokens.admin })).status).toBe(204);
    const user = await stack.login(body.account.username);
    const messages = await stack.api('GET', '/api/messages', { token: user });
    expect(messages.body.data.map((m: { title: string }) => m.title)).toEqual(['注册审核通过', '注册审核通过', '注册申请被退回']);
    const cityDecided = await stack.api('GET', '/api/registrations?status=approved', { token: tokens.gz_miit });
    expect(cityDecided.body.data.map((r: { id: string }) => r.id)).toContain(id);
  });

  test('operators go straight to the administrator', async () => {
    const body = registration({ role: 'operator', nationalEconomyCode: '6312' });
    expect((await register(body)).status).toBe(201);
    const id = await idOf(body.account.username);
    expect((await pending(tokens.admin)).find((r) => r.id === id)).toMatchObject({ stage: 'admin' });
    expect((await pending(tokens.gz_miit)).map((r) => r.id)).not.toContain(id);
  });

  test('where the province lets the city decide alone, the city’s 通过 activates the account; the setting is the province’s own', async () => {
    const otherProvince = await stack.api('PUT', '/api/province-settings/310000', { token: tokens.gd_miit, body: { registrationReview: 'city' } });
    expect(otherProvince.status).toBe(403);
    expect(otherProvince.body.error.message).toBe('只能设置本省的审核要求');
    const byEnterprise = await stack.api('PUT', '/api/province-settings/440000', { token: await stack.login('gzfactory'), body: { registrationReview: 'city' } });
    expect(byEnterprise.status).toBe(403);
    const set = await stack.api('PUT', '/api/province-settings/440000', { token: tokens.gd_miit, body: { registrationReview: 'city' } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ provinceName: '广东省', registrationReview: 'city', registrationReviewLabel: '市工信局审核（无需系统管理员审核）' });
    try {
      const body = registration();
      expect((await register(body)).status).toBe(201);
      const id = await idOf(body.account.username);
      expect((await stack.api('POST', `/api/registrations/${id}/approve`, { token: tokens.gz_miit })).status).toBe(204);
      expect((await stack.api('POST', '/api/auth/login', { body: { username: body.account.username, password: DEMO_PASSWORD } })).status).toBe(200);
    } finally {
      await stack.api('PUT', '/api/province-settings/440000', { token: tokens.miit, body: { registrationReview: 'city_then_admin' } });
    }
    const all = await stack.api('GET', '/api/province-settings', { token: tokens.miit });
    expect(all.body.data.find((p: { provinceCode: string }) => p.provinceCode === '440000')).toMatchObject({ registrationReview: 'city_then_admin' });
    expect(all.body.total).toBeGreaterThanOrEqual(31);
  });

  test('a request the city leaves untouched for 3 working days is escalated once, by the scheduled workflow, and the administrator may then decide', async () => {
    const body = registration();
    expect((await register(body)).status).toBe(201);
    const id = await idOf(body.account.username);
    const fresh = registration();
    expect((await register(fresh)).status).toBe(201);
    // Whatever today is, 12 calendar days hold more than 3 working days.
    await stack.sequelize.query("UPDATE users SET created_at = now() - interval '12 days' WHERE id = :id", { replacements: { id } });

    const run = () =>
      stack.temporal.client.workflow.execute(REGISTRATION_ESCALATION_WORKFLOW_TYPE, {
        taskQueue: stack.taskQueue,
        workflowId: `registration-escalation-test-${Date.now()}`,
        args: [],
      }) as Promise<EscalationReport>;
    const first = await run();
    expect(first.escalated).toBe(1);
    expect((await run()).escalated).toBe(0);

    const listed = await pending(tokens.admin);
    expect(listed.find((r) => r.id === id)).toMatchObject({ stage: 'city', escalated: true });
    expect(listed.find((r) => r.username === fresh.account.username)).toMatchObject({ escalated: false });
    for (const office of ['gz_miit', 'gd_miit', 'admin']) {
      const inbox = await stack.api('GET', '/api/messages', { token: tokens[office] });
      const escalations = inbox.body.data.filter((m: { title: string; body: string }) => m.title === '注册申请超过3个工作日未初审' && m.body.includes(body.organisation.orgName));
      expect([office, escalations.length]).toEqual([office, 1]);
    }
    expect((await stack.api('POST', `/api/registrations/${id}/approve`, { token: tokens.admin })).status).toBe(204);
    const audit = await stack.api('GET', '/api/audit?action=registration.approve&perPage=100', { token: tokens.auditor });
    expect(audit.body.data.find((e: { targetId: string }) => e.targetId === id)?.details).toMatchObject({ escalated: true });
  });

  test('the schedule that runs the escalation exists once however often it is ensured', async () => {
    const id = await ensureRegistrationEscalationSchedule(stack.temporal);
    expect(await ensureRegistrationEscalationSchedule(stack.temporal)).toBe(id);
    const handle = stack.temporal.client.schedule.getHandle(id);
    const described = await handle.describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: REGISTRATION_ESCALATION_WORKFLOW_TYPE });
    await handle.delete();
  });
});
