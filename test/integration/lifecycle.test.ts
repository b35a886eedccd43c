/**
 * The submission lifecycle end to end (issue 4): real HTTP → Temporal Updates → workflow → projection activity → PostgreSQL.
 */
import type { Stack } from '../support/stack';
import { signedInSuite } from '../support/suite';
import { createCampaign, completeProject, submittedProject, eventually, expectProjectionMatchesWorkflow, type People } from '../support/lifecycle';

let stack: Stack;
let people: People;
let year: number;
const suite = signedInSuite({ campaign: true });
beforeAll(() => ({ stack, people, year } = suite));

const get = (id: string, token: string) => stack.api('GET', `/api/projects/${id}`, { token });
const post = (id: string, action: string, token: string, body?: unknown) => stack.api('POST', `/api/projects/${id}/${action}`, { token, ...(body === undefined ? {} : { body }) });

test('a new project is a draft the enterprise sees in its list, with its creation in the history', async () => {
  const created = await stack.api('POST', '/api/projects', { token: people.enterprise, body: { year, projectInfo: { name: '番禺智能装备5G车间' } } });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ phase: 'draft', phaseLabel: '暂存', statusText: '暂存', year, formVersion: 0, name: '番禺智能装备5G车间' });
  expect(created.body.history).toEqual([expect.objectContaining({ action: 'create', actionLabel: '创建项目', toPhase: 'draft', actorName: '李明' })]);
  expect(created.body.allowedActions).toEqual(expect.arrayContaining(['save', 'inviteOperator']));
  const list = await stack.api('GET', `/api/projects?year=${year}`, { token: people.enterprise });
  expect(list.body.data.map((p: { id: string }) => p.id)).toContain(created.body.id);
  // Regulators do not see drafts.
  const cityList = await stack.api('GET', `/api/projects?year=${year}`, { token: people.city });
  expect(cityList.body.data.map((p: { id: string }) => p.id)).not.toContain(created.body.id);
  expect((await get(created.body.id, people.city)).status).toBe(404);
});

test('happy path: 初审 → dual recommendation in either order → statusText as the platform shows it', async () => {
  const p = await submittedProject(stack, people.enterprise, year);
  expect(p).toMatchObject({ phase: 'submitted', statusText: '广州市(工业和信息化局)待初审;', cityReview: 'pending' });
  // The province cannot recommend before the city approved.
  const early = await post(p.id, 'recommend', people.provinceCa, { formVersion: p.formVersion });
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('CITY_REVIEW_REQUIRED');

  const approved = await post(p.id, 'city-review', people.city, { decision: 'approve' });
  expect(approved.status).toBe(200);
  expect(approved.body.statusText).toBe('广东省(通信管理局)待推荐;广东省(工业和信息化厅)待推荐;');
  expect(approved.body.allowedActions).toEqual([]);

  const ca = await post(p.id, 'recommend', people.provinceCa, { formVersion: p.formVersion });
  expect(ca.status).toBe(200);
  expect(ca.body).toMatchObject({ phase: 'partially_recommended', statusText: '广东省(通信管理局)已推荐;广东省(工业和信息化厅)待推荐;' });
  const miit = await post(p.id, 'recommend', people.provinceMiit, { formVersion: p.formVersion });
  expect(miit.status).toBe(200);
  expect(miit.body).toMatchObject({ phase: 'recommended', statusText: '广东省(通信管理局)已推荐;广东省(工业和信息化厅)已推荐;' });
  expect(miit.body.history.map((h: { action: string }) => h.action)).toEqual(
    expect.arrayContaining(['create', 'save', 'submit', 'cityApprove', 'recommend']),
  );
  const last = miit.body.history.at(-1);
  expect(last).toMatchObject({ actionLabel: '推荐', actorName: '胡嘉娟', actorRoleLabel: '省工业和信息化厅', fromPhaseLabel: '部分推荐', toPhaseLabel: '已推荐' });
  // The enterprise was told nothing went wrong: a message that it is recommended.
  const [messages] = await stack.sequelize.query("SELECT title FROM messages m JOIN users u ON u.id = m.user_id WHERE u.username = 'gzfactory' AND m.submission_id = :id", { replacements: { id: p.id } });
  expect(messages).toContainEqual({ title: '项目已获推荐：广州天河精密电子5G全连接工厂' });
  await expectProjectionMatchesWorkflow(stack, p.id);
});

