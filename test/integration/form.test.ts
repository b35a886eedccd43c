/**
 * The declaration form end to end (issue 5): 提交 an empty project lists every missing field of every tab and of
 * 企业信息; fixing them tab by tab, then 企业信息, lets the submission through; the submitted 企业信息 is a snapshot;
 * a project declared last year is declared again this year from a copy of its form.
 */
import fs from 'node:fs';
import { startStack, type Stack } from '../support/stack';
import { demoEnterpriseProfile, demoImages, exampleFormWith, uploadMaterial } from '../support/lifecycle';
import {
  validateForSubmit,
  FIELD_LABELS,
  SECTION_KEYS,
  type SectionKey,
} from '../../domain/form';

let stack: Stack;
let enterprise: string;
let images: { site: string; network: string };
const year = new Date().getFullYear();

const completeForm = () => exampleFormWith(images);

/** A draft is created by the first 暂存 of 项目情况 with a 项目名称 (this one breaks the naming rule, which 提交 checks). */
const DRAFT_NAME = '新建项目';

async function createProject(body: Record<string, unknown> = {}) {
  const res = await stack.api('POST', '/api/projects', { token: enterprise, body: body.copyFrom || body.projectInfo ? body : { ...body, projectInfo: { name: DRAFT_NAME } } });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; projectId: string; year: number; formVersion: number; phase: string };
}

async function save(id: string, section: SectionKey, data: unknown) {
  return stack.api('PUT', `/api/projects/${id}/sections/${section}`, { token: enterprise, body: data });
}

const profileHint = (message: string) => `${message}（请在“企业信息”菜单中补充${year}年度企业信息）`;

beforeAll(async () => {
  stack = await startStack();
  enterprise = await stack.login('gzfactory');
  images = await demoImages(stack, enterprise);
});
afterAll(async () => {
  await stack.stop();
  fs.rmSync(stack.env.UPLOAD_DIR, { recursive: true, force: true });
});

