/**
 * Every main screen of every role (issue 16.2), in one stack and one browser: at 1280×720 the page never scrolls
 * sideways and the browser logs no error (a console error or an uncaught exception fails the screen — e.g. a
 * request the role may not make, answered 403). Phones (390×844) get the list and the public directory, looked at
 * in the screenshots under screenshots/screens/. A project of another company is a Chinese 无权查看 page.
 *
 * To add a screen, add a line to MAIN_SCREENS: the route and what shows the screen has its data.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { DEMO_PASSWORD } from '../../db/seed';
import type { Role } from '../../domain/roles';
import { launchBrowser, SCREENSHOTS, signIn, untranslatedText } from './browser';
import { seedScreens, type ScreensData } from './screensData';

interface Screen {
  /** File name of the screenshot, and how failures name the screen. */
  key: string;
  /** The route after `#`, e.g. `/projects`. */
  path: (data: ScreensData) => string;
  /** What the screen shows once its data is there. */
  ready: (page: Page, data: ScreensData) => Locator;
}

const PROJECT = '广州天河精密电子5G全连接工厂';
const rows = (page: Page) => page.locator('tbody tr').first();
const heading = (text: string) => (page: Page) => page.getByText(text, { exact: true }).first();
const list: Screen = { key: 'list', path: () => '/projects', ready: rows };
const messages: Screen = { key: 'messages', path: () => '/messages', ready: (page) => page.locator('tbody tr, .RaList-noResults, .RaEmpty-message').first() };
const dashboard: Screen = { key: 'dashboard', path: () => '/', ready: (page) => page.getByTestId('stats-total') };
const show = (key: string, id: (data: ScreensData) => string, tab?: string): Screen => ({
  key,
  path: (data) => `/projects/${id(data)}/show${tab ? `/${tab}` : ''}`,
  ready: (page) => page.getByText(new RegExp(`^查看：${PROJECT}$`)).first(),
});

/** role → its account and main screens. */
export const MAIN_SCREENS: { role: Role; username: string; screens: Screen[] }[] = [
  {
    role: 'enterprise',
    username: 'gzfactory',
    screens: [
      list,
      show('show', (d) => d.awaitingCity),
      show('show-history', (d) => d.awaitingCity, 'history'),
      { key: 'form', path: (d) => `/projects/${d.draft}`, ready: (page) => page.getByRole('button', { name: '暂存' }) },
      { key: 'profiles', path: () => '/enterprise-profiles', ready: rows },
      messages,
    ],
  },
  { role: 'operator', username: 'gdmobile', screens: [list, show('show', (d) => d.awaitingCity), messages] },
  { role: 'city_miit', username: 'gz_miit', screens: [dashboard, list, show('show', (d) => d.awaitingCity), messages] },
  { role: 'province_miit', username: 'gd_miit', screens: [dashboard, list, show('show', (d) => d.partlyRecommended), messages] },
  { role: 'province_ca', username: 'gd_ca', screens: [dashboard, list, show('show', (d) => d.partlyRecommended), messages] },
  {
    role: 'ministry',
    username: 'miit',
    screens: [
      dashboard,
      list,
      show('show', (d) => d.ministryReview),
      show('show-review', (d) => d.ministryReview, 'review'),
      { key: 'campaigns', path: () => '/campaigns', ready: rows },
      { key: 'campaign-edit', path: (d) => `/campaigns/${d.years.current}`, ready: (page) => page.getByRole('button', { name: '保存' }) },
      messages,
    ],
  },
  { role: 'expert', username: 'expert1', screens: [list, show('show', (d) => d.ministryReview), show('show-review', (d) => d.ministryReview, 'review'), messages] },
  {
    role: 'admin',
    username: 'admin',
    screens: [
      { key: 'registrations', path: () => '/registrations', ready: rows },
      { key: 'users', path: () => '/users', ready: rows },
      { key: 'user-create', path: () => '/users/create', ready: (page) => page.getByRole('button', { name: '保存' }) },
      { key: 'campaigns', path: () => '/campaigns', ready: rows },
      { key: 'workflows', path: () => '/workflows', ready: heading('流程监控') },
      { key: 'batches', path: () => '/batches', ready: rows },
      { key: 'batch', path: (d) => `/batches/${d.batch}`, ready: (page) => page.getByTestId('batch-status').getByText('已完成') },
      messages,
    ],
  },
  { role: 'security_admin', username: 'security', screens: [{ key: 'users', path: () => '/users', ready: rows }, messages] },
  { role: 'audit_admin', username: 'auditor', screens: [{ key: 'audit', path: () => '/audit', ready: rows }, messages] },
];

