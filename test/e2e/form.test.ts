/**
 * Issue 12 in a real browser against the real stack: the declaration form from the enterprise's side. A project is
 * created by the first 暂存 of 项目情况 and the other tabs wait for it; unsaved input survives switching tabs and
 * sub-tabs, leaving asks first, and a crash or an expired session restores it (恢复未保存的内容?); * marks and the
 * completeness meter, whose list equals what 提交 answers; 边缘计算部署 in a 新增/编辑 dialog; percentages; 相关材料;
 * and a read-only view with no input at all. Screenshots of each step are saved under screenshots/form-*.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { DEMO_PASSWORD } from '../../db/seed';
import { exampleEnterpriseProfile } from '../../domain/form';
import { submittedProject } from '../support/lifecycle';
import { addDialogRow, choose, field, fill, launchBrowser, newPage, screenshot, signIn, TINY_PDF, untranslatedText, waitForNotification } from './browser';

let stack: Stack;
let browser: Browser;
let page: Page;
let projectUrl = '';
const NAME = '番禺智能装备5G全连接工厂';
const errors: string[] = [];

function watch(p: Page) {
  p.on('pageerror', (error) => errors.push(error.message));
  p.on('console', (message) => {
    // The browser logs every 4xx answer as “Failed to load resource”; the refusals this test provokes are expected.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  page = await newPage(browser, stack.baseUrl);
  // A busy shared machine renders the long form slowly: wait longer than the default, never assert how long.
  page.setDefaultTimeout(30_000);
  watch(page);
  // This year's 企业信息, so that only the form decides what 提交 says.
  const enterprise = await stack.login('gzfactory');
  const profile = exampleEnterpriseProfile();
  profile.enterpriseInfo.creditCode = '91440101MA59XK8Q22';
  const year = new Date().getFullYear();
  expect((await stack.api('PUT', `/api/enterprise-profiles/${year}`, { token: enterprise, body: profile })).status).toBe(200);
});

afterEach(async () => {
  const name = (expect.getState().currentTestName ?? 'step').replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
  await screenshot(page, `after-form-${name}`).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const tab = (p: Page, name: RegExp | string) => p.getByRole('tab', { name });

async function isDisabled(p: Page, name: RegExp): Promise<boolean> {
  const t = tab(p, name).first();
  return (await t.getAttribute('aria-disabled')) === 'true' || (await t.isDisabled());
}

/** The value of a text input or textarea by its label. */
const valueOf = (p: Page, label: string) => field(p, label).first().inputValue();

