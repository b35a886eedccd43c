/**
 * The workflow actions on one declaration (撤回, 初审, 推荐, ministry review, objections, 案例, operator invitations):
 * each is the submission workflow's `act` Update; the answer is the project view the action wrote.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Request } from 'express';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { unprocessable } from '../../errors';
import { projectGuard, loadFor } from '../../projects/access';
import { readProjectView } from '../../projects/detail';
import { act, updateIdFrom } from '../../projects/workflowGateway';
import { withChangesSince } from '../../projects/versions';
import type { ProjectAction } from '../../../domain/authz';
import type { Actor } from '../../../domain/roles';
import type { PersonAction } from '../../../domain/lifecycle/actions';
import { IdParams } from './params';

const Reason = z.object({ reason: z.string({ error: '请填写原因' }).trim().min(1, '请填写原因').max(500, '原因不能超过500字') });

/** Run a workflow action and answer with the new project view (read back from the projection the action wrote). */
async function runAction(deps: AppDeps, req: Request, id: string, actor: Actor, authz: ProjectAction, action: PersonAction) {
  const row = await loadFor(deps, id, actor, authz);
  try {
    await act(deps, row.workflow_id, actor, action, undefined, updateIdFrom(req, actor));
  } catch (err) {
    // A stale 推荐 answers with the fields changed since the version the regulator sent (issue 11.5).
    throw await withChangesSince(deps.sequelize, id, action, err);
  }
  return readProjectView(deps, id, actor);
}

export function projectActionRoutes(routes: Routes, deps: AppDeps): void {
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
      { method: 'post', path: `/api/projects/:id/${s.path}`, summary: s.summary, tags: ['5G工厂'], auth: 'user', access: projectGuard(deps, s.authz), params: IdParams, ...(s.body ? { body: s.body } : {}), errors: [404, 409, 503] },
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
      access: projectGuard(deps, 'project.objection'),
      params: IdParams.extend({ objectionId: z.string().uuid('异议编号格式不正确') }),
      body: z.object({ uphold: z.boolean({ error: '请选择异议是否成立' }), resolution: z.string({ error: '请填写处理意见' }).trim().min(1, '请填写处理意见').max(2000) }),
      errors: [404, 409, 503],
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
      access: projectGuard(deps, 'project.invite'),
      params: IdParams,
      body: z.object({ operatorId: z.string({ error: '请选择运营商账号' }).uuid('运营商账号编号格式不正确') }),
      errors: [404, 409, 503],
    },
    async ({ params, body, actor, req }) => {
      // Permission first, so nobody can probe which operator ids exist.
      await loadFor(deps, params.id, actor, 'project.invite');
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
      access: projectGuard(deps, 'project.invite'),
      params: IdParams.extend({ operatorId: z.string().uuid('运营商账号编号格式不正确') }),
      errors: [404, 409, 503],
    },
    ({ params, actor, req }) => runAction(deps, req, params.id, actor, 'project.invite', { type: 'revokeOperator', operatorId: params.operatorId }),
  );
}