/** Screens anyone sees without signing in. */
const PUBLIC_SCREENS: Screen[] = [
  { key: 'login', path: () => '/login', ready: (page) => page.getByRole('button', { name: '登录', exact: true }) },
  { key: 'register', path: () => '/register', ready: (page) => page.getByRole('button', { name: '下一步' }) },
  { key: 'directory', path: () => '/directory', ready: (page, d) => page.getByTestId('directory-entries').getByText(d.directory.projects[1]!) },
];

const OUT = path.join(SCREENSHOTS, 'screens');
let stack: Stack;
let browser: Browser;
let data: ScreensData;

beforeAll(async () => {
  stack = await startStack();
  [data, browser] = await Promise.all([seedScreens(stack), launchBrowser()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A page that remembers what the browser logged as an error, and how many requests are still on the way. */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; errors: string[]; settle: () => Promise<void> }> {
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  let inFlight = 0;
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  page.on('request', () => inFlight++);
  page.on('requestfinished', () => inFlight--);
  page.on('requestfailed', () => inFlight--);
  /** Until no request has been on the way for half a second (lazy chunks and data loaded, errors logged). */
  const settle = async () => {
    for (let quiet = 0, waited = 0; quiet < 500 && waited < 15_000; waited += 100) {
      await page.waitForTimeout(100);
      quiet = inFlight > 0 ? 0 : quiet + 100;
    }
  };
  return { page, errors, settle };
}

/**
 * How far the page scrolls sideways, and which element is wider than the window: the outermost such element (its
 * parent fits), with the path down to the deepest one that is as wide (the content that pushes it).
 */
const horizontalOverflow = (page: Page) =>
  page.evaluate(() => {
    // Runs in the page (the test's tsconfig has no DOM types).
    const doc = (globalThis as any).document;
    const root = doc.scrollingElement;
    const width = root.clientWidth;
    const name = (element: any) => `${element.tagName.toLowerCase()}.${String(element.className?.baseVal ?? element.className).trim().split(/\s+/).slice(0, 2).join('.')}`;
    const tooWide = (element: any) => element.getBoundingClientRect().width > width + 0.5;
    const path: string[] = [];
    let element = [...doc.body.querySelectorAll('*')].find(tooWide);
    while (element) {
      path.push(`${name(element)}(${Math.round(element.getBoundingClientRect().width)})`);
      element = [...element.children].find(tooWide);
    }
    return { overflow: root.scrollWidth - width, widest: path.join(' > ') };
  });

/** Opens each screen; returns what is wrong with them (empty when all is well). */
async function visit(page: Page, errors: string[], settle: () => Promise<void>, prefix: string, screens: Screen[]): Promise<string[]> {
  const problems: string[] = [];
  for (const screen of screens) {
    const name = `${prefix}-${screen.key}`;
    errors.length = 0;
    await page.goto(`/#${screen.path(data)}`);
    try {
      await screen.ready(page, data).waitFor();
    } catch {
      problems.push(`${name}: did not show its content`);
    }
    await settle();
    const { overflow, widest } = await horizontalOverflow(page);
    if (overflow > 0) problems.push(`${name}: scrolls sideways by ${overflow} px (widest: ${widest})`);
    for (const error of errors) problems.push(`${name}: ${error}`);
    for (const text of await untranslatedText(page)) problems.push(`${name}: untranslated "${text}"`);
    await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  }
  return problems;
}

async function newContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  return browser.newContext({ baseURL: stack.baseUrl, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

describe('at 1280×720 every main screen fits the width and logs no error', () => {
  test.each(MAIN_SCREENS.map((entry) => [entry.role, entry] as const))('%s', async (_role, { role, username, screens }) => {
    const context = await newContext({ width: 1280, height: 720 });
    try {
      const { page, errors, settle } = await watchedPage(context);
      await signIn(page, username, DEMO_PASSWORD);
      expect(await visit(page, errors, settle, `1280-${role}`, screens)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  test('without signing in: 登录, 注册, 年度名录 — the scripts arrive brotli-compressed and cached for a year', async () => {
    const context = await newContext({ width: 1280, height: 720 });
    try {
      const { page, errors, settle } = await watchedPage(context);
      const scripts: { url: string; encoding?: string; cache?: string }[] = [];
      const responses: Promise<void>[] = [];
      page.on('response', (response) => {
        if (!/\/assets\/.+\.js$/.test(response.url())) return;
        // allHeaders(): headers() leaves some out.
        responses.push(response.allHeaders().then((headers) => void scripts.push({ url: response.url(), encoding: headers['content-encoding'], cache: headers['cache-control'] })));
      });
      expect(await visit(page, errors, settle, '1280-public', PUBLIC_SCREENS)).toEqual([]);
      await Promise.all(responses);
      expect(scripts.length).toBeGreaterThan(1);
      expect(scripts.filter((s) => s.encoding !== 'br' || s.cache !== 'public, max-age=31536000, immutable')).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('on a phone (390×844)', () => {
  test('the regulator’s list is react-admin’s small-screen list and the public directory reads without sideways scrolling', async () => {
    const context = await newContext({ width: 390, height: 844 });
    try {
      const { page, errors, settle } = await watchedPage(context);
      const directory = await visit(page, errors, settle, '390-public', PUBLIC_SCREENS.filter((s) => s.key === 'directory'));
      expect(await page.locator('table').count()).toBe(0); // the 名录's entries as cards
      await signIn(page, 'gd_miit', DEMO_PASSWORD);
      // SimpleList: one item per project (its update time on the right, RaSimpleList-tertiary), no table.
      const simpleList = (p: Page) => p.locator('.RaSimpleList-tertiary').first();
      const lists = await visit(page, errors, settle, '390-province_miit', [{ ...list, ready: simpleList }, show('show', (d) => d.partlyRecommended)]);
      expect([...directory, ...lists]).toEqual([]);
      await page.goto('/#/projects');
      await simpleList(page).waitFor();
      expect(await page.getByText(PROJECT).count()).toBeGreaterThan(0);
      expect(await page.locator('table').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 120_000);
});

test('an enterprise opening another company’s project gets a Chinese 无权查看 page', async () => {
  const context = await newContext({ width: 1280, height: 720 });
  try {
    const page = await context.newPage();
    await signIn(page, data.otherEnterprise.username, data.otherEnterprise.password);
    await page.goto(`/#/projects/${data.awaitingCity}/show`);
    const notAllowed = page.getByTestId('not-allowed');
    await notAllowed.getByText('无权查看', { exact: true }).waitFor();
    await expect(notAllowed.innerText()).resolves.toContain('该项目不存在，或您的账号无权查看该项目。');
    expect(await page.getByText(PROJECT).count()).toBe(0);
    await page.screenshot({ path: path.join(OUT, '1280-enterprise-not-allowed.png') });
    await notAllowed.getByRole('link', { name: '返回5G工厂列表' }).click();
    await page.getByRole('button', { name: '新增项目' }).waitFor();
  } finally {
    await context.close();
  }
}, 60_000);
