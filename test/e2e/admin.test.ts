/**
 * The administrators' screens as their users work them (issue 13.5, 三员分立): the system administrator creates an
 * account (its temporary password in a dialog with 复制), disables and enables it and resets its password; the
 * account gets locked by wrong passwords and the security administrator unlocks it (only the security administrator
 * sees 解锁); the audit administrator finds all of it in the audit log in Chinese, filters it and exports it.
 * Then 批量操作 (issue 13.2): two projects whose list rows fell behind their workflows show in 流程监控; the admin
 * ticks them, starts 重建投影 (终止 is refused without a reason), follows the batch's progress to 已完成 with each
 * item's outcome, and finds the batch in 批量操作记录. Screenshots under screenshots/admin-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { startStack, type Stack } from '../support/stack';
import { DEMO_PASSWORD } from '../../db/seed';
import { createCaptcha } from '../../api/auth/captcha';
import { createCampaign, reconcileNow, signInEveryone, submittedProject } from '../support/lifecycle';
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
    // A click on the row (or its 展开) shows the details as a table.
    const created = auditor.locator('tbody tr').filter({ hasText: '创建账号' }).first();
    await created.getByText('创建账号', { exact: true }).click();
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
    // Anyone changes their own password from the user menu.
    await auditor.getByRole('button', { name: '个人中心' }).click();
    await auditor.getByRole('menuitem', { name: '修改密码' }).click();
    await auditor.getByLabel('原密码', { exact: false }).first().waitFor();
    await auditor.close();
  });

});

describe('批量操作 from 流程监控', () => {
  const projects: string[] = [];

  beforeAll(async () => {
    // Two submitted projects whose rows were moved back by hand: the reconciliation lists them as 投影落后于流程.
    const people = await signInEveryone(stack);
    const year = await createCampaign(stack, people.ministry);
    for (let i = 0; i < 2; i++) {
      const p = await submittedProject(stack, people.enterprise, year);
      projects.push(p.name as string);
      await stack.sequelize.query("UPDATE submissions SET phase = 'draft', seq = seq - 1 WHERE id = :id", { replacements: { id: p.id } });
    }
    const report = await reconcileNow(stack, people.admin);
    expect(report.status).toBe('completed');
  }, 180_000);

  test('the admin ticks the stuck rows, starts 重建投影 and follows it to 已完成 with each outcome', async () => {
    const admin = await pageFor('admin');
    await admin.goto('/#/workflows');
    await choose(admin, '类型', '投影落后于流程（2）');
    await admin.locator('tbody tr').nth(1).waitFor();
    await expect(admin.locator('tbody tr').count()).resolves.toBe(2);
    await admin.locator('thead').getByRole('checkbox').check();
    await screenshot(admin, 'admin-monitor-selected');
    await admin.getByRole('button', { name: '批量操作', exact: true }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByText('批量操作：勾选的 2 个流程').waitFor();
    // 终止 needs a reason, on the spot.
    await dialog.getByLabel('终止').check();
    await dialog.getByRole('button', { name: '开始' }).click();
    await dialog.getByText('请填写终止原因').waitFor();
    await dialog.getByLabel('重建投影').check();
    await dialog.getByRole('button', { name: '开始' }).click();
    await waitForNotification(admin, '已开始批量重建投影：勾选的 2 个流程');
    await admin.getByTestId('batch-status').getByText('已完成').waitFor({ timeout: 60_000 });
    await expect(admin.getByTestId('batch-progress').innerText()).resolves.toBe('2 / 2');
    await expect(admin.getByTestId('batch-outcomes').innerText()).resolves.toContain('成功 2');
    for (const name of new Set(projects)) await admin.locator('tbody tr').filter({ hasText: name }).getByText('成功').first().waitFor();
    await expect(admin.locator('tbody tr').filter({ hasText: '成功' }).count()).resolves.toBe(2);
    await screenshot(admin, 'admin-batch-done');
    // The rows are repaired: 流程监控 no longer lists them; the batch is in 批量操作记录.
    await admin.goto('/#/workflows');
    await admin.getByText('暂无异常流程').waitFor();
    await admin.getByRole('button', { name: '批量操作记录' }).click();
    await admin.locator('tbody tr').filter({ hasText: '重建投影' }).filter({ hasText: '已完成' }).first().waitFor();
    // The 对账 that found the two rows behind reads 发现偏差 2 — its own outcome, not 失败.
    const reconciled = admin.locator('tbody tr').filter({ hasText: '对账' }).first();
    await expect(reconciled.innerText()).resolves.toContain('发现偏差 2');
    await expect(reconciled.innerText()).resolves.not.toContain('失败');
    await screenshot(admin, 'admin-batches');
    expect(await untranslatedText(admin)).toEqual([]);
    await admin.close();
  });

  // Last of all the steps above (a test of its own at the top level would run first).
  test('no screen logged an error', () => {
    expect([...pages.keys()].sort()).toEqual(['admin', 'auditor', 'security']);
    expect(errors).toEqual([]);
  });
});
