/**
 * Accounts (SPEC §5, issue 6) against the real HTTP API and PostgreSQL: registration and its review, sign-in rules
 * (lockout, idle expiry, forced password change, SMS codes), administration of accounts, audit log, 站内信.
 */
import { createCaptcha } from '../../api/auth/captcha';
import { startStack, type Stack } from '../support/stack';
import { DEMO_PASSWORD } from '../../db/seed';
import { REGISTRATION_DONE_MESSAGE, makeUscc, type RegistrationInput } from '../../domain/accounts';

let stack: Stack;
/** Every secret this file uses, to prove none reaches the log. */
const secrets = new Set<string>([DEMO_PASSWORD]);
const smsCodes = new Set<string>();

beforeAll(async () => {
  stack = await startStack({ withWorker: false });
});
afterAll(async () => {
  await stack?.stop();
});

async function login(username: string, password = DEMO_PASSWORD) {
  const res = await stack.api('POST', '/api/auth/login', { body: { username, password } });
  if (res.body?.token) secrets.add(res.body.token);
  return res;
}
async function token(username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await login(username, password);
  expect(res.status).toBe(200);
  return res.body.token;
}

let serial = 0;
/** A registration that passes every rule; each call a new name, code and mobile. */
function registration(overrides: { account?: Partial<RegistrationInput['account']>; organisation?: Partial<RegistrationInput['organisation']> } = {}): RegistrationInput {
  serial += 1;
  const n = String(serial).padStart(4, '0');
  return {
    account: {
      name: '张三',
      username: `newcorp${n}`,
      mobile: `1370000${n}`,
      email: `corp${n}@example.com`,
      password: 'Factory5G@2468',
      confirmPassword: 'Factory5G@2468',
      ...overrides.account,
    },
    organisation: {
      role: 'enterprise',
      // 浙江: the administrator reviews registrations alone (广东's cities review new enterprises first: see
      // registration-review.test.ts).
      regionCode: '330100',
      orgName: `杭州新制造${n}有限公司`,
      orgAddress: { provinceCode: '330000', cityCode: '330100', districtCode: '330106' },
      addressDetail: '西湖区文三路16号',
      uscc: makeUscc(`91440101MA5C${n}X`),
      enterpriseNature: '民营企业',
      nationalEconomyCode: '3831',
      ...overrides.organisation,
    },
  };
}

async function register(body: RegistrationInput) {
  return stack.api('POST', '/api/auth/register', { body });
}

async function userRow(username: string) {
  const [rows] = await stack.sequelize.query('SELECT * FROM users WHERE lower(username) = lower(:username)', { replacements: { username } });
   
  return (rows as Record<string, any>[])[0];
}