describe('a new project is created by the first 暂存 of 项目情况, and the tabs follow the manual’s order', () => {
  it('新增项目 opens an empty form; only 项目情况 is open; required fields carry *', async () => {
    await signIn(page, 'gzfactory', DEMO_PASSWORD);
    const before = (await stack.api('GET', '/api/projects', { token: await stack.login('gzfactory') })).body.total as number;
    await page.getByRole('button', { name: '新增项目' }).click();
    await page.getByText('请先填写“项目情况”（至少填写项目名称）并暂存').waitFor();
    for (const other of [/^项目建设能力/, /^项目实施成效/, /^企业实体信息/, /^项目经费/]) expect([String(other), await isDisabled(page, other)]).toEqual([String(other), true]);
    // The manual's *: on 项目名称 and the other required fields, not on 合作单位 (optional).
    await expect(page.locator('label').filter({ hasText: /^项目名称\s*\*$/ }).count()).resolves.toBe(1);
    await expect(page.locator('label').filter({ hasText: /^合作单位\s*\*$/ }).count()).resolves.toBe(0);
    await screenshot(page, 'form-01-new');
    // 暂存 without a name creates nothing.
    await page.getByRole('button', { name: '暂存' }).click();
    await page.getByText('请填写项目名称后再暂存').first().waitFor();
    expect((await stack.api('GET', '/api/projects', { token: await stack.login('gzfactory') })).body.total).toBe(before);
  });

  it('the first 暂存 creates the project and opens the other tabs', async () => {
    await fill(page, '项目名称', NAME);
    await fill(page, '项目简介', '以5G专网连接数控机床与AGV。');
    await page.getByRole('button', { name: '暂存' }).click();
    await waitForNotification(page, '项目已创建，暂存成功');
    await page.waitForURL(/#\/projects\/[0-9a-f-]{36}$/);
    projectUrl = page.url();
    for (const other of [/^项目建设能力/, /^项目实施成效/, /^企业实体信息/, /^项目经费/]) expect(await isDisabled(page, other)).toBe(false);
    await page.getByTestId('meter-tab-basic').waitFor();
    await screenshot(page, 'form-02-created');
  });
});

describe('nothing typed is lost', () => {
  it('keeps unsaved input when switching tabs and sub-tabs', async () => {
    await fill(page, '项目简介', '以5G专网连接数控机床与AGV，实现远程运维与质量追溯。');
    await fill(page, '详细地址', '广州市番禺区石楼镇');
    await tab(page, /^项目经费/).click();
    await fill(page, '国家级经费(万元)', 12.5);
    await tab(page, /^项目建设能力/).click();
    await choose(page, '5G基础设施模式', '虚拟专网');
    await tab(page, /^项目基本情况/).click();
    await expect(valueOf(page, '项目简介')).resolves.toBe('以5G专网连接数控机床与AGV，实现远程运维与质量追溯。');
    await expect(valueOf(page, '详细地址')).resolves.toBe('广州市番禺区石楼镇');
    await tab(page, /^项目经费/).click();
    await expect(valueOf(page, '国家级经费(万元)')).resolves.toBe('12.5');
    await tab(page, /^项目建设能力/).click();
    await page.getByRole('combobox', { name: /^5G基础设施模式/ }).getByText('虚拟专网').waitFor();
    await page.getByTestId('unsaved-sections').getByText('项目情况、项目经费、基础设施建设').waitFor();
    await screenshot(page, 'form-03-kept-across-tabs');
  });

  it('asks before leaving through the menu, and before closing the tab', async () => {
    await page.getByRole('menuitem', { name: '5G工厂' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '有尚未暂存的内容' });
    await dialog.getByText('离开后，尚未暂存的修改将丢失。确定离开吗？').waitFor();
    await screenshot(page, 'form-04-leave-warning');
    await dialog.getByRole('button', { name: '留在本页' }).click();
    expect(page.url()).toBe(projectUrl);
    await page.getByRole('combobox', { name: /^5G基础设施模式/ }).getByText('虚拟专网').waitFor();
    // Closing the tab (or reloading) gets the browser's own “leave site?” prompt.
    const prompt = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.type()))));
    await page.close({ runBeforeUnload: true });
    await expect(prompt).resolves.toBe('beforeunload');
    expect(page.isClosed()).toBe(false);
  });

  it('restores the input after a crash: sign in again → 恢复未保存的内容?', async () => {
    await page.waitForTimeout(600); // the browser's copy is written a moment after the last keystroke
    const crashed = page;
    const context: BrowserContext = crashed.context();
    await crashed.close({ runBeforeUnload: false });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    watch(page);
    await signIn(page, 'gzfactory', DEMO_PASSWORD); // the session lived in the closed tab
    await page.goto(projectUrl);
    const dialog = page.getByRole('dialog').filter({ hasText: '恢复未保存的内容?' });
    await dialog.getByText(/尚未暂存的内容：项目情况、项目经费、基础设施建设/).waitFor();
    await screenshot(page, 'form-05-restore-offer');
    await dialog.getByRole('button', { name: '恢复' }).click();
    await expect(valueOf(page, '项目简介')).resolves.toBe('以5G专网连接数控机床与AGV，实现远程运维与质量追溯。');
    await tab(page, /^项目经费/).click();
    await expect(valueOf(page, '国家级经费(万元)')).resolves.toBe('12.5');
    await page.getByRole('button', { name: '暂存' }).click();
    await waitForNotification(page, '暂存成功');
    await tab(page, /^项目情况/).click();
    await expect(valueOf(page, '详细地址')).resolves.toBe('广州市番禺区石楼镇');
    await page.getByRole('button', { name: '暂存' }).click();
    await page.getByTestId('unsaved-sections').getByText('基础设施建设').waitFor();
    await screenshot(page, 'form-06-restored-and-saved');
  });

  it('restores it after the session expired: the save is refused, sign in again, 恢复', async () => {
    await fill(page, '合作单位', '中国移动广州分公司');
    await page.waitForTimeout(600);
    // The server ends the session (30 idle minutes, or signed out elsewhere).
    await stack.sequelize.query("UPDATE sessions SET revoked_at = now() WHERE user_id = (SELECT id FROM users WHERE username = 'gzfactory')");
    await page.getByRole('button', { name: '暂存' }).click();
    await page.locator('input[name=username]').waitFor();
    await signIn(page, 'gzfactory', DEMO_PASSWORD);
    if (page.url() !== projectUrl) await page.goto(projectUrl);
    const dialog = page.getByRole('dialog').filter({ hasText: '恢复未保存的内容?' });
    await dialog.getByRole('button', { name: '恢复' }).click();
    await expect(valueOf(page, '合作单位')).resolves.toBe('中国移动广州分公司');
    await screenshot(page, 'form-07-restored-after-expiry');
    await fill(page, '合作内容', '5G专网建设与运维');
    await page.getByRole('button', { name: '暂存' }).click();
    await waitForNotification(page, '暂存成功');
  });
});

