/**
 * 企业信息 per year (menu 企业信息) and the public reference data the registration page and the form are drawn from.
 */
import http from 'node:http';
import { startStack, type Stack } from '../support/stack';
import { DEMO_ACCOUNTS } from '../../db/seed';
import { exampleEnterpriseProfile, FIELD_LABELS, SECTION_KEYS, SECTION_LABELS } from '../../domain/form';
import { REGION_TREE, INDUSTRY_TREE, INDUSTRIES } from '../../domain/reference';

let stack: Stack;
let enterprise: string;
const year = new Date().getFullYear();
const gzfactory = DEMO_ACCOUNTS.find((a) => a.username === 'gzfactory')!;

/** The example profile as the demo enterprise fills it in (its own 统一社会信用代码). */
function demoProfile() {
  const profile = exampleEnterpriseProfile();
  profile.enterpriseInfo.name = gzfactory.orgName;
  profile.enterpriseInfo.creditCode = gzfactory.uscc!;
  return profile;
}

function conditionalGet(url: string, etag: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'if-none-match': etag } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  stack = await startStack({ withWorker: false });
  enterprise = await stack.login('gzfactory');
});
afterAll(async () => {
  await stack.stop();
});

describe('企业信息 of a year', () => {
  test('before anything is saved, the year shows the registration data and what is still missing', async () => {
    const res = await stack.api('GET', `/api/enterprise-profiles/${year}`, { token: enterprise });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: year,
      year,
      source: 'registration',
      updatedAt: null,
      complete: false,
      data: {
        enterpriseInfo: {
          name: '广州示范智能制造有限公司',
          creditCode: '91440101MA59XK8Q22',
          nature: '民营企业',
          nationalEconomyCode: '3831',
          address: { provinceCode: '440000', cityCode: '440100', districtCode: '440106' },
          addressDetail: '天河区科韵路1号',
        },
        unitContact: { name: '李明', mobile: '13800138001' },
      },
    });
    expect(res.body.problems).toEqual([
      { section: 'enterprise', path: 'finance.operatingRevenue', message: '请填写营业收入(万元)' },
      { section: 'enterprise', path: 'finance.rdInvestment', message: '请填写研发投入(万元)' },
      { section: 'enterprise', path: 'unitContact.title', message: '请填写单位联系人职务' },
      { section: 'enterprise', path: 'unitContact.email', message: '请填写单位联系人邮箱' },
    ]);
  });

  test('a save must be complete: every starred field is named in Chinese', async () => {
    const res = await stack.api('PUT', `/api/enterprise-profiles/${year}`, {
      token: enterprise,
      body: { enterpriseInfo: { name: gzfactory.orgName, creditCode: gzfactory.uscc }, finance: { operatingRevenue: -5, rdInvestment: 1.234 }, unitContact: { mobile: '12345' } },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toBe('保存失败，请检查标注的字段');
    const messages = res.body.error.details.map((d: { message: string }) => d.message);
    expect(messages).toEqual(
      expect.arrayContaining(['请选择企业性质', '营业收入(万元)不能为负数', '研发投入(万元)最多保留两位小数', '请填写单位联系人姓名', '请填写单位联系人邮箱']),
    );
    expect(res.body.error.details.find((d: { path: string }) => d.path === 'unitContact.mobile').message).toMatch(/^单位联系人手机/);
    // Nothing was saved.
    expect((await stack.api('GET', `/api/enterprise-profiles/${year}`, { token: enterprise })).body.source).toBe('registration');
  });

  test('the 统一社会信用代码 cannot be changed here: it is the account', async () => {
    const profile = demoProfile();
    profile.enterpriseInfo.creditCode = '91350100M000100Y43';
    const res = await stack.api('PUT', `/api/enterprise-profiles/${year}`, { token: enterprise, body: profile });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ section: 'enterprise', path: 'enterpriseInfo.creditCode', message: '统一社会信用代码须与注册时一致，如需变更请联系系统管理员' }]);
  });

  test('a complete profile is saved for the year, read back, listed and audited', async () => {
    const saved = await stack.api('PUT', `/api/enterprise-profiles/${year}`, { token: enterprise, body: demoProfile() });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ id: year, year, source: 'profile', complete: true, problems: [], data: demoProfile() });
    expect(saved.body.updatedAt).toEqual(expect.any(String));

    const read = await stack.api('GET', `/api/enterprise-profiles/${year}`, { token: enterprise });
    expect(read.body).toEqual(saved.body);

    const lastYear = demoProfile();
    lastYear.finance.operatingRevenue = 300000;
    expect((await stack.api('PUT', `/api/enterprise-profiles/${year - 1}`, { token: enterprise, body: lastYear })).status).toBe(200);
    const list = await stack.api('GET', '/api/enterprise-profiles', { token: enterprise });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.data.map((p: { year: number; source: string; complete: boolean; enterpriseName: string }) => [p.year, p.source, p.complete, p.enterpriseName])).toEqual([
      [year, 'profile', true, gzfactory.orgName],
      [year - 1, 'profile', true, gzfactory.orgName],
    ]);

    const [audit] = await stack.sequelize.query("SELECT username, outcome, details FROM audit_log WHERE action = 'profile.save' ORDER BY id");
    expect(audit).toEqual(
      expect.arrayContaining([
        { username: 'gzfactory', outcome: 'refused', details: expect.objectContaining({ year }) },
        { username: 'gzfactory', outcome: 'ok', details: { year, created: true } },
        { username: 'gzfactory', outcome: 'ok', details: { year: year - 1, created: true } },
      ]),
    );
    const again = await stack.api('PUT', `/api/enterprise-profiles/${year}`, { token: enterprise, body: demoProfile() });
    expect(again.status).toBe(200);
    const [last] = await stack.sequelize.query("SELECT details FROM audit_log WHERE action = 'profile.save' ORDER BY id DESC LIMIT 1");
    expect(last).toEqual([{ details: { year, created: false } }]);
  });

  test('only the enterprise itself: regulators, the ministry and operators are refused; no token is 401', async () => {
    for (const username of ['gd_miit', 'miit', 'gdmobile', 'admin']) {
      const token = await stack.login(username);
      const res = await stack.api('GET', `/api/enterprise-profiles/${year}`, { token });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('企业信息由企业自行维护；监管部门请在项目详情中查看申报时的企业信息');
      expect((await stack.api('PUT', `/api/enterprise-profiles/${year}`, { token, body: demoProfile() })).status).toBe(403);
      expect((await stack.api('GET', '/api/enterprise-profiles', { token })).status).toBe(403);
    }
    expect((await stack.api('GET', `/api/enterprise-profiles/${year}`)).status).toBe(401);
  });

  test('a year far ahead or not a year is refused with a field message', async () => {
    const ahead = await stack.api('GET', `/api/enterprise-profiles/${year + 5}`, { token: enterprise });
    expect(ahead.status).toBe(422);
    expect(ahead.body.error.message).toBe(`年度须在2020年至${year + 1}年之间`);
    const notAYear = await stack.api('GET', '/api/enterprise-profiles/abc', { token: enterprise });
    expect(notAYear.status).toBe(422);
    expect(notAYear.body.error.details).toEqual([{ path: 'year', message: '年度须为数字' }]);
  });
});

