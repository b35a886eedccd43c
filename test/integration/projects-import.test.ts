/**
 * 进展更新 of earlier projects (issue 12.8): the old platform's exported 5G工厂 list (.xlsx) becomes the earlier year's
 * declarations of enterprises on the platform — each a real submission workflow in the phase the old platform showed —
 * so that they can 复制上年申报. A file with any bad row imports nothing; uploading it again changes nothing.
 */
import fs from 'node:fs';
import { signedInSuite } from '../support/suite';
import { createCampaign, eventually } from '../support/lifecycle';
import { LEGACY_FIXTURE } from '../support/makeLegacyXlsx';
import { BAD_LEGACY_PROJECT_ROWS, LEGACY_PROJECT_ROWS, LEGACY_PROJECTS_FIXTURE, makeLegacyProjectsXlsx } from '../support/makeLegacyProjectsXlsx';

const suite = signedInSuite({ campaign: true });
/** The year the old platform's projects are imported into (the suite's campaign); `current` is the one after it. */
let current: number;

async function upload(path: string, file: Buffer, token: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), 'legacy-projects-2024.xlsx');
  const res = await fetch(`${suite.stack.baseUrl}${path}`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
}
const importProjects = (file: Buffer, { year = suite.year, dryRun = false, token = suite.people.ministry } = {}) =>
  upload(`/api/projects/import?year=${year}${dryRun ? '&dryRun=true' : ''}`, file, token);

const countDeclarations = async (year: number) =>
  Number(((await suite.stack.sequelize.query('SELECT count(*) AS n FROM submissions WHERE year = :year', { replacements: { year } })) as [{ n: string }[], unknown])[0][0]!.n);

const EXPECTED_ROWS = [
  { row: 2, name: '广州示范5G智能工厂', enterpriseName: '广州示范智能制造有限公司', phase: 'recommended', phaseLabel: '已推荐' },
  { row: 3, name: '广州示范5G注塑车间', enterpriseName: '广州示范智能制造有限公司', phase: 'partially_recommended', phaseLabel: '部分推荐' },
  { row: 4, name: '美智5G空调总装产线', enterpriseName: '佛山市顺德区美智电器制造有限公司', phase: 'submitted', phaseLabel: '待推荐' },
  { row: 5, name: '宝钢5G智慧炼钢工厂', enterpriseName: '宝山钢铁股份有限公司', phase: 'draft', phaseLabel: '暂存' },
];

const EXPECTED_PROBLEMS = [
  { row: 6, field: '企业名称', message: '第6行 企业名称：平台上没有名为“不存在的某某机械有限公司”的企业账号，请先导入该企业的账号' },
  { row: 7, field: '行业', message: '第7行 行业：所属行业不是可选的选项' },
  { row: 7, field: '项目名称', message: '第7行 项目名称：项目名称必须包含“5G”并以“工厂”、“车间”或“产线”结尾' },
  { row: 8, field: '项目实施地址', message: '第8行 项目实施地址：无法识别“火星市奥林匹斯区”：应依次写省、市、区县，如“北京市北京市朝阳区”' },
  {
    row: 8,
    field: '项目状态',
    message: '第8行 项目状态：无法识别的项目状态“上海市(通信管理局)已驳回”：应为“暂存”“已提交”，或如“北京市(通信管理局)已推荐;北京市(经济和信息化局)已推荐;”，也可留空（已提交）',
  },
  { row: 9, field: '项目名称', message: '第9行 项目名称：与第2行是同一企业的同名项目' },
];

beforeAll(async () => {
  current = await createCampaign(suite.stack, suite.people.ministry);
  // The enterprises of the old client's 2024 export get their accounts first (SPEC §5), as the ministry's file expects.
  const accounts = await upload('/api/users/import', fs.readFileSync(LEGACY_FIXTURE), suite.people.admin);
  expect(accounts.status).toBe(200);
  expect(current).toBeGreaterThan(suite.year);
});

