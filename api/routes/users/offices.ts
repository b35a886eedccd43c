/**
 * Offices of several people (issue 11.2), the administrator's side: who is an office head (处室负责人, may reassign the
 * office's claims), and releasing every claim of a user who leaves (administrators do not read declarations, so they
 * act on the user, not on projects).
 */
import { z } from 'zod';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { notFound, unprocessable } from '../../errors';
import { audit } from '../../audit';
import { mayManageUsers } from './mayManage';
import { recordClaimEvent } from '../projects/claims';
import { REGULATOR_ROLES } from '../../../domain/roles';

const UserParams = z.object({ id: z.string().uuid('用户编号格式不正确') });

export function userOfficeRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'put',
      path: '/api/users/:id/office-head',
      summary: '设置或取消处室负责人（可转交本单位的认领）',
      tags: ['用户'],
      auth: 'user',
      access: mayManageUsers,
      params: UserParams,
      body: z.object({ officeHead: z.boolean({ error: '请选择是否为处室负责人' }) }),
      errors: [404, 422],
    },
    async ({ params, body, actor, req }) => {
      const [rows] = await deps.sequelize.query('SELECT id, role FROM users WHERE id = :id', { replacements: { id: params.id } });
      const user = (rows as { id: string; role: string }[])[0];
      if (!user) throw notFound('用户不存在');
      if (!(REGULATOR_ROLES as readonly string[]).includes(user.role)) {
        throw unprocessable('只有主管部门的工作人员可以是处室负责人', [{ path: 'officeHead', message: '只有主管部门的工作人员可以是处室负责人' }]);
      }
      await deps.sequelize.query('UPDATE users SET office_head = :head, updated_at = now() WHERE id = :id', { replacements: { id: params.id, head: body.officeHead } });
      await audit(deps.sequelize, { action: 'user.officeHead', actor, targetType: 'user', targetId: params.id, details: { officeHead: body.officeHead } }, req);
      return { id: params.id, officeHead: body.officeHead };
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/users/:id/release-claims',
      summary: '释放某用户的全部认领（人员调离时，由系统管理员操作）',
      tags: ['用户'],
      auth: 'user',
      access: mayManageUsers,
      params: UserParams,
      errors: [404],
    },
    async ({ params, actor }) => {
      const [users] = await deps.sequelize.query('SELECT id, name FROM users WHERE id = :id', { replacements: { id: params.id } });
      const user = (users as { id: string; name: string }[])[0];
      if (!user) throw notFound('用户不存在');
      const now = deps.clock();
      const released = await deps.sequelize.transaction(async (transaction) => {
        const [rows] = await deps.sequelize.query('DELETE FROM claims WHERE user_id = :id RETURNING submission_id, office', { replacements: { id: params.id }, transaction });
        for (const r of rows as { submission_id: string; office: string }[]) {
          await recordClaimEvent(deps, transaction, { submissionId: r.submission_id, office: r.office, action: 'release', holder: { id: user.id, name: user.name }, by: actor, at: now });
        }
        return (rows as unknown[]).length;
      });
      return { released };
    },
  );
}