describe('reference data', () => {
  test('regions and industries are public trees with a day of caching and an ETag that answers 304', async () => {
    for (const [path, tree] of [
      ['/api/reference/regions', REGION_TREE],
      ['/api/reference/industries', INDUSTRY_TREE],
    ] as const) {
      const res = await stack.api('GET', path);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(tree);
      expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]{27}"$/);
      // As a browser revalidates (fetch() would add Cache-Control: no-cache to a conditional request).
      const again = await conditionalGet(stack.baseUrl + path, etag);
      expect(again).toEqual({ status: 304, body: '' });
    }
    const regions = (await stack.api('GET', '/api/reference/regions')).body;
    const guangdong = regions.find((p: { code: string }) => p.code === '440000');
    expect(guangdong.name).toBe('广东省');
    expect(guangdong.children.find((c: { code: string }) => c.code === '440100').children.find((d: { code: string }) => d.code === '440106').name).toBe('天河区');
    const industries = (await stack.api('GET', '/api/reference/industries')).body;
    expect(industries.find((s: { code: string }) => s.code === 'C').name).toBe('制造业');
  });

  test('the form options come from the domain: tabs, sections, labels, enumerations, required fields', async () => {
    const res = await stack.api('GET', '/api/reference/options');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    const options = res.body;
    expect(options.tabs.map((t: { label: string }) => t.label)).toEqual(['项目基本情况', '项目建设能力', '项目实施成效', '企业实体信息']);
    expect(options.sections.map((s: { key: string; label: string }) => [s.key, s.label])).toEqual(SECTION_KEYS.map((k) => [k, SECTION_LABELS[k]]));
    expect(options.fieldLabels).toEqual(FIELD_LABELS);
    expect(options.enums.industries).toEqual([...INDUSTRIES]);
    expect(options.enums.operators).toEqual(['中国移动', '中国电信', '中国联通', '中国广电', '其他']);
    expect(options.typicalScenarios).toHaveLength(20);
    expect(options.requiredOnSubmit.projectInfo).toContain('siteTopologyImage');
    expect(options.requiredOnSubmit.enterprise).toContain('finance.operatingRevenue');
    expect(options.limits.maxImageBytes).toBe(5 * 1024 * 1024);
    expect(options.imageFields).toEqual([
      { section: 'projectInfo', field: 'siteTopologyImage' },
      { section: 'infrastructure', field: 'networkTopologyImage' },
    ]);
  });

  test('the image fields named for uploads are real fields of the form', () => {
    expect(FIELD_LABELS.projectInfo.siteTopologyImage).toBe('现场拓扑图');
    expect(FIELD_LABELS.infrastructure.networkTopologyImage).toBe('现场网络组网拓扑图');
  });
});