test('city returns with a reason; the enterprise fixes and resubmits', async () => {
  const p = await submittedProject(stack, people.enterprise, year);
  const noReason = await post(p.id, 'city-review', people.city, { decision: 'return' });
  expect(noReason.status).toBe(422);
  expect(noReason.body.error.details).toContainEqual({ path: 'reason', message: '退回时请填写原因' });
  const returned = await post(p.id, 'city-review', people.city, { decision: 'return', reason: '项目简介不完整' });
  expect(returned.body).toMatchObject({ phase: 'returned', statusText: '已退回' });
  expect(returned.body.history.at(-1)).toMatchObject({ reason: '项目简介不完整', toPhaseLabel: '已退回' });
  const fixed = await stack.api('PUT', `/api/projects/${p.id}/sections/outcomes`, { token: people.enterprise, body: { ...p.sections.outcomes, economicBenefits: '年节约成本1200万元，产能提升15%。' } });
  expect(fixed.status).toBe(200);
  expect(fixed.body.formVersion).toBe(p.formVersion + 1);
  const again = await post(p.id, 'submit', people.enterprise);
  expect(again.body).toMatchObject({ phase: 'submitted', cityReview: 'pending' });
  await expectProjectionMatchesWorkflow(stack, p.id);
});

test('a stale form version is refused with 409 and the exact message; the state is unchanged', async () => {
  const p = await submittedProject(stack, people.enterprise, year);
  await post(p.id, 'city-review', people.city, { decision: 'approve' });
  const seen = (await get(p.id, people.provinceMiit)).body;
  // The enterprise saves while the regulator looks at the old version.
  const saved = await stack.api('PUT', `/api/projects/${p.id}/sections/contacts`, { token: people.enterprise, body: p.sections.contacts });
  expect(saved.status).toBe(200);
  const stale = await post(p.id, 'recommend', people.provinceMiit, { formVersion: seen.formVersion });
  expect(stale.status).toBe(409);
  // With what changed since the version sent: here a save of the same content, so no field (issue 11.5).
  expect(stale.body.error).toEqual({ code: 'FORM_VERSION_STALE', message: '项目内容已更新，请刷新后再推荐', details: { formVersion: seen.formVersion + 1, changes: [] } });
  const after = (await get(p.id, people.provinceMiit)).body;
  expect(after.phase).toBe('submitted');
  expect(after.history.length).toBe(saved.body.history.length);
  await expectProjectionMatchesWorkflow(stack, p.id);
});

test('recommending a project still 建设中 is refused', async () => {
  const p = await submittedProject(stack, people.enterprise, year, { stage: '建设中' });
  await post(p.id, 'city-review', people.city, { decision: 'approve' });
  const res = await post(p.id, 'recommend', people.provinceCa, { formVersion: p.formVersion });
  expect(res.status).toBe(409);
  expect(res.body.error.code).toBe('NOT_COMPLETED');
  expect(res.body.error.message).toContain('推荐项目需为已完成项目');
});

test('cancel recommendation needs a reason and clears only that authority', async () => {
  const p = await submittedProject(stack, people.enterprise, year);
  await post(p.id, 'city-review', people.city, { decision: 'approve' });
  await post(p.id, 'recommend', people.provinceCa, { formVersion: p.formVersion });
  await post(p.id, 'recommend', people.provinceMiit, { formVersion: p.formVersion });
  const missing = await post(p.id, 'cancel-recommendation', people.provinceCa, {});
  expect(missing.status).toBe(422);
  expect(missing.body.error.details).toContainEqual({ path: 'reason', message: '请填写原因' });
  const cancelled = await post(p.id, 'cancel-recommendation', people.provinceCa, { reason: '现场网络数据与材料不符' });
  expect(cancelled.body).toMatchObject({ phase: 'partially_recommended', statusText: '广东省(通信管理局)待推荐;广东省(工业和信息化厅)已推荐;' });
  const [messages] = await stack.sequelize.query('SELECT body FROM messages WHERE submission_id = :id ORDER BY id DESC LIMIT 1', { replacements: { id: p.id } });
  expect((messages as { body: string }[])[0]!.body).toContain('原因：现场网络数据与材料不符');
});