test('the fixture is what makeLegacyProjectsXlsx writes', () => {
  expect(fs.existsSync(LEGACY_PROJECTS_FIXTURE)).toBe(true);
});

test('a file with bad rows: the dry run names each row and column in Chinese, the import refuses it whole and writes nothing', async () => {
  const bad = await makeLegacyProjectsXlsx([...LEGACY_PROJECT_ROWS, ...BAD_LEGACY_PROJECT_ROWS]);
  const before = await countDeclarations(suite.year);

  const dry = await importProjects(bad, { dryRun: true });
  expect(dry.status).toBe(200);
  expect(dry.body).toMatchObject({ dryRun: true, year: suite.year, created: 0, skipped: 0, skippedRows: [] });
  expect(dry.body.rows).toEqual(EXPECTED_ROWS.map((r) => ({ ...r, id: null })));
  expect(dry.body.problems.map(({ row, field, message }: any) => ({ row, field, message }))).toEqual(expect.arrayContaining(EXPECTED_PROBLEMS));
  expect(dry.body.problems).toHaveLength(EXPECTED_PROBLEMS.length);

  const refused = await importProjects(bad);
  expect(refused.status).toBe(422);
  expect(refused.body.error).toMatchObject({ code: 'IMPORT_ROWS_INVALID', message: '有4行需要修改，未导入任何项目：请按提示改正后重新上传' });
  expect(refused.body.error.details.map(({ row, field, message }: any) => ({ row, field, message }))).toEqual(expect.arrayContaining(EXPECTED_PROBLEMS));
  expect(await countDeclarations(suite.year)).toBe(before);
});

test('refused: an enterprise may not import, a year without a campaign, a file that is not the export', async () => {
  const file = fs.readFileSync(LEGACY_PROJECTS_FIXTURE);
  const enterprise = await importProjects(file, { token: suite.people.enterprise });
  expect(enterprise.status).toBe(403);
  const admin = await importProjects(file, { token: suite.people.admin });
  expect(admin.status).toBe(403);
  const noCampaign = await importProjects(file, { year: 2099 });
  expect(noCampaign.status).toBe(422);
  expect(noCampaign.body.error.message).toBe('2099年度申报批次不存在，请先新建该年度批次再导入');
  const accountsFile = await importProjects(fs.readFileSync(LEGACY_FIXTURE));
  expect(accountsFile.status).toBe(422);
  expect(accountsFile.body.error.message).toBe('缺少列：项目名称、项目类型、项目层级、项目状态、建设阶段、行业、项目实施地址');
  const notXlsx = await importProjects(Buffer.from('企业名称,项目名称\n'));
  expect(notXlsx.status).toBe(422);
  expect(notXlsx.body.error.message).toBe('请上传 Excel 文件（.xlsx）');
});

