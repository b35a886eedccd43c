/**
 * 待我处理 (issue 11.1): the items awaiting the signed-in user's own office — the city's 初审, each provincial
 * authority's 推荐 and 撤回申请, the ministry's review steps, the expert's 评分 — oldest deadline first, with 我的 /
 * 未认领 / 全部 and the counts for the dashboard and the menu badge.
 */
import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { forbidden } from '../errors';
import { listQueue, queueCounts, QUEUE_SCOPES, QUEUE_SORTABLE, type QueueSortField } from '../projects/queue';
import { queueItemView } from '../projects/queueView';
import { officeOf, parseOffice, QUEUE_STEPS } from '../../domain/queue';
import type { Actor } from '../../domain/roles';

const booleanParam = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean({ error: '只能是 true 或 false' }).optional());

export const QueueQuery = z.object({
  scope: z.enum(QUEUE_SCOPES, { error: '范围只能是 all（全部）、mine（我的）或 unclaimed（未认领）' }).default('all'),
  step: z.enum(QUEUE_STEPS, { error: '待办类型不正确' }).optional(),
  year: z.coerce.number().int().min(2020, '年度不正确').max(2100, '年度不正确').optional(),
  overdue: booleanParam,
  q: z.string().trim().max(100, '搜索内容不能超过100字').optional(),
  page: z.coerce.number().int().min(1, '页码须为正整数').default(1),
  // Up to 200 on one page, so that a bulk action can select them all.
  perPage: z.coerce.number().int().min(1).max(200, '每页最多200条').default(20),
  sort: z.enum(Object.keys(QUEUE_SORTABLE) as [QueueSortField, ...QueueSortField[]], { error: '不支持的排序字段' }).default('dueAt'),
  order: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(['ASC', 'DESC'], { error: '排序方向只能是 ASC 或 DESC' })).default('ASC'),
});

/** The caller's office; roles without a queue are refused. */
export function requireOffice(actor: Actor): string {
  const office = officeOf(actor);
  if (!office) throw forbidden('当前账号没有待办队列（只有市工信局、省工信厅、省通信管理局、工信部和评审专家有待我处理）');
  return office;
}

export function queueRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/api/queue',
      summary: '待我处理：本单位待办的项目（初审、推荐、撤回申请、部级评审、专家评分），按截止时间先后；scope=mine 我认领的、unclaimed 未认领的',
      tags: ['待我处理'],
      auth: 'user',
      access: (actor) => void requireOffice(actor),
      query: QueueQuery,
    },
    async ({ query, actor }) => {
      const office = requireOffice(actor);
      const now = deps.clock();
      const { rows, total } = await listQueue(
        deps.sequelize,
        office,
        actor.userId,
        { scope: query.scope, step: query.step, year: query.year, overdue: query.overdue, q: query.q },
        { offset: (query.page - 1) * query.perPage, limit: query.perPage, sort: query.sort, order: query.order },
        now,
      );
      return { data: rows.map((r) => queueItemView(r, actor, now)), total };
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/queue/counts',
      summary: '待我处理的数量：全部、我的、未认领、已超期，以及按待办类型（首页和菜单角标）',
      tags: ['待我处理'],
      auth: 'user',
      access: (actor) => void requireOffice(actor),
      query: z.object({ year: z.coerce.number().int().min(2020, '年度不正确').max(2100, '年度不正确').optional() }),
    },
    async ({ query, actor }) => queueCounts(deps.sequelize, requireOffice(actor), actor.userId, deps.clock(), query.year),
  );

  routes.add(
    {
      method: 'get',
      path: '/api/office/colleagues',
      summary: '本单位在职同事（转交认领时选择）',
      tags: ['待我处理'],
      auth: 'user',
      access: (actor) => void requireOffice(actor),
    },
    async ({ actor }) => {
      const office = requireOffice(actor);
      const parsed = parseOffice(office)!;
      if (parsed.role === 'expert') return { data: [] };
      const column = parsed.role === 'city_miit' ? 'city_code' : 'province_code';
      const [rows] = await deps.sequelize.query(`SELECT id, name, office_head FROM users WHERE role = :role AND ${column} = :code AND status = 'active' ORDER BY name`, {
        replacements: { role: parsed.role, code: parsed.code },
      });
      return { data: (rows as { id: string; name: string; office_head: boolean }[]).map((u) => ({ id: u.id, name: u.name, officeHead: u.office_head })) };
    },
  );
}
