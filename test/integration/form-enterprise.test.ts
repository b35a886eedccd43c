/**
 * Issue 12 against the real stack (HTTP, PostgreSQL, Temporal): a draft is created by the first 暂存 of 项目情况 and
 * the other tabs wait for it (12.2, 12.3); 相关材料 — upload by content type, size and count limits, who may download,
 * kept after removal (12.5); 申报主体 eligibility at 提交 with the ministry's exception (12.6); and the completeness
 * meter's list equal to what 提交 answers (12.4).
 */
import fs from 'node:fs';
import { startStack, type Stack } from '../support/stack';
import { demoEnterpriseProfile, demoImages, exampleFormWith, saveWholeForm, TINY_PDF, TINY_PNG, uploadImage, uploadMaterial } from '../support/lifecycle';
import { DEMO_ACCOUNTS } from '../../db/seed';
import { makeUscc } from '../../domain/accounts';
import { formMeter } from '../../domain/form/completeness';

let stack: Stack;
let enterprise: string;
let images: { site: string; network: string };
const year = new Date().getFullYear();
const gzfactory = DEMO_ACCOUNTS.find((a) => a.username === 'gzfactory')!;

const completeForm = () => exampleFormWith(images);

const create = (body: unknown, token = enterprise) => stack.api('POST', '/api/projects', { token, body });
const get = (id: string, token = enterprise) => stack.api('GET', `/api/projects/${id}`, { token });
const save = (id: string, section: string, body: unknown) => stack.api('PUT', `/api/projects/${id}/sections/${section}`, { token: enterprise, body });
const submit = (id: string) => stack.api('POST', `/api/projects/${id}/submit`, { token: enterprise });
const countDrafts = async () => ((await stack.api('GET', `/api/projects?year=${year}&perPage=100`, { token: enterprise })).body.total as number);

