/**
 * Legacy import (SPEC §5): the old client's .xlsx of 2024 enterprises → enterprise accounts named after the
 * enterprise, password 123456, to be changed at first sign-in. Dry run first; importing again changes nothing.
 */
import fs from 'node:fs';
import { startStack, type Stack } from '../support/stack';
import { LEGACY_FIXTURE, makeLegacyXlsx } from '../support/makeLegacyXlsx';

let stack: Stack;
let admin: string;
beforeAll(async () => {
  stack = await startStack({ withWorker: false });
  admin = await stack.login('admin');
});
afterAll(async () => {
  await stack?.stop();
});

async function upload(file: Buffer, { dryRun = false, name = 'legacy-2024.xlsx', token = admin } = {}) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), name);
  const res = await fetch(`${stack.baseUrl}/api/users/import${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
   
  return { status: res.status, body: (await res.json()) as any };
}

const countUsers = async () => Number(((await stack.sequelize.query('SELECT count(*) AS n FROM users')) as [{ n: string }[], unknown])[0][0]!.n);

const EXPECTED_PROBLEMS = [
  { row: 5, field: '统一社会信用代码', message: '统一社会信用代码校验位错误' },
  { row: 6, field: '联系人', message: '请填写联系人' },
  { row: 6, field: '手机', message: '手机号码格式不正确' },
  { row: 6, field: '邮箱', message: '邮箱格式不正确' },
  { row: 7, field: '所在省', message: '所在省不存在：广东州' },
  { row: 8, field: '所在市', message: '所在市不属于广东省：长沙市' },
  { row: 9, field: '统一社会信用代码', message: '与第2行的统一社会信用代码重复' },
];

test('the fixture is what makeLegacyXlsx writes', async () => {
  expect(fs.existsSync(LEGACY_FIXTURE)).toBe(true);
});

test('a dry run reports row by row and writes nothing', async () => {
  const before = await countUsers();
  const res = await upload(fs.readFileSync(LEGACY_FIXTURE), { dryRun: true });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    dryRun: true,
    created: 3,
    skipped: 1,
    problems: EXPECTED_PROBLEMS,
    skippedRows: [{ row: 10, username: '广州示范智能制造有限公司', reason: '统一社会信用代码已存在' }],
  });
  expect(await countUsers()).toBe(before);
});

test('the import creates active enterprise accounts with 123456 to be changed; importing again skips them', async () => {
  const res = await upload(fs.readFileSync(LEGACY_FIXTURE));
  expect(res.body).toMatchObject({ dryRun: false, created: 3, skipped: 1, problems: EXPECTED_PROBLEMS });
  const [rows] = await stack.sequelize.query("SELECT username, name, role, status, must_change_password, province_code, city_code, password_hash, mobile FROM users WHERE registration->>'source' = 'import-2024' ORDER BY username");
  expect(rows).toHaveLength(3);
  expect(rows).toContainEqual(
    expect.objectContaining({ username: '佛山市顺德区美智电器制造有限公司', name: '张伟', role: 'enterprise', status: 'active', must_change_password: true, province_code: '440000', city_code: '440600', mobile: '13900139001' }),
  );
  expect(rows).toContainEqual(expect.objectContaining({ username: '深圳华星光电技术有限公司', province_code: '440000', city_code: '440300' }));
  expect(rows).toContainEqual(expect.objectContaining({ username: '宝山钢铁股份有限公司', province_code: '310000', city_code: '310100' }));
  for (const row of rows as { password_hash: string }[]) expect(row.password_hash).toMatch(/^\$argon2id\$/);

  // The name and 123456 are public: they only send an SMS code to the imported mobile (issue 14.7).
  const nameAnd123456 = await stack.api('POST', '/api/auth/login', { body: { username: '宝山钢铁股份有限公司', password: '123456' } });
  expect(nameAnd123456.status).toBe(401);
  expect(nameAnd123456.body.error).toEqual({
    code: 'SMS_VERIFICATION_REQUIRED',
    message: '首次登录须验证注册手机号：验证码已发送至139****9003，请输入短信验证码',
    details: { mobile: '139****9003', smsRequired: true },
  });
  expect(nameAnd123456.body.token).toBeUndefined();
  const guessed = await stack.api('POST', '/api/auth/login', { body: { username: '宝山钢铁股份有限公司', password: '123456', smsCode: '000000' } });
  expect(guessed.status).toBe(401);
  expect(guessed.body.error.code).toBe('SMS_CODE_INVALID');
  const sms = stack.logs.filter((l) => l.includes('短信验证码已发送') && l.includes('139****9003')).pop();
  const login = await stack.api('POST', '/api/auth/login', { body: { username: '宝山钢铁股份有限公司', password: '123456', smsCode: JSON.parse(sms!).debugSmsCode } });
  expect(login.status).toBe(200);
  expect(login.body.user.mustChangePassword).toBe(true);
  const blocked = await stack.api('GET', '/api/messages', { token: login.body.token });
  expect(blocked.body.error).toEqual({ code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改初始密码后再继续操作' });
  const sameRule = await stack.api('POST', '/api/auth/change-password', { token: login.body.token, body: { oldPassword: '123456', newPassword: '654321', confirmPassword: '654321' } });
  expect(sameRule.status).toBe(422);
  expect(sameRule.body.error.details.map((d: { message: string }) => d.message)).toEqual(['密码至少8位', '密码须包含大写字母', '密码须包含小写字母', '密码须包含特殊字符（@ - _ 之一）', '密码不能包含连续的数字（如123、987）']);
  expect((await stack.api('POST', '/api/auth/change-password', { token: login.body.token, body: { oldPassword: '123456', newPassword: 'Baosteel@2468', confirmPassword: 'Baosteel@2468' } })).status).toBe(200);

  const again = await upload(fs.readFileSync(LEGACY_FIXTURE));
  // Row 9 repeats row 2's code, which now has an account: skipped like row 2.
  expect(again.body).toMatchObject({ created: 0, skipped: 5, problems: EXPECTED_PROBLEMS.filter((p) => p.row !== 9) });
  expect(again.body.skippedRows.map((s: { row: number; reason: string }) => [s.row, s.reason])).toEqual([
    [2, '统一社会信用代码已存在'],
    [3, '统一社会信用代码已存在'],
    [4, '统一社会信用代码已存在'],
    [9, '统一社会信用代码已存在'],
    [10, '统一社会信用代码已存在'],
  ]);
  const audit = await stack.api('GET', '/api/audit?action=user.import', { token: await stack.login('auditor') });
  expect(audit.body.data.map((e: { details: { created: number; dryRun: boolean } }) => [e.details.dryRun, e.details.created])).toEqual([
    [false, 0],
    [false, 3],
    [true, 3],
  ]);
});

test('a file without the expected columns, not an .xlsx, too large or missing is refused with a message', async () => {
  const missing = await upload(await makeLegacyXlsx([['某某有限公司', '', '', '', '', '', '']], ['企业名称', '信用代码', '联系人', '电话', '邮箱', '省', '市']));
  expect(missing.status).toBe(422);
  expect(missing.body.error.message).toBe('缺少列：统一社会信用代码、手机、所在省、所在市');
  const text = await upload(Buffer.from('企业名称,统一社会信用代码\n'), { name: 'x.xlsx' });
  expect(text.status).toBe(422);
  expect(text.body.error.message).toBe('请上传 Excel 文件（.xlsx）');
  const big = await upload(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(5 * 1024 * 1024)]));
  expect(big.status).toBe(413);
  expect(big.body.error.message).toBe('文件不能超过5MB');
  const none = await stack.api('POST', '/api/users/import', { token: admin });
  expect(none.status).toBe(422);
  expect(none.body.error.message).toBe('请选择要导入的 .xlsx 文件');
  const notAdmin = await upload(fs.readFileSync(LEGACY_FIXTURE), { token: await stack.login('miit') });
  expect(notAdmin.status).toBe(403);
});
