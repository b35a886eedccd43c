/**
 * The declaration journey in a real browser against the real stack (SPEC §3–§6): an enterprise keeps its 企业信息,
 * fills every tab of a project and submits it; the city's 初审 returns it with a reason; the enterprise fixes it
 * and submits again; the city approves; both provincial authorities recommend; the regulator's list filters and
 * exports. Each main screen is saved under screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';
import { DEMO_PASSWORD } from '../../db/seed';
import { makeUscc } from '../../domain/accounts/uscc';
import { createCampaign, eventually, submittedProject } from '../support/lifecycle';
import {
  addDialogRow,
  addRow,
  cascade,
  choose,
  field,
  fill,
  launchBrowser,
  newPage,
  radio,
  screenshot as saveScreenshot,
  signIn,
  signOut,
  submitSignIn,
  TINY_PDF,
  TINY_PNG,
  untranslatedText,
  waitForNotification,
} from './browser';

const PROJECT_NAME = '广州示范智能制造5G全连接工厂';
const ENTERPRISE = '广州示范智能制造有限公司';
/** The project of the ministry review steps: the example form's (test/support/lifecycle.ts). */
const REVIEWED_PROJECT = '广州天河精密电子5G全连接工厂';

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
  await page.getByRole('tab', { name: new RegExp(`^${expectTab}`), selected: true }).first().waitFor();
}

/** 5G工厂 from the menu (regulators and the ministry land on 首页, the dashboard). */
async function openProjects() {
  await page.getByRole('menuitem', { name: '5G工厂' }).click();
}

async function openRow(projectName: string) {
  return page.locator('tr').filter({ hasText: projectName }).first();
}

/** A cascade picker of the registration page (a plain form, found by the input's name). */
async function registrationCascade(name: string, search: string, path: string) {
  await page.locator(`input[name=${name}]`).click();
  await page.getByPlaceholder('搜索').fill(search);
  await page.getByRole('button', { name: path, exact: true }).first().click();
}

/** The enterprise that registers through the 2-step page (a valid 统一社会信用代码 of its own). */
const NEWCOMER = {
  username: 'gzxinchuang',
  name: '周晓峰',
  orgName: '广州新创智造科技有限公司',
  uscc: makeUscc('91440106MA5CQ7XW3'),
};