async function download(id: string, fileId: string, token: string | undefined) {
  const res = await fetch(`${stack.baseUrl}/api/projects/${id}/materials/${fileId}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A complete project, 提交-ready: the example form with its two materials. */
async function completeProject() {
  const form = completeForm();
  const created = await create({ projectInfo: form.projectInfo });
  expect(created.status).toBe(201);
  return saveWholeForm(stack, enterprise, created.body.id, form, { skip: ['projectInfo'] });
}

beforeAll(async () => {
  stack = await startStack();
  enterprise = await stack.login('gzfactory');
  images = await demoImages(stack, enterprise);
  expect((await stack.api('PUT', `/api/enterprise-profiles/${year}`, { token: enterprise, body: demoEnterpriseProfile() })).status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(stack.env.UPLOAD_DIR, { recursive: true, force: true });
});

describe('项目基本情况 first: a draft is created on purpose, by its first 暂存', () => {
  test('新增 without 项目情况, or without a 项目名称, creates nothing and says why', async () => {
    const before = await countDrafts();
    const empty = await create({});
    expect(empty.status).toBe(422);
    expect(empty.body.error).toMatchObject({ code: 'BASIC_INFO_FIRST', message: '新增项目请先填写并暂存“项目基本情况”中的项目情况' });
    const nameless = await create({ projectInfo: { summary: '只有简介' } });
    expect(nameless.status).toBe(422);
    expect(nameless.body.error.details).toEqual([{ section: 'projectInfo', path: 'name', message: '请填写项目名称后再暂存' }]);
    const wrongFormat = await create({ projectInfo: { name: '智能5G工厂', startDate: '2024-02-30' } });
    expect(wrongFormat.status).toBe(422);
    expect(wrongFormat.body.error.details).toEqual([{ section: 'projectInfo', path: 'startDate', message: '起始时间必须是有效日期，格式为YYYY-MM-DD' }]);
    expect(await countDrafts()).toBe(before);

    const created = await create({ projectInfo: { name: '黄埔智能装备5G车间', stage: '建设中', address: { provinceCode: '440000', cityCode: '440100', districtCode: '440112' } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ phase: 'draft', name: '黄埔智能装备5G车间', stage: '建设中', formVersion: 0 });
    expect(created.body.sections.projectInfo).toMatchObject({ name: '黄埔智能装备5G车间' });
    expect(await countDrafts()).toBe(before + 1);
    expect((await save(created.body.id, 'funding', { national: 0 })).status).toBe(200);
  });

  test('a draft without 项目名称 (made before the rule) takes no other tab until 项目情况 is saved with one', async () => {
    const created = await create({ projectInfo: { name: '旧草稿5G产线' } });
    await stack.sequelize.query(`UPDATE submissions SET sections = jsonb_set(sections, '{projectInfo}', '{}'::jsonb) WHERE id = :id`, { replacements: { id: created.body.id } });
    const funding = await save(created.body.id, 'funding', { national: 0 });
    expect(funding.status).toBe(409);
    expect(funding.body.error).toEqual({ code: 'BASIC_INFO_FIRST', message: '请先填写并暂存“项目基本情况”（至少填写项目名称），再填写其他页签' });
    const nameless = await save(created.body.id, 'projectInfo', { summary: '简介' });
    expect(nameless.status).toBe(422);
    expect(nameless.body.error.details).toEqual([{ section: 'projectInfo', path: 'name', message: '请填写项目名称后再暂存' }]);
    expect((await save(created.body.id, 'projectInfo', { name: '旧草稿5G产线' })).status).toBe(200);
    expect((await save(created.body.id, 'funding', { national: 0 })).status).toBe(200);
  });
});

describe('相关材料 (合同协议, 验收报告, 证明材料)', () => {
  let project: { id: string; formVersion: number };
  let contract: string;
  let acceptance: string;

  beforeAll(async () => {
    const form = completeForm();
    const created = await create({ projectInfo: form.projectInfo });
    project = await saveWholeForm(stack, enterprise, created.body.id, form, { skip: ['projectInfo'] });
    [contract, acceptance] = (project as unknown as { sections: { materials: { items: { fileId: string }[] } } }).sections.materials.items.map((i) => i.fileId) as [string, string];
  });

  test('an upload is listed with its name, size, uploader and time, and is a save of the form', async () => {
    const before = (await get(project.id)).body.formVersion as number;
    const sentAt = Date.now();
    const png = await uploadMaterial(stack, enterprise, project.id, 'proof', { name: '省级5G工厂证书.png', content: TINY_PNG, type: 'image/png' });
    const answeredAt = Date.now();
    expect(png.status).toBe(201);
    expect(png.body.formVersion).toBe(before + 1);
    const item = png.body.sections.materials.items.at(-1);
    expect(item).toEqual({ fileId: expect.any(String), kind: 'proof', name: '省级5G工厂证书.png', size: TINY_PNG.length, mime: 'image/png', uploadedBy: '李明', uploadedAt: expect.any(String) });
    // Stamped by the server while the upload was in flight (the stack's clock is this process's clock).
    expect(Date.parse(item.uploadedAt)).toBeGreaterThanOrEqual(sentAt - 1_000);
    expect(Date.parse(item.uploadedAt)).toBeLessThanOrEqual(answeredAt + 1_000);
    expect(png.body.history.at(-1)).toMatchObject({ action: 'save', actorName: '李明' });
    const got = await download(project.id, item.fileId, enterprise);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="material.png"; filename*=UTF-8''${encodeURIComponent('省级5G工厂证书.png')}`);
    expect(got.bytes.equals(TINY_PNG)).toBe(true);
  });

  test('the type is decided by the content; the name, the size and the count are checked; 材料 are never typed into the form', async () => {
    const text = await uploadMaterial(stack, enterprise, project.id, 'proof', { name: '说明.pdf', content: Buffer.from('这不是PDF文件'), type: 'application/pdf' });
    expect(text.status).toBe(422);
    expect(text.body.error.details).toEqual([{ path: 'file', message: '材料仅支持PDF、JPEG或PNG格式（按文件内容判断）' }]);
    const exe = await uploadMaterial(stack, enterprise, project.id, 'proof', { name: 'setup.exe', content: TINY_PDF });
    expect(exe.status).toBe(422);
    expect(exe.body.error.message).toBe('材料文件名须以.pdf、.jpg、.jpeg或.png结尾');
    const noKind = await uploadMaterial(stack, enterprise, project.id, 'invoice');
    expect(noKind.status).toBe(422);
    expect(noKind.body.error.message).toBe('请选择材料类型');
    const big = await uploadMaterial(stack, enterprise, project.id, 'proof', { content: Buffer.concat([TINY_PDF, Buffer.alloc(20 * 1024 * 1024)]) });
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe('材料文件不能超过20MB');
    const typed = await save(project.id, 'materials', { items: [] });
    expect(typed.status).toBe(422);
    expect(typed.body.error.message).toBe('相关材料请通过“上传材料”和“删除”修改');
    // Nothing refused was kept.
    const [[{ n }]] = (await stack.sequelize.query('SELECT count(*)::int AS n FROM files WHERE submission_id = :id', { replacements: { id: project.id } })) as [{ n: number }[], unknown];
    expect(n).toBe((await get(project.id)).body.sections.materials.items.length);
  });

  test('at most 20 per declaration', async () => {
    const created = await create({ projectInfo: { name: '材料上限5G车间' } });
    for (let i = 1; i <= 20; i++) expect((await uploadMaterial(stack, enterprise, created.body.id, 'proof', { name: `证明${i}.pdf` })).status).toBe(201);
    const extra = await uploadMaterial(stack, enterprise, created.body.id, 'proof');
    expect(extra.status).toBe(422);
    expect(extra.body.error.message).toBe('相关材料最多上传20个');
  });

  test('downloaded only by those who may read the project: not another enterprise, a regulator only once submitted', async () => {
    const other = await stack.api('POST', '/api/auth/register', {
      body: {
        account: { name: '赵敏', username: 'otherfactory', mobile: '13700137011', email: 'o@example.com', password: 'Factory5G@2468', confirmPassword: 'Factory5G@2468' },
        organisation: { role: 'enterprise', regionCode: '330100', orgName: '杭州另一家制造有限公司', orgAddress: { provinceCode: '330000', cityCode: '330100', districtCode: '330106' }, addressDetail: '西湖区', uscc: makeUscc('91330106MA2H00001'), enterpriseNature: '民营企业', nationalEconomyCode: '3831' },
      },
    });
    expect(other.status).toBe(201);
    await stack.sequelize.query("UPDATE users SET status = 'active' WHERE username = 'otherfactory'");
    const otherToken = await stack.login('otherfactory', 'Factory5G@2468');
    expect((await download(project.id, contract, otherToken)).status).toBe(404);
    expect((await download(project.id, contract, undefined)).status).toBe(401);
    const provincial = await stack.login('gd_miit');
    expect((await download(project.id, contract, provincial)).status).toBe(404);
    expect((await submit(project.id)).status).toBe(200);
    expect((await download(project.id, contract, provincial)).status).toBe(200);
    // A material of another declaration is not reachable through this one.
    const elsewhere = await create({ projectInfo: { name: '另一5G产线' } });
    expect((await download(elsewhere.body.id, contract, enterprise)).status).toBe(404);
  });

  test('a submitted project keeps what 提交 needs; a material removed after 提交 stays readable', async () => {
    const removeContract = await stack.api('DELETE', `/api/projects/${project.id}/materials/${contract}`, { token: enterprise });
    expect(removeContract.status).toBe(422);
    expect(removeContract.body.error.message).toBe('项目已提交，修改后的内容须完整有效');
    expect(removeContract.body.error.details).toEqual([{ section: 'materials', path: 'contract', message: '请上传合同协议' }]);

    const submittedVersion = (await get(project.id)).body.formVersion as number;
    const withdrawn = await stack.api('POST', `/api/projects/${project.id}/withdraw`, { token: enterprise, body: { reason: '更换验收报告' } });
    expect(withdrawn.body.phase).toBe('withdrawn');
    const removed = await stack.api('DELETE', `/api/projects/${project.id}/materials/${acceptance}`, { token: enterprise });
    expect(removed.status).toBe(200);
    expect(removed.body.sections.materials.items.map((i: { fileId: string }) => i.fileId)).not.toContain(acceptance);
    expect((await stack.api('DELETE', `/api/projects/${project.id}/materials/${acceptance}`, { token: enterprise })).status).toBe(404);
    // The version that was submitted keeps it (对比版本 shows the row removed since)…
    const diff = await stack.api('GET', `/api/projects/${project.id}/diff?from=${submittedVersion}`, { token: await stack.login('gd_miit') });
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toEqual([
      expect.objectContaining({ section: 'materials', kind: 'rowRemoved', before: expect.objectContaining({ fileId: acceptance, kind: 'acceptanceReport', name: 'acceptanceReport.pdf' }) }),
    ]);
    // …and whoever may read the project can still open its file.
    expect((await download(project.id, acceptance, await stack.login('gd_miit'))).status).toBe(200);
    expect((await download(project.id, acceptance, enterprise)).status).toBe(200);
    // 提交 again asks for a 验收报告 (建设完成).
    const again = await submit(project.id);
    expect(again.status).toBe(422);
    expect(again.body.error.details).toEqual([{ section: 'materials', path: 'acceptanceReport', message: '实施阶段为“建设完成”的项目，请上传验收报告' }]);
  });
});

