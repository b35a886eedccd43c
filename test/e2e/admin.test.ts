/**
 * The administrators' screens as their users work them (issue 13.5, 三员分立): the system administrator creates an
 * account (its temporary password in a dialog with 复制), disables and enables it and resets its password; the
 * account gets locked by wrong passwords and the security administrator unlocks it (only the security administrator
 * sees 解锁); the audit administrator finds all of it in the audit log in Chinese, filters it and exports it.
 * Screenshots under screenshots/admin-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { startStack, type Stack } from '../support/stack';
import { DEMO_PASSWORD } from '../../db/seed';
import { createCaptcha } from '../../api/auth/captcha';
import { choose, launchBrowser, newPage, screenshot, signIn, untranslatedText, waitForNotification } from './browser';

const USERNAME = 'e2e_expert';
const ACCOUNT = `测试专家（${USERNAME}）`;

let stack: Stack;
let browser: Browser;
const errors: string[] = [];
const pages = new Map<string, Page>();

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
}, 180_000);

// Every step leaves a picture of where each page ended, passing or not, to look at.
afterEach(async () => {
  const step = (expect.getState().currentTestName ?? 'step').replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
  for (const [name, page] of pages) if (!page.isClosed()) await screenshot(page, `after-admin-${name}-${step}`).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function pageFor(username: string): Promise<Page> {
  const page = await newPage(browser, stack.baseUrl);
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${username}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${username}: ${error.message}`));
  pages.set(username, page);
  await signIn(page, username, DEMO_PASSWORD);
  return page;
}

const row = (page: Page, text: string) => page.locator('tbody tr').filter({ hasText: text }).first();

async function search(page: Page, text: string) {
  await page.getByLabel('搜索账号、姓名、单位、手机', { exact: true }).fill(text);
  await row(page, text).waitFor();
}

/** Press the row's button, check the dialog names the account, confirm, wait for the notification. */
async function act(page: Page, button: string, done: string) {
  await row(page, USERNAME).getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(`${button}：${ACCOUNT}`, { exact: true }).waitFor();
  await dialog.getByRole('button', { name: '确认' }).click();
  await waitForNotification(page, `${done}：${ACCOUNT}`);
}

/** Wait until the account's 状态 reads `text` (the list reloads after an action). */
const status = (page: Page, text: string) => row(page, USERNAME).getByTestId('user-status').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();

