/**
 * 批量操作 (issue 11.3): up to 200 projects → 初审通过 / 推荐 / 取消推荐 (one reason for all) / 分配专家. Each item is
 * its own Update carrying the form version the regulator saw, so a project changed meanwhile is refused alone; the
 * answer lists every item's outcome (done, or refused with the Chinese reason — for a stale 推荐 with the fields
 * changed since). With an Idempotency-Key, each item's Update id is derived from the key and the outcome is kept, so
 * a resend acts on nothing twice and answers with the first outcomes. The UI sends the selection in slices with the
 * same key to show progress; the key, not the slicing, decides what is a repeat.
 */
import { z } from 'zod';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { ApiError, unprocessable } from '../../errors';
import { getSubmission, type SubmissionRow } from '../../projects/repository';
import { act, authzActor } from '../../projects/workflowGateway';
import { diffVersions } from '../../projects/versions';
import { resourceOf } from '../../projects/access';
import { can, whyNot, type ProjectAction } from '../../../domain/authz';
import type { PersonAction } from '../../../domain/lifecycle/actions';
import { ACTION_LABELS } from '../../../domain/lifecycle/actions';
import { PHASE_LABELS, type Phase } from '../../../domain/phases';
import { REGULATOR_ROLES, type Actor } from '../../../domain/roles';
import type { FieldChange } from '../../../domain/form/diff';
import { mapLimit } from '../../../domain/concurrency';
import { onlyRoles } from '../../guards';

export const BULK_ACTIONS = ['cityApprove', 'recommend', 'cancelRecommendation', 'assignExperts'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const MAX_BULK_ITEMS = 200;
/** Updates in flight at once: enough to finish 200 well within 10 s, few enough not to swamp the worker. */
export const BULK_CONCURRENCY = 20;

const AUTHZ: Record<BulkAction, ProjectAction> = {
  cityApprove: 'project.cityReview',
  recommend: 'project.recommend',
  cancelRecommendation: 'project.recommend',
  assignExperts: 'project.assignExperts',
};

export const BulkBody = z
  .object({
    action: z.enum(BULK_ACTIONS, { error: '批量操作只能是初审通过、推荐、取消推荐或分配专家' }),
    items: z
      .array(z.object({ id: z.string().uuid('项目编号格式不正确'), formVersion: z.number().int().min(0, '表单版本号不正确').optional() }))
      .min(1, '请至少选择一个项目')
      .max(MAX_BULK_ITEMS, `一次最多处理${MAX_BULK_ITEMS}个项目`),
    reason: z.string().trim().max(500, '原因不能超过500字').optional(),
    expertIds: z.array(z.string().uuid('专家编号格式不正确')).max(20, '最多分配20位专家').optional(),
  })
  .superRefine((body, ctx) => {
    if (new Set(body.items.map((i) => i.id)).size !== body.items.length) ctx.addIssue({ code: 'custom', path: ['items'], message: '项目不能重复' });
    if (body.action === 'cancelRecommendation' && !body.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '请填写取消推荐的理由' });
    if (body.action === 'assignExperts' && !body.expertIds?.length) ctx.addIssue({ code: 'custom', path: ['expertIds'], message: '请至少选择一位专家' });
    if (body.action === 'recommend') {
      body.items.forEach((item, i) => {
        if (item.formVersion === undefined) ctx.addIssue({ code: 'custom', path: ['items', i, 'formVersion'], message: '推荐须带上查看时的表单版本号' });
      });
    }
  });
type BulkBodyT = z.infer<typeof BulkBody>;

export interface BulkOutcome {
  id: string;
  name: string | null;
  status: 'done' | 'refused' | 'failed';
  phase?: Phase;
  phaseLabel?: string;
  code?: string;
  message?: string;
  /** For a stale 推荐: the version now, and what changed since the version sent. */
  formVersion?: number;
  changes?: FieldChange[];
  /** Answered from a previous request with the same Idempotency-Key. */
  repeated?: boolean;
}

function personAction(body: BulkBodyT, formVersion: number | undefined): PersonAction {
  switch (body.action) {
    case 'cityApprove':
      return { type: 'cityApprove' };
    case 'recommend':
      return { type: 'recommend', formVersion: formVersion! };
    case 'cancelRecommendation':
      return { type: 'cancelRecommendation', reason: body.reason! };
    case 'assignExperts':
      return { type: 'assignExperts', expertIds: [...new Set(body.expertIds!)] };
  }
}