describe('申报主体 at 提交 and the completeness meter', () => {
  test('提交 lists exactly what the browser’s meter computes from the same project', async () => {
    const form = completeForm();
    const created = await create({ projectInfo: { ...form.projectInfo, summary: '', endDate: '2020-01-01' } });
    const id = created.body.id as string;
    expect((await save(id, 'funding', { national: 0, provincial: 1 })).status).toBe(200);
    expect((await save(id, 'infrastructure', { ...form.infrastructure, identifierResolutionNode: { built: '是' }, edgeComputing: [{ location: '二号机房' }] })).status).toBe(200);
    expect((await uploadMaterial(stack, enterprise, id, 'contract')).status).toBe(201);
    const view = (await get(id)).body;
    const meter = formMeter({ sections: view.sections, enterprise: view.enterprise, year: view.year, eligibilityException: view.eligibilityException });
    const refused = await submit(id);
    expect(refused.status).toBe(422);
    expect(meter.problems.length).toBeGreaterThan(20);
    expect(refused.body.error.details).toEqual(meter.problems);
  });

  test('an enterprise outside the notice’s sectors cannot submit until the ministry allows it', async () => {
    const project = await completeProject();
    expect((await stack.api('PUT', `/api/enterprise-profiles/${year}`, { token: enterprise, body: demoEnterpriseProfile('6312') })).status).toBe(200);
    try {
      const refused = await submit(project.id);
      expect(refused.status).toBe(422);
      expect(refused.body.error.details).toEqual([
        {
          section: 'enterprise',
          path: 'enterpriseInfo.nationalEconomyCode',
          message:
            '申报主体须为制造业、采矿业、电力、港口等重点领域企业，企业信息中的国民经济分类“信息传输、软件和信息技术服务业/电信、广播电视和卫星传输服务/电信/移动电信服务（6312）”不在申报范围内；如确需申报，请联系工业和信息化部申请例外',
        },
      ]);
      const ministry = await stack.login('miit');
      const granted = await stack.api('POST', '/api/eligibility-exceptions', { token: ministry, body: { uscc: gzfactory.uscc, reason: '试点企业，同意申报' } });
      expect(granted.status).toBe(201);
      expect((await get(project.id)).body.eligibilityException).toBe(true);
      const submitted = await submit(project.id);
      expect(submitted.status).toBe(200);
      expect(submitted.body.phase).toBe('submitted');
      expect((await stack.api('POST', `/api/eligibility-exceptions/${gzfactory.uscc}/revoke`, { token: ministry, body: { reason: '测试结束' } })).status).toBe(200);
    } finally {
      await stack.api('PUT', `/api/enterprise-profiles/${year}`, { token: enterprise, body: demoEnterpriseProfile() });
    }
  });
});