describe('提交 lists everything that is missing, and succeeds once it is all filled in', () => {
  let project: { id: string; formVersion: number };

  beforeAll(async () => {
    project = await createProject();
  });

  test('an empty project: 422 with every required field of every tab, and the 企业信息 still missing', async () => {
    const res = await stack.api('POST', `/api/projects/${project.id}/submit`, { token: enterprise });
    expect(res.status).toBe(422);
    const expected = [
      ...validateForSubmit({ projectInfo: { name: DRAFT_NAME } }),
      // The registration gave 企业信息 and part of 单位联系人; 资金信息, 职务 and 邮箱 are still to be filled in.
      { section: 'enterprise', path: 'finance.operatingRevenue', message: profileHint('请填写营业收入(万元)') },
      { section: 'enterprise', path: 'finance.rdInvestment', message: profileHint('请填写研发投入(万元)') },
      { section: 'enterprise', path: 'unitContact.title', message: profileHint('请填写单位联系人职务') },
      { section: 'enterprise', path: 'unitContact.email', message: profileHint('请填写单位联系人邮箱') },
    ];
    expect(res.body.error).toEqual({ code: 'SUBMISSION_INCOMPLETE', message: `还有${expected.length}处内容未填写或有误，请修改后再提交`, details: expected });
    // Every tab is there, and every problem names its field in Chinese.
    expect(new Set(res.body.error.details.map((p: { section: string }) => p.section))).toEqual(new Set([...SECTION_KEYS, 'enterprise']));
    for (const problem of res.body.error.details as { section: SectionKey | 'enterprise'; path: string; message: string }[]) {
      if (problem.section === 'enterprise') continue;
      const label = FIELD_LABELS[problem.section][problem.path];
      expect([problem.path, problem.message.includes(label)]).toEqual([problem.path, true]);
    }
    expect(res.body.error.details).toContainEqual({ section: 'projectInfo', path: 'name', message: '项目名称必须包含“5G”并以“工厂”、“车间”或“产线”结尾' });
    expect(res.body.error.details).toContainEqual({ section: 'materials', path: 'contract', message: '请上传合同协议' });
    expect(res.body.error.details).toContainEqual({ section: 'projectInfo', path: 'siteTopologyImage', message: '请上传现场拓扑图' });
    expect(res.body.error.details).toContainEqual({ section: 'contacts', path: 'email', message: '请填写项目联系人邮箱' });
  });

  test('a wrong value is refused on 暂存, naming the field (and the row) in Chinese', async () => {
    const funding = await save(project.id, 'funding', { national: -1, provincial: 1.234 });
    expect(funding.status).toBe(422);
    expect(funding.body.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: '保存失败，请检查标注的字段',
      details: [
        { section: 'funding', path: 'national', message: '国家级经费(万元)不能为负数' },
        { section: 'funding', path: 'provincial', message: '省级经费(万元)最多保留两位小数' },
      ],
    });
    const rows = await save(project.id, 'infrastructure', { edgeComputing: [{ location: '机房' }, { cost: 'abc' }] });
    expect(rows.status).toBe(422);
    expect(rows.body.error.details).toEqual([{ section: 'infrastructure', path: 'edgeComputing[1].cost', message: '边缘计算部署第2行：建设成本(万元)必须是数字' }]);
  });

  test('fixing the tabs one by one: each save clears that tab\'s problems; 企业信息 last; then 提交 succeeds', async () => {
    const form = completeForm();
    let version = (await stack.api('GET', `/api/projects/${project.id}`, { token: enterprise })).body.formVersion as number;
    let remaining = Infinity;
    for (const section of SECTION_KEYS) {
      if (section === 'materials') {
        // 相关材料 are uploaded files, each upload a save of its own.
        for (const kind of ['contract', 'acceptanceReport']) {
          const uploaded = await uploadMaterial(stack, enterprise, project.id, kind);
          expect([kind, uploaded.status]).toEqual([kind, 201]);
          expect(uploaded.body.formVersion).toBe(++version);
        }
      } else {
        const saved = await save(project.id, section, form[section]);
        expect([section, saved.status]).toEqual([section, 200]);
        expect(saved.body.formVersion).toBe(++version);
        expect(saved.body.phase).toBe('draft');
      }

      const submit = await stack.api('POST', `/api/projects/${project.id}/submit`, { token: enterprise });
      expect(submit.status).toBe(422);
      const problems = submit.body.error.details as { section: string }[];
      expect(problems.filter((p) => p.section === section)).toEqual([]);
      expect(problems.length).toBeLessThan(remaining);
      remaining = problems.length;
    }
    // Only 企业信息 is left: it is kept in the 企业信息 menu, not in the form.
    const left = await stack.api('POST', `/api/projects/${project.id}/submit`, { token: enterprise });
    expect(left.body.error.details.map((p: { section: string; path: string }) => `${p.section}:${p.path}`)).toEqual([
      'enterprise:finance.operatingRevenue',
      'enterprise:finance.rdInvestment',
      'enterprise:unitContact.title',
      'enterprise:unitContact.email',
    ]);

    expect((await stack.api('PUT', `/api/enterprise-profiles/${year}`, { token: enterprise, body: demoEnterpriseProfile() })).status).toBe(200);
    const submitted = await stack.api('POST', `/api/projects/${project.id}/submit`, { token: enterprise });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ phase: 'submitted', phaseLabel: '待推荐', name: '广州天河精密电子5G全连接工厂', stage: '建设完成', enterpriseSnapshotted: true });
    expect(submitted.body.sections.projectInfo.siteTopologyImage).toBe(images.site);
    expect(submitted.body.enterprise).toEqual(demoEnterpriseProfile());
  });

  test('企业信息 edited after 提交 does not change the submitted snapshot', async () => {
    const changed = demoEnterpriseProfile();
    changed.finance.operatingRevenue = 999999;
    changed.unitContact.name = '王新';
    const saved = await stack.api('PUT', `/api/enterprise-profiles/${year}`, { token: enterprise, body: changed });
    expect(saved.status).toBe(200);
    expect((await stack.api('GET', `/api/enterprise-profiles/${year}`, { token: enterprise })).body.data.finance.operatingRevenue).toBe(999999);

    const own = await stack.api('GET', `/api/projects/${project.id}`, { token: enterprise });
    expect(own.body.enterprise).toEqual(demoEnterpriseProfile());
    expect(own.body.enterprise.finance.operatingRevenue).toBe(356000);
    // The regulator reviews what was submitted, too.
    const regulator = await stack.api('GET', `/api/projects/${project.id}`, { token: await stack.login('gd_miit') });
    expect(regulator.status).toBe(200);
    expect(regulator.body.enterprise).toEqual(demoEnterpriseProfile());
  });
});

