/**
 * 认领 (issue 11.2): an office has several staff; one of them may claim an item of the office's queue so that
 * colleagues see who is on it. A claim is a work-sharing aid, never a lock — any authorised colleague may still act
 * on the project — and every claim, release and reassignment is in the project's history and the audit log.
 *
 * - Claiming an item someone else holds is refused with the holder's name (ask the office head to reassign).
 * - The holder or an office head (处室负责人, `users.office_head`, set by an administrator) may release; an office
 *   head may reassign to an active colleague of the same office.
 * - An administrator, who does not read declarations, may release every claim a departing user holds
 *   (api/routes/users/offices.ts).
 */
import { z } from 'zod';
import type { Transaction } from 'sequelize';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { conflict, forbidden, unprocessable } from '../../errors';
import { audit } from '../../audit';
import { loadVisible } from '../../projects/access';
import { queueItemOf, currentClaims } from '../../projects/queue';
import { requireOffice } from '../queue';
import { officeOf } from '../../../domain/queue';
import type { Actor } from '../../../domain/roles';
import { IdParams } from './params';


interface ClaimRow {
  user_id: string;
  name: string;
  claimed_at: Date;
}

async function isOfficeHead(deps: AppDeps, userId: string): Promise<boolean> {
  const [rows] = await deps.sequelize.query("SELECT office_head FROM users WHERE id = :id AND status = 'active'", { replacements: { id: userId } });
  return (rows as { office_head: boolean }[])[0]?.office_head === true;
}

export async function recordClaimEvent(
  deps: AppDeps,
  transaction: Transaction,
  event: { submissionId: string; office: string; action: 'claim' | 'release' | 'reassign'; holder: { id: string; name: string } | null; by: Actor; at: Date },
): Promise<void> {
  await deps.sequelize.query(
    `INSERT INTO claim_events (submission_id, office, action, holder_id, holder_name, by_id, by_name, by_role, at)
     VALUES (:submissionId, :office, :action, :holderId, :holderName, :byId, :byName, :byRole, :at)`,
    {
      replacements: {
        submissionId: event.submissionId,
        office: event.office,
        action: event.action,
        holderId: event.holder?.id ?? null,
        holderName: event.holder?.name ?? null,
        byId: event.by.userId,
        byName: event.by.displayName,
        byRole: event.by.role,
        at: event.at,
      },
      transaction,
    },
  );
  await audit(
    deps.sequelize,
    { action: `project.claim.${event.action}`, actor: event.by, targetType: 'submission', targetId: event.submissionId, details: { office: event.office, holder: event.holder?.name ?? null } },
    undefined,
    transaction,
  );
}

/** The claim of an office on a submission that still counts (made since the step began), locked for the change. */
async function lockedClaim(deps: AppDeps, transaction: Transaction, submissionId: string, office: string, since: Date | null): Promise<ClaimRow | null> {
  const [rows] = await deps.sequelize.query(
    `SELECT c.user_id, u.name, c.claimed_at FROM claims c JOIN users u ON u.id = c.user_id
      WHERE c.submission_id = :id AND c.office = :office FOR UPDATE OF c`,
    { replacements: { id: submissionId, office }, transaction },
  );
  const row = (rows as ClaimRow[])[0] ?? null;
  return row && (!since || row.claimed_at.getTime() >= since.getTime()) ? row : null;
}

async function claimsOf(deps: AppDeps, submissionId: string) {
  return { claims: await currentClaims(deps.sequelize, submissionId) };
}

