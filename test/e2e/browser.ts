/**
 * Chromium for the browser tests: the Debian package (installed by .ci/run with fonts-wqy-microhei for Chinese
 * text), driven by playwright-core. Helpers fill react-admin/MUI controls by their Chinese labels, as a user would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page, type Locator } from 'playwright-core';

export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=zh-CN'],
  });
}

export async function newPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForTimeout(300); // let notifications and transitions settle
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Fill the sign-in form and press 登录 (the captcha only when the server asks for one: the stack runs with CAPTCHA=off). */
export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/#/login');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  const form = page.locator('form[data-captcha]');
  await form.and(page.locator(':not([data-captcha=loading])')).waitFor();
  if ((await form.getAttribute('data-captcha')) === 'required') await page.locator('input[name=captcha]').fill('test');
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await submitSignIn(page, username, password);
  try {
    await page.locator('header').first().waitFor();
  } catch (error) {
    await screenshot(page, `failed-sign-in-${username}`);
    throw error;
  }
}

/** 退出登录 from the user menu, as a user does (this also forgets the cached identity). */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '个人中心' }).click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.locator('input[name=username]').waitFor();
}

/** The text of the latest notification (snackbar). */
export async function notification(page: Page): Promise<string> {
  const bar = page.locator('.MuiSnackbar-root').last();
  await bar.waitFor();
  return (await bar.innerText()).trim();
}

export async function waitForNotification(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('.MuiSnackbar-root').filter({ hasText: text }).first().waitFor();
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A label as written, with or without the * of a required field (react-admin's FieldTitle adds “ *” in an aria-hidden
 * span, which Playwright's label text includes).
 */
export function labelled(label: string): RegExp {
  return new RegExp(`^${escape(label)}(?:[\\s\u2009]*\\*)?$`);
}

/** A react-admin text/number/date input by its label. */
export function field(scope: Page | Locator, label: string): Locator {
  return scope.getByLabel(labelled(label));
}

export async function fill(scope: Page | Locator, label: string, value: string | number): Promise<void> {
  await field(scope, label).first().fill(String(value));
}

/** MUI select (react-admin SelectInput) by label, then the option. Its accessible name is the label plus the value. */
export async function choose(page: Page, label: string, option: string, scope: Page | Locator = page): Promise<void> {
  await scope.getByRole('combobox', { name: new RegExp(`^${escape(label)}(\\s|\\u200b|$)`) }).first().click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** A radio of a react-admin RadioButtonGroupInput, found by the group's label. */
export async function radio(page: Page, groupLabel: string, option: string): Promise<void> {
  const group = page.locator('.MuiFormControl-root').filter({ has: page.locator('legend, label').getByText(labelled(groupLabel)) }).last();
  await group.getByRole('radio', { name: option, exact: true }).check();
}

/** The rows of a repeating list (ArrayInput): add one with “+” (增加) and fill its fields by label. */
export async function addRow(page: Page, source: string, values: Record<string, string | number>, selects: Record<string, string> = {}): Promise<void> {
  const list = page.locator(`.ra-input-${source}`);
  await list.getByRole('button', { name: '增加' }).last().click();
  const row = list.locator('.RaSimpleFormIterator-line').last();
  for (const [label, value] of Object.entries(values)) await field(row, label).fill(String(value));
  for (const [label, option] of Object.entries(selects)) await choose(page, label, option, row);
}

/** A list edited in a 新增/编辑 dialog (边缘计算部署): 新增, fill the dialog's fields by label, 保存. */
export async function addDialogRow(page: Page, source: string, values: Record<string, string | number>, selects: Record<string, string> = {}): Promise<void> {
  await page.getByTestId(`rows-${source}`).getByRole('button', { name: '新增', exact: true }).click();
  const dialog = page.getByRole('dialog');
  for (const [label, value] of Object.entries(values)) await field(dialog, label).fill(String(value));
  for (const [label, option] of Object.entries(selects)) await choose(page, label, option, dialog);
  await dialog.getByRole('button', { name: '保存', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** The cascade picker: open it by its label and pick the path found by searching for the last name. */
export async function cascade(page: Page, label: string, search: string, path: string): Promise<void> {
  await field(page, label).first().click();
  await page.getByPlaceholder('搜索').fill(search);
  await page.getByRole('button', { name: path, exact: true }).first().click();
}

/** A 1×1 PNG, enough for the server's content check. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

/** A minimal PDF (“%PDF-1.4”), enough for the content check of 相关材料. */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** English words react-admin shows when a message is missing; none may appear on a Chinese screen. */
const ENGLISH_LABELS = [
  'Save', 'Delete', 'Cancel', 'Confirm', 'Search', 'Export', 'Create', 'Edit', 'Show', 'List', 'Add', 'Remove', 'Refresh',
  'Logout', 'Loading', 'Rows per page', 'No results', 'Next', 'Previous', 'Close', 'Clear', 'Back', 'Actions', 'Filter',
];

/** Untranslated `ra.*` / `app.*` / `resources.*` keys and English labels in the visible text (and buttons' names). */
export async function untranslatedText(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    // Runs in the page; the test code is compiled without the DOM library.
    type Element = { getAttribute(name: string): string | null };
    const document = (globalThis as unknown as { document: { body: { innerText: string }; querySelectorAll(selector: string): Iterable<Element> } }).document;
    const labels = [...document.querySelectorAll('[aria-label],[title],[placeholder]')].map(
      (e) => `${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('title') ?? ''} ${e.getAttribute('placeholder') ?? ''}`,
    );
    return `${document.body.innerText}\n${labels.join('\n')}`;
  });
  const found = new Set<string>();
  for (const match of text.matchAll(/\b(?:ra|app|resources|phases|roles)\.[a-z_-]+(?:\.[\w-]+)+/g)) found.add(match[0]);
  for (const word of ENGLISH_LABELS) if (new RegExp(`(^|[^A-Za-z])${word}([^A-Za-z]|$)`).test(text)) found.add(word);
  return [...found];
}
