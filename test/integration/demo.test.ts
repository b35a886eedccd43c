/**
 * The demo a fresh `npm start` shows (issue 16.6): last year's campaign carried through to the published directory,
 * this year's in its early phases — produced by scripts/demo through the real API and workflows, with last year's
 * deadlines and publicity end moved into the past by the ministry. Every phase of the plan is reached, each role finds
 * its work, the public directory is searchable and exports, and a second run adds nothing.
 */
import ExcelJS from 'exceljs';
import { startStack, type Stack } from '../support/stack';
import { seedDemoProjects } from '../../scripts/demo/seed';
import { DEMO_PROJECTS, type Goal } from '../../scripts/demo/plan';

let stack: Stack;
const now = new Date();
const currentYear = now.getFullYear();
const lastYear = currentYear - 1;
const tokens = new Map<string, string>();
const token = async (username: string) => tokens.get(username) ?? tokens.set(username, await stack.login(username)).get(username)!;
const get = async (username: string, path: string) => {
  const res = await stack.api('GET', path, { token: await token(username) });
  expect({ path, status: res.status }).toEqual({ path, status: 200 });
  return res.body;
};
const named = (name: string) => DEMO_PROJECTS.find((p) => p.name === name)!;
interface Row {
  id: string;
  name: string;
  phase: string;
  allowedActions: string[];
}
const byName = (rows: Row[], name: string) => rows.find((r) => r.name === name);

beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
}, 120_000);

test('a fresh demo: every planned phase reached through the workflows; a second run changes nothing', async () => {
  expect(await seedDemoProjects({ baseUrl: stack.baseUrl, now, currentYear, lastYear })).toEqual({ seeded: true, projects: DEMO_PROJECTS.length });

  // As each enterprise sees its projects (drafts included).
  const seen: Record<string, string> = {};
  for (const enterprise of new Set(DEMO_PROJECTS.map((p) => p.enterprise))) {
    for (const year of [lastYear, currentYear]) {
      const list = await get(enterprise, `/api/projects?year=${year}&perPage=100`);
      for (const row of list.data) seen[row.name] = row.phase;
    }
  }
  const phaseOf = (goal: Goal) => (goal === 'cityApproved' ? 'submitted' : goal);
  expect(seen).toEqual(Object.fromEntries(DEMO_PROJECTS.map((p) => [p.name, phaseOf(p.goal)])));

  // Reached the way the rules allow: the recommendation deadline and the publicity end were moved by the ministry, and
  // the workflow's own timers moved the projects.
  const listed = DEMO_PROJECTS.find((p) => p.goal === 'listed' && p.review?.isCase)!;
  const listedRow = byName((await get('miit', `/api/projects?year=${lastYear}&perPage=100`)).data, listed.name)!;
  const history = (await get('miit', `/api/projects/${listedRow.id}`)).history.map((h: { action: string; actorRoleLabel: string; toPhase: string }) => `${h.action}/${h.actorRoleLabel}/${h.toPhase}`);
  expect(history).toEqual(expect.arrayContaining(['recommendationDeadlinePassed/系统/ministry_review', 'startPublicity/工业和信息化部/publicity', 'publicityEnded/系统/listed', 'markCase/工业和信息化部/listed']));

  const again = await seedDemoProjects({ baseUrl: stack.baseUrl, now: new Date(), currentYear, lastYear });
  expect(again).toEqual({ seeded: false, projects: 0 });
  const [[count]] = (await stack.sequelize.query('SELECT count(*)::int AS n FROM submissions')) as [{ n: number }[], unknown];
  expect(count!.n).toBe(DEMO_PROJECTS.length);
}, 600_000);

