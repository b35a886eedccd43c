/**
 * 5G工厂 projects (SPEC §6, §7): create a draft, the list and its export, 查看, saving sections, submitting, and every
 * workflow action. Reads come from the PostgreSQL projection; every change goes through the submission workflow.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Request } from 'express';
import ExcelJS from 'exceljs';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { forbidden, notFound, unprocessable, conflict, ApiError } from '../errors';
import { getHistory, getSubmission, listSubmissions, SORTABLE, type SubmissionRow, type SortField, jurisdictionClause, filterClauses, type ListFilters } from '../projects/repository';
import { detailView, listItem } from '../projects/view';
import { act, authzActor, mapUpdateError, updateIdFrom } from '../projects/workflowGateway';
import { getCampaign, campaignLike } from '../projects/campaigns';
import { effectiveProfile } from '../../db/enterpriseProfile';
import { assertOwnedFiles } from '../files/references';
import { can, whyNot, projectResource, type ProjectAction } from '../../domain/authz';
import type { Actor } from '../../domain/roles';
import { PHASES, PHASE_LABELS } from '../../domain/phases';
import { deadlinesFor } from '../../domain/campaign';
import { beijingDate, beijingText } from '../../domain/time';
import { SECTION_KEYS, validateSection, validateForSubmit, emptyForm, type SectionKey, type Problem } from '../../domain/form';
import { validateEnterpriseProfile } from '../../domain/form/enterpriseProfile';
import { submissionWorkflowId, SUBMISSION_WORKFLOW_TYPE, type SubmissionWorkflowInput } from '../../workflows/submission/contract';
import type { PersonAction } from '../../domain/lifecycle/actions';

const IdParams = z.object({ id: z.string().uuid('项目编号格式不正确') });
const Reason = z.object({ reason: z.string({ error: '请填写原因' }).trim().min(1, '请填写原因').max(500, '原因不能超过500字') });

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : String(v).split(',')), z.array(item).optional());

export const ListQuery = z.object({
  page: z.coerce.number().int().min(1, '页码须为正整数').default(1),
  perPage: z.coerce.number().int().min(1).max(100, '每页最多100条').default(10),
  sort: z.enum(Object.keys(SORTABLE) as [SortField, ...SortField[]], { error: '不支持的排序字段' }).default('updatedAt'),
  order: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(['ASC', 'DESC'], { error: '排序方向只能是 ASC 或 DESC' })).default('DESC'),
  enterpriseName: z.string().trim().max(100).optional(),
  name: z.string().trim().max(100).optional(),
  projectType: z.string().max(20).optional(),
  phase: csv(z.enum(PHASES, { error: '状态不正确' })),
  stage: z.string().max(20).optional(),
  industry: z.string().max(20).optional(),
  level: z.string().max(20).optional(),
  region: z.string().regex(/^\d{6}$/, '地区代码须为6位数字').optional(),
  year: z.coerce.number().int().min(2020).max(2100).optional(),
  isCase: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().optional()),
});
type ListQueryT = z.infer<typeof ListQuery>;

function filtersOf(q: Omit<ListQueryT, 'page' | 'perPage' | 'sort' | 'order'>): ListFilters {
  return { enterpriseName: q.enterpriseName, name: q.name, projectType: q.projectType, phase: q.phase, stage: q.stage, industry: q.industry, level: q.level, region: q.region, year: q.year, isCase: q.isCase };
}

/** 404 for a project the actor may not see at all (no hint that it exists); regulators see only submitted ones. */
export async function loadVisible(deps: AppDeps, id: string, actor: Actor): Promise<SubmissionRow> {
  const row = await getSubmission(deps.sequelize, id);
  if (!row || !row.state) throw notFound('项目不存在');
  if (!can(authzActor(actor), 'project.read', resourceOf(row))) throw notFound('项目不存在');
  const regulator = ['city_miit', 'province_miit', 'province_ca', 'ministry'].includes(actor.role);
  if (regulator && !row.submitted_at) throw notFound('项目不存在');
  return row;
}

export function resourceOf(row: SubmissionRow) {
  return projectResource({
    enterpriseId: row.enterprise_id,
    provinceCode: row.state?.provinceCode || row.province_code || '',
    cityCode: row.state?.cityCode || row.city_code || '',
    invitedOperators: row.state?.invitedOperators ?? row.invited_operators,
    experts: row.state?.experts ?? row.experts,
  });
}