describe('the form as the manual shows it', () => {
  it('edits 边缘计算部署 in a 新增/编辑 dialog with a table', async () => {
    await tab(page, /^项目建设能力/).click();
    await page.getByTestId('rows-edgeComputing').getByRole('button', { name: '新增', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('新增边缘计算部署').waitFor();
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    await dialog.getByText('请填写设备部署位置').waitFor();
    await screenshot(page, 'form-08-edge-dialog-required');
    await dialog.getByRole('button', { name: '取消' }).click();
    await addDialogRow(page, 'edgeComputing', { 设备部署位置: '厂区核心机房', '建设成本(万元)': 180, 产品提供商: '华为技术有限公司', '存储容量(TB)': 200 }, { 边缘计算设备形态: '边缘服务器', 发展阶段: '发展阶段' });
    const table = page.getByTestId('rows-edgeComputing');
    await table.getByRole('cell', { name: '厂区核心机房' }).waitFor();
    await table.getByRole('button', { name: '编辑第1行' }).click();
    await expect(field(page.getByRole('dialog'), '存储容量(TB)').inputValue()).resolves.toBe('200');
    await field(page.getByRole('dialog'), '设备部署位置').fill('二号楼边缘机房');
    await page.getByRole('dialog').getByRole('button', { name: '保存', exact: true }).click();
    await table.getByRole('cell', { name: '二号楼边缘机房' }).waitFor();
    await expect(table.getByRole('cell', { name: '厂区核心机房' }).count()).resolves.toBe(0);
    await screenshot(page, 'form-09-edge-table');
    await page.getByRole('button', { name: '暂存' }).click();
    await waitForNotification(page, '暂存成功');
  });

  it('accepts an improvement above 100 % and refuses a reduction above it', async () => {
    await tab(page, /^项目实施成效/).click();
    await fill(page, '增效(%)', 150);
    await fill(page, '降本(%)', 120);
    await page.getByRole('button', { name: '暂存' }).click();
    await page.getByText('降本(%)不能超过100').waitFor();
    await expect(page.getByText('增效(%)不能超过').count()).resolves.toBe(0);
    await fill(page, '降本(%)', 18);
    await page.getByRole('button', { name: '暂存' }).click();
    await waitForNotification(page, '暂存成功');
    await screenshot(page, 'form-10-percentages');
  });

  it('uploads 相关材料 and lists them with name, size, uploader and time', async () => {
    await tab(page, /^相关材料/).click();
    await choose(page, '材料类型', '合同协议');
    await page.locator('input[type=file]').setInputFiles({ name: '5G专网建设合同.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
    const row = page.getByTestId('material-row').filter({ hasText: '5G专网建设合同.pdf' });
    await row.waitFor();
    await row.getByText('李明').waitFor();
    await row.getByText(`${TINY_PDF.length} B`).waitFor();
    await screenshot(page, 'form-11-materials');
  });

  it('the completeness meter lists exactly what 提交 answers', async () => {
    await page.getByTestId('completeness').getByRole('button', { name: '查看详情' }).click();
    const items = page.getByTestId('meter-problems').locator('li');
    await items.first().waitFor();
    const meter = await items.evaluateAll((lis) =>
      lis.map((li) => ({ section: li.getAttribute('data-section'), path: li.getAttribute('data-path'), message: li.getAttribute('data-message') })),
    );
    await screenshot(page, 'form-12-meter');
    const id = projectUrl.split('/').pop()!;
    const server = await stack.api('POST', `/api/projects/${id}/submit`, { token: await stack.login('gzfactory') });
    expect(server.status).toBe(422);
    expect(meter).toEqual(server.body.error.details);
    // The tab counts add up to the same list.
    const counts = await page.locator('[data-testid^="meter-tab-"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-problems'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(server.body.error.details.length);
    // And the browser's 提交 shows the server's list, tab by tab.
    await tab(page, /^企业实体信息/).click();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByTestId('submit-problems').getByText(`还有${server.body.error.details.length}处内容未填写或有误`).waitFor();
    await screenshot(page, 'form-13-submit-problems');
  });
});

describe('a project the enterprise may not change is shown read-only', () => {
  it('has no input, no upload and no save on any tab', async () => {
    const enterprise = await stack.login('gzfactory');
    const year = new Date().getFullYear();
    const p = await submittedProject(stack, enterprise, year);
    const [city, miit, ca] = await Promise.all(['gz_miit', 'gd_miit', 'gd_ca'].map((u) => stack.login(u)));
    expect((await stack.api('POST', `/api/projects/${p.id}/city-review`, { token: city, body: { decision: 'approve' } })).status).toBe(200);
    for (const token of [miit, ca]) expect((await stack.api('POST', `/api/projects/${p.id}/recommend`, { token, body: { formVersion: p.formVersion } })).status).toBe(200);
    await page.goto(`${stack.baseUrl}/#/projects/${p.id}`);
    await page.getByText('项目当前状态为“已推荐”，不能修改').waitFor();
    for (const [main, sub] of [[/^项目基本情况/, /^项目情况/], [/^项目基本情况/, /^项目经费/], [/^项目建设能力/, /^基础设施建设/], [/^项目建设能力/, /^安全防护保障/], [/^项目实施成效/, /^相关材料/], [/^企业实体信息/, null]] as const) {
      await tab(page, main).first().click();
      if (sub) await tab(page, sub).click();
      const card = page.locator('.MuiCard-root').first();
      const inputs = await card.locator('input:not([type=hidden]):not([disabled]), textarea:not([disabled]), [role=combobox]:not([aria-disabled=true]), [role=radio], [role=checkbox]').count();
      expect([String(sub ?? main), inputs]).toEqual([String(sub ?? main), 0]);
      for (const button of ['暂存', '下一页', '提交', '上传图片', '重新上传', '上传材料', '新增']) {
        await expect(card.getByRole('button', { name: button, exact: true }).count()).resolves.toBe(0);
      }
    }
    await tab(page, /^项目建设能力/).first().click();
    await screenshot(page, 'form-14-read-only');
  });

  it('删除: a draft that was never submitted is deleted from the list after a confirmation; a submitted one offers no 删除', async () => {
    const enterprise = await stack.login('gzfactory');
    const draftName = '临时草稿（待删除）';
    const created = await stack.api('POST', '/api/projects', { token: enterprise, body: { projectInfo: { name: draftName } } });
    expect(created.status).toBe(201);
    await page.goto(`${stack.baseUrl}/#/projects`);
    const row = page.locator('tr').filter({ hasText: draftName }).first();
    await row.getByRole('button', { name: '删除' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '删除草稿' });
    await dialog.getByText(`确定删除“${draftName}”吗？草稿及其相关材料将一并删除，不能恢复。`, { exact: false }).waitFor();
    await screenshot(page, 'form-15-delete-confirm');
    await dialog.getByRole('button', { name: '确认' }).click();
    await waitForNotification(page, '草稿已删除');
    await page.locator('tr').filter({ hasText: draftName }).waitFor({ state: 'detached' });
    expect((await stack.api('GET', `/api/projects/${created.body.id}`, { token: enterprise })).status).toBe(404);
    // The 已推荐 project of the test above: no 删除 on its row.
    const recommended = page.locator('tr').filter({ hasText: '已推荐' });
    await recommended.first().waitFor();
    await expect(recommended.first().getByRole('button', { name: '删除' }).count()).resolves.toBe(0);
    await screenshot(page, 'form-16-deleted');
  });

  it('showed only Chinese and no console error on these screens', async () => {
    expect(await untranslatedText(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
