/**
 * 保存的筛选 (issue 11): a user's named filters of the 5G工厂 list and of 待我处理, kept on the server (not in one
 * browser's storage), so they follow the user to any computer. Each user sees and changes only their own.
 */
import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { notFound, unprocessable } from '../errors';
import { ListPage } from './accounts';

export const SAVED_FILTER_RESOURCES = ['projects', 'queue'] as const;
/** Enough for every list a person works with; a wall of saved filters helps nobody. */
export const MAX_SAVED_FILTERS = 20;

const Resource = z.enum(SAVED_FILTER_RESOURCES, { error: '列表只能是 projects（5G工厂）或 queue（待我处理）' });
const FilterValue = z.union([z.string().max(200, '筛选值不能超过200字'), z.number(), z.boolean(), z.array(z.string().max(200, '筛选值不能超过200字')).max(50, '一个筛选条件最多50个值')]);
const Filter = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, '筛选字段名不正确'), FilterValue)
  .refine((f) => Object.keys(f).length <= 30, '筛选条件最多30个')
  .refine((f) => Object.keys(f).length >= 1, '请至少设置一个筛选条件');

const SavedFilterView = z.object({ id: z.string(), resource: z.string(), name: z.string(), filter: z.record(z.string(), z.unknown()), updatedAt: z.string() });

interface Row {
  id: string;
  resource: string;
  name: string;
  filter: Record<string, unknown>;
  updated_at: Date;
}
const view = (r: Row) => ({ id: r.id, resource: r.resource, name: r.name, filter: r.filter, updatedAt: new Date(r.updated_at).toISOString() });
const COLUMNS = 'id, resource, name, filter, updated_at';
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export function savedFilterRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/api/saved-filters',
      summary: '我保存的筛选（某个列表的，按名称）',
      tags: ['保存的筛选'],
      auth: 'user',
      access: 'signed-in',
      query: z.object({ resource: Resource }),
      response: ListPage(SavedFilterView),
    },
    async ({ query, actor }) => {
      const [rows] = await deps.sequelize.query(`SELECT ${COLUMNS} FROM saved_filters WHERE user_id = :userId AND resource = :resource ORDER BY name`, {
        replacements: { userId: actor.userId, resource: query.resource },
      });
      const data = (rows as Row[]).map(view);
      return { data, total: data.length };
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/saved-filters',
      summary: `保存当前筛选并命名；同名的筛选被替换；每个列表最多${MAX_SAVED_FILTERS}个`,
      tags: ['保存的筛选'],
      auth: 'user',
      access: 'signed-in',
      status: 201,
      body: z.object({
        resource: Resource,
        name: z.string({ error: '请填写筛选名称' }).trim().min(1, '请填写筛选名称').max(30, '筛选名称不能超过30字'),
        filter: Filter,
      }),
      response: SavedFilterView,
      errors: [422],
    },
    async ({ body, actor }) => {
      const replacements = { userId: actor.userId, resource: body.resource, name: body.name, filter: JSON.stringify(body.filter), now: deps.clock(), max: MAX_SAVED_FILTERS };
      // One statement: the count check and the write cannot be split by a second request of the same user.
      const [rows] = await deps.sequelize.query(
        `INSERT INTO saved_filters (user_id, resource, name, filter, created_at, updated_at)
         SELECT :userId, :resource, :name, CAST(:filter AS jsonb), :now, :now
          WHERE (SELECT count(*) FROM saved_filters WHERE user_id = :userId AND resource = :resource AND name <> :name) < :max
         ON CONFLICT (user_id, resource, name) DO UPDATE SET filter = EXCLUDED.filter, updated_at = EXCLUDED.updated_at
         RETURNING ${COLUMNS}`,
        { replacements },
      );
      const row = (rows as Row[])[0];
      if (!row) throw unprocessable(`每个列表最多保存${MAX_SAVED_FILTERS}个筛选，请先删除不用的`, [{ path: 'name', message: `最多保存${MAX_SAVED_FILTERS}个筛选` }], 'TOO_MANY_SAVED_FILTERS');
      return view(row);
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/api/saved-filters/:id',
      summary: '删除我保存的一个筛选',
      tags: ['保存的筛选'],
      auth: 'user',
      access: 'signed-in',
      params: z.object({ id: z.string() }),
      errors: [404],
    },
    async ({ params, actor }) => {
      const [rows] = isUuid(params.id)
        ? await deps.sequelize.query('DELETE FROM saved_filters WHERE id = :id AND user_id = :userId RETURNING id', { replacements: { id: params.id, userId: actor.userId } })
        : [[]];
      if ((rows as unknown[]).length === 0) throw notFound('筛选不存在');
      return undefined;
    },
  );
}