test('withdrawal: immediate from submitted; a request from recommended is rejected and then approved; resubmission clears recommendations', async () => {
  const a = await submittedProject(stack, people.enterprise, year);
  const immediate = await post(a.id, 'withdraw', people.enterprise, { reason: '需补充材料' });
  expect(immediate.body).toMatchObject({ phase: 'withdrawn', phaseLabel: '已撤销' });

  const b = await submittedProject(stack, people.enterprise, year);
  await post(b.id, 'city-review', people.city, { decision: 'approve' });
  await post(b.id, 'recommend', people.provinceCa, { formVersion: b.formVersion });
  await post(b.id, 'recommend', people.provinceMiit, { formVersion: b.formVersion });
  const requested = await post(b.id, 'withdraw', people.enterprise, { reason: '项目范围调整' });
  expect(requested.body).toMatchObject({ phase: 'withdrawal_requested', phaseLabel: '撤回申请中' });
  expect((await get(b.id, people.provinceCa)).body.allowedActions).toEqual(expect.arrayContaining(['approveWithdrawal', 'rejectWithdrawal']));
  const rejected = await post(b.id, 'withdrawal/reject', people.provinceCa, { reason: '材料已审核完毕' });
  expect(rejected.body.phase).toBe('recommended');
  await post(b.id, 'withdraw', people.enterprise, { reason: '项目范围调整' });
  const approved = await post(b.id, 'withdrawal/approve', people.provinceMiit);
  expect(approved.body).toMatchObject({ phase: 'withdrawn' });
  const resubmitted = await post(b.id, 'submit', people.enterprise);
  expect(resubmitted.body).toMatchObject({ phase: 'submitted', cityReview: 'pending' });
  expect(resubmitted.body.recommendations.map((r: { status: string }) => r.status)).toEqual(['pending', 'pending']);
  await expectProjectionMatchesWorkflow(stack, b.id);
});