describe('删除: a draft that was never submitted can be deleted, a submitted one cannot', () => {
  const fileRows = async (ids: string[]) =>
    ((await stack.sequelize.query('SELECT id, storage_name FROM files WHERE id IN (:ids)', { replacements: { ids } }))[0] as { id: string; storage_name: string }[]);

  test('its workflow ends; the row, its 相关材料 and the images only it shows go; the audit log keeps 删除', async () => {
    const ownImage = await uploadImage(stack, enterprise, '仅本草稿的拓扑图.png');
    const created = await create({ projectInfo: { name: '待删除的5G车间', siteTopologyImage: ownImage } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.allowedActions).toContain('deleteDraft');
    // An image another declaration shows too stays.
    const sharing = await create({ projectInfo: { name: '也用这张组网图的5G车间' } });
    expect((await save(sharing.body.id, 'infrastructure', { networkTopologyImage: images.network })).status).toBe(200);
    expect((await save(id, 'infrastructure', { networkTopologyImage: images.network })).status).toBe(200);
    const material = await uploadMaterial(stack, enterprise, id, 'contract');
    expect(material.status).toBe(201);
    const materialId = material.body.sections.materials.items[0].fileId as string;
    const stored = await fileRows([ownImage, materialId]);
    expect(stored).toHaveLength(2);
    const [[row]] = (await stack.sequelize.query('SELECT project_id, workflow_id FROM submissions WHERE id = :id', { replacements: { id } })) as [{ project_id: string; workflow_id: string }[], unknown];

    // Nobody else may: another role gets 404 (a draft is not theirs to see) or 403.
    for (const other of ['gdmobile', 'miit', 'gz_miit']) expect([404, 403]).toContain((await stack.api('DELETE', `/api/projects/${id}`, { token: await stack.login(other) })).status);

    const deleted = await stack.api('DELETE', `/api/projects/${id}`, { token: enterprise });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id, deleted: true });
    expect((await get(id)).status).toBe(404);
    const list = await stack.api('GET', `/api/projects?year=${year}&perPage=100`, { token: enterprise });
    expect(list.body.data.map((p: { id: string }) => p.id)).not.toContain(id);
    const [projects] = await stack.sequelize.query('SELECT id FROM projects WHERE id = :projectId', { replacements: { projectId: row!.project_id } });
    expect(projects).toEqual([]);
    expect(await fileRows([ownImage, materialId])).toEqual([]);
    for (const f of stored) expect(fs.existsSync(`${stack.env.UPLOAD_DIR}/${f.storage_name}`)).toBe(false);
    expect(await fileRows([images.network])).toHaveLength(1);
    // The workflow ended with its 删除.
    const description = await stack.temporal.client.workflow.getHandle(row!.workflow_id).describe();
    expect(description.status.name).toBe('COMPLETED');
    // The audit log keeps who deleted what.
    const [audit] = await stack.sequelize.query("SELECT action, username, details FROM audit_log WHERE target_id = :id AND action IN ('project.deleteDraft', 'project.delete') ORDER BY id", { replacements: { id } });
    expect(audit).toEqual([
      expect.objectContaining({ action: 'project.deleteDraft', username: '李明' }),
      expect.objectContaining({ action: 'project.delete', details: expect.objectContaining({ name: '待删除的5G车间', year }) }),
    ]);
    expect((await stack.api('DELETE', `/api/projects/${id}`, { token: enterprise })).status).toBe(404);
  });

  test('a project that was submitted cannot be deleted, not even after it was withdrawn', async () => {
    const project = await completeProject();
    expect((await submit(project.id)).status).toBe(200);
    const refused = await stack.api('DELETE', `/api/projects/${project.id}`, { token: enterprise });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('项目已提交过，不能删除；如不再申报，可申请撤回');
    expect((await get(project.id)).body.allowedActions).not.toContain('deleteDraft');
    expect((await stack.api('POST', `/api/projects/${project.id}/withdraw`, { token: enterprise, body: { reason: '暂不申报' } })).body.phase).toBe('withdrawn');
    const again = await stack.api('DELETE', `/api/projects/${project.id}`, { token: enterprise });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('项目已提交过，不能删除；如不再申报，可申请撤回');
    expect((await get(project.id)).status).toBe(200);
  });
});
