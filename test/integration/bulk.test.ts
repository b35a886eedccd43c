/**
 * 批量操作 and 对比版本 (issue 11.3, 11.5) through the real stack: each item its own Update with the version the
 * regulator saw, a resend with the same key acting on nothing twice, and the diff of two real saves.
 */
import { startStack, type Stack } from '../support/stack';
import { createCampaign, completeProject, signInEveryone, uploadImage, type People } from '../support/lifecycle';
import { addStaff, inBatches, queueIds, submit } from '../support/queue';

let stack: Stack;
let people: People;
let year: number;
let projects: any[];

beforeAll(async () => {
  stack = await startStack();
  people = await signInEveryone(stack);
  year = await createCampaign(stack, people.ministry, { cityReviewRequired: false });
  // 20 projects × (create, 8 saves, submit) on a shared machine: allow the setup its time.
  projects = await inBatches(Array.from({ length: 20 }), 5, async () => submit(stack, people.enterprise, (await completeProject(stack, people.enterprise, year)).id));
}, 600_000);
afterAll(async () => {
  await stack?.stop();
});

const bulk = (token: string, body: unknown, key?: string) => stack.api('POST', '/api/projects/bulk', { token, body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });

async function recommendCount(id: string): Promise<number> {
  const [rows] = await stack.sequelize.query("SELECT count(*) AS n FROM submission_history WHERE submission_id = :id AND action = 'recommend'", { replacements: { id } });
  return Number((rows as { n: string }[])[0]!.n);
}

describe('批量推荐', () => {
  it('recommends 20 as the regulator saw them: the one changed meanwhile is refused alone, with what changed', async () => {
    // What the regulator's screen holds: every item with the version it showed.
    const seen = await stack.api('GET', `/api/queue?perPage=200&year=${year}`, { token: people.provinceCa });
    expect(seen.body.total).toBe(20);
    const items = seen.body.data.map((p: { id: string; formVersion: number }) => ({ id: p.id, formVersion: p.formVersion }));
    const changed = projects[7];
    const saved = await stack.api('PUT', `/api/projects/${changed.id}/sections/outcomes`, { token: people.enterprise, body: { ...changed.sections.outcomes, socialBenefits: '带动上下游企业200余家。' } });
    expect(saved.status).toBe(200);

    const res = await bulk(people.provinceCa, { action: 'recommend', items }, 'bulk-recommend-0001');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'recommend', actionLabel: '推荐', total: 20, done: 19, refused: 1, failed: 0 });
    const refused = res.body.items.filter((i: { status: string }) => i.status === 'refused');
    expect(refused).toEqual([
      expect.objectContaining({
        id: changed.id,
        code: 'FORM_VERSION_STALE',
        message: '项目内容已更新，请刷新后再推荐',
        formVersion: changed.formVersion + 1,
        changes: [expect.objectContaining({ label: '社会效益', kind: 'changed', after: '带动上下游企业200余家。' })],
      }),
    ]);
    expect(res.body.items.filter((i: { status: string }) => i.status === 'done').every((i: { phase: string; phaseLabel: string }) => i.phase === 'partially_recommended' && i.phaseLabel === '部分推荐')).toBe(true);

    // 工信厅's queue is untouched; 通信管理局's holds only the refused one.
    expect((await queueIds(stack, people.provinceMiit, `&year=${year}`)).sort()).toEqual(projects.map((p) => p.id).sort());
    expect(await queueIds(stack, people.provinceCa, `&year=${year}`)).toEqual([changed.id]);
  });

  it('a resend with the same key answers with the first outcomes and acts on nothing twice', async () => {
    const items = projects.map((p) => ({ id: p.id, formVersion: p.formVersion }));
    const again = await bulk(people.provinceCa, { action: 'recommend', items }, 'bulk-recommend-0001');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ done: 19, refused: 1 });
    expect(again.body.items.every((i: { repeated: boolean }) => i.repeated)).toBe(true);
    for (const p of projects) expect(await recommendCount(p.id)).toBe(p.id === projects[7].id ? 0 : 1);
    // The same key for another kind of action is a mistake.
    const other = await bulk(people.provinceCa, { action: 'cancelRecommendation', items: items.slice(0, 1), reason: '复核' }, 'bulk-recommend-0001');
    expect(other.status).toBe(422);
  });

  it('a resend cut into slices (as the screen sends them) still acts once per project', async () => {
    const items = projects.slice(0, 6).map((p) => ({ id: p.id, formVersion: p.formVersion }));
    const first = await bulk(people.provinceMiit, { action: 'recommend', items: items.slice(0, 3) }, 'bulk-miit-0002');
    expect(first.body.done).toBe(3);
    const whole = await bulk(people.provinceMiit, { action: 'recommend', items }, 'bulk-miit-0002');
    expect(whole.body).toMatchObject({ total: 6, done: 6 });
    expect(whole.body.items.filter((i: { repeated?: boolean }) => i.repeated).length).toBe(3);
    for (const p of projects.slice(0, 6)) expect(await recommendCount(p.id)).toBe(2);
  });

  it('cancels with one reason for all, and refuses projects of another province as unknown', async () => {
    const bj = await addStaff(stack, { username: 'bj_ca_bulk', name: '北京审核员', role: 'province_ca', provinceCode: '110000' });
    const foreign = await bulk(bj.token, { action: 'cancelRecommendation', items: [{ id: projects[0].id }], reason: '复核' });
    expect(foreign.body.items).toEqual([expect.objectContaining({ id: projects[0].id, status: 'refused', code: 'NOT_FOUND', message: '项目不存在' })]);
    const cancelled = await bulk(people.provinceCa, { action: 'cancelRecommendation', items: projects.slice(0, 2).map((p) => ({ id: p.id })), reason: '需补充验收报告' });
    expect(cancelled.body).toMatchObject({ done: 2, refused: 0 });
    const view = await stack.api('GET', `/api/projects/${projects[0].id}`, { token: people.enterprise });
    expect(view.body.history.at(-1)).toMatchObject({ actionLabel: '取消推荐', reason: '需补充验收报告' });
  });

  it('checks the request before acting on anything', async () => {
    const tooMany = await bulk(people.provinceCa, { action: 'recommend', items: Array.from({ length: 201 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, formVersion: 1 })) });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.details).toContainEqual({ path: 'items', message: '一次最多处理200个项目' });
    const noReason = await bulk(people.provinceCa, { action: 'cancelRecommendation', items: [{ id: projects[0].id }] });
    expect(noReason.body.error.details).toContainEqual({ path: 'reason', message: '请填写取消推荐的理由' });
    const noVersion = await bulk(people.provinceCa, { action: 'recommend', items: [{ id: projects[0].id }] });
    expect(noVersion.body.error.details).toContainEqual({ path: 'items[0].formVersion', message: '推荐须带上查看时的表单版本号' });
    const enterprise = await bulk(people.enterprise, { action: 'recommend', items: [{ id: projects[0].id, formVersion: 1 }] });
    expect(enterprise.status).toBe(403);
  });
});

