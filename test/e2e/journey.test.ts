/**
 * The declaration journey in a real browser against the real stack (SPEC §3–§6): an enterprise keeps its 企业信息,
 * fills every tab of a project and submits it; the city's 初审 returns it with a reason; the enterprise fixes it
 * and submits again; the city approves; both provincial authorities recommend; the regulator's list filters and
 * exports. Each main screen is saved under screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { DEMO_PASSWORD } from '../../db/seed';
import {
  addRow,
  cascade,
  choose,
  fill,
  launchBrowser,
  newPage,
  radio,
  screenshot as saveScreenshot,
  signIn,
  signOut,
  TINY_PNG,
  untranslatedText,
  waitForNotification,
} from './browser';

const PROJECT_NAME = '广州示范智能制造5G全连接工厂';
const ENTERPRISE = '广州示范智能制造有限公司';

let stack: Stack;
let browser: Browser;
let page: Page;
/** What each main screen showed that is not Chinese (checked by the last test). */
const untranslated: string[] = [];

/** A picture of a main screen, and a look for untranslated keys and English labels on it. */
async function screenshot(current: Page, name: string): Promise<void> {
  await saveScreenshot(current, name);
  if (name.startsWith('after-')) return;
  for (const text of await untranslatedText(current)) untranslated.push(`${name}: ${text}`);
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  page = await newPage(browser, stack.baseUrl);
  page.on('pageerror', (error) => console.error('[browser]', error.message));
});

