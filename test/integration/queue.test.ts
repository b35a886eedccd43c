/**
 * 待我处理 (issue 11) through the real stack: which office sees what (no leak across cities or provinces), 认领 and
 * 转交, office notices deduplicated per office and item, and a stale 推荐 answered with what changed.
 */
import { startStack, type Stack } from '../support/stack';
import { createCampaign, completeProject, signInEveryone, type People } from '../support/lifecycle';
import { addStaff, completeProjectAt, queueIds, submit } from '../support/queue';

let stack: Stack;
let people: People;
/** A campaign where Guangdong requires 初审. */
let year: number;
const staff = {} as Record<'gdCa2' | 'gdCaHead' | 'szCity' | 'bjCa', { id: string; token: string }>;

const SHENZHEN = { provinceCode: '440000', cityCode: '440300', districtCode: '440305' };
const BEIJING = { provinceCode: '110000', cityCode: '110100', districtCode: '110108' };

beforeAll(async () => {
  stack = await startStack();
  people = await signInEveryone(stack);
  year = await createCampaign(stack, people.ministry);
  staff.gdCa2 = await addStaff(stack, { username: 'gd_ca2', name: '刘晓燕', role: 'province_ca', provinceCode: '440000' });
  staff.gdCaHead = await addStaff(stack, { username: 'gd_ca_head', name: '周处长', role: 'province_ca', provinceCode: '440000', officeHead: true });
  staff.szCity = await addStaff(stack, { username: 'sz_miit', name: '深圳审核员', role: 'city_miit', provinceCode: '440000', cityCode: '440300' });
  staff.bjCa = await addStaff(stack, { username: 'bj_ca', name: '北京审核员', role: 'province_ca', provinceCode: '110000' });
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

const post = (id: string, action: string, token: string, body?: unknown) => stack.api('POST', `/api/projects/${id}/${action}`, { token, ...(body === undefined ? {} : { body }) });

async function messagesOf(username: string, id: string): Promise<string[]> {
  const [rows] = await stack.sequelize.query('SELECT m.title FROM messages m JOIN users u ON u.id = m.user_id WHERE u.username = :username AND m.submission_id = :id ORDER BY m.id', {
    replacements: { username, id },
  });
  return (rows as { title: string }[]).map((r) => r.title);
}

describe('queue contents per office', () => {
  let guangzhou: any;
  let shenzhen: any;
  let beijing: any;

  beforeAll(async () => {
    guangzhou = await submit(stack, people.enterprise, (await completeProject(stack, people.enterprise, year)).id);
    shenzhen = await submit(stack, people.enterprise, (await completeProjectAt(stack, people.enterprise, year, SHENZHEN)).id);
    beijing = await submit(stack, people.enterprise, (await completeProjectAt(stack, people.enterprise, year, BEIJING)).id);
    // Setup on a shared machine: allow it its time (the tests below assert no duration).
  }, 300_000);

  it('the city sees only its own 初审, with a deadline 3 working days after submission', async () => {
    const gz = await stack.api('GET', '/api/queue', { token: people.city });
    expect(gz.status).toBe(200);
    expect(gz.body.data.map((i: { id: string }) => i.id)).toEqual([guangzhou.id]);
    expect(gz.body.data[0]).toMatchObject({ step: 'cityReview', stepLabel: '待初审', overdue: false, claim: null, name: guangzhou.name });
    expect(gz.body.data[0].dueAt).toEqual(expect.any(String));
    expect(gz.body.data[0].remainingWorkingDays).toBeGreaterThanOrEqual(1);
    expect(gz.body.data[0].remainingWorkingDays).toBeLessThanOrEqual(4);
    expect(await queueIds(stack, staff.szCity.token)).toEqual([shenzhen.id]);
    // The provinces wait for 初审 first; Beijing needs none.
    expect(await queueIds(stack, people.provinceCa)).toEqual([]);
    expect(await queueIds(stack, staff.bjCa.token)).toEqual([beijing.id]);
  });

  it('the list tells 待初审 from 待推荐, and sorts by 截止时间 with the deadline columns', async () => {
    const list = (query: string, token = people.provinceCa) => stack.api('GET', `/api/projects?year=${year}&${query}`, { token });
    const awaiting = await list('phase=awaiting_city_review');
    expect(awaiting.status).toBe(200);
    expect(awaiting.body.data.map((p: { id: string }) => p.id).sort()).toEqual([guangzhou.id, shenzhen.id].sort());
    // 待推荐 no longer counts the projects the city has not reviewed yet.
    expect((await list('phase=submitted')).body.data.map((p: { id: string }) => p.id)).toEqual([]);
    expect((await list('phase=submitted', staff.bjCa.token)).body.data.map((p: { id: string }) => p.id)).toEqual([beijing.id]);
    const byDeadline = await list('sort=dueAt&order=ASC', people.ministry);
    expect(byDeadline.status).toBe(200);
    const first = byDeadline.body.data[0];
    expect(first).toMatchObject({ step: 'cityReview', stepLabel: '待初审', overdue: false });
    expect(Date.parse(first.dueAt)).toBeLessThanOrEqual(Date.parse(byDeadline.body.data.at(-1).dueAt));
    expect((await list('phase=awaiting')).status).toBe(422);
  });

  it('after 初审 the project waits for each provincial authority separately, never for another province', async () => {
    expect((await post(guangzhou.id, 'city-review', people.city, { decision: 'approve' })).status).toBe(200);
    expect(await queueIds(stack, people.city)).toEqual([]);
    expect(await queueIds(stack, people.provinceCa)).toEqual([guangzhou.id]);
    expect(await queueIds(stack, people.provinceMiit)).toEqual([guangzhou.id]);
    expect(await queueIds(stack, staff.bjCa.token)).toEqual([beijing.id]);
    const recommended = await post(guangzhou.id, 'recommend', people.provinceCa, { formVersion: guangzhou.formVersion });
    expect(recommended.status).toBe(200);
    expect(await queueIds(stack, people.provinceCa)).toEqual([]);
    expect(await queueIds(stack, people.provinceMiit)).toEqual([guangzhou.id]);
    const counts = await stack.api('GET', '/api/queue/counts', { token: people.provinceMiit });
    expect(counts.body).toMatchObject({ all: 1, unclaimed: 1, mine: 0, overdue: 0, byStep: { recommend: 1 } });
  });

  it('roles without a queue are told so', async () => {
    for (const token of [people.enterprise, people.operator, people.admin]) {
      const res = await stack.api('GET', '/api/queue', { token });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('没有待办队列');
    }
  });

  it('tells each office once per item: the city at submission, both authorities when 推荐 is theirs, both at a withdrawal request', async () => {
    expect(await messagesOf('gz_miit', guangzhou.id)).toEqual(['新的待初审项目']);
    expect(await messagesOf('sz_miit', guangzhou.id)).toEqual([]);
    // One message per member of the office, one e-mail per office.
    expect(await messagesOf('gd_ca', guangzhou.id)).toEqual(['新的待推荐项目']);
    expect(await messagesOf('gd_ca2', guangzhou.id)).toEqual(['新的待推荐项目']);
    expect(await messagesOf('gd_miit', guangzhou.id)).toEqual(['新的待推荐项目']);
    expect(await messagesOf('bj_ca', guangzhou.id)).toEqual([]);
    const [mails] = await stack.sequelize.query(`SELECT to_address FROM email_outbox WHERE dedupe_key LIKE :key ORDER BY to_address`, { replacements: { key: `work:${guangzhou.id}:province_ca:440000:%` } });
    expect(mails).toEqual([{ to_address: expect.stringContaining('gd_ca2@example.gov.cn') }]);

    expect((await post(guangzhou.id, 'recommend', people.provinceMiit, { formVersion: guangzhou.formVersion })).status).toBe(200);
    expect((await post(guangzhou.id, 'withdraw', people.enterprise, { reason: '数据需更正' })).status).toBe(200);
    expect(await messagesOf('gd_ca', guangzhou.id)).toEqual(['新的待推荐项目', '新的撤回申请']);
    expect(await messagesOf('gd_miit', guangzhou.id)).toEqual(['新的待推荐项目', '新的撤回申请']);
    const items = await stack.api('GET', '/api/queue', { token: people.provinceMiit });
    expect(items.body.data).toEqual([expect.objectContaining({ id: guangzhou.id, step: 'withdrawal', stepLabel: '待处理撤回申请' })]);
  });
});

describe('认领: claims share the work, never lock it', () => {
  let first: any;
  let second: any;

  beforeAll(async () => {
    const noReview = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
    first = await submit(stack, people.enterprise, (await completeProject(stack, people.enterprise, noReview)).id);
    second = await submit(stack, people.enterprise, (await completeProject(stack, people.enterprise, noReview)).id);
  }, 300_000);

  it('a colleague sees who holds an item, cannot claim it, and may still act on it', async () => {
    const claimed = await post(first.id, 'claim', people.provinceCa);
    expect(claimed.status).toBe(200);
    expect(claimed.body.claims).toEqual([expect.objectContaining({ office: 'province_ca:440000', name: '王子彰' })]);
    expect((await post(second.id, 'claim', people.provinceCa)).status).toBe(200);
    // Claiming again is harmless.
    expect((await post(first.id, 'claim', people.provinceCa)).status).toBe(200);

    const mine = await stack.api('GET', `/api/queue?scope=mine`, { token: people.provinceCa });
    expect(mine.body.data.map((i: { id: string }) => i.id).sort()).toEqual([first.id, second.id].sort());
    const theirs = await stack.api('GET', `/api/queue?scope=all`, { token: staff.gdCa2.token });
    expect(theirs.body.data.find((i: { id: string }) => i.id === first.id).claim).toMatchObject({ name: '王子彰', mine: false });
    expect(await queueIds(stack, staff.gdCa2.token, '&scope=mine')).toEqual([]);
    expect(await queueIds(stack, staff.gdCa2.token, '&scope=unclaimed')).not.toContain(first.id);
    // The other authority's queue knows nothing of it.
    expect((await stack.api('GET', '/api/queue', { token: people.provinceMiit })).body.data.find((i: { id: string }) => i.id === first.id).claim).toBeNull();

    const taken = await post(first.id, 'claim', staff.gdCa2.token);
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toBe('该项目已由王子彰认领，如需转交请联系处室负责人');
    const release = await stack.api('DELETE', `/api/projects/${first.id}/claim`, { token: staff.gdCa2.token });
    expect(release.status).toBe(403);

    // Not a lock: the colleague recommends the claimed project.
    const acted = await post(first.id, 'recommend', staff.gdCa2.token, { formVersion: first.formVersion });
    expect(acted.status).toBe(200);
    expect(await queueIds(stack, people.provinceCa, '&scope=mine')).toEqual([second.id]);
  });

  it('an office head reassigns to a colleague of the same office only; every claim is in the history', async () => {
    const outsider = await stack.api('POST', `/api/projects/${second.id}/claim/reassign`, { token: staff.gdCaHead.token, body: { userId: staff.bjCa.id } });
    expect(outsider.status).toBe(422);
    expect(outsider.body.error.details).toEqual([{ path: 'userId', message: '只能转交给本单位在职的同事' }]);
    const notHead = await stack.api('POST', `/api/projects/${second.id}/claim/reassign`, { token: staff.gdCa2.token, body: { userId: staff.gdCa2.id } });
    expect(notHead.status).toBe(403);
    const moved = await stack.api('POST', `/api/projects/${second.id}/claim/reassign`, { token: staff.gdCaHead.token, body: { userId: staff.gdCa2.id } });
    expect(moved.status).toBe(200);
    expect(moved.body.claims).toEqual([expect.objectContaining({ name: '刘晓燕' })]);
    expect(await queueIds(stack, staff.gdCa2.token, '&scope=mine')).toEqual([second.id]);

    const view = await stack.api('GET', `/api/projects/${second.id}`, { token: people.provinceCa });
    const claims = view.body.history.filter((h: { action: string }) => h.action.startsWith('claim'));
    expect(claims.map((h: { actionLabel: string; actorName: string }) => `${h.actionLabel}:${h.actorName}`)).toEqual(['认领:王子彰', '转交认领:周处长']);
    const [audit] = await stack.sequelize.query(`SELECT action FROM audit_log WHERE target_id = :id AND action LIKE 'project.claim.%' ORDER BY id`, { replacements: { id: second.id } });
    expect(audit).toEqual([{ action: 'project.claim.claim' }, { action: 'project.claim.reassign' }]);
  });

  it('an item no longer awaiting the office cannot be claimed', async () => {
    const res = await post(first.id, 'claim', staff.gdCa2.token);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('NOT_IN_QUEUE');
  });
});

describe('what changed since I looked', () => {
  it('a stale 推荐 is refused with the fields changed since the version the regulator sent', async () => {
    const noReview = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
    const project = await submit(stack, people.enterprise, (await completeProject(stack, people.enterprise, noReview)).id);
    const seen = project.formVersion;
    const changed = await stack.api('PUT', `/api/projects/${project.id}/sections/outcomes`, {
      token: people.enterprise,
      body: { ...project.sections.outcomes, economicBenefits: '年节约成本1500万元，产能提升20%。' },
    });
    expect(changed.status).toBe(200);
    const stale = await post(project.id, 'recommend', people.provinceCa, { formVersion: seen });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'FORM_VERSION_STALE', message: '项目内容已更新，请刷新后再推荐' });
    expect(stale.body.error.details).toEqual({
      formVersion: seen + 1,
      changes: [expect.objectContaining({ sectionLabel: '项目实施成效', label: '经济效益', kind: 'changed', after: '年节约成本1500万元，产能提升20%。' })],
    });
    // Re-checked: recommending the version now shown is accepted in one step.
    expect((await post(project.id, 'recommend', people.provinceCa, { formVersion: seen + 1 })).status).toBe(200);
  });
});
