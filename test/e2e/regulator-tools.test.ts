/**
 * The regulators' list tools in the browser, as a user does it (screenshots in screenshots/tools-*):
 * - 保存的筛选 (issue 11): a 通信管理局 user saves the 待我处理 search under a name, applies it again, finds it in another
 *   browser; on the 5G工厂 list a second save under the same name says it replaces the first; deleting it empties the menu.
 */
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { DEMO_PASSWORD } from '../../db/seed';
import { completeProject, createCampaign, signInEveryone, type People } from '../support/lifecycle';
import { submit } from '../support/queue';
import { launchBrowser, newPage, screenshot, signIn, untranslatedText, waitForNotification } from './browser';

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
    await page.keyboard.press('Escape');
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
    await page.keyboard.press('Escape');
    const left = await stack.api('GET', '/api/saved-filters?resource=projects', { token: people.provinceCa });
    expect(left.body.data).toEqual([]);
  });

  it('logged no browser error', () => {
    expect(errors).toEqual([]);
  });
});