// Every step leaves a picture of where it ended, passing or not, to look at.
afterEach(async () => {
  const name = (expect.getState().currentTestName ?? 'step').replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
  await screenshot(page, `after-${name}`).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function nextPage(expectTab: string) {
  await page.getByRole('button', { name: '下一页' }).click();
  await page.getByRole('tab', { name: new RegExp(`^${expectTab}`), selected: true }).waitFor();
}

async function openRow(projectName: string) {
  return page.locator('tr').filter({ hasText: projectName }).first();
}

describe('the enterprise declares a project', () => {
  it('signs in and sees its 5G工厂 list', async () => {
    await signIn(page, 'gzfactory', DEMO_PASSWORD);
    await page.getByRole('button', { name: '新增项目' }).waitFor();
    await screenshot(page, '01-enterprise-list');
  });

  it('completes this year’s 企业信息', async () => {
    await page.getByRole('menuitem', { name: '企业信息' }).click();
    await page.getByRole('link', { name: /^填写\d{4}年度企业信息$/ }).click();
    await page.getByText('尚未保存').waitFor();
    await fill(page, '单位名称', ENTERPRISE);
    await fill(page, '统一社会信用代码', '91440101MA59XK8Q22');
    await choose(page, '企业性质', '民营企业');
    await cascade(page, '国民经济分类', '电子电路制造', '制造业 / 计算机、通信和其他电子设备制造业 / 电子元件及电子专用材料制造 / 电子电路制造');
    await cascade(page, '单位地址', '天河区', '广东省 / 广州市 / 天河区');
    await fill(page, '详细地址', '广州市天河区高普路1033号');
    await fill(page, '营业收入(万元)', 356000);
    await fill(page, '研发投入(万元)', 14800.5);
    await fill(page, '单位联系人姓名', '李明');
    await fill(page, '单位联系人职务', '总经理助理');
    await fill(page, '单位联系人手机', '13800138001');
    await fill(page, '单位联系人邮箱', 'liming@example.com');
    await screenshot(page, '02-enterprise-profile');
    await page.getByRole('button', { name: '保存' }).click();
    await waitForNotification(page, '企业信息已保存');
  });

  it('starts a new project and fills 项目情况 with cascades and an image', async () => {
    await page.getByRole('menuitem', { name: '5G工厂' }).click();
    await page.getByRole('button', { name: '新增项目' }).click();
    await page.getByRole('tab', { name: '项目基本情况' }).waitFor();
    await fill(page, '项目名称', PROJECT_NAME);
    await radio(page, '项目类型', '企业项目');
    await cascade(page, '国民经济分类', '电子电路制造', '制造业 / 计算机、通信和其他电子设备制造业 / 电子元件及电子专用材料制造 / 电子电路制造');
    await choose(page, '所属行业', '电子设备制造');
    await choose(page, '项目层级', '工厂');
    await fill(page, '起始时间', '2023-03-01');
    await fill(page, '结束时间', '2024-12-31');
    await page.getByLabel('省级5G工厂', { exact: true }).check();
    await radio(page, '实施阶段', '建设完成');
    await cascade(page, '实施地址', '天河区', '广东省 / 广州市 / 天河区');
    await fill(page, '详细地址', '广州市天河区高普路1033号B栋');
    await fill(page, '项目简介', '以5G虚拟专网覆盖SMT车间与立体仓库，部署MEC，实现机器视觉质检与AGV物流。');
    await page.locator('input[type=file]').first().setInputFiles({ name: 'topology.png', mimeType: 'image/png', buffer: TINY_PNG });
    await page.getByRole('img', { name: '现场拓扑图' }).waitFor();
    await screenshot(page, '03-form-project-info');
    await nextPage('项目经费');
  });

  it('fills 项目经费 and shows a wrong amount next to its field before anything is sent', async () => {
    await fill(page, '国家级经费(万元)', 0);
    await fill(page, '省级经费(万元)', 200.123);
    await page.getByRole('button', { name: '暂存' }).click();
    await page.getByText('省级经费(万元)最多保留两位小数').waitFor();
    await screenshot(page, '04-form-funding-error');
    await fill(page, '省级经费(万元)', 200);
    await fill(page, '市级经费(万元)', 150.5);
    await fill(page, '区级经费(万元)', 50);
    await fill(page, '企业自筹(万元)', 3280.75);
    await nextPage('基础设施建设');
  });

  it('is told on 提交 what is still missing, tab by tab, and taken to the first', async () => {
    await page.getByRole('tab', { name: /^企业实体信息/ }).click();
    await fill(page, '项目联系人姓名', '陈晓明');
    await fill(page, '项目联系人职务', '信息化部部长');
    await fill(page, '项目联系人手机', '13800138000');
    await fill(page, '项目联系人邮箱', 'chenxm@example.com');
    await page.getByRole('button', { name: '提交' }).click();
    const problems = page.getByTestId('submit-problems');
    await problems.waitFor();
    await expect(problems.getByText('项目建设能力', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(problems.getByText('项目实施成效', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(problems.getByText('基础设施建设：请选择5G基础设施模式').isVisible()).resolves.toBe(true);
    await page.getByRole('tab', { name: /^基础设施建设/, selected: true }).waitFor();
    await page.getByText('请选择5G基础设施模式').nth(1).waitFor();
    await screenshot(page, '05-form-submit-problems');
  });

  it('fills 基础设施建设 with a computed 总价, an edge computing row and the key systems', async () => {
    await choose(page, '5G基础设施模式', '虚拟专网');
    await choose(page, '5G基础设施运营商', '中国移动');
    await fill(page, '工厂室内面积(m²)', 133000);
    await fill(page, '工厂室外面积(m²)', 73500);
    await fill(page, '宏站数量', 3);
    await fill(page, '宏站单价(均值万元)', 20.5);
    await expect(page.getByTestId('computed-macroStation.totalPrice').locator('input').inputValue()).resolves.toBe('61.5');
    await radio(page, 'UPF下沉部署在企业或园区', '是');
    await fill(page, '现场网络组网方案', '中国移动5G虚拟专网，UPF下沉至厂区机房。');
    await addRow(page, 'edgeComputing', { 设备部署位置: '厂区核心机房', '建设成本(万元)': 180, 产品提供商: '华为技术有限公司' }, { 边缘计算设备形态: '边缘服务器', 发展阶段: '发展阶段' });
    await radio(page, '是否建设网络服务与管理系统', '是');
    await choose(page, '网络管理系统维护模式', '运营商代维');
    await fill(page, '网络管理系统维护费用(万元/年)', 30);
    await fill(page, '网络服务与管理系统服务商', '中国移动');
    await radio(page, '是否建设有数据存储节点', '否');
    await radio(page, '是否建设有企业级工业互联网平台', '否');
    await radio(page, '是否建有工业互联网标识解析企业节点', '否');
    await screenshot(page, '06-form-infrastructure');
    await nextPage('厂区现场升级');
  });

  it('fills 厂区现场升级 with rows added by “+” and removed by 删除', async () => {
    await addRow(page, 'embeddedModuleTerminals', { 名称: '5G AGV', 厂家: '极智嘉', '数量(个)': 65 });
    await addRow(page, 'embeddedModuleTerminals', { 名称: '临时行', 厂家: '删除我', '数量(个)': 1 });
    await page.locator('.ra-input-embeddedModuleTerminals .RaSimpleFormIterator-line').last().getByRole('button', { name: '删除' }).click();
    await expect(page.locator('.ra-input-embeddedModuleTerminals .RaSimpleFormIterator-line').count()).resolves.toBe(1);
    const counts: [string, number][] = [
      ['现场生产装备总数', 1200],
      ['联网的生产装备数', 1050],
      ['关键装备总数', 300],
      ['联网的关键装备数', 290],
      ['现场无线联网设备总数', 800],
      ['直接接入5G网络的无线联网设备数', 567],
      ['连接到5G网络的关键装备数', 210],
    ];
    for (const [label, value] of counts) await fill(page, label, value);
    await addRow(
      page,
      'dataCollectionProducts',
      { 产品名称: '设备数据采集网关', 厂家: '研华科技', '数量(个)': 120, 采集的数据内容: '设备运行状态', 数据采集周期: '1秒', 单位时间内采集的数据量: '2GB/天' },
      { 采集的数据类型: '结构化数据' },
    );
    await fill(page, '工业数据的模型化组织', '统一数据模型组织设备、工艺、质量数据。');
    await fill(page, 'IT-OT融合', 'MES与PLC通过5G互通。');
    await fill(page, '企业管理智能化升级', '建成生产运营指挥中心。');
    await screenshot(page, '07-form-site-upgrade');
    await nextPage('5G应用创新');
  });

  it('fills 5G应用创新, where 现场价值 appears only when the use case applies', async () => {
    await choose(page, '研发设计应用程度', '用例不适用');
    await expect(page.getByLabel('研发设计现场价值', { exact: true }).count()).resolves.toBe(0);
    await choose(page, '生产制造应用程度', '发展阶段');
    await fill(page, '生产制造现场价值', 'AGV调度效率提升30%。');
    for (const area of ['检测监测', '仓储物流', '服务管理']) await choose(page, `${area}应用程度`, '用例不适用');
    await screenshot(page, '08-form-applications');
    await nextPage('安全防护保障');
  });

  it('follows the 安全管理 chain, one question revealed by each answer', async () => {
    const measures = page.getByLabel('具体整改措施', { exact: true });
    await radio(page, '是否已开展工业互联网企业网络安全分类分级管理工作', '是');
    await radio(page, '是否采取与自身安全级别相适应的防护措施', '否');
    await expect(measures.count()).resolves.toBe(0);
    await radio(page, '是否制定整改方案，落实整改措施', '是');
    await measures.fill('部署工控安全审计与边界防护设备。');
    await fill(page, '安全防护能力增加', '建成覆盖5G专网和工控网络的安全监测体系。');
    await screenshot(page, '09-form-security');
    await nextPage('项目实施成效');
  });

  it('fills 项目实施成效 and submits from 企业实体信息, back to the list with “提交成功”', async () => {
    await fill(page, '经济效益', '年新增产值约2.1亿元。');
    await fill(page, '社会效益', '带动20余家配套企业开展5G改造。');
    await fill(page, '提质(%)', 35.5);
    await fill(page, '降本(%)', 18);
    await fill(page, '增效(%)', 28);
    await fill(page, '绿色(%)', 12.25);
    await nextPage('企业实体信息');
    await page.getByText(ENTERPRISE).first().waitFor();
    await screenshot(page, '10-form-enterprise');
    await page.getByRole('button', { name: '提交' }).click();
    await waitForNotification(page, '提交成功');
    await (await openRow(PROJECT_NAME)).waitFor();
    await screenshot(page, '11-enterprise-list-submitted');
  });
});

describe('the city 初审 returns it and the enterprise resubmits', () => {
  it('the city returns the project with a reason', async () => {
    await signOut(page);
    await signIn(page, 'gz_miit', DEMO_PASSWORD);
    const row = await openRow(PROJECT_NAME);
    await row.waitFor();
    await screenshot(page, '12-city-list');
    await row.getByRole('button', { name: '初审退回' }).click();
    await page.getByRole('dialog').getByLabel(/原因/).fill('项目简介过于简略，请补充5G应用场景');
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await waitForNotification(page, '操作成功');
    await (await openRow(PROJECT_NAME)).getByText(/退回/).first().waitFor();
  });

  it('the enterprise sees the reason, fixes the form and submits again', async () => {
    await signOut(page);
    await signIn(page, 'gzfactory', DEMO_PASSWORD);
    const row = await openRow(PROJECT_NAME);
    await row.getByRole('link', { name: '查看' }).click();
    await page.getByRole('tab', { name: '历史记录' }).click();
    await page.getByText('原因：项目简介过于简略，请补充5G应用场景').waitFor();
    await screenshot(page, '13-enterprise-history');
    await page.getByRole('link', { name: '编辑' }).click();
    await fill(page, '项目简介', '以5G虚拟专网覆盖SMT车间与立体仓库，部署MEC边缘计算，实现机器视觉质检、AGV智能物流、设备远程运维等12个应用场景。');
    await page.getByRole('button', { name: '暂存' }).click();
    await waitForNotification(page, '暂存成功');
    await page.getByRole('tab', { name: /^企业实体信息/ }).click();
    await page.getByRole('button', { name: '提交' }).click();
    await waitForNotification(page, '提交成功');
  });

  it('the city approves', async () => {
    await signOut(page);
    await signIn(page, 'gz_miit', DEMO_PASSWORD);
    const row = await openRow(PROJECT_NAME);
    await row.getByRole('button', { name: '初审通过' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await waitForNotification(page, '操作成功');
  });
});

describe('both provincial authorities recommend', () => {
  for (const [username, office, shot] of [
    ['gd_miit', 'province_miit', '14-province-miit-show'],
    ['gd_ca', 'province_ca', '15-province-ca-show'],
  ] as const) {
    it(`${username} recommends from 查看`, async () => {
      await signOut(page);
      await signIn(page, username, DEMO_PASSWORD);
      const row = await openRow(PROJECT_NAME);
      await row.getByRole('link', { name: '查看' }).click();
      await page.getByTestId(`recommendation-${office}`).waitFor();
      await screenshot(page, shot);
      await page.getByRole('button', { name: '推荐', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
      await waitForNotification(page, '操作成功');
      await page.getByTestId(`recommendation-${office}`).getByText('已推荐').waitFor();
    });
  }

  it('shows the project as 已推荐 by both', async () => {
    await page.getByRole('tab', { name: '项目概况' }).click();
    await page.getByTestId('recommendation-province_miit').getByText('已推荐').waitFor();
    await page.getByTestId('recommendation-province_ca').getByText('已推荐').waitFor();
    await screenshot(page, '16-recommended-show');
  });
});

describe('the regulator list', () => {
  it('filters by 企业名称 and, under 展开, by 状态, and pages with “共 N 条”', async () => {
    await page.getByRole('menuitem', { name: '5G工厂' }).click();
    await page.getByTestId('pagination').getByText('共 1 条').waitFor();
    await page.getByLabel('企业名称', { exact: true }).fill('不存在的企业');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByTestId('pagination').getByText('共 0 条').waitFor();
    await page.getByRole('button', { name: '清空' }).click();
    await page.getByTestId('pagination').getByText('共 1 条').waitFor();
    await page.getByRole('button', { name: '展开' }).click();
    await choose(page, '项目状态', '已推荐');
    await page.getByRole('button', { name: '搜索' }).click();
    await (await openRow(PROJECT_NAME)).waitFor();
    await page.getByTestId('pagination').getByText('共 1 条').waitFor();
    await screenshot(page, '17-regulator-list-filtered');
  });

  it('exports the filtered list as .xlsx', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 2).toString()).toBe('PK'); // a zip container, as .xlsx is
  });
});

describe('language', () => {
  it('shows no untranslated react-admin key or English label on any main screen', () => {
    expect(untranslated).toEqual([]);
  });
});