describe('registration (注册)', () => {
  test('a valid registration is stored as pending and answers the step 3 message; the password is an argon2id hash', async () => {
    const body = registration();
    const res = await register(body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ message: REGISTRATION_DONE_MESSAGE });
    expect(REGISTRATION_DONE_MESSAGE).toBe('操作完成，已移交管理人员审核，请等待1到3个工作日');
    const row = await userRow(body.account.username);
    expect(row).toMatchObject({ status: 'pending', role: 'enterprise', province_code: '330000', city_code: '330100', uscc: body.organisation.uscc, org_name: body.organisation.orgName });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(body.account.password);
  });

  test.each([
    ['Ab@123', ['密码至少8位', '密码不能包含连续的数字（如123、987）']],
    ['factory5g@2468', ['密码须包含大写字母']],
    ['Factory5G2468', ['密码须包含特殊字符（@ - _ 之一）']],
    ['Factory@987x', ['密码不能包含连续的数字（如123、987）']],
    ['Factory 5G@2468', ['密码不能包含空格']],
    ['Factory#5G@2468', ['密码只能包含字母、数字和@-_']],
  ])('password %s is refused with the rule it breaks', async (password, messages) => {
    const res = await register(registration({ account: { password, confirmPassword: password } }));
    expect(res.status).toBe(422);
    expect(res.body.error.details.filter((d: { path: string }) => d.path === 'account.password').map((d: { message: string }) => d.message)).toEqual(messages);
  });

  test('a different confirmation is refused as 两次输入的密码不一致', async () => {
    const res = await register(registration({ account: { confirmPassword: 'Factory5G@2460' } }));
    expect(res.status).toBe(422);
    expect(res.body.error.details).toContainEqual({ path: 'account.confirmPassword', message: '两次输入的密码不一致' });
  });

  test('a 统一社会信用代码 with a wrong check character is refused', async () => {
    const good = makeUscc('91440101MA5C9999X');
    const wrong = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const res = await register(registration({ organisation: { uscc: wrong } }));
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ path: 'organisation.uscc', message: '统一社会信用代码校验位错误' }]);
  });

  test('codes that do not exist in GB/T 2260 and GB/T 4754 are refused naming the field', async () => {
    const res = await register(
      registration({ organisation: { regionCode: '449900', orgAddress: { provinceCode: '440000', cityCode: '440100', districtCode: '440199' }, nationalEconomyCode: '3898' } }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      { path: 'organisation.regionCode', message: '所属地不存在' },
      { path: 'organisation.orgAddress.districtCode', message: '单位地址的区县不存在' },
      { path: 'organisation.nationalEconomyCode', message: '国民经济分类代码不存在' },
    ]);
  });

  test('a taken 统一社会信用代码 is refused naming the existing account masked', async () => {
    const res = await register(registration({ organisation: { uscc: '91440101MA59XK8Q22' } }));
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: 'USCC_TAKEN', message: '该组织机构代码已注册，账号为：gz***ry，请使用该账号登录' });
  });

  test('a taken user name is refused as 账号已存在 (whatever the case)', async () => {
    const res = await register(registration({ account: { username: 'GZFactory' } }));
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: 'USERNAME_TAKEN', message: '账号已存在' });
  });
});

