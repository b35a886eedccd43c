/**
 * The regulators' list tools in the browser, as a user does it (screenshots in screenshots/tools-*):
 * - 保存的筛选 (issue 11): a 通信管理局 user saves the 待我处理 search under a name, applies it again, finds it in another
 *   browser; on the 5G工厂 list a second save under the same name says it replaces the first; deleting it empties the menu.
 * - 导入旧平台项目 (issue 12.8): the ministry checks the old platform's export (a bad file: each `第N行 列：…` in a table,
 *   nothing importable), imports the good one (4 created), and the same file again skips every row.
 * - 重新打开 / 调整状态 (issue 13.3): on a 未获推荐 project the ministry is refused 重新打开 without a new deadline (the
 *   rules' Chinese message in the dialog), moves it to 部级评审中 with a reason — the only move offered — and sees the
 *   entry in its history; a provincial regulator is offered neither.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { DEMO_PASSWORD } from '../../db/seed';
import { completeProject, createCampaign, eventually, shortenDeadlines, signInEveryone, type People } from '../support/lifecycle';
import { submit } from '../support/queue';
import { LEGACY_FIXTURE } from '../support/makeLegacyXlsx';
import { BAD_LEGACY_PROJECT_ROWS, LEGACY_PROJECT_ROWS, LEGACY_PROJECTS_FIXTURE, makeLegacyProjectsXlsx } from '../support/makeLegacyProjectsXlsx';
import { choose, launchBrowser, newPage, screenshot, signIn, signOut, untranslatedText, waitForNotification } from './browser';

let stack: Stack;
let browser: Browser;
let page: Page;
let people: People;
const errors: string[] = [];

async function named(enterprise: string, year: number, name: string): Promise<any> {
  const project = await completeProject(stack, enterprise, year);
  const renamed = await stack.api('PUT', `/api/projects/${project.id}/sections/projectInfo`, { token: enterprise, body: { ...project.sections.projectInfo, name } });
  if (renamed.status !== 200) throw new Error(`rename: ${renamed.status} ${JSON.stringify(renamed.body)}`);
  return submit(stack, enterprise, project.id);
}

function watch(p: Page): Page {
  p.on('pageerror', (error) => errors.push(error.message));
  p.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`${p.url().split('#')[1]}: ${message.text()}`);
  });
  return p;
}

/** At 1280×720 (the smallest desktop the screens suite checks) nothing may scroll sideways. */
async function scrollsSideways(p: Page): Promise<boolean> {
  return p.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });
}