export function projectClaimRoutes(routes: Routes, deps: AppDeps): void {
  // A reviewing office's member, on a project the caller may see: checked before the body (api/http.ts).
  const claimGuard = async (actor: Actor, params: { id: string }) => {
    requireOffice(actor);
    await loadVisible(deps, params.id, actor);
  };
  routes.add(
    { method: 'post', path: '/api/projects/:id/claim', summary: '认领：本单位待办中的项目由我处理（不锁定项目，同事仍可操作）', tags: ['待我处理'], auth: 'user', access: claimGuard, params: IdParams, errors: [404, 409] },
    async ({ params, actor, req }) => {
      const office = requireOffice(actor);
      await loadVisible(deps, params.id, actor);
      const now = deps.clock();
      const item = await queueItemOf(deps.sequelize, params.id, office, now);
      if (!item) throw conflict('该项目当前不在贵单位的待办中，无需认领', 'NOT_IN_QUEUE');
      await deps.sequelize.transaction(async (transaction) => {
        // Serialise claims of this item: the row of the queue is the lock (the claim row may not exist yet).
        await deps.sequelize.query('SELECT 1 FROM queue_items WHERE submission_id = :id AND office = :office FOR UPDATE', { replacements: { id: params.id, office }, transaction });
        const held = await lockedClaim(deps, transaction, params.id, office, item.since);
        if (held?.user_id === actor.userId) return;
        if (held) throw conflict(`该项目已由${held.name}认领，如需转交请联系处室负责人`, 'ALREADY_CLAIMED', { holder: held.name });
        await deps.sequelize.query(
          `INSERT INTO claims (submission_id, office, user_id, claimed_at) VALUES (:id, :office, :userId, :now)
           ON CONFLICT (submission_id, office) DO UPDATE SET user_id = EXCLUDED.user_id, claimed_at = EXCLUDED.claimed_at`,
          { replacements: { id: params.id, office, userId: actor.userId, now }, transaction },
        );
        await recordClaimEvent(deps, transaction, { submissionId: params.id, office, action: 'claim', holder: { id: actor.userId, name: actor.displayName }, by: actor, at: now });
      });
      req.log?.info({ submissionId: params.id, office }, 'claimed');
      return claimsOf(deps, params.id);
    },
  );

  routes.add(
    { method: 'delete', path: '/api/projects/:id/claim', summary: '取消认领（认领人或处室负责人）', tags: ['待我处理'], auth: 'user', access: claimGuard, params: IdParams, errors: [404, 409] },
    async ({ params, actor }) => {
      const office = requireOffice(actor);
      await loadVisible(deps, params.id, actor);
      const now = deps.clock();
      const item = await queueItemOf(deps.sequelize, params.id, office, now);
      const head = await isOfficeHead(deps, actor.userId);
      await deps.sequelize.transaction(async (transaction) => {
        const held = await lockedClaim(deps, transaction, params.id, office, item?.since ?? null);
        if (!held) throw conflict('该项目没有认领人', 'NOT_CLAIMED');
        if (held.user_id !== actor.userId && !head) throw forbidden(`该项目由${held.name}认领，只有认领人或处室负责人可以取消认领`);
        await deps.sequelize.query('DELETE FROM claims WHERE submission_id = :id AND office = :office', { replacements: { id: params.id, office }, transaction });
        await recordClaimEvent(deps, transaction, { submissionId: params.id, office, action: 'release', holder: { id: held.user_id, name: held.name }, by: actor, at: now });
      });
      return claimsOf(deps, params.id);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/projects/:id/claim/reassign',
      summary: '转交：处室负责人把本单位待办中的项目交给本单位另一位同事',
      tags: ['待我处理'],
      auth: 'user',
      access: claimGuard,
      params: IdParams,
      body: z.object({ userId: z.string({ error: '请选择同事' }).uuid('同事编号格式不正确') }),
      errors: [404, 409],
    },
    async ({ params, body, actor }) => {
      const office = requireOffice(actor);
      await loadVisible(deps, params.id, actor);
      if (!(await isOfficeHead(deps, actor.userId))) throw forbidden('只有处室负责人可以转交项目');
      const [users] = await deps.sequelize.query("SELECT id, name, role, province_code, city_code FROM users WHERE id = :id AND status = 'active'", { replacements: { id: body.userId } });
      const target = (users as { id: string; name: string; role: string; province_code: string | null; city_code: string | null }[])[0];
      if (!target || officeOf({ role: target.role, userId: target.id, provinceCode: target.province_code, cityCode: target.city_code }) !== office) {
        throw unprocessable('只能转交给本单位在职的同事', [{ path: 'userId', message: '只能转交给本单位在职的同事' }]);
      }
      const now = deps.clock();
      const item = await queueItemOf(deps.sequelize, params.id, office, now);
      if (!item) throw conflict('该项目当前不在贵单位的待办中', 'NOT_IN_QUEUE');
      await deps.sequelize.transaction(async (transaction) => {
        await deps.sequelize.query('SELECT 1 FROM queue_items WHERE submission_id = :id AND office = :office FOR UPDATE', { replacements: { id: params.id, office }, transaction });
        await deps.sequelize.query(
          `INSERT INTO claims (submission_id, office, user_id, claimed_at) VALUES (:id, :office, :userId, :now)
           ON CONFLICT (submission_id, office) DO UPDATE SET user_id = EXCLUDED.user_id, claimed_at = EXCLUDED.claimed_at`,
          { replacements: { id: params.id, office, userId: target.id, now }, transaction },
        );
        await recordClaimEvent(deps, transaction, { submissionId: params.id, office, action: 'reassign', holder: { id: target.id, name: target.name }, by: actor, at: now });
      });
      return claimsOf(deps, params.id);
    },
  );
}