function requireCan(actor: Actor, action: ProjectAction, row: SubmissionRow): void {
  const reason = whyNot(authzActor(actor), action, resourceOf(row));
  if (reason) throw forbidden(reason);
}

async function view(deps: AppDeps, id: string, actor: Actor) {
  const row = await loadVisible(deps, id, actor);
  const expertIds = row.state?.experts ?? [];
  const operatorIds = actor.role === 'enterprise' ? (row.state?.invitedOperators ?? []) : [];
  // The rest of the page in parallel: an action's answer waits for this view.
  const [history, enterprise, experts, operators] = await Promise.all([
    getHistory(deps.sequelize, id),
    row.enterprise_snapshot ? Promise.resolve(row.enterprise_snapshot) : effectiveProfile(deps.sequelize, row.enterprise_id, row.year).then((p) => p.data),
    expertIds.length
      ? deps.sequelize.query('SELECT id, name FROM users WHERE id IN (:ids)', { replacements: { ids: expertIds } }).then(([r]) => r as { id: string; name: string }[])
      : Promise.resolve([]),
    operatorIds.length
      ? deps.sequelize
          .query('SELECT id, username, name, org_name FROM users WHERE id IN (:ids) ORDER BY name', { replacements: { ids: operatorIds } })
          .then(([r]) => (r as { id: string; username: string; name: string; org_name: string | null }[]).map((o) => ({ id: o.id, username: o.username, name: o.name, orgName: o.org_name })))
      : Promise.resolve([]),
  ]);
  const expertNames: Record<string, string> = Object.fromEntries(experts.map((e) => [e.id, e.name]));
  return detailView(row, history, actor, deps.clock(), { enterprise, expertNames, operators });
}

/** Run a workflow action and answer with the new project view (read back from the projection the action wrote). */
async function runAction(deps: AppDeps, req: Request, id: string, actor: Actor, authz: ProjectAction, action: PersonAction) {
  const row = await loadVisible(deps, id, actor);
  requireCan(actor, authz, row);
  await act(deps, row.workflow_id, actor, action, undefined, updateIdFrom(req, actor));
  return view(deps, id, actor);
}

export const EXPORT_COLUMNS: { header: string; key: string; width: number }[] = [
  { header: '序号', key: 'index', width: 8 },
  { header: '年度', key: 'year', width: 8 },
  { header: '企业名称', key: 'enterpriseName', width: 32 },
  { header: '项目名称', key: 'name', width: 36 },
  { header: '项目类型', key: 'projectType', width: 10 },
  { header: '项目层级', key: 'level', width: 10 },
  { header: '项目状态', key: 'statusText', width: 48 },
  { header: '建设阶段', key: 'stage', width: 10 },
  { header: '行业', key: 'industry', width: 14 },
  { header: '项目实施地址', key: 'address', width: 28 },
  { header: '创建时间', key: 'createdAt', width: 20 },
  { header: '更新时间', key: 'updatedAt', width: 20 },
];