test('the export becomes that year’s declarations, each a workflow in the phase the old platform showed; uploading it again changes nothing', async () => {
  const { stack, people, year } = suite;
  const file = fs.readFileSync(LEGACY_PROJECTS_FIXTURE);
  const before = await countDeclarations(year);
  const res = await importProjects(file);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ dryRun: false, year, created: 4, skipped: 0, problems: [], skippedRows: [] });
  expect(res.body.rows).toEqual(EXPECTED_ROWS.map((r) => ({ ...r, id: expect.any(String) })));
  expect(await countDeclarations(year)).toBe(before + 4);
  const idOf = (row: number) => res.body.rows.find((r: { row: number }) => r.row === row).id as string;

  // Each is a workflow that wrote its projection: the phase, the 推荐 the old platform showed, the 从旧平台导入 entry.
  const recommended = await eventually(() => stack.api('GET', `/api/projects/${idOf(2)}`, { token: people.ministry }), (r) => r.status === 200 && r.body.history?.length === 1);
  expect(recommended.body).toMatchObject({ phase: 'recommended', phaseLabel: '已推荐', name: '广州示范5G智能工厂', year, cityReview: 'approved' });
  expect(recommended.body.recommendations.map((r: any) => [r.authority, r.status, r.by])).toEqual([
    ['province_miit', 'recommended', '广东省(工业和信息化厅)（旧平台）'],
    ['province_ca', 'recommended', '广东省(通信管理局)（旧平台）'],
  ]);
  expect(recommended.body.history).toEqual([expect.objectContaining({ action: 'import', actionLabel: '从旧平台导入', toPhase: 'recommended', actorRole: 'ministry' })]);
  const workflow = await stack.temporal.client.workflow.getHandle(`submission:${year}:${recommended.body.projectId}`).describe();
  expect(workflow.status.name).toBe('RUNNING');

  const partly = await eventually(() => stack.api('GET', `/api/projects/${idOf(3)}`, { token: people.provinceMiit }), (r) => r.status === 200 && r.body.history?.length === 1);
  expect(partly.body).toMatchObject({ phase: 'partially_recommended', phaseLabel: '部分推荐' });
  expect(partly.body.recommendations.map((r: any) => [r.authority, r.status])).toEqual([
    ['province_miit', 'pending'],
    ['province_ca', 'recommended'],
  ]);
  // Guangdong has its cities do the 初审: a project nobody had recommended waits for 佛山's 工信局.
  const waiting = await eventually(() => stack.api('GET', `/api/projects/${idOf(4)}`, { token: people.ministry }), (r) => r.status === 200 && r.body.history?.length === 1);
  expect(waiting.body).toMatchObject({ phase: 'submitted', phaseLabel: '待推荐', cityReview: 'pending' });
  expect(waiting.body.sections.projectInfo).toMatchObject({ name: '美智5G空调总装产线', projectType: '其他', level: '产线', stage: '建设中', industry: '家电', address: { provinceCode: '440000', cityCode: '440600', districtCode: '440606' } });
  // A draft is its enterprise's alone (the ministry does not see drafts): its projection, as that enterprise's list reads it.
  const draftRow = async () =>
    ((await stack.sequelize.query(
      `SELECT s.phase, s.status_text, s.name, h.action FROM submissions s LEFT JOIN submission_history h ON h.submission_id = s.id WHERE s.id = :id`,
      { replacements: { id: idOf(5) } },
    )) as [{ phase: string; status_text: string; name: string | null; action: string | null }[], unknown])[0];
  expect(await eventually(draftRow, (rows) => rows[0]?.action === 'import')).toEqual([{ phase: 'draft', status_text: '暂存', name: '宝钢5G智慧炼钢工厂', action: 'import' }]);
  expect((await stack.api('GET', `/api/projects/${idOf(5)}`, { token: people.ministry })).status).toBe(404);

  // The enterprise sees its declarations of that year in its list.
  const mine = await stack.api('GET', `/api/projects?year=${year}`, { token: people.enterprise });
  expect(mine.body.data.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['广州示范5G智能工厂', '广州示范5G注塑车间']));

  // Idempotent: the same file again creates nothing and says why for each row.
  const again = await importProjects(file);
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ created: 0, skipped: 4, problems: [], rows: [] });
  expect(again.body.skippedRows).toEqual(EXPECTED_ROWS.map((r) => ({ row: r.row, name: r.name, reason: `该企业${year}年度已有同名项目` })));
  expect(await countDeclarations(year)).toBe(before + 4);

  // 进展更新: the enterprise copies its imported declaration into the current year.
  const copy = await stack.api('POST', '/api/projects', { token: people.enterprise, body: { year: current, copyFrom: idOf(2) } });
  expect(copy.status).toBe(201);
  expect(copy.body).toMatchObject({ year: current, phase: 'draft', name: '广州示范5G智能工厂', projectId: recommended.body.projectId });
  expect(copy.body.sections.projectInfo).toMatchObject({ stage: '建设完成', level: '工厂', address: { provinceCode: '440000', cityCode: '440100', districtCode: '440113' } });
});