describe('registration review (注册审核)', () => {
  test('pending: login says under review; approved: login works; the applicant gets a 站内信', async () => {
    const body = registration();
    expect((await register(body)).status).toBe(201);
    const pending = await login(body.account.username, body.account.password);
    expect(pending.status).toBe(403);
    expect(pending.body.error).toEqual({ code: 'ACCOUNT_PENDING', message: '账号正在审核中，请等待管理员审核（1到3个工作日）' });

    const admin = await token('admin');
    const list = await stack.api('GET', '/api/registrations?status=pending&perPage=100', { token: admin });
    expect(list.status).toBe(200);
    const entry = list.body.data.find((r: { username: string }) => r.username === body.account.username);
    expect(entry).toMatchObject({ status: 'pending', orgName: body.organisation.orgName, uscc: body.organisation.uscc, overdue: false });
    expect(list.body.total).toBe(list.body.data.length);

    expect((await stack.api('POST', `/api/registrations/${entry.id}/approve`, { token: admin })).status).toBe(204);
    const again = await stack.api('POST', `/api/registrations/${entry.id}/approve`, { token: admin });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('该注册申请已处理，请刷新后查看');

    const approved = await stack.api('GET', '/api/registrations?status=approved', { token: admin });
    expect(approved.body.data.map((r: { id: string }) => r.id)).toContain(entry.id);

    const user = await token(body.account.username, body.account.password);
    const messages = await stack.api('GET', '/api/messages', { token: user });
    expect(messages.body.data[0]).toMatchObject({ title: '注册审核通过', read: false });
  });

  test('rejected: a reason is required, and login tells the reason', async () => {
    const body = registration({ organisation: { role: 'operator' } });
    expect((await register(body)).status).toBe(201);
    const admin = await token('admin');
    const { id } = await userRow(body.account.username);
    const noReason = await stack.api('POST', `/api/registrations/${id}/reject`, { token: admin, body: { reason: '  ' } });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details).toEqual([{ path: 'reason', message: '请填写驳回原因' }]);

    expect((await stack.api('POST', `/api/registrations/${id}/reject`, { token: admin, body: { reason: '营业执照与单位名称不符' } })).status).toBe(204);
    const res = await login(body.account.username, body.account.password);
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({ code: 'ACCOUNT_REJECTED', message: '注册申请未通过审核：营业执照与单位名称不符' });
    const rejected = await stack.api('GET', '/api/registrations?status=rejected', { token: admin });
    expect(rejected.body.data.find((r: { id: string }) => r.id === id)).toMatchObject({ status: 'rejected', rejectReason: '营业执照与单位名称不符' });

    // Corrected and sent again with the same code: it replaces the rejected request.
    const again = registration({ organisation: { uscc: body.organisation.uscc, role: 'operator' } });
    expect((await register(again)).status).toBe(201);
    expect(await userRow(again.account.username)).toMatchObject({ id, status: 'pending', reject_reason: null });
  });

  test('a request pending for more than 3 working days is flagged overdue', async () => {
    const body = registration();
    expect((await register(body)).status).toBe(201);
    // Whatever today is, 8 calendar days hold at least 3 working days (the longest holiday is 8 days with 调休 around it).
    await stack.sequelize.query("UPDATE users SET created_at = now() - interval '12 days' WHERE username = :u", { replacements: { u: body.account.username } });
    const admin = await token('admin');
    const list = await stack.api('GET', '/api/registrations?status=pending&perPage=100', { token: admin });
    expect(list.body.data.find((r: { username: string }) => r.username === body.account.username)).toMatchObject({ overdue: true });
  });

  test('only an administrator reviews registrations', async () => {
    const res = await stack.api('GET', '/api/registrations', { token: await token('miit') });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('工业和信息化部无权审核注册申请');
  });
});

describe('sign-in rules', () => {
  // Lockout per account + address and parallel guesses: test/integration/account-rules.test.ts (captcha on).
  test('without the server-wide captcha (CAPTCHA=off), the captcha is still required after two failures', async () => {
    const attempt = (body: Record<string, unknown>) => stack.api('POST', '/api/auth/login', { body: { username: 'expert1', password: 'Wrong-pass_1', ...body } });
    expect((await attempt({})).body.error.details).toEqual({ captchaRequired: false });
    expect((await attempt({})).body.error.details).toEqual({ captchaRequired: true });
    const third = await attempt({});
    expect([third.status, third.body.error.code, third.body.error.message]).toEqual([422, 'CAPTCHA_REQUIRED', '请输入验证码']);
    const { captchaId, answer } = await createCaptcha(stack.sequelize, stack.clock.now());
    expect((await attempt({ captchaId, captcha: answer })).body.error.message).toBe('账号或密码错误，再失败2次将锁定15分钟');
    // A success forgets the failures.
    const { captchaId: id2, answer: answer2 } = await createCaptcha(stack.sequelize, stack.clock.now());
    expect((await attempt({ password: DEMO_PASSWORD, captchaId: id2, captcha: answer2 })).status).toBe(200);
    expect((await attempt({})).body.error.details).toEqual({ captchaRequired: false });
  });

  test('an idle token older than 30 minutes is refused; an active one is not', async () => {
    const idle = await token('gd_ca');
    const active = await token('gd_miit');
    for (let i = 0; i < 3; i++) {
      stack.clock.advance(15 * 60_000);
      expect((await stack.api('GET', '/api/me', { token: active })).status).toBe(200);
    }
    stack.clock.advance(60_000);
    expect((await stack.api('GET', '/api/me', { token: active })).status).toBe(200);
    const res = await stack.api('GET', '/api/me', { token: idle });
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: 'SESSION_EXPIRED', message: '登录已超时（30分钟无操作），请重新登录' });
  });
});