describe('a project declared last year is declared again this year', () => {
  test('copyFrom gives a new submission with the form copied; 实施阶段 建设中 → 建设完成 can be saved', async () => {
    const lastYear = year - 1;
    // Last year's campaign, still open in this test so that its project can be created and filled through the API.
    const now = Date.now();
    await stack.sequelize.query(
      `INSERT INTO campaigns (year, submission_deadline, recommendation_deadline, province_settings, publicity_days)
       VALUES (:year, :submission, :recommendation, '{}'::jsonb, 7)`,
      { replacements: { year: lastYear, submission: new Date(now + 10 * 86400_000), recommendation: new Date(now + 20 * 86400_000) } },
    );
    const form = completeForm();
    form.projectInfo.stage = '建设中';
    const previous = await createProject({ year: lastYear, projectInfo: form.projectInfo });
    expect(previous.year).toBe(lastYear);
    for (const section of SECTION_KEYS.filter((s) => s !== 'projectInfo' && s !== 'materials')) {
      const saved = await save(previous.id, section, form[section]);
      expect([section, saved.status]).toEqual([section, 200]);
    }
    expect((await uploadMaterial(stack, enterprise, previous.id, 'contract')).status).toBe(201);
    const source = (await stack.api('GET', `/api/projects/${previous.id}`, { token: enterprise })).body;
    expect(source.stage).toBe('建设中');

    const copy = await createProject({ copyFrom: previous.id, year });
    expect(copy.id).not.toBe(previous.id);
    expect(copy.projectId).toBe(previous.projectId);
    expect(copy.year).toBe(year);
    expect(copy.phase).toBe('draft');
    const copied = (await stack.api('GET', `/api/projects/${copy.id}`, { token: enterprise })).body;
    // The form is copied; each year's declaration uploads its own 相关材料.
    expect(copied.sections).toEqual({ ...source.sections, materials: { items: [] } });
    expect(source.sections.materials.items).toHaveLength(1);

    const finished = { ...copied.sections.projectInfo, stage: '建设完成', endDate: '2025-12-31' };
    const saved = await save(copy.id, 'projectInfo', finished);
    expect(saved.status).toBe(200);
    expect(saved.body.stage).toBe('建设完成');
    expect(saved.body.sections.projectInfo).toMatchObject({ stage: '建设完成', endDate: '2025-12-31' });
    // Last year's declaration keeps what it said.
    expect((await stack.api('GET', `/api/projects/${previous.id}`, { token: enterprise })).body.sections.projectInfo.stage).toBe('建设中');

    const both = await stack.api('GET', `/api/projects?perPage=50`, { token: enterprise });
    expect(both.body.data.filter((p: { projectId: string }) => p.projectId === previous.projectId).map((p: { year: number; stage: string }) => [p.year, p.stage])).toEqual(
      expect.arrayContaining([
        [year, '建设完成'],
        [lastYear, '建设中'],
      ]),
    );
  });
});
