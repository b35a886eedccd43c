/** The 5G工厂 list (SPEC §6): the projects the actor may see, filtered, sorted and paged, from the projection. */
import { z } from 'zod';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { listSubmissions, SORTABLE, type SortField, type ListFilters } from '../../projects/repository';
import { listItem } from '../../projects/view';
import { LIST_STATUSES } from '../../../domain/listStatus';
import { mayListProjects } from '../../guards';

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : String(v).split(',')), z.array(item).optional());

/** The list's query string; the export takes the same filters and sort. */
export const ListQuery = z.object({
  page: z.coerce.number().int().min(1, '页码须为正整数').default(1),
  perPage: z.coerce.number().int().min(1).max(100, '每页最多100条').default(10),
  sort: z.enum(Object.keys(SORTABLE) as [SortField, ...SortField[]], { error: '不支持的排序字段' }).default('updatedAt'),
  order: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(['ASC', 'DESC'], { error: '排序方向只能是 ASC 或 DESC' })).default('DESC'),
  enterpriseName: z.string().trim().max(100).optional(),
  name: z.string().trim().max(100).optional(),
  projectType: z.string().max(20).optional(),
  phase: csv(z.enum(LIST_STATUSES, { error: '状态不正确' })),
  stage: z.string().max(20).optional(),
  industry: z.string().max(20).optional(),
  level: z.string().max(20).optional(),
  region: z.string().regex(/^\d{6}$/, '地区代码须为6位数字').optional(),
  year: z.coerce.number().int().min(2020).max(2100).optional(),
  isCase: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().optional()),
});
type ListQueryT = z.infer<typeof ListQuery>;

export function filtersOf(q: Omit<ListQueryT, 'page' | 'perPage' | 'sort' | 'order'>): ListFilters {
  return { enterpriseName: q.enterpriseName, name: q.name, projectType: q.projectType, phase: q.phase, stage: q.stage, industry: q.industry, level: q.level, region: q.region, year: q.year, isCase: q.isCase };
}

export function listProjectRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/api/projects',
      summary: '5G工厂列表：筛选（企业名称、项目名称、项目类型、状态（含待初审 awaiting_city_review）、建设阶段、行业、项目层级、地区、年度）、排序（含截止时间 dueAt）、分页',
      tags: ['5G工厂'],
      auth: 'user',
      access: mayListProjects,
      query: ListQuery,
    },
    async ({ query, actor }) => {
      const { rows, total } = await listSubmissions(deps.sequelize, actor, filtersOf(query), {
        offset: (query.page - 1) * query.perPage,
        limit: query.perPage,
        sort: query.sort,
        order: query.order,
      }, deps.clock());
      const now = deps.clock();
      return { data: rows.map((r) => listItem(r, actor, now)), total };
    },
  );
}