describe('password change and temporary passwords', () => {
  test('a new staff account must change its temporary password before anything else; other sessions end', async () => {
    const admin = await token('admin');
    const created = await stack.api('POST', '/api/users', {
      token: admin,
      body: { username: 'sz_miit', name: '周敏', role: 'city_miit', provinceCode: '440000', cityCode: '440300', mobile: '13600136000' },
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'sz_miit', role: 'city_miit', orgName: '深圳市工业和信息化局', provinceCode: '440000', cityCode: '440300', mustChangePassword: true, status: 'active' });
    const temporary: string = created.body.temporaryPassword;
    secrets.add(temporary);
    expect(temporary).toMatch(/^[A-Za-z0-9@_-]{12}$/);

    const first = await token('sz_miit', temporary);
    const second = await token('sz_miit', temporary);
    for (const [method, path] of [['GET', '/api/messages'], ['GET', '/api/registrations'], ['GET', '/api/users']] as const) {
      const res = await stack.api(method, path, { token: first });
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({ code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改初始密码后再继续操作' });
    }
    const me = await stack.api('GET', '/api/me', { token: first });
    expect(me.status).toBe(200);
    expect(me.body.mustChangePassword).toBe(true);

    const wrongOld = await stack.api('POST', '/api/auth/change-password', { token: first, body: { oldPassword: 'Not-the-one_1', newPassword: 'Shenzhen@2468', confirmPassword: 'Shenzhen@2468' } });
    expect(wrongOld.status).toBe(422);
    expect(wrongOld.body.error).toEqual({ code: 'OLD_PASSWORD_WRONG', message: '原密码不正确', details: [{ path: 'oldPassword', message: '原密码不正确' }] });
    const weak = await stack.api('POST', '/api/auth/change-password', { token: first, body: { oldPassword: temporary, newPassword: 'shenzhen2468', confirmPassword: 'shenzhen2468' } });
    expect(weak.status).toBe(422);
    expect(weak.body.error.details.map((d: { message: string }) => d.message)).toEqual(['密码须包含大写字母', '密码须包含特殊字符（@ - _ 之一）']);

    secrets.add('Shenzhen@2468');
    const changed = await stack.api('POST', '/api/auth/change-password', { token: first, body: { oldPassword: temporary, newPassword: 'Shenzhen@2468', confirmPassword: 'Shenzhen@2468' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ message: '密码修改成功' });
    expect((await stack.api('GET', '/api/messages', { token: first })).status).toBe(200);
    expect((await stack.api('GET', '/api/me', { token: second })).status).toBe(401);
    expect((await login('sz_miit', temporary)).status).toBe(401);
    expect((await userRow('sz_miit')).password_hash).toMatch(/^\$argon2id\$/);

    const audit = await stack.api('GET', `/api/audit?userId=${created.body.user.id}&action=auth.password.change&outcome=ok`, { token: await token('auditor') });
    expect(audit.body.total).toBe(1);
  });

  test('an administrator resets a password: sessions end, the lock is lifted, the temporary one must be changed', async () => {
    const admin = await token('admin');
    const victim = await token('gdmobile');
    const { id } = await userRow('gdmobile');
    const reset = await stack.api('POST', `/api/users/${id}/reset-password`, { token: admin });
    expect(reset.status).toBe(200);
    secrets.add(reset.body.temporaryPassword);
    expect(reset.body.user.mustChangePassword).toBe(true);
    expect((await stack.api('GET', '/api/me', { token: victim })).body.error.code).toBe('INVALID_TOKEN');
    expect((await login('gdmobile')).status).toBe(401);
    const t = await token('gdmobile', reset.body.temporaryPassword);
    expect((await stack.api('GET', '/api/messages', { token: t })).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    secrets.add('Gdmobile@2468');
    expect((await stack.api('POST', '/api/auth/change-password', { token: t, body: { oldPassword: reset.body.temporaryPassword, newPassword: 'Gdmobile@2468', confirmPassword: 'Gdmobile@2468' } })).status).toBe(200);
    // Back to the demo password for the rest of the file.
    expect((await stack.api('POST', '/api/auth/change-password', { token: t, body: { oldPassword: 'Gdmobile@2468', newPassword: DEMO_PASSWORD, confirmPassword: DEMO_PASSWORD } })).status).toBe(200);

    const self = await stack.api('POST', `/api/users/${(await userRow('admin')).id}/reset-password`, { token: admin });
    // 三员分立: an administrator's own account is changed only by another (security) administrator.
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe('不能修改自己的管理员账号，请由另一位安全管理员操作');
  });
});

describe('user administration (用户管理)', () => {
  test('jurisdiction codes must exist; a taken user name is refused', async () => {
    const admin = await token('admin');
    const unknown = await stack.api('POST', '/api/users', { token: admin, body: { username: 'xx_miit', name: '某某', role: 'province_miit', provinceCode: '990000' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([{ path: 'provinceCode', message: '所属省份不存在' }]);
    const missing = await stack.api('POST', '/api/users', { token: admin, body: { username: 'xx_city', name: '某某', role: 'city_miit', provinceCode: '440000' } });
    expect(missing.body.error.details).toEqual([{ path: 'cityCode', message: '请选择所属城市' }]);
    const taken = await stack.api('POST', '/api/users', { token: admin, body: { username: 'GD_MIIT', name: '某某', role: 'expert' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toBe('账号已存在');
  });

  test('list, search, filter, read and edit users', async () => {
    const admin = await token('admin');
    const list = await stack.api('GET', '/api/users?q=广东&role=province_ca&page=1&perPage=10', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.data.map((u: { username: string }) => u.username)).toEqual(['gd_ca']);
    expect(list.body.total).toBe(1);
    const all = await stack.api('GET', '/api/users?perPage=2&page=2&sort=username&order=ASC', { token: admin });
    expect(all.body.data).toHaveLength(2);
    expect(all.body.total).toBeGreaterThanOrEqual(8);

    const id = list.body.data[0].id;
    const one = await stack.api('GET', `/api/users/${id}`, { token: admin });
    expect(one.body).toMatchObject({ username: 'gd_ca', roleLabel: '省通信管理局', status: 'active' });
    expect(one.body).not.toHaveProperty('passwordHash');
    expect((await stack.api('GET', '/api/users/00000000-0000-4000-8000-000000000000', { token: admin })).body.error).toEqual({ code: 'NOT_FOUND', message: '用户不存在' });

    const patched = await stack.api('PATCH', `/api/users/${id}`, { token: admin, body: { name: '王子彰', mobile: '13500135000', email: 'gdca@example.gov.cn' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ mobile: '13500135000', email: 'gdca@example.gov.cn' });
    const badCity = await stack.api('PATCH', `/api/users/${id}`, { token: admin, body: { cityCode: '440100' } });
    expect(badCity.status).toBe(422);
    expect(badCity.body.error.details).toEqual([{ path: 'cityCode', message: '省通信管理局（市级）账号没有管辖范围' }]);
    const moved = await stack.api('PATCH', `/api/users/${(await userRow('gz_miit')).id}`, { token: admin, body: { cityCode: '430100' } });
    expect(moved.body.error.details).toEqual([{ path: 'cityCode', message: '所属城市不存在' }]);

    const audit = await stack.api('GET', `/api/audit?action=user.update&userId=${(await userRow('admin')).id}`, { token: await token('auditor') });
    expect(audit.body.data[0]).toMatchObject({ action: 'user.update', targetType: 'user', targetId: id, username: 'admin' });
  });

  test('disabling ends the sessions and refuses sign-in; enabling restores it', async () => {
    const admin = await token('admin');
    const victim = await token('gz_miit');
    const { id } = await userRow('gz_miit');
    const disabled = await stack.api('POST', `/api/users/${id}/disable`, { token: admin });
    expect(disabled.body.status).toBe('disabled');
    expect((await stack.api('GET', '/api/me', { token: victim })).status).toBe(401);
    const refused = await login('gz_miit');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({ code: 'ACCOUNT_DISABLED', message: '账号已停用，请联系管理员' });
    expect((await stack.api('POST', `/api/users/${id}/disable`, { token: admin })).body.error.message).toBe('只能停用已启用的账号');
    expect((await stack.api('POST', `/api/users/${id}/enable`, { token: admin })).body.status).toBe('active');
    expect((await login('gz_miit')).status).toBe(200);
    const self = await stack.api('POST', `/api/users/${(await userRow('admin')).id}/disable`, { token: admin });
    expect(self.body.error.message).toBe('不能修改自己的管理员账号，请由另一位安全管理员操作');
  });

  test('only an administrator manages accounts', async () => {
    const res = await stack.api('POST', '/api/users', { token: await token('gzfactory'), body: { username: 'hacker01', name: '某某', role: 'admin' } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('企业用户无权管理用户账号');
  });
});

describe('SMS sign-in (手机号 + 短信验证码)', () => {
  /** The development sender logs the code in debugSmsCode (NODE_ENV=test). */
  function lastSmsCode(maskedMobile: string): string {
    const line = [...stack.logs].reverse().find((l) => l.includes('短信验证码已发送') && l.includes(maskedMobile));
    const code = line ? JSON.parse(line).debugSmsCode : undefined;
    expect(code).toMatch(/^\d{6}$/);
    smsCodes.add(code);
    return code;
  }
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  test('a code signs in once; a wrong code, a reused code and a code of an unknown mobile are refused alike', async () => {
    const sent = await stack.api('POST', '/api/auth/sms-code', { body: { mobile: '138 0013 8001' } });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ message: '验证码已发送，5分钟内有效' });
    const code = lastSmsCode('138****8001');
    const line = stack.logs.find((l) => l.includes(code))!;
    expect(JSON.parse(line)).toMatchObject({ msg: '短信验证码已发送', mobile: '138****8001' });
    expect(line).not.toContain('13800138001');

    const bad = await stack.api('POST', '/api/auth/sms-login', { body: { mobile: '13800138001', code: wrong(code) } });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toEqual({ code: 'SMS_CODE_INVALID', message: '短信验证码错误或已过期，请重新输入' });
    const ok = await stack.api('POST', '/api/auth/sms-login', { body: { mobile: '13800138001', code } });
    expect(ok.status).toBe(200);
    secrets.add(ok.body.token);
    expect(ok.body.user).toMatchObject({ username: 'gzfactory', role: 'enterprise' });
    expect((await stack.api('GET', '/api/me', { token: ok.body.token })).status).toBe(200);
    const reused = await stack.api('POST', '/api/auth/sms-login', { body: { mobile: '13800138001', code } });
    expect(reused.body.error.message).toBe('短信验证码错误或已过期，请重新输入');

    const unknown = await stack.api('POST', '/api/auth/sms-code', { body: { mobile: '13711112222' } });
    expect(unknown.body).toEqual({ message: '验证码已发送，5分钟内有效' });
    const format = await stack.api('POST', '/api/auth/sms-login', { body: { mobile: '13800138001', code: '12345' } });
    expect(format.body.error.details).toEqual([{ path: 'code', message: '短信验证码应为6位数字' }]);
  });

  test('one code per mobile every 60 seconds; 5 wrong tries spend the code; codes expire after 5 minutes', async () => {
    stack.clock.advance(61_000);
    expect((await stack.api('POST', '/api/auth/sms-code', { body: { mobile: '13800138001' } })).status).toBe(200);
    const code = lastSmsCode('138****8001');
    const soon = await stack.api('POST', '/api/auth/sms-code', { body: { mobile: '13800138001' } });
    expect(soon.status).toBe(429);
    expect(soon.body.error).toEqual({ code: 'SMS_TOO_FREQUENT', message: expect.stringMatching(/^短信验证码发送过于频繁，请\d+秒后再试$/) });
    // The rule, not the clock: the wait left is within the 60 seconds, whatever time the request took.
    const wait = Number(/请(\d+)秒/.exec(soon.body.error.message)![1]);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    for (let i = 1; i <= 4; i++) {
      expect((await stack.api('POST', '/api/auth/sms-login', { body: { mobile: '13800138001', code: wrong(code) } })).body.error.message).toBe('短信验证码错误或已过期，请重新输入');
    }
    expect((await stack.api('POST', '/api/auth/sms-login', { body: { mobile: '13800138001', code: wrong(code) } })).body.error.message).toBe('短信验证码错误次数过多，请重新获取');
    const right = await stack.api('POST', '/api/auth/sms-login', { body: { mobile: '13800138001', code } });
    expect(right.status).toBe(401);
    expect(right.body.error.message).toBe('短信验证码错误次数过多，请重新获取');

    stack.clock.advance(61_000);
    await stack.api('POST', '/api/auth/sms-code', { body: { mobile: '13800138001' } });
    const late = lastSmsCode('138****8001');
    stack.clock.advance(5 * 60_000 + 1000);
    expect((await stack.api('POST', '/api/auth/sms-login', { body: { mobile: '13800138001', code: late } })).body.error.message).toBe('短信验证码错误或已过期，请重新输入');
  });
});

describe('audit log (审计日志)', () => {
  test('filters by user, action family and time; newest first; paging', async () => {
    // 审计管理员 reads the log (三员分立: not the system administrator).
    const admin = await token('auditor');
    const logins = await stack.api('GET', '/api/audit?username=ADMIN&action=auth.login&perPage=5', { token: admin });
    expect(logins.status).toBe(200);
    expect(logins.body.data.length).toBeGreaterThan(0);
    expect(logins.body.data.every((e: { username: string; action: string }) => e.username === 'admin' && e.action === 'auth.login')).toBe(true);
    const times = logins.body.data.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);

    const family = await stack.api('GET', '/api/audit?action=registration.&perPage=100', { token: admin });
    const actions = new Set(family.body.data.map((e: { action: string }) => e.action));
    expect([...actions].sort()).toEqual(['registration.approve', 'registration.reject', 'registration.submit']);

    const future = await stack.api('GET', '/api/audit?from=2999-01-01', { token: admin });
    expect(future.body).toEqual({ data: [], total: 0 });
    const past = await stack.api('GET', '/api/audit?to=2000-01-01T00:00:00Z', { token: admin });
    expect(past.body.total).toBe(0);
    const everything = await stack.api('GET', '/api/audit?from=2000-01-01&to=2999-12-31&perPage=1', { token: admin });
    expect(everything.body.data).toHaveLength(1);
    expect(everything.body.total).toBeGreaterThan(20);
    const bad = await stack.api('GET', '/api/audit?from=yesterday', { token: admin });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([{ path: 'from', message: '开始时间应为日期时间（如 2026-03-31T23:59:59+08:00 或 2026-03-31）' }]);
  });

  test('failed sign-ins are recorded with the name that was tried', async () => {
    await login('nobody-here', 'Wrong-pass_x');
    const admin = await token('auditor');
    const res = await stack.api('GET', '/api/audit?username=nobody-here', { token: admin });
    expect(res.body.data[0]).toMatchObject({ action: 'auth.login', outcome: 'failed', userId: null, details: { reason: 'unknown_user' } });
  });

  test('the database refuses to change or delete audit rows (retention: kept, no deletion job)', async () => {
    await expect(stack.sequelize.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow('audit_log is append-only');
    await expect(stack.sequelize.query('DELETE FROM audit_log')).rejects.toThrow('audit_log is append-only');
    await expect(stack.sequelize.query('TRUNCATE audit_log')).rejects.toThrow('audit_log is append-only');
  });

  test('only the audit administrator reads the audit log', async () => {
    const res = await stack.api('GET', '/api/audit', { token: await token('miit') });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('工业和信息化部无权查看审计日志');
    const admin = await stack.api('GET', '/api/audit', { token: await token('admin') });
    expect(admin.status).toBe(403);
    expect(admin.body.error.message).toBe('系统管理员无权查看审计日志');
  });
});

describe('站内信', () => {
  test('own messages only, unread filter, read one, read all', async () => {
    const owner = await userRow('gd_miit');
    const other = await userRow('gd_ca');
    await stack.sequelize.query(
      `INSERT INTO messages (user_id, title, body, created_at) VALUES
        (:owner, '推荐截止提醒', '距推荐截止还有7天', now() - interval '2 hours'),
        (:owner, '撤回申请待处理', '有1个撤回申请待处理', now() - interval '1 hour'),
        (:other, '别人的消息', '不应被看到', now())`,
      { replacements: { owner: owner.id, other: other.id } },
    );
    const t = await token('gd_miit');
    const list = await stack.api('GET', '/api/messages?page=1&perPage=10', { token: t });
    expect(list.body.data.map((m: { title: string }) => m.title)).toEqual(['撤回申请待处理', '推荐截止提醒']);
    expect(list.body.total).toBe(2);
    const [newest, oldest] = list.body.data;
    expect((await stack.api('POST', `/api/messages/${oldest.id}/read`, { token: t })).status).toBe(204);
    const unread = await stack.api('GET', '/api/messages?unread=true', { token: t });
    expect(unread.body).toMatchObject({ total: 1, data: [{ id: newest.id, read: false }] });
    expect((await stack.api('GET', `/api/messages/${oldest.id}`, { token: t })).body).toMatchObject({ title: '推荐截止提醒', read: true });

    const [[foreign]] = (await stack.sequelize.query('SELECT id FROM messages WHERE user_id = :id', { replacements: { id: other.id } })) as [{ id: string }[], unknown];
    expect((await stack.api('GET', `/api/messages/${foreign!.id}`, { token: t })).status).toBe(404);
    expect((await stack.api('POST', `/api/messages/${foreign!.id}/read`, { token: t })).body.error).toEqual({ code: 'NOT_FOUND', message: '消息不存在' });

    expect((await stack.api('POST', '/api/messages/read-all', { token: t })).body).toEqual({ updated: 1 });
    expect((await stack.api('GET', '/api/messages?unread=true', { token: t })).body.total).toBe(0);
    expect((await stack.api('GET', '/api/messages?unread=true', { token: await token('gd_ca') })).body.total).toBe(1);
  });
});

describe('operators an enterprise may invite', () => {
  test('an enterprise finds active operator accounts by name; other roles may not search', async () => {
    const res = await stack.api('GET', `/api/operators?q=${encodeURIComponent('移动')}`, { token: await token('gzfactory') });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([{ id: (await userRow('gdmobile')).id, username: 'gdmobile', name: '王芳', orgName: '中国移动通信集团广东有限公司' }]);
    const refused = await stack.api('GET', '/api/operators', { token: await token('gdmobile') });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('只有企业用户可以查找运营商账号');
  });
});

describe('logs', () => {
  test('no password, token or SMS code used in this file appears in the log (the SMS debug field aside)', () => {
    expect(stack.logs.length).toBeGreaterThan(50);
    const ordinary = stack.logs.filter((l) => !l.includes('"debugSmsCode"'));
    for (const secret of [...secrets, ...smsCodes]) {
      const leaking = ordinary.filter((l) => l.includes(secret));
      expect({ secret: secret.slice(0, 3) + '…', leaking }).toEqual({ secret: secret.slice(0, 3) + '…', leaking: [] });
    }
  });
});