describe('a new enterprise registers and is approved', () => {
  it('fills 账号注册 and 企业认证 and is told the registration goes to review', async () => {
    await page.goto('/#/login');
    await page.getByRole('link', { name: '没有账号?去注册' }).click();
    const account: [string, string][] = [
      ['name', NEWCOMER.name],
      ['username', NEWCOMER.username],
      ['mobile', '13912345678'],
      ['email', 'zhouxf@example.com'],
      ['password', DEMO_PASSWORD],
      ['confirmPassword', DEMO_PASSWORD],
    ];
    for (const [name, value] of account) await page.locator(`input[name=${name}]`).fill(value);
    await screenshot(page, '00-1-register-account');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('radio', { name: '企业', exact: true }).check();
    await registrationCascade('region', '广州市', '广东省 / 广州市');
    await page.locator('input[name=orgName]').fill(NEWCOMER.orgName);
    await registrationCascade('orgAddress', '天河区', '广东省 / 广州市 / 天河区');
    await page.locator('input[name=addressDetail]').fill('广州市天河区科韵路8号');
    await page.locator('input[name=uscc]').fill(NEWCOMER.uscc);
    await page.getByRole('combobox', { name: /^企业性质/ }).click();
    await page.getByRole('option', { name: '民营企业', exact: true }).click();
    await registrationCascade('nationalEconomy', '电子电路制造', '制造业 / 计算机、通信和其他电子设备制造业 / 电子元件及电子专用材料制造 / 电子电路制造');
    await screenshot(page, '00-2-register-enterprise');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('操作完成，已移交管理人员审核，请等待1到3个工作日').waitFor();
    await screenshot(page, '00-3-register-done');
  });

  it('cannot sign in while the account is under review', async () => {
    await submitSignIn(page, NEWCOMER.username, DEMO_PASSWORD);
    await waitForNotification(page, '账号正在审核中，请等待管理员审核（1到3个工作日）');
    await screenshot(page, '00-4-login-under-review');
  });

  it('广州市工业和信息化局 does the 初审 of the new enterprise first (广东 requires it)', async () => {
    await signIn(page, 'gz_miit', DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '注册审核' }).click();
    const row = await openRow(NEWCOMER.orgName);
    await row.getByText('待市工信局初审').waitFor();
    await screenshot(page, '00-5a-city-registrations');
    await row.getByRole('button', { name: '初审通过', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    // The city's 通过 is a 初审, not the registration's approval: the toast says so.
    await waitForNotification(page, `初审已通过：${NEWCOMER.orgName}`);
    await page.locator('tr').filter({ hasText: NEWCOMER.orgName }).waitFor({ state: 'detached' });
    await signOut(page);
  });

  it('the admin approves it on 注册审核', async () => {
    await signIn(page, 'admin', DEMO_PASSWORD);
    const row = await openRow(NEWCOMER.orgName);
    await row.getByText('待系统管理员审核').waitFor();
    await row.getByText(NEWCOMER.uscc).waitFor();
    await screenshot(page, '00-5-admin-registrations');
    await row.getByRole('button', { name: '通过', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await waitForNotification(page, `注册已通过：${NEWCOMER.orgName}`);
    await page.locator('tr').filter({ hasText: NEWCOMER.orgName }).waitFor({ state: 'detached' }); // no longer pending
  });

  it('the enterprise signs in and sees its own, empty 5G工厂 list', async () => {
    await signOut(page);
    await signIn(page, NEWCOMER.username, DEMO_PASSWORD);
    await page.getByRole('button', { name: '新增项目' }).waitFor();
    await page.locator('header').getByText(NEWCOMER.name).waitFor();
    await screenshot(page, '00-6-new-enterprise-list');
    await signOut(page);
  });
});

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
    await addDialogRow(page, 'edgeComputing', { 设备部署位置: '厂区核心机房', '建设成本(万元)': 180, 产品提供商: '华为技术有限公司' }, { 边缘计算设备形态: '边缘服务器', 发展阶段: '发展阶段' });
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
    await expect(field(page, '研发设计现场价值').count()).resolves.toBe(0);
    await choose(page, '生产制造应用程度', '发展阶段');
    await fill(page, '生产制造现场价值', 'AGV调度效率提升30%。');
    for (const area of ['检测监测', '仓储物流', '服务管理']) await choose(page, `${area}应用程度`, '用例不适用');
    await screenshot(page, '08-form-applications');
    await nextPage('安全防护保障');
  });

  it('follows the 安全管理 chain, one question revealed by each answer', async () => {
    const measures = field(page, '具体整改措施');
    await radio(page, '是否已开展工业互联网企业网络安全分类分级管理工作', '是');
    await radio(page, '是否采取与自身安全级别相适应的防护措施', '否');
    await expect(measures.count()).resolves.toBe(0);
    await radio(page, '是否制定整改方案，落实整改措施', '是');
    await measures.fill('部署工控安全审计与边界防护设备。');
    await fill(page, '安全防护能力增加', '建成覆盖5G专网和工控网络的安全监测体系。');
    await screenshot(page, '09-form-security');
    await nextPage('项目实施成效');
  });

  it('fills 项目实施成效 and uploads the 相关材料 a completed project needs', async () => {
    await fill(page, '经济效益', '年新增产值约2.1亿元。');
    await fill(page, '社会效益', '带动20余家配套企业开展5G改造。');
    await fill(page, '提质(%)', 35.5);
    await fill(page, '降本(%)', 18);
    await fill(page, '增效(%)', 128);
    await fill(page, '绿色(%)', 12.25);
    await nextPage('相关材料');
    for (const [kind, file] of [['合同协议', '5G专网建设合同.pdf'], ['验收报告', '竣工验收报告.pdf']] as const) {
      await choose(page, '材料类型', kind);
      await page.locator('input[type=file]').setInputFiles({ name: file, mimeType: 'application/pdf', buffer: TINY_PDF });
      await page.getByTestId('material-row').filter({ hasText: file }).waitFor();
    }
    await screenshot(page, '09b-form-materials');
  });

  it('submits from 企业实体信息, back to the list with “提交成功”', async () => {
    await page.getByRole('tab', { name: /^企业实体信息/ }).click();
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
    // A regulator lands on 待我处理 (its queue, issue 11); 首页 is one click away.
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.getByTestId('stats-total').getByText('申报项目共 1 个').waitFor();
    await screenshot(page, '12-city-dashboard');
    await openProjects();
    const row = await openRow(PROJECT_NAME);
    await row.waitFor();
    // The app bar names who is signed in now, not the enterprise signed in before.
    await page.locator('header').getByText('广州市工业和信息化局').waitFor();
    await expect(page.locator('header').innerText()).resolves.not.toContain('李明');
    await expect(page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(1440);
    await screenshot(page, '12-city-list');
    await row.getByRole('button', { name: '初审退回' }).click();
    await page.getByRole('dialog').getByLabel(/原因/).fill('项目简介过于简略，请补充5G应用场景');
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await waitForNotification(page, `已退回：${PROJECT_NAME}`);
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
    await openProjects();
    const row = await openRow(PROJECT_NAME);
    await row.getByRole('button', { name: '初审通过' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await waitForNotification(page, `初审已通过：${PROJECT_NAME}`);
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
      await openProjects();
      const row = await openRow(PROJECT_NAME);
      await row.getByRole('link', { name: '查看' }).click();
      await page.getByTestId(`recommendation-${office}`).waitFor();
      await screenshot(page, shot);
      await page.getByRole('button', { name: '推荐', exact: true }).click();
      // The dialog names the action and the project, not "您确定操作?".
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: `推荐：${PROJECT_NAME}` }).waitFor();
      await dialog.getByText(`确定要推荐「${PROJECT_NAME}」吗？`).waitFor();
      await dialog.getByRole('button', { name: '确认' }).click();
      await waitForNotification(page, `已推荐：${PROJECT_NAME}`);
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

describe('a withdrawal request is made and rejected', () => {
  const REASON = '产线改造方案调整，需重新核实应用成效数据';

  it('the enterprise invites an operator to read the project on 查看, then revokes the invitation', async () => {
    const OPERATOR = '中国移动通信集团广东有限公司（王芳，gdmobile）';
    await signOut(page);
    await signIn(page, 'gzfactory', DEMO_PASSWORD);
    await (await openRow(PROJECT_NAME)).getByRole('link', { name: '查看' }).click();
    const invitations = page.getByTestId('operator-invitations');
    await invitations.getByText('尚未邀请运营商').waitFor();
    await invitations.getByLabel('搜索运营商（账号、姓名或单位名称）').fill('gdmobile');
    await page.getByRole('option', { name: OPERATOR, exact: true }).click();
    await invitations.getByRole('button', { name: '邀请', exact: true }).click();
    await waitForNotification(page, '已邀请运营商');
    const chip = invitations.locator('.MuiChip-root').filter({ hasText: OPERATOR });
    await chip.waitFor();
    await screenshot(page, '18-operator-invited');
    await chip.locator('.MuiChip-deleteIcon').click();
    await waitForNotification(page, '已取消邀请');
    await invitations.getByText('尚未邀请运营商').waitFor();
  });

  it('the enterprise asks to withdraw the recommended project, with a reason', async () => {
    await signOut(page);
    await signIn(page, 'gzfactory', DEMO_PASSWORD);
    await (await openRow(PROJECT_NAME)).getByRole('link', { name: '查看' }).click();
    await page.getByRole('button', { name: '申请撤回' }).click();
    await page.getByRole('dialog').getByLabel(/原因/).fill(REASON);
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await waitForNotification(page, `已申请撤回：${PROJECT_NAME}`);
    await page.getByText(new RegExp(`^企业申请撤回（.+）：${REASON}$`)).waitFor();
    await screenshot(page, '19-withdrawal-requested');
  });

  it('the provincial authority rejects it with a reason and the project stays recommended', async () => {
    await signOut(page);
    await signIn(page, 'gd_miit', DEMO_PASSWORD);
    await openProjects();
    await (await openRow(PROJECT_NAME)).getByRole('link', { name: '查看' }).click();
    await page.getByText(new RegExp(`^企业申请撤回（.+）：${REASON}$`)).waitFor();
    await screenshot(page, '20-withdrawal-to-handle');
    await page.getByRole('button', { name: '驳回撤回' }).click();
    await page.getByRole('dialog').getByLabel(/原因/).fill('项目已完成双推荐，数据核实可在部级评审阶段补充说明');
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await waitForNotification(page, `已驳回撤回：${PROJECT_NAME}`);
    await page.getByText(/^企业申请撤回/).waitFor({ state: 'detached' });
    await page.getByTestId('recommendation-province_miit').getByText('已推荐').waitFor();
    await page.getByRole('tab', { name: '历史记录' }).click();
    await page.getByText('原因：项目已完成双推荐，数据核实可在部级评审阶段补充说明').waitFor();
    await screenshot(page, '20b-withdrawal-rejected-history');
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

describe('the ministry extends a deadline', () => {
  let extended = '';

  it('moves the recommendation deadline on the campaign edit screen', async () => {
    await signOut(page);
    await signIn(page, 'miit', DEMO_PASSWORD);
    // 首页 (the ministry lands on 待我处理): the national statistics, by province, industry, phase and month.
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.getByTestId('stats-total').getByText('申报项目共 1 个').waitFor();
    for (const chart of ['province', 'industry', 'phase', 'month']) await page.getByTestId(`chart-${chart}`).locator('svg').first().waitFor();
    await page.getByTestId('chart-province').getByText('广东省').first().waitFor();
    await page.mouse.move(0, 0); // no tooltip in the picture
    await screenshot(page, '21-ministry-dashboard');
    await page.getByRole('menuitem', { name: '年度批次' }).click();
    await page.locator('tbody tr').first().click();
    const input = page.locator('input[name=recommendationDeadline]');
    const current = await input.inputValue(); // Beijing time, 'YYYY-MM-DD HH:mm' as on every screen
    expect(current).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const later = new Date(Date.parse(`${current.slice(0, 10)}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    extended = `${later} 18:00`;
    await input.fill(extended);
    await screenshot(page, '22-campaign-edit');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('tr').filter({ hasText: extended }).first().waitFor();
  });

  it('shows the new deadline on the project’s 查看 page', async () => {
    await openProjects();
    await (await openRow(PROJECT_NAME)).getByRole('link', { name: '查看' }).click();
    const deadline = page.getByTestId('deadline-recommendation');
    // The campaign workflow passes the change on to each project's workflow: give it a moment, as a user would refresh.
    for (let attempt = 0; attempt < 20 && !(await deadline.innerText()).includes(extended); attempt++) {
      await page.waitForTimeout(500);
      await page.getByRole('button', { name: '刷新' }).click();
    }
    await deadline.getByText(extended).waitFor();
    await screenshot(page, '23-project-new-deadline');
  });
});

describe('the ministry review', () => {
  // A second project, recommended by both authorities through the API in a campaign whose recommendation deadline
  // passes in seconds, so that it reaches 部级评审中 during the test (the browser steps start there).
  let projectId = '';

  beforeAll(async () => {
    const token = (username: string) => stack.login(username);
    const [enterprise, miit, ca, ministry] = await Promise.all(['gzfactory', 'gd_miit', 'gd_ca', 'miit'].map(token));
    // Set up under distant deadlines (setup takes long on a busy machine), then bring them close with a PATCH.
    const year = await createCampaign(stack, ministry!, { cityReviewInMs: null, cityReviewRequired: false });
    const project = await submittedProject(stack, enterprise!, year);
    projectId = project.id;
    for (const regulator of [miit!, ca!]) {
      const { body } = await stack.api('GET', `/api/projects/${projectId}`, { token: regulator });
      const res = await stack.api('POST', `/api/projects/${projectId}/recommend`, { token: regulator, body: { formVersion: body.formVersion } });
      if (res.status !== 200) throw new Error(`recommend: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
    const close = await stack.api('PATCH', `/api/campaigns/${year}`, { token: ministry, body: { submissionDeadline: soon(2_000), recommendationDeadline: soon(4_000) } });
    if (close.status !== 200) throw new Error(`deadlines: ${close.status} ${JSON.stringify(close.body)}`);
    const reached = await eventually(
      () => stack.api('GET', `/api/projects/${projectId}`, { token: ministry }),
      (r) => r.body.phase === 'ministry_review',
      40_000,
    );
    if (reached.body.phase !== 'ministry_review') throw new Error(`not in ministry review: ${reached.body.phase}`);
  }, 90_000);

  it('the ministry assigns an expert', async () => {
    await signOut(page);
    await signIn(page, 'miit', DEMO_PASSWORD);
    await page.goto(`/#/projects/${projectId}/show`);
    await page.getByRole('button', { name: '分配专家' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox').click();
    await page.getByRole('option', { name: '赵教授（评审专家组）' }).click();
    await page.keyboard.press('Escape');
    await screenshot(page, '24-assign-expert');
    await dialog.getByRole('button', { name: '确认' }).click();
    await waitForNotification(page, `已分配专家：${REVIEWED_PROJECT}`);
    await page.getByRole('tab', { name: '部级评审' }).click();
    await page.getByText('赵教授').first().waitFor();
  });

  it('the expert scores it from the scoring form', async () => {
    await signOut(page);
    await signIn(page, 'expert1', DEMO_PASSWORD);
    await page.goto(`/#/projects/${projectId}/show`);
    await page.getByRole('button', { name: '评分', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^评分（0-100）/).fill('88');
    await dialog.getByLabel(/^评审意见/).fill('5G专网覆盖完整，应用场景丰富，成效数据翔实。');
    await screenshot(page, '25-expert-score');
    await dialog.getByRole('button', { name: '确认' }).click();
    await waitForNotification(page, `已评分：${REVIEWED_PROJECT}`);
    await page.getByRole('tab', { name: '部级评审' }).click();
    await page.getByRole('cell', { name: '88', exact: true }).waitFor();
  });

  it('the ministry decides 拟入选', async () => {
    await signOut(page);
    await signIn(page, 'miit', DEMO_PASSWORD);
    await page.goto(`/#/projects/${projectId}/show`);
    await page.getByRole('button', { name: '评审决定' }).click();
    await page.getByRole('dialog').getByRole('radio', { name: '拟入选' }).check();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await waitForNotification(page, `已作出评审决定：${REVIEWED_PROJECT}`);
    await page.getByText('拟入选').first().waitFor();
    await screenshot(page, '26-ministry-decision');
  });
});

describe('the administrator watches the workflows', () => {
  it('opens 流程监控, sees what is stuck (or 暂无异常流程) and reconciles at once', async () => {
    await signOut(page);
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '流程监控' }).click();
    await page.getByRole('button', { name: '立即对账' }).waitFor();
    // The journey's projects are all handled in time: nothing is stuck, unless a step left one behind (then it is listed).
    await page.getByText('暂无异常流程').or(page.getByRole('columnheader', { name: '类型' })).first().waitFor();
    await screenshot(page, '27-workflow-monitor');
    await page.getByRole('button', { name: '立即对账' }).click();
    await waitForNotification(page, /已启动对账，在后台运行/);
    await screenshot(page, '28-workflow-reconciled');
  });
});

describe('language', () => {
  it('shows no untranslated react-admin key or English label on any main screen', () => {
    expect(untranslated).toEqual([]);
  });
});