beforeAll(async () => {
  stack = await startStack();
  people = await signInEveryone(stack);
  const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  await named(people.enterprise, year, '广州一号示范5G车间');
  await named(people.enterprise, year, '广州二号示范5G产线');
  browser = await launchBrowser();
  page = watch(await newPage(browser, stack.baseUrl));
  await page.setViewportSize({ width: 1280, height: 720 });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const total = (p: Page, n: number) => p.getByText(`共 ${n} 条`).waitFor();
const savedMenu = (p: Page) => p.getByTestId('saved-filters-button');

/**
 * Closes the open 保存的筛选 menu (MUI's popup list; the sidebar is a `menu` too) and waits until it is gone. After 删除
 * removed the focused item the focus is on the page's body, where an Escape does not reach the popup, so the key is
 * sent to the popup itself when it is still there: a menu left open hides the rest of the page from the
 * accessibility tree (the next step could not find 个人中心).
 */
async function closeMenu(p: Page): Promise<void> {
  const popup = p.locator('.MuiMenu-list');
  await p.keyboard.press('Escape');
  if (await popup.count()) await popup.press('Escape').catch(() => undefined); // it may close meanwhile
  await popup.waitFor({ state: 'detached' });
}

describe('保存的筛选', () => {
  it('saves the 待我处理 search under a name and applies it again', async () => {
    await signIn(page, 'gd_ca', DEMO_PASSWORD);
    await page.waitForURL(/#\/queue/);
    await total(page, 2);
    const search = page.getByLabel('项目名称或企业名称');
    await search.fill('一号');
    await search.press('Enter');
    await total(page, 1);
    await savedMenu(page).click();
    await page.getByRole('menuitem', { name: '保存当前筛选…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('与已有筛选同名时，将替换原来的筛选', { exact: false }).waitFor();
    await dialog.getByLabel('筛选名称').fill('一号车间');
    await screenshot(page, 'tools-1-save-filter');
    expect(await scrollsSideways(page)).toBe(false);
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    await waitForNotification(page, '已保存筛选「一号车间」');

    await search.fill('');
    await search.press('Enter');
    await total(page, 2);
    await savedMenu(page).click();
    await page.getByTestId('saved-filter').filter({ hasText: '一号车间' }).click();
    await total(page, 1);
    expect(await search.inputValue()).toBe('一号');
    expect(await page.locator('tbody tr').first().innerText()).toContain('广州一号示范5G车间');
    await savedMenu(page).click();
    await screenshot(page, 'tools-2-saved-menu');
    expect(await untranslatedText(page)).toEqual([]);
    await closeMenu(page);
  });

  it('follows the user to another browser', async () => {
    const other = watch(await newPage(browser, stack.baseUrl));
    try {
      await signIn(other, 'gd_ca', DEMO_PASSWORD);
      await other.waitForURL(/#\/queue/);
      await total(other, 2);
      await savedMenu(other).getByText('保存的筛选（1）').waitFor();
      await savedMenu(other).click();
      await other.getByTestId('saved-filter').filter({ hasText: '一号车间' }).click();
      await total(other, 1);
    } finally {
      await other.context().close();
    }
  });

  it('on the 5G工厂 list: the same name replaces, and 删除 removes it', async () => {
    await page.goto('/#/projects');
    await total(page, 2);
    const name = page.getByLabel('项目名称', { exact: true });
    await name.fill('一号');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await total(page, 1);
    await savedMenu(page).click();
    await page.getByRole('menuitem', { name: '保存当前筛选…' }).click();
    await page.getByRole('dialog').getByLabel('筛选名称').fill('示范项目');
    await page.getByRole('dialog').getByRole('button', { name: '保存', exact: true }).click();
    await waitForNotification(page, '已保存筛选「示范项目」');

    await name.fill('二号');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await total(page, 1);
    await savedMenu(page).click();
    await page.getByRole('menuitem', { name: '保存当前筛选…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('筛选名称').fill('示范项目');
    await dialog.getByText('已有名为「示范项目」的筛选，保存后将替换它').waitFor();
    await screenshot(page, 'tools-3-replace-filter');
    expect(await scrollsSideways(page)).toBe(false);
    await dialog.getByRole('button', { name: '替换', exact: true }).click();
    await waitForNotification(page, '已保存筛选「示范项目」');

    await page.getByRole('button', { name: '清空', exact: true }).click();
    await total(page, 2);
    await savedMenu(page).getByText('保存的筛选（1）').waitFor();
    await savedMenu(page).click();
    await page.getByTestId('saved-filter').filter({ hasText: '示范项目' }).click();
    await total(page, 1);
    expect(await page.locator('tbody tr').first().innerText()).toContain('广州二号示范5G产线');

    await savedMenu(page).click();
    await page.getByRole('button', { name: '删除筛选「示范项目」' }).click();
    await waitForNotification(page, '已删除筛选「示范项目」');
    await page.getByRole('menuitem', { name: '还没有保存的筛选' }).waitFor();
    await closeMenu(page);
    const left = await stack.api('GET', '/api/saved-filters?resource=projects', { token: people.provinceCa });
    expect(left.body.data).toEqual([]);
  });
});

describe('导入旧平台项目 (ministry)', () => {
  let importYear: number;
  let badFile: string;
  const dialog = () => page.getByRole('dialog');

  beforeAll(async () => {
    importYear = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
    // The enterprises of the old platform's export get their accounts first, as the ministry's file expects.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(fs.readFileSync(LEGACY_FIXTURE))]), 'legacy-2024.xlsx');
    const accounts = await fetch(`${stack.baseUrl}/api/users/import`, { method: 'POST', body: form, headers: { authorization: `Bearer ${people.admin}` } });
    expect(accounts.status).toBe(200);
    badFile = path.join(os.tmpdir(), `legacy-projects-bad-${process.pid}.xlsx`);
    fs.writeFileSync(badFile, await makeLegacyProjectsXlsx([...LEGACY_PROJECT_ROWS, ...BAD_LEGACY_PROJECT_ROWS]));
  });

  afterAll(() => fs.rmSync(badFile, { force: true }));

  it('checks the file first and shows every row’s problem; a file with problems cannot be imported', async () => {
    await signOut(page);
    await signIn(page, 'miit', DEMO_PASSWORD);
    await page.goto('/#/projects');
    await page.getByRole('button', { name: '导入旧平台项目' }).click();
    await dialog().getByText('导入旧平台项目').first().waitFor();
    await choose(page, '导入到年度', String(importYear), dialog());

    await page.getByTestId('import-file').setInputFiles({ name: '项目列表.csv', mimeType: 'text/csv', buffer: Buffer.from('企业名称,项目名称\n') });
    await dialog().getByRole('button', { name: '检查', exact: true }).click();
    await dialog().getByTestId('import-refusal').getByText('请上传 Excel 文件（.xlsx）').waitFor();

    await page.getByTestId('import-file').setInputFiles(badFile);
    await dialog().getByRole('button', { name: '检查', exact: true }).click();
    const problems = dialog().getByTestId('import-problems');
    await problems.waitFor();
    await dialog().getByText('有4行需要修改（共6处）', { exact: false }).waitFor();
    expect(await problems.locator('tbody tr').count()).toBe(6);
    const text = await problems.innerText();
    expect(text).toContain('第6行 企业名称：平台上没有名为“不存在的某某机械有限公司”的企业账号，请先导入该企业的账号');
    expect(text).toContain('第9行 项目名称：与第2行是同一企业的同名项目');
    expect(await dialog().getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
    await screenshot(page, 'tools-4-import-problems');
    expect(await scrollsSideways(page)).toBe(false);
    expect(await untranslatedText(page)).toEqual([]);
  });

  it('imports the checked file and says how many were created and skipped; the same file again skips every row', async () => {
    await page.getByTestId('import-file').setInputFiles(LEGACY_PROJECTS_FIXTURE);
    await dialog().getByRole('button', { name: '检查', exact: true }).click();
    await dialog().getByText(`检查通过：可导入4个项目到${importYear}年度，跳过0个`, { exact: false }).waitFor();
    const rows = dialog().getByTestId('import-rows');
    expect(await rows.locator('tbody tr').count()).toBe(4);
    expect(await rows.locator('tbody tr').first().innerText()).toMatch(/广州示范智能制造有限公司\s+广州示范5G智能工厂\s+已推荐/);
    await screenshot(page, 'tools-5-import-checked');
    await dialog().getByRole('button', { name: '确认导入' }).click();
    await dialog().getByTestId('import-done').getByText(`导入完成：新建4个项目，跳过0个（${importYear}年度）`).waitFor({ timeout: 60_000 });
    await screenshot(page, 'tools-6-import-done');
    await dialog().getByRole('button', { name: '关闭' }).click();

    // The ministry finds the imported (submitted) projects in its list.
    await page.getByLabel('项目名称', { exact: true }).fill('广州示范5G智能工厂');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await page.locator('tbody tr').filter({ hasText: '已推荐' }).first().waitFor();

    await page.getByRole('button', { name: '导入旧平台项目' }).click();
    await choose(page, '导入到年度', String(importYear), dialog());
    await page.getByTestId('import-file').setInputFiles(LEGACY_PROJECTS_FIXTURE);
    await dialog().getByRole('button', { name: '检查', exact: true }).click();
    await dialog().getByText(`检查通过：可导入0个项目到${importYear}年度，跳过4个`, { exact: false }).waitFor();
    expect(await dialog().getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
    await dialog().getByRole('button', { name: '取消' }).click();
  });

  it('is offered to the ministry only', async () => {
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '导入旧平台项目' }).waitFor();
    const other = watch(await newPage(browser, stack.baseUrl));
    try {
      await signIn(other, 'gd_ca', DEMO_PASSWORD);
      await other.goto('/#/projects');
      await other.locator('tbody tr').first().waitFor();
      expect(await other.getByRole('button', { name: '导入旧平台项目' }).count()).toBe(0);
    } finally {
      await other.context().close();
    }
  });
});

describe('重新打开 / 调整状态 (ministry)', () => {
  let project: any;
  const dialog = () => page.getByRole('dialog');

  beforeAll(async () => {
    const year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
    project = await named(people.enterprise, year, '广州纠错示范5G工厂');
    // Set up under distant deadlines, then let the recommendation deadline pass: nobody recommended it → 未获推荐.
    await shortenDeadlines(stack, people.ministry, year, { submissionInMs: 3_000, recommendationInMs: 6_000, cityReviewRequired: false });
    await eventually(() => stack.api('GET', `/api/projects/${project.id}`, { token: people.ministry }), (r) => r.body.phase === 'not_recommended', 60_000);
  });

  it('重新打开 asks for a reason and shows the rules’ refusal in Chinese', async () => {
    await page.goto(`/#/projects/${project.id}/show`);
    await page.getByText('查看：广州纠错示范5G工厂').first().waitFor();
    await page.getByRole('button', { name: '重新打开' }).click();
    await dialog().getByText('重新打开：广州纠错示范5G工厂').waitFor();
    await dialog().getByRole('button', { name: '重新打开' }).click();
    await dialog().getByText('请填写原因').waitFor();
    await dialog().getByLabel(/^原因/).fill('省通信管理局因系统故障未能在截止前推荐');
    await dialog().getByRole('button', { name: '重新打开' }).click();
    await dialog().getByTestId('correction-refusal').getByText('截止时间已过，重新打开时请指定新的截止时间').waitFor();
    await screenshot(page, 'tools-7-reopen-refused');
    expect(await scrollsSideways(page)).toBe(false);
    // The new deadline is typed as 北京时间, as every deadline of the platform.
    await dialog().getByLabel('新的截止时间（北京时间）').fill('下周五');
    await dialog().getByText('请按“2026-04-10 17:00”的格式填写北京时间').waitFor();
    await dialog().getByRole('button', { name: '取消' }).click();
    await dialog().waitFor({ state: 'detached' });
  });

  it('调整状态 offers only the moves the rules allow; the new phase and the history entry with its reason show after', async () => {
    await page.getByRole('button', { name: '调整状态' }).click();
    await dialog().getByText('调整状态：广州纠错示范5G工厂').waitFor();
    await dialog().getByRole('combobox', { name: /调整为/ }).click();
    expect(await page.getByRole('option').allInnerTexts()).toEqual(['部级评审中']);
    await page.getByRole('option', { name: '部级评审中' }).click();
    await dialog().getByLabel(/^原因/).fill('两家省级单位已于截止前书面推荐');
    await screenshot(page, 'tools-8-move-dialog');
    await dialog().getByRole('button', { name: '调整状态' }).click();
    await waitForNotification(page, '已调整状态：广州纠错示范5G工厂，现为部级评审中');
    await page.getByTestId('history').or(page.getByRole('tab', { name: '历史记录' })).first().waitFor();
    await page.getByRole('tab', { name: '历史记录' }).click();
    const latest = page.getByTestId('history').locator('li').first();
    await latest.getByText('调整状态').waitFor();
    expect(await latest.innerText()).toMatch(/未获推荐 → 部级评审中[\s\S]*工业和信息化部[\s\S]*两家省级单位已于截止前书面推荐/);
    await screenshot(page, 'tools-9-move-history');
    // From 部级评审中 the only move back is 未获推荐, and nothing is closed to reopen.
    expect(await page.getByRole('button', { name: '重新打开' }).count()).toBe(0);
    await page.getByRole('button', { name: '调整状态' }).click();
    await dialog().getByRole('combobox', { name: /调整为/ }).click();
    expect(await page.getByRole('option').allInnerTexts()).toEqual(['未获推荐']);
    await page.keyboard.press('Escape');
    await dialog().getByRole('button', { name: '取消' }).click();
    expect(await untranslatedText(page)).toEqual([]);
  });

  it('a provincial regulator is not offered them', async () => {
    const other = watch(await newPage(browser, stack.baseUrl));
    try {
      await signIn(other, 'gd_ca', DEMO_PASSWORD);
      await other.goto(`/#/projects/${project.id}/show`);
      await other.getByText('查看：广州纠错示范5G工厂').first().waitFor();
      expect(await other.getByRole('button', { name: '调整状态' }).count()).toBe(0);
      expect(await other.getByRole('button', { name: '重新打开' }).count()).toBe(0);
    } finally {
      await other.context().close();
    }
  });
});

describe('the browser', () => {
  it('logged no error on any of these screens', () => {
    expect(errors).toEqual([]);
  });
});