describe('accounts and the audit log, by the three administrators', () => {
  let admin: Page;

  test('the system administrator creates an account and sees its temporary password once, with 复制', async () => {
    admin = await pageFor('admin');
    await admin.goto('/#/users/create');
    await admin.locator('input[name=username]').fill(USERNAME);
    await admin.locator('input[name=name]').fill('测试专家');
    await choose(admin, '角色', '评审专家');
    await admin.getByRole('button', { name: '保存' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByText(`账号已创建：${ACCOUNT}`).waitFor();
    const password = (await dialog.getByTestId('temporary-password').innerText()).trim();
    expect(password).toMatch(/^\S{8,}$/);
    await dialog.getByRole('button', { name: '复制' }).click();
    await screenshot(admin, 'admin-user-created');
    await dialog.getByRole('button', { name: '我已记下，关闭' }).click();
    await admin.waitForURL(/#\/users(\?|$)/);
    // The password works: the new account signs in (and must change it).
    const login = await stack.api('POST', '/api/auth/login', { body: { username: USERNAME, password } });
    expect(login.status).toBe(200);
  });

  test('the list shows 状态 and the administrator disables and enables the account; no 解锁 for them', async () => {
    await search(admin, USERNAME);
    await status(admin, '待改密');
    await act(admin, '停用', '已停用');
    await status(admin, '已停用');
    await screenshot(admin, 'admin-user-disabled');
    const refused = await stack.api('POST', '/api/auth/login', { body: { username: USERNAME, password: 'whatever-1A' } });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    await act(admin, '启用', '已启用');
    await status(admin, '待改密');
    await expect(row(admin, USERNAME).getByRole('button', { name: '解锁' }).count()).resolves.toBe(0);
    // Administrator accounts are the security administrator's: no buttons on them for the system administrator.
    await search(admin, 'security');
    await expect(row(admin, 'security').getByRole('button').count()).resolves.toBe(0);
  });

  test('重置密码 shows the new temporary password in a dialog naming the account', async () => {
    await search(admin, USERNAME);
    await row(admin, USERNAME).getByRole('button', { name: '重置密码' }).click();
    await admin.getByRole('dialog').getByText(`重置密码：${ACCOUNT}`).waitFor();
    await admin.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    const dialog = admin.getByRole('dialog').filter({ hasText: `密码已重置：${ACCOUNT}` });
    await dialog.waitFor();
    const password = (await dialog.getByTestId('temporary-password').innerText()).trim();
    await screenshot(admin, 'admin-user-reset');
    await dialog.getByRole('button', { name: '我已记下，关闭' }).click();
    expect((await stack.api('POST', '/api/auth/login', { body: { username: USERNAME, password } })).status).toBe(200);
  });

  test('wrong passwords lock the account; the security administrator finds it 已锁定 and unlocks it', async () => {
    for (let i = 0; i < 5; i++) {
      const { captchaId, answer } = await createCaptcha(stack.sequelize, stack.clock.now());
      await stack.api('POST', '/api/auth/login', { body: { username: USERNAME, password: `Wrong-pass_${i}`, captchaId, captcha: answer } });
    }
    const security = await pageFor('security');
    await security.goto('/#/users');
    await choose(security, '状态', '已锁定');
    await status(security, '已锁定');
    // An ordinary account: the security administrator unlocks it but does not disable or reset it.
    await expect(row(security, USERNAME).getByRole('button').allInnerTexts()).resolves.toEqual(['解锁']);
    await screenshot(security, 'admin-user-locked');
    await act(security, '解锁', '已解锁');
    await row(security, USERNAME).waitFor({ state: 'detached' });
    // Administrator accounts are theirs to manage — except their own.
    await security.goto(`/#/users?filter=${encodeURIComponent('{}')}`);
    await search(security, 'admin');
    await expect(row(security, '系统管理员').getByRole('button', { name: '重置密码' }).count()).resolves.toBe(1);
    await search(security, 'security');
    await expect(row(security, '安全管理员').getByRole('button').count()).resolves.toBe(0);
    await security.close();
  });

  test('the audit administrator reads it all in Chinese, filters by action and target, and exports', async () => {
    const auditor = await pageFor('auditor');
    await auditor.goto('/#/audit');
    await auditor.locator('tbody tr').first().waitFor();
    await choose(auditor, '操作', '停用账号');
    const disabled = auditor.locator('tbody tr').filter({ hasText: '停用账号' }).first();
    await disabled.waitFor();
    await expect(disabled.innerText()).resolves.toMatch(/系统管理员[\s\S]*停用账号[\s\S]*成功[\s\S]*账号：测试专家（e2e_expert）/);
    await expect(disabled.innerText()).resolves.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    await screenshot(auditor, 'admin-audit-filtered');

    await choose(auditor, '操作', '账号管理（全部）');
    await auditor.getByLabel('对象', { exact: true }).fill(USERNAME);
    await auditor.locator('tbody tr').filter({ hasText: '解除登录锁定' }).first().waitFor();
    const text = await auditor.locator('tbody').innerText();
    for (const action of ['创建账号', '停用账号', '启用账号', '重置密码', '解除登录锁定']) expect(text).toContain(action);
    expect(text).not.toMatch(/user\.|[0-9a-f]{8}-[0-9a-f]{4}-/);
    // 展开 shows the details as a table.
    const created = auditor.locator('tbody tr').filter({ hasText: '创建账号' }).first();
    await created.locator('td').first().locator('button').click();
    await auditor.getByTestId('audit-details').first().getByText('评审专家').waitFor();
    await screenshot(auditor, 'admin-audit-details');
    expect(await untranslatedText(auditor)).toEqual([]);

    const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.getByRole('button', { name: '导出' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^审计日志.*\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.read(await download.createReadStream());
    const cells = book.worksheets[0]!.getSheetValues().flat().map(String).join(' ');
    expect(cells).toContain('解除登录锁定');
    expect(cells).toContain('测试专家（e2e_expert）');
    expect(cells).not.toContain('user.unlock');
    await auditor.close();
  });

  test('no screen logged an error', () => {
    expect(errors).toEqual([]);
  });
});