export function projectRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'post',
      path: '/api/projects',
      summary: '新增项目（暂存草稿）；copyFrom 为往年申报的编号时，复制其表单作为本年度申报的起点',
      tags: ['5G工厂'],
      auth: 'user',
      status: 201,
      body: z.object({
        year: z.number().int().min(2020).max(2100).optional(),
        copyFrom: z.string().uuid('往年申报编号格式不正确').optional(),
      }),
      errors: [404, 409, 503],
    },
    async ({ body, actor }) => {
      if (actor.role !== 'enterprise') throw forbidden(actor.role === 'operator' ? '运营商账号只能查看企业邀请的项目，不能新增项目' : '只有企业用户可以新增项目');
      const year = body.year ?? (await latestOpenCampaignYear(deps));
      const campaign = await getCampaign(deps.sequelize, year);
      if (!campaign) throw notFound(`${year}年度申报批次不存在`);
      if (new Date(campaign.submission_deadline).getTime() <= deps.clock().getTime()) throw conflict(`${year}年度申报已截止，不能新增项目`, 'DEADLINE_PASSED');
      let projectId: string = crypto.randomUUID();
      let sections: Record<string, unknown> = emptyForm();
      if (body.copyFrom) {
        const source = await getSubmission(deps.sequelize, body.copyFrom);
        if (!source || source.enterprise_id !== actor.userId) throw notFound('要复制的往年项目不存在');
        if (source.year >= year) throw unprocessable('只能从往年的申报复制', [{ path: 'copyFrom', message: '只能从往年的申报复制' }]);
        projectId = source.project_id;
        sections = source.sections;
      }
      const projectInfo = (sections.projectInfo ?? {}) as { stage?: string; address?: { provinceCode?: string; cityCode?: string } };
      const provinceCode = projectInfo.address?.provinceCode ?? '';
      const rule = deadlinesFor(campaignLike(campaign), provinceCode);
      const submissionId = crypto.randomUUID();
      const workflowId = submissionWorkflowId(year, projectId);
      try {
        await deps.sequelize.transaction(async (transaction) => {
          await deps.sequelize.query('INSERT INTO projects (id, enterprise_id) VALUES (:projectId, :enterpriseId) ON CONFLICT (id) DO NOTHING', {
            replacements: { projectId, enterpriseId: actor.userId },
            transaction,
          });
          await deps.sequelize.query(
            `INSERT INTO submissions (id, project_id, year, enterprise_id, enterprise_name, workflow_id, sections, phase, status_text)
             VALUES (:submissionId, :projectId, :year, :enterpriseId, :enterpriseName, :workflowId, CAST(:sections AS jsonb), 'draft', '暂存')`,
            { replacements: { submissionId, projectId, year, enterpriseId: actor.userId, enterpriseName: actor.orgName ?? actor.displayName, workflowId, sections: JSON.stringify(sections) }, transaction },
          );
        });
      } catch (err) {
        if ((err as { name?: string }).name === 'SequelizeUniqueConstraintError') throw conflict(`该项目已有${year}年度的申报`, 'ALREADY_DECLARED');
        throw err;
      }
      const input: SubmissionWorkflowInput = {
        submissionId,
        start: {
          projectId,
          year,
          enterpriseId: actor.userId,
          provinceCode,
          cityCode: projectInfo.address?.cityCode ?? '',
          stage: projectInfo.stage === '建设中' || projectInfo.stage === '建设完成' ? projectInfo.stage : null,
          formVersion: 0,
          cityReviewRequired: rule.cityReviewRequired,
          deadlines: rule.deadlines,
        },
        createdBy: { userId: actor.userId, displayName: actor.displayName, role: actor.role },
      };
      try {
        await deps.temporal.client.workflow.start(SUBMISSION_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: deps.temporal.taskQueue,
          args: [input],
          searchAttributes: { Year: [year], ...(provinceCode ? { ProvinceCode: [provinceCode] } : {}) },
        });
      } catch (err) {
        // Nothing half-applied: without its workflow the row must not exist.
        await deps.sequelize.query('DELETE FROM submissions WHERE id = :submissionId', { replacements: { submissionId } });
        throw mapUpdateError(err);
      }
      // The workflow's first activity writes the initial state; wait briefly so the answer shows it.
      for (let i = 0; i < 50; i++) {
        const row = await getSubmission(deps.sequelize, submissionId);
        if (row?.state) return view(deps, submissionId, actor);
        await new Promise((r) => setTimeout(r, 20 + i * 5));
      }
      return { id: submissionId, projectId, year, phase: 'draft' };
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/projects',
      summary: '5G工厂列表：筛选（企业名称、项目名称、项目类型、状态、建设阶段、行业、项目层级、地区、年度）、排序、分页',
      tags: ['5G工厂'],
      auth: 'user',
      query: ListQuery,
    },
    async ({ query, actor }) => {
      if (actor.role === 'admin') throw forbidden('系统管理员不查看项目内容');
      const { rows, total } = await listSubmissions(deps.sequelize, actor, filtersOf(query), {
        offset: (query.page - 1) * query.perPage,
        limit: query.perPage,
        sort: query.sort,
        order: query.order,
      });
      const now = deps.clock();
      return { data: rows.map((r) => listItem(r, actor, now)), total };
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/projects/export',
      summary: '导出当前筛选条件下的全部项目（.xlsx）',
      tags: ['5G工厂'],
      auth: 'user',
      query: ListQuery.omit({ page: true, perPage: true }),
      response: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', description: 'Excel 文件' },
    },
    async ({ query, actor, res }) => {
      if (actor.role === 'admin') throw forbidden('系统管理员不查看项目内容');
      const params: Record<string, unknown> = {};
      const where = [jurisdictionClause(actor, params), ...filterClauses(filtersOf(query), params)];
      const orderBy = `${SORTABLE[query.sort]} ${query.order}, id ${query.order}`;
      const filename = `5G工厂项目列表_${beijingDate(deps.clock())}.xlsx`;
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`);
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
      const sheet = workbook.addWorksheet('5G工厂');
      sheet.columns = EXPORT_COLUMNS;
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
      // Pages of 1,000 rows keep memory flat however long the list is.
      let index = 0;
      for (let offset = 0; ; offset += 1000) {
        const [rows] = await deps.sequelize.query(
          `SELECT year, enterprise_name, name, project_type, level, status_text, stage, industry, address_text, created_at, updated_at
             FROM submissions WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT 1000 OFFSET ${offset}`,
          { replacements: params },
        );
        for (const r of rows as SubmissionRow[]) {
          sheet
            .addRow({
              index: ++index,
              year: r.year,
              enterpriseName: r.enterprise_name,
              name: r.name,
              projectType: r.project_type ?? '',
              level: r.level ?? '',
              statusText: r.status_text,
              stage: r.stage ?? '',
              industry: r.industry ?? '',
              address: r.address_text ?? '',
              createdAt: beijingText(r.created_at, { seconds: true }),
              updatedAt: beijingText(r.updated_at, { seconds: true }),
            })
            .commit();
        }
        if ((rows as unknown[]).length < 1000) break;
      }
      sheet.commit();
      await workbook.commit();
    },
  );

  routes.add(
    { method: 'get', path: '/api/projects/:id', summary: '查看项目：全部表单、状态、推荐情况、截止时间、历史记录、当前用户可执行的操作', tags: ['5G工厂'], auth: 'user', params: IdParams, errors: [404] },
    ({ params, actor }) => view(deps, params.id, actor),
  );

  routes.add(
    {
      method: 'put',
      path: '/api/projects/:id/sections/:section',
      summary: '暂存一个分页签（格式校验；已提交的项目保存时校验全部内容）；更新表单版本号',
      tags: ['5G工厂'],
      auth: 'user',
      params: IdParams.extend({ section: z.enum(SECTION_KEYS, { error: '分页签不存在' }) }),
      body: z.record(z.string(), z.unknown(), { error: '请求体须为对象' }),
      errors: [404, 409],
    },
    async ({ params, body, actor, req }) => {
      const row = await loadVisible(deps, params.id, actor);
      requireCan(actor, 'project.edit', row);
      const section = params.section as SectionKey;
      const checked = validateSection(section, body, 'draft');
      if (!checked.ok) throw unprocessable('保存失败，请检查标注的字段', checked.problems);
      // Images must be the enterprise's own uploads: an id from elsewhere would expose another enterprise's file.
      const foreign = await assertOwnedFiles(deps.sequelize, row.enterprise_id, { [section]: checked.value });
      if (foreign.length) throw unprocessable('保存失败，请检查标注的字段', foreign);
      const state = row.state!;
      if (row.phase === 'submitted') {
        // A submitted project stays complete: a save re-runs the full validation (SPEC §3).
        const problems = validateForSubmit({ ...row.sections, [section]: checked.value } as Record<SectionKey, unknown>);
        if (problems.length) throw unprocessable('项目已提交，修改后的内容须完整有效', problems);
      }
      let stage = state.stage;
      let provinceCode = state.provinceCode;
      let cityCode = state.cityCode;
      if (section === 'projectInfo') {
        const info = checked.value as { stage?: '建设中' | '建设完成'; address?: { provinceCode?: string; cityCode?: string } };
        stage = info.stage ?? null;
        provinceCode = info.address?.provinceCode ?? '';
        cityCode = info.address?.cityCode ?? '';
      }
      const action: PersonAction = { type: 'save', formVersion: state.formVersion + 1, stage, provinceCode, cityCode };
      if (provinceCode !== state.provinceCode) {
        const campaign = await getCampaign(deps.sequelize, row.year);
        const rule = deadlinesFor(campaignLike(campaign!), provinceCode);
        action.cityReviewRule = { required: rule.cityReviewRequired, deadline: rule.deadlines.cityReview };
      }
      await act(deps, row.workflow_id, actor, action, { section, data: checked.value }, updateIdFrom(req, actor));
      return view(deps, params.id, actor);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/projects/:id/submit',
      summary: '提交：校验全部页签与企业信息，422 时列出每一处缺失或错误 { section, path, message }',
      tags: ['5G工厂'],
      auth: 'user',
      params: IdParams,
      errors: [404, 409],
    },
    async ({ params, actor, req }) => {
      const row = await loadVisible(deps, params.id, actor);
      requireCan(actor, 'project.submit', row);
      const problems: Problem[] = validateForSubmit(row.sections as Record<SectionKey, unknown>);
      const profile = await effectiveProfile(deps.sequelize, row.enterprise_id, row.year);
      const profileCheck = validateEnterpriseProfile(profile.data, 'submit');
      if (!profileCheck.ok) {
        problems.push(...profileCheck.problems.map((p) => ({ ...p, message: `${p.message}（请在“企业信息”菜单中补充${row.year}年度企业信息）` })));
      }
      if (problems.length) throw new ApiError(422, 'SUBMISSION_INCOMPLETE', `还有${problems.length}处内容未填写或有误，请修改后再提交`, problems);
      await act(deps, row.workflow_id, actor, { type: 'submit', formVersion: row.state!.formVersion }, undefined, updateIdFrom(req, actor));
      return view(deps, params.id, actor);
    },
  );

  // Each body is parsed by its own schema before `action` runs; the shared type can only say "some object".
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const simple: { path: string; summary: string; authz: ProjectAction; body?: z.ZodObject; action: (body: any) => PersonAction }[] = [
    { path: 'withdraw', summary: '申请撤回（待推荐/已退回时立即撤回；已推荐或部分推荐时提交撤回申请）', authz: 'project.withdraw', body: Reason, action: (b) => ({ type: 'withdraw', reason: b.reason }) },
    { path: 'withdrawal/approve', summary: '同意撤回申请（省工信厅或省通信管理局）', authz: 'project.handleWithdrawal', action: () => ({ type: 'approveWithdrawal' }) },
    { path: 'withdrawal/reject', summary: '驳回撤回申请（需填写原因）', authz: 'project.handleWithdrawal', body: Reason, action: (b) => ({ type: 'rejectWithdrawal', reason: b.reason }) },
    {
      path: 'city-review',
      summary: '市级初审：通过或退回（退回需填写原因）',
      authz: 'project.cityReview',
      body: z
        .object({ decision: z.enum(['approve', 'return'], { error: '请选择初审结果' }), reason: z.string().trim().max(500, '原因不能超过500字').optional() })
        .refine((b) => b.decision === 'approve' || !!b.reason, { path: ['reason'], message: '退回时请填写原因' }),
      action: (b) => (b.decision === 'approve' ? { type: 'cityApprove' } : { type: 'cityReturn', reason: b.reason }),
    },
    {
      path: 'recommend',
      summary: '推荐（需带上查看时的表单版本号；内容已更新时 409）',
      authz: 'project.recommend',
      body: z.object({ formVersion: z.number({ error: '缺少表单版本号，请刷新后再推荐' }).int().min(0) }),
      action: (b) => ({ type: 'recommend', formVersion: b.formVersion }),
    },
    { path: 'cancel-recommendation', summary: '取消推荐（需填写原因）', authz: 'project.recommend', body: Reason, action: (b) => ({ type: 'cancelRecommendation', reason: b.reason }) },
    {
      path: 'experts',
      summary: '分配评审专家（工信部）',
      authz: 'project.assignExperts',
      body: z.object({ expertIds: z.array(z.string().uuid('专家编号格式不正确')).min(1, '请至少选择一位专家').max(20, '最多分配20位专家') }),
      action: (b) => ({ type: 'assignExperts', expertIds: [...new Set<string>(b.expertIds)] }),
    },
    {
      path: 'scores',
      summary: '专家评分（0–100）与评审意见；工信部可代已分配的专家录入',
      authz: 'project.score',
      body: z.object({
        score: z.number({ error: '请填写评分' }).min(0, '评分须在0到100之间').max(100, '评分须在0到100之间'),
        comment: z.string({ error: '请填写评审意见' }).trim().min(1, '请填写评审意见').max(2000, '评审意见不能超过2000字'),
        expertId: z.string().uuid().optional(),
      }),
      action: (b) => ({ type: 'score', score: b.score, comment: b.comment, ...(b.expertId ? { expertId: b.expertId } : {}) }),
    },
    {
      path: 'onsite',
      summary: '记录现场核验结果（工信部）',
      authz: 'project.onsite',
      body: z.object({ passed: z.boolean({ error: '请选择核验结果' }), notes: z.string().trim().max(2000, '核验说明不能超过2000字').default('') }),
      action: (b) => ({ type: 'recordOnsite', passed: b.passed, notes: b.notes }),
    },
    {
      path: 'decision',
      summary: '评审决定：拟入选、不予入选或开展现场核验（工信部）',
      authz: 'project.decide',
      body: z.object({ decision: z.enum(['shortlist', 'reject', 'onsite'], { error: '请选择评审决定' }) }),
      action: (b) => ({ type: 'decide', decision: b.decision }),
    },
    {
      path: 'objections',
      summary: '登记公示期异议（工信部）',
      authz: 'project.objection',
      body: z.object({ content: z.string({ error: '请填写异议内容' }).trim().min(1, '请填写异议内容').max(2000, '异议内容不能超过2000字') }),
      action: (b) => ({ type: 'fileObjection', objectionId: crypto.randomUUID(), content: b.content }),
    },
    { path: 'case', summary: '标记为优秀案例（已入选名录的项目）', authz: 'project.case', action: () => ({ type: 'markCase' }) },
  ];
  for (const s of simple) {
    routes.add(
      { method: 'post', path: `/api/projects/:id/${s.path}`, summary: s.summary, tags: ['5G工厂'], auth: 'user', params: IdParams, ...(s.body ? { body: s.body } : {}), errors: [404, 409] },
      ({ params, body, actor, req }) => runAction(deps, req, params.id, actor, s.authz, s.action(body)),
    );
  }

  routes.add(
    {
      method: 'post',
      path: '/api/projects/:id/objections/:objectionId/resolve',
      summary: '处理异议：成立（项目不予入选）或不成立',
      tags: ['5G工厂'],
      auth: 'user',
      params: IdParams.extend({ objectionId: z.string().uuid('异议编号格式不正确') }),
      body: z.object({ uphold: z.boolean({ error: '请选择异议是否成立' }), resolution: z.string({ error: '请填写处理意见' }).trim().min(1, '请填写处理意见').max(2000) }),
      errors: [404, 409],
    },
    ({ params, body, actor, req }) => runAction(deps, req, params.id, actor, 'project.objection', { type: 'resolveObjection', objectionId: params.objectionId, uphold: body.uphold, resolution: body.resolution }),
  );

  routes.add(
    {
      method: 'post',
      path: '/api/projects/:id/operators',
      summary: '邀请运营商查看项目（只读）',
      tags: ['5G工厂'],
      auth: 'user',
      params: IdParams,
      body: z.object({ operatorId: z.string({ error: '请选择运营商账号' }).uuid('运营商账号编号格式不正确') }),
      errors: [404, 409],
    },
    async ({ params, body, actor, req }) => {
      // Permission first, so nobody can probe which operator ids exist.
      requireCan(actor, 'project.invite', await loadVisible(deps, params.id, actor));
      const [ops] = await deps.sequelize.query("SELECT id FROM users WHERE id = :id AND role = 'operator' AND status = 'active'", { replacements: { id: body.operatorId } });
      if (!(ops as unknown[]).length) throw unprocessable('运营商账号不存在或不可用', [{ path: 'operatorId', message: '运营商账号不存在或不可用' }]);
      return runAction(deps, req, params.id, actor, 'project.invite', { type: 'inviteOperator', operatorId: body.operatorId });
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/api/projects/:id/operators/:operatorId',
      summary: '取消对运营商的邀请',
      tags: ['5G工厂'],
      auth: 'user',
      params: IdParams.extend({ operatorId: z.string().uuid('运营商账号编号格式不正确') }),
      errors: [404, 409],
    },
    ({ params, actor, req }) => runAction(deps, req, params.id, actor, 'project.invite', { type: 'revokeOperator', operatorId: params.operatorId }),
  );
}

/** The campaign an enterprise declares into by default: the latest one still open for submissions, else the latest. */
async function latestOpenCampaignYear(deps: AppDeps): Promise<number> {
  const [rows] = await deps.sequelize.query(
    'SELECT year FROM campaigns ORDER BY (submission_deadline > :now) DESC, year DESC LIMIT 1',
    { replacements: { now: deps.clock() } },
  );
  const row = (rows as { year: number }[])[0];
  if (!row) throw notFound('尚未设置申报批次，请联系工业和信息化部');
  return row.year;
}

export { PHASE_LABELS };
