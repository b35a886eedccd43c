/**
 * Issue 7, acceptance 4: the regulator's list of 10,000 projects pages and filters in a real browser against the
 * real API and PostgreSQL. The 10,000 declarations are written straight into the projection (as the projection
 * activity would): the list reads nothing else. How fast each change is, is a figure of `npm run bench`
 * (bench/figures/browser.ts), never an assertion here: a busy CI machine must not fail a correct list.
 */
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { DEMO_PASSWORD } from '../../db/seed';
import { initialState } from '../../domain/lifecycle/state';
import { launchBrowser, newPage, screenshot, signIn } from './browser';

const ROWS = 10_000;
let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stack = await startStack();
  const [[enterprise]] = (await stack.sequelize.query("SELECT id FROM users WHERE username = 'gzfactory'")) as [{ id: string }[], unknown];
  const [[campaign]] = (await stack.sequelize.query('SELECT year, submission_deadline, recommendation_deadline FROM campaigns ORDER BY year DESC LIMIT 1')) as [
    { year: number; submission_deadline: Date; recommendation_deadline: Date }[],
    unknown,
  ];
  const state = {
    ...initialState({
      projectId: '00000000-0000-0000-0000-000000000000',
      year: campaign!.year,
      enterpriseId: enterprise!.id,
      provinceCode: '440000',
      cityCode: '440100',
      stage: '建设完成',
      cityReviewRequired: true,
      deadlines: { submission: new Date(campaign!.submission_deadline).toISOString(), recommendation: new Date(campaign!.recommendation_deadline).toISOString(), cityReview: null },
    }),
    phase: 'submitted' as const,
    cityReview: 'approved' as const,
    seq: 3,
  };
  await stack.sequelize.query(
    `WITH p AS (INSERT INTO projects (id, enterprise_id) SELECT gen_random_uuid(), :enterprise FROM generate_series(1, :rows) RETURNING id),
          n AS (SELECT id, row_number() OVER () AS i FROM p)
     INSERT INTO submissions (id, project_id, year, enterprise_id, enterprise_name, workflow_id, phase, seq, status_text, name, project_type, level,
                              stage, industry, province_code, city_code, district_code, address_text, state, submitted_at, created_at, updated_at)
     SELECT gen_random_uuid(), n.id, :year, :enterprise, '测试企业' || n.i || '有限公司', 'submission:' || :year || ':' || n.id, 'submitted', 3,
            '广东省(通信管理局)待推荐;广东省(工业和信息化厅)待推荐;', '测试企业' || n.i || '5G全连接工厂', '企业项目', '工厂', '建设完成',
            (ARRAY['电子设备制造','装备制造','钢铁','家电','汽车'])[1 + n.i % 5], '440000', '440100', '440106', '广东省广州市天河区',
            CAST(:state AS jsonb), now(), now() - n.i * interval '1 minute', now() - n.i * interval '1 minute'
       FROM n`,
    { replacements: { enterprise: enterprise!.id, rows: ROWS, year: campaign!.year, state: JSON.stringify(state) } },
  );
  await stack.sequelize.query('ANALYZE submissions');
  browser = await launchBrowser();
  page = await newPage(browser, stack.baseUrl);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const firstRow = () => page.locator('tbody tr').first().innerText();

/** Clicks, then waits until the first row shows something else (the new page has arrived). */
async function expectRowsChange(action: () => Promise<void>): Promise<void> {
  const before = await firstRow();
  await action();
  await page.waitForFunction(
    (text) => {
      // Runs in the page (the test's tsconfig has no DOM types).
      const row = (globalThis as any).document.querySelector('tbody tr');
      return !!row && row.innerText !== text;
    },
    before,
    { timeout: 15_000 },
  );
}

test('a regulator pages through and filters a list of 10,000 projects', async () => {
  await signIn(page, 'gd_miit', DEMO_PASSWORD);
  await page.goto('/#/projects');
  await page.getByText(`共 ${ROWS} 条`).waitFor({ timeout: 15_000 });
  const seen = new Set<string>([await firstRow()]);
  for (let i = 0; i < 5; i++) {
    await expectRowsChange(() => page.getByRole('button', { name: '下一页' }).click());
    seen.add(await firstRow());
  }
  expect(seen.size).toBe(6); // six different pages
  expect(await page.getByRole('button', { name: '第6页' }).getAttribute('aria-current')).toBe('page');
  await expectRowsChange(() => page.getByRole('button', { name: '第1页' }).click());
  await page.getByLabel('企业名称', { exact: true }).fill('测试企业777');
  await expectRowsChange(() => page.getByRole('button', { name: '搜索' }).click());
  // 测试企业777 and 测试企业7770 … 测试企业7779.
  await page.getByText('共 11 条', { exact: true }).waitFor();
  const names = await page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => (row as unknown as { innerText: string }).innerText));
  expect(names).toHaveLength(10);
  for (const name of names) expect(name).toMatch(/测试企业777\d?有限公司/);
  await screenshot(page, '30-list-10000-filtered');
}, 120_000);