test('each role finds its work: the ministry, both experts, the city, the provinces, the operator', async () => {
  const ministry = (await get('miit', `/api/projects?year=${lastYear}&perPage=100`)).data;
  const review = ministry.filter((r: { phase: string }) => r.phase === 'ministry_review');
  expect(review.map((r: { name: string }) => r.name).sort()).toEqual(DEMO_PROJECTS.filter((p) => p.goal === 'ministry_review').map((p) => p.name).sort());
  for (const row of review) expect(row.allowedActions).toEqual(expect.arrayContaining(['assignExperts', 'decide']));
  const objected = byName(ministry, DEMO_PROJECTS.find((p) => p.goal === 'publicity')!.name)!;
  const objectedDetail = await get('miit', `/api/projects/${objected.id}`);
  expect(objectedDetail.review.objections).toEqual([expect.objectContaining({ status: 'open' })]);
  expect(objectedDetail.allowedActions).toEqual(expect.arrayContaining(['resolveObjection']));

  // expert1 still has to score the 生物医药 project; expert2 scored it already.
  const unscored = DEMO_PROJECTS.find((p) => p.goal === 'ministry_review' && p.review!.scores.length < p.review!.experts.length)!;
  for (const [expert, scored] of [['expert1', 0], ['expert2', 1]] as const) {
    const list = (await get(expert, `/api/projects?year=${lastYear}&perPage=100`)).data;
    const row = byName(list, unscored.name)!;
    expect(row.allowedActions).toContain('score');
    expect((await get(expert, `/api/projects/${row.id}`)).review.scores).toHaveLength(scored);
  }

  const current = (username: string) => get(username, `/api/projects?year=${currentYear}&perPage=100`).then((b) => b.data as Row[]);
  const toReview = DEMO_PROJECTS.find((p) => p.year === 'current' && p.goal === 'submitted' && p.enterprise === 'gzfactory')!;
  expect(byName(await current('gz_miit'), toReview.name)!.allowedActions).toEqual(expect.arrayContaining(['cityApprove', 'cityReturn']));
  const half = DEMO_PROJECTS.find((p) => p.goal === 'partially_recommended')!;
  expect(byName(await current('gd_miit'), half.name)!.allowedActions).toContain('recommend');
  const withdrawing = DEMO_PROJECTS.find((p) => p.goal === 'withdrawal_requested')!;
  expect(byName(await current('gd_ca'), withdrawing.name)!.allowedActions).toEqual(expect.arrayContaining(['approveWithdrawal', 'rejectWithdrawal']));
  const invited = DEMO_PROJECTS.filter((p) => p.invite?.includes('gdmobile') && p.year === 'current').map((p) => p.name);
  expect((await current('gdmobile')).map((r) => r.name).sort()).toEqual(invited.sort());
  expect(named(toReview.name).invite).toContain('gdmobile');
});

test('the public directory: published years, filters by province, industry and name, the same list as .xlsx', async () => {
  const listedProjects = DEMO_PROJECTS.filter((p) => p.goal === 'listed');
  const years = await stack.api('GET', '/api/directory/years');
  expect(years.body.data).toEqual([{ year: lastYear, publishedAt: expect.any(String), listed: listedProjects.length }]);

  const all = await stack.api('GET', `/api/directory?year=${lastYear}`);
  expect(all.status).toBe(200);
  expect(all.body.data.map((e: { projectName: string }) => e.projectName).sort()).toEqual(listedProjects.map((p) => p.name).sort());
  expect(all.body.facets.provinces).toEqual([
    { value: '320000', label: '江苏省', count: 2 },
    { value: '330000', label: '浙江省', count: 1 },
    { value: '440000', label: '广东省', count: 3 },
  ]);
  const query = async (q: string) => (await stack.api('GET', `/api/directory?year=${lastYear}&${q}`)).body.data.map((e: { projectName: string }) => e.projectName);
  expect((await query('province=320000')).sort()).toEqual(['苏州工业园区精密装备5G全连接工厂', '苏州吴中纺织印染5G数字车间'].sort());
  expect(await query('industry=%E6%B1%BD%E8%BD%A6')).toEqual(['广州番禺汽车零部件5G智能产线']);
  expect(await query(`q=${encodeURIComponent('石化')}`)).toEqual(['宁波镇海石化5G智能工厂']);
  expect(await query(`province=440000&q=${encodeURIComponent('甬港')}`)).toEqual([]);
  const bad = await stack.api('GET', `/api/directory?year=${lastYear}&industry=${encodeURIComponent('不存在')}`);
  expect({ status: bad.status, message: bad.body.error.details[0].message }).toEqual({ status: 422, message: '行业不存在' });
  expect((await stack.api('GET', `/api/directory?year=${currentYear}`)).status).toBe(404);

  const file = await fetch(`${stack.baseUrl}/api/directory/export?year=${lastYear}&province=440000`);
  expect(file.headers.get('content-disposition')).toContain(encodeURIComponent(`${lastYear}年度5G工厂名录.xlsx`));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await file.arrayBuffer()) as unknown as ArrayBuffer);
  const rows = workbook.worksheets[0]!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
  expect(rows[0]).toEqual(['序号', '企业名称', '项目名称', '省份', '所在地区', '所属行业', '项目层级', '优秀案例']);
  expect(rows.slice(1).map((r) => [r[2], r[3], r[7] ?? '']).sort()).toEqual(
    listedProjects
      .filter((p) => p.enterprise === 'gzfactory' || p.enterprise === 'baoan5g')
      .map((p) => [p.name, '广东省', p.review?.isCase ? '是' : ''])
      .sort(),
  );
});