describe('对比版本', () => {
  it('lists the rows added and the image replaced between two real saves, field by field in Chinese', async () => {
    const project = await completeProject(stack, people.enterprise, year);
    const before = project.formVersion;
    const newImage = await uploadImage(stack, people.enterprise, '新组网拓扑图.png');
    const infrastructure = project.sections.infrastructure;
    const row = { ...infrastructure.edgeComputing[0], location: '二号车间机房' };
    const saved = await stack.api('PUT', `/api/projects/${project.id}/sections/infrastructure`, {
      token: people.enterprise,
      body: { ...infrastructure, networkTopologyImage: newImage, edgeComputing: [...infrastructure.edgeComputing, row] },
    });
    expect(saved.status).toBe(200);
    const diff = await stack.api('GET', `/api/projects/${project.id}/diff?from=${before}&to=${saved.body.formVersion}`, { token: people.enterprise });
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toEqual([
      expect.objectContaining({ sectionLabel: '基础设施建设', label: '现场网络组网拓扑图', kind: 'fileReplaced', before: infrastructure.networkTopologyImage, after: newImage }),
      expect.objectContaining({ label: `边缘计算部署 第${infrastructure.edgeComputing.length + 1}行`, kind: 'rowAdded', after: expect.objectContaining({ location: '二号车间机房' }) }),
    ]);
    const versions = await stack.api('GET', `/api/projects/${project.id}/versions`, { token: people.enterprise });
    expect(versions.body.data[0]).toMatchObject({ formVersion: saved.body.formVersion, savedBy: '李明', sections: [{ section: 'infrastructure', label: '基础设施建设' }], submitted: false });
    // The first version is the blank draft: comparing with it lists what was filled in.
    expect(versions.body.data.at(-1)).toMatchObject({ formVersion: 0 });
    const future = await stack.api('GET', `/api/projects/${project.id}/diff?from=0&to=${saved.body.formVersion + 1}`, { token: people.enterprise });
    expect(future.status).toBe(422);
    // A draft is the enterprise's own: regulators do not see its versions.
    expect((await stack.api('GET', `/api/projects/${project.id}/versions`, { token: people.provinceCa })).status).toBe(404);
  });
});