test('two regulators acting at once: one wins, the other gets a clear refusal', async () => {
  const p = await submittedProject(stack, people.enterprise, year);
  await post(p.id, 'city-review', people.city, { decision: 'approve' });
  await post(p.id, 'recommend', people.provinceCa, { formVersion: p.formVersion });
  await post(p.id, 'recommend', people.provinceMiit, { formVersion: p.formVersion });
  await post(p.id, 'withdraw', people.enterprise, { reason: '调整' });
  const [approve, reject] = await Promise.all([
    post(p.id, 'withdrawal/approve', people.provinceMiit),
    post(p.id, 'withdrawal/reject', people.provinceCa, { reason: '不同意' }),
  ]);
  const statuses = [approve.status, reject.status].sort();
  expect(statuses).toEqual([200, 409]);
  const loser = approve.status === 409 ? approve : reject;
  expect(loser.body.error.code).toBe('NOT_ALLOWED_IN_PHASE');
  expect(loser.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  await expectProjectionMatchesWorkflow(stack, p.id);
});

test('a regulator of another province gets 404 for every read and action', async () => {
  const p = await submittedProject(stack, people.enterprise, year);
  const create = await stack.api('POST', '/api/users', { token: people.admin, body: { username: 'zj_ca_t', name: '浙江通管局', role: 'province_ca', provinceCode: '330000' } });
  expect(create.status).toBe(201);
  const temp = create.body.temporaryPassword as string;
  let token = await stack.login('zj_ca_t', temp);
  const changed = await stack.api('POST', '/api/auth/change-password', { token, body: { oldPassword: temp, newPassword: 'Zhejiang@Ca2026x', confirmPassword: 'Zhejiang@Ca2026x' } });
  expect(changed.status).toBe(200);
  token = await stack.login('zj_ca_t', 'Zhejiang@Ca2026x');
  expect((await get(p.id, token)).status).toBe(404);
  for (const [action, body] of [['recommend', { formVersion: p.formVersion }], ['cancel-recommendation', { reason: 'x' }], ['withdrawal/approve', undefined], ['city-review', { decision: 'approve' }]] as const) {
    const res = await post(p.id, action, token, body);
    expect([action, res.status]).toEqual([action, 404]);
  }
  const list = await stack.api('GET', `/api/projects?year=${year}`, { token });
  expect(list.body).toEqual({ data: [], total: 0 });
});

test('list: filters, sort, paging and total; export streams an .xlsx with Chinese headers', async () => {
  // One recommended and one merely submitted project of this year, so that the 状态 filter has something to keep and something to drop.
  const recommended = await submittedProject(stack, people.enterprise, year);
  await post(recommended.id, 'city-review', people.city, { decision: 'approve' });
  await post(recommended.id, 'recommend', people.provinceCa, { formVersion: recommended.formVersion });
  expect((await post(recommended.id, 'recommend', people.provinceMiit, { formVersion: recommended.formVersion })).body.phase).toBe('recommended');
  const waiting = await submittedProject(stack, people.enterprise, year);
  const list = await stack.api('GET', `/api/projects?year=${year}&perPage=2&page=1&sort=createdAt&order=ASC`, { token: people.provinceMiit });
  expect(list.status).toBe(200);
  expect(list.body.data).toHaveLength(2);
  expect(list.body.total).toBeGreaterThan(2);
  const byPhase = await stack.api('GET', `/api/projects?year=${year}&phase=recommended&perPage=100`, { token: people.provinceMiit });
  const shown = byPhase.body.data.map((p: { id: string }) => p.id);
  expect(shown).toContain(recommended.id);
  expect(shown).not.toContain(waiting.id);
  expect(byPhase.body.data.map((p: { phase: string }) => p.phase)).toEqual(shown.map(() => 'recommended'));
  const bad = await stack.api('GET', '/api/projects?sort=password', { token: people.provinceMiit });
  expect(bad.status).toBe(422);
  expect(bad.body.error.details[0]).toEqual({ path: 'sort', message: '不支持的排序字段' });
  const res = await fetch(`${stack.baseUrl}/api/projects/export?year=${year}`, { headers: { authorization: `Bearer ${people.provinceMiit}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const sheet = wb.worksheets[0]!;
  expect(sheet.getRow(1).values).toEqual([undefined, '序号', '年度', '企业名称', '项目名称', '项目类型', '项目层级', '项目状态', '建设阶段', '行业', '项目实施地址', '创建时间', '更新时间']);
  expect(sheet.rowCount - 1).toBe(list.body.total);
});

test('deadlines: drafts expire at the submission deadline; recommended → ministry review and others → not recommended; an extension moves the timer', async () => {
  // Set up under distant deadlines (setup takes long on a busy machine), then bring them close: the submission
  // deadline in 3 s, the recommendation deadline 25 s away — room for the extension below to arrive before it.
  const y = await createCampaign(stack, people.ministry);
  const draft = await completeProject(stack, people.enterprise, y);
  const recommended = await submittedProject(stack, people.enterprise, y);
  await post(recommended.id, 'city-review', people.city, { decision: 'approve' });
  await post(recommended.id, 'recommend', people.provinceCa, { formVersion: recommended.formVersion });
  await post(recommended.id, 'recommend', people.provinceMiit, { formVersion: recommended.formVersion });
  const waiting = await submittedProject(stack, people.enterprise, y);
  const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
  const close = await stack.api('PATCH', `/api/campaigns/${y}`, {
    token: people.ministry,
    body: { submissionDeadline: soon(3_000), recommendationDeadline: soon(25_000), provinceSettings: { '440000': { cityReviewRequired: true, cityReviewDeadline: soon(20_000) } } },
  });
  expect(close.status).toBe(200);

  const expired = await eventually(() => get(draft.id, people.enterprise), (r) => r.body.phase === 'expired', 20_000);
  expect(expired.body).toMatchObject({ phase: 'expired', phaseLabel: '逾期未提交' });
  // Extend the recommendation deadline by 6 s while the workflows wait on it.
  const campaign = (await stack.api('GET', `/api/campaigns/${y}`, { token: people.ministry })).body;
  const extended = new Date(Date.parse(campaign.recommendationDeadline) + 6_000).toISOString();
  const patch = await stack.api('PATCH', `/api/campaigns/${y}`, { token: people.ministry, body: { recommendationDeadline: extended } });
  expect(patch.status).toBe(200);
  await eventually(() => get(waiting.id, people.enterprise), (r) => r.body.deadlines?.recommendation === extended, 10_000);
  expect((await get(waiting.id, people.enterprise)).body.deadlines.recommendation).toBe(extended);
  // At the old deadline nothing happens…
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(campaign.recommendationDeadline) - Date.now() + 1000)));
  expect((await get(waiting.id, people.enterprise)).body.phase).toBe('submitted');
  // …at the new one both leave their phase.
  const review = await eventually(() => get(recommended.id, people.ministry), (r) => r.body.phase === 'ministry_review', 20_000);
  expect(review.body.phase).toBe('ministry_review');
  const closed = await eventually(() => get(waiting.id, people.enterprise), (r) => r.body.phase === 'not_recommended', 20_000);
  expect(closed.body).toMatchObject({ phase: 'not_recommended', phaseLabel: '未获推荐' });
  await expectProjectionMatchesWorkflow(stack, recommended.id);

  // Ministry review: experts, scores, on-site verification, decision.
  const [experts] = await stack.sequelize.query("SELECT id FROM users WHERE username = 'expert1'");
  const expertId = (experts as { id: string }[])[0]!.id;
  expect((await post(recommended.id, 'experts', people.ministry, { expertIds: [expertId] })).status).toBe(200);
  expect((await stack.api('GET', `/api/projects?year=${y}`, { token: people.expert })).body.total).toBe(1);
  const scored = await post(recommended.id, 'scores', people.expert, { score: 88, comment: '网络架构完整，应用成效显著' });
  expect(scored.status).toBe(200);
  expect(scored.body.review.scores).toEqual([expect.objectContaining({ score: 88, expertName: '赵教授' })]);
  expect((await post(recommended.id, 'decision', people.ministry, { decision: 'onsite' })).body.phase).toBe('onsite_verification');
  expect((await post(recommended.id, 'onsite', people.ministry, { passed: true, notes: '现场核验通过' })).status).toBe(200);
  const shortlisted = await post(recommended.id, 'decision', people.ministry, { decision: 'shortlist' });
  expect(shortlisted.body).toMatchObject({ phase: 'shortlisted', phaseLabel: '拟入选' });
  const publicity = await stack.api('POST', `/api/campaigns/${y}/publicity`, { token: people.ministry });
  expect(publicity.body).toEqual({ started: 1, failed: [] });
  expect((await get(recommended.id, people.ministry)).body.phase).toBe('publicity');
  const objection = await post(recommended.id, 'objections', people.ministry, { content: '实名举报：项目数据与实际不符' });
  const objectionId = objection.body.review.objections[0].id;
  const upheld = await post(recommended.id, `objections/${objectionId}/resolve`, people.ministry, { uphold: true, resolution: '经核实，举报属实' });
  expect(upheld.body).toMatchObject({ phase: 'rejected', phaseLabel: '未入选' });
  await expectProjectionMatchesWorkflow(stack, recommended.id);
}, 180_000);

test('a refused action leaves phase, projection and history unchanged', async () => {
  const p = await submittedProject(stack, people.enterprise, year);
  const before = (await get(p.id, people.enterprise)).body;
  const refused = await post(p.id, 'recommend', people.provinceMiit, { formVersion: p.formVersion });
  expect(refused.status).toBe(409);
  const after = (await get(p.id, people.enterprise)).body;
  expect({ phase: after.phase, history: after.history.length, formVersion: after.formVersion }).toEqual({ phase: before.phase, history: before.history.length, formVersion: before.formVersion });
  const { stateQuery } = await import('../../workflows/submission/contract');
  const handle = stack.temporal.client.workflow.getHandle(`submission:${year}:${p.projectId}`);
  const history = await handle.fetchHistory();
  const updates = (history.events ?? []).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name).filter(Boolean);
  // The start came with its 'created' Update (update-with-start); every action in history was accepted by a
  // validator: the refused one never reached it.
  expect(updates).toEqual(['created', ...Array(after.history.length - 1).fill('act')]);
  expect((await handle.query(stateQuery)).seq).toBe(after.history.at(-1).seq);
});

test('an invited operator sees the project read-only; after revocation it is gone', async () => {
  const p = await submittedProject(stack, people.enterprise, year);
  const [[operator]] = (await stack.sequelize.query("SELECT id FROM users WHERE username = 'gdmobile'")) as [{ id: string }[], unknown];
  expect((await get(p.id, people.operator)).status).toBe(404);
  const invited = await post(p.id, 'operators', people.enterprise, { operatorId: operator!.id });
  expect(invited.status).toBe(200);
  expect(invited.body.invitedOperators).toEqual([{ id: operator!.id, username: 'gdmobile', name: '王芳', orgName: '中国移动通信集团广东有限公司' }]);
  const seen = await get(p.id, people.operator);
  expect(seen.status).toBe(200);
  expect(seen.body.allowedActions).toEqual([]);
  expect((await stack.api('GET', `/api/projects?year=${year}`, { token: people.operator })).body.data.map((r: { id: string }) => r.id)).toEqual([p.id]);
  const edit = await stack.api('PUT', `/api/projects/${p.id}/sections/contacts`, { token: people.operator, body: p.sections.contacts });
  expect(edit.status).toBe(403);
  const create = await stack.api('POST', '/api/projects', { token: people.operator, body: { year } });
  expect(create.status).toBe(403);
  expect(create.body.error.message).toBe('运营商账号只能查看企业邀请的项目，不能新增项目');
  const revoked = await stack.api('DELETE', `/api/projects/${p.id}/operators/${operator!.id}`, { token: people.enterprise });
  expect(revoked.status).toBe(200);
  expect((await get(p.id, people.operator)).status).toBe(404);
});

test('statistics by province, industry, phase and month agree with the list, within the caller’s jurisdiction', async () => {
  await submittedProject(stack, people.enterprise, year);
  const stats = await stack.api('GET', `/api/projects/stats?year=${year}`, { token: people.ministry });
  expect(stats.status).toBe(200);
  const list = await stack.api('GET', `/api/projects?year=${year}&perPage=1`, { token: people.ministry });
  expect(stats.body.total).toBe(list.body.total);
  expect(stats.body.byProvince).toEqual([{ code: '440000', name: '广东省', count: list.body.total }]);
  expect(stats.body.byIndustry.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(list.body.total);
  // 待初审 and 待推荐 are counted apart, as the list's 项目状态 filter tells them apart.
  const counted = async (phase: string) => (await stack.api('GET', `/api/projects?year=${year}&phase=${phase}&perPage=1`, { token: people.ministry })).body.total;
  const awaiting = await counted('awaiting_city_review');
  expect(awaiting).toBeGreaterThan(0);
  expect(stats.body.byPhase).toContainEqual({ phase: 'awaiting_city_review', label: '待初审', count: awaiting });
  const submitted = await counted('submitted');
  const submittedRow = stats.body.byPhase.find((r: { phase: string }) => r.phase === 'submitted') ?? { phase: 'submitted', label: '待推荐', count: 0 };
  expect(submittedRow).toEqual({ phase: 'submitted', label: '待推荐', count: submitted });
  for (const row of stats.body.byPhase) expect([row.phase, row.count]).toEqual([row.phase, await counted(row.phase)]);
  expect(stats.body.byMonth[0].month).toMatch(/^\d{4}-\d{2}$/);
  const enterprise = await stack.api('GET', `/api/projects/stats?year=${year}`, { token: people.enterprise });
  expect(enterprise.status).toBe(403);
  const experts = await stack.api('GET', '/api/experts', { token: people.ministry });
  expect(experts.body.data).toContainEqual(expect.objectContaining({ name: '赵教授' }));
});

test('an action resent with the same Idempotency-Key is applied once and answers the same', async () => {
  const p = await submittedProject(stack, people.enterprise, year);
  await post(p.id, 'city-review', people.city, { decision: 'approve' });
  const send = () => stack.api('POST', `/api/projects/${p.id}/recommend`, { token: people.provinceCa, body: { formVersion: p.formVersion }, headers: { 'idempotency-key': 'click-4f1c2e7a' } });
  const first = await send();
  const again = await send();
  expect([first.status, again.status]).toEqual([200, 200]);
  expect(again.body.phase).toBe('partially_recommended');
  expect(again.body.history.filter((h: { action: string }) => h.action === 'recommend')).toHaveLength(1);
  // Without the key, the same request is a second action, refused as already done.
  const plain = await post(p.id, 'recommend', people.provinceCa, { formVersion: p.formVersion });
  expect(plain.status).toBe(409);
});