async function runItem(deps: AppDeps, actor: Actor, body: BulkBodyT, item: BulkBodyT['items'][number], updateId: string | undefined): Promise<BulkOutcome> {
  const row: SubmissionRow | null = await getSubmission(deps.sequelize, item.id);
  // The same answer for a project that does not exist and one the caller may not see.
  if (!row?.state || !row.submitted_at || !can(authzActor(actor), 'project.read', resourceOf(row))) {
    return { id: item.id, name: null, status: 'refused', code: 'NOT_FOUND', message: '项目不存在' };
  }
  const denied = whyNot(authzActor(actor), AUTHZ[body.action], resourceOf(row));
  if (denied) return { id: item.id, name: row.name, status: 'refused', code: 'FORBIDDEN', message: denied };
  try {
    const result = await act(deps, row.workflow_id, actor, personAction(body, item.formVersion), undefined, updateId);
    return { id: item.id, name: row.name, status: 'done', phase: result.phase, phaseLabel: PHASE_LABELS[result.phase] };
  } catch (err) {
    const error = err instanceof ApiError ? err : new ApiError(503, 'UNAVAILABLE', '服务暂不可用，请稍后重试');
    if (error.status >= 500) return { id: item.id, name: row.name, status: 'failed', code: error.code, message: error.message };
    const outcome: BulkOutcome = { id: item.id, name: row.name, status: 'refused', code: error.code, message: error.message };
    if (error.code === 'FORM_VERSION_STALE' && item.formVersion !== undefined) {
      // What the enterprise saved since the version the regulator looked at (read again: it may have saved just now).
      const current = (await getSubmission(deps.sequelize, row.id))?.state?.formVersion ?? row.state.formVersion;
      outcome.formVersion = current;
      outcome.changes = await diffVersions(deps.sequelize, row.id, item.formVersion, current);
    }
    return outcome;
  }
}

export function bulkProjectRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'post',
      path: '/api/projects/bulk',
      summary: '批量操作（最多200个项目）：初审通过、推荐（每项带查看时的表单版本号）、取消推荐（同一理由）、分配专家；逐项返回结果；带 Idempotency-Key 重发不会重复执行',
      tags: ['待我处理'],
      auth: 'user',
      access: onlyRoles(REGULATOR_ROLES, '只有市工信局、省工信厅、省通信管理局和工信部可以批量操作'),
      body: BulkBody,
    },
    async ({ body, actor, req }) => {
      if (body.action === 'assignExperts') {
        const [rows] = await deps.sequelize.query("SELECT id FROM users WHERE id IN (:ids) AND role = 'expert' AND status = 'active'", { replacements: { ids: body.expertIds } });
        if ((rows as unknown[]).length !== new Set(body.expertIds).size) throw unprocessable('所选专家不存在或不可用', [{ path: 'expertIds', message: '所选专家不存在或不可用' }]);
      }
      const rawKey = req.get('idempotency-key');
      if (rawKey !== undefined && !/^[\w-]{8,64}$/.test(rawKey)) {
        throw unprocessable('Idempotency-Key 须为8到64位字母、数字、下划线或连字符', [{ path: 'Idempotency-Key', message: '格式不正确' }]);
      }
      const key = rawKey ?? null;
      const earlier = new Map<string, BulkOutcome>();
      if (key) {
        const [rows] = await deps.sequelize.query('SELECT submission_id, action, outcome FROM bulk_actions WHERE user_id = :userId AND idempotency_key = :key', {
          replacements: { userId: actor.userId, key },
        });
        for (const r of rows as { submission_id: string; action: string; outcome: BulkOutcome }[]) {
          if (r.action !== body.action) throw unprocessable('该 Idempotency-Key 已用于另一种批量操作', [{ path: 'Idempotency-Key', message: '已用于另一种批量操作' }]);
          earlier.set(r.submission_id, { ...r.outcome, repeated: true });
        }
      }
      const outcomes = await mapLimit(body.items, BULK_CONCURRENCY, async (item) => {
        const seen = earlier.get(item.id);
        if (seen) return seen;
        const outcome = await runItem(deps, actor, body, item, key ? `${actor.userId}:${key}:${item.id}` : undefined);
        if (key && outcome.status !== 'failed') {
          await deps.sequelize.query(
            `INSERT INTO bulk_actions (user_id, idempotency_key, submission_id, action, outcome) VALUES (:userId, :key, :id, :action, CAST(:outcome AS jsonb))
             ON CONFLICT DO NOTHING`,
            { replacements: { userId: actor.userId, key, id: item.id, action: body.action, outcome: JSON.stringify(outcome) } },
          );
        }
        return outcome;
      });
      const count = (status: BulkOutcome['status']) => outcomes.filter((o) => o.status === status).length;
      req.log?.info({ action: body.action, total: outcomes.length, done: count('done'), refused: count('refused'), failed: count('failed') }, 'bulk action');
      return { action: body.action, actionLabel: ACTION_LABELS[body.action], total: outcomes.length, done: count('done'), refused: count('refused'), failed: count('failed'), items: outcomes };
    },
  );
}
