/**
 * Statistics for the ministry's (and regulators') dashboard (SPEC §6): submissions by province, industry, phase and
 * month, within the caller's jurisdiction, from the projection. Also the experts the ministry may assign.
 */
import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { forbidden } from '../errors';
import { visibleSubmissionsClause } from '../../db/visibility';
import { nowParam } from '../projects/repository';
import { LIST_STATUS_LABELS, type ListStatus } from '../../domain/listStatus';
import { LIST_STATUS_SQL } from '../../db/listStatus';
import { provinceNameOf } from '../../domain/statusText';
import { can, PLATFORM } from '../../domain/authz';
import { ListPage } from './accounts';
import { onlyRoles } from '../guards';
import { REGULATOR_ROLES } from '../../domain/roles';

const Count = z.object({ count: z.number() });

export function statsRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/api/projects/stats',
      summary: '统计：按省份、行业、状态（待初审与待推荐分开，与列表筛选一致）、提交月份（北京时间）统计申报数量，范围为当前用户的管辖范围',
      tags: ['5G工厂'],
      auth: 'user',
      access: onlyRoles(REGULATOR_ROLES, '只有主管部门可以查看统计'),
      query: z.object({ year: z.coerce.number().int().min(2020).max(2100).optional() }),
      response: z.object({
        total: z.number(),
        byProvince: z.array(Count.extend({ code: z.string(), name: z.string() })),
        byIndustry: z.array(Count.extend({ industry: z.string() })),
        byPhase: z.array(Count.extend({ phase: z.string(), label: z.string() })),
        byMonth: z.array(Count.extend({ month: z.string() })),
      }),
    },
    async ({ query, actor }) => {
      const params: Record<string, unknown> = nowParam({}, deps.clock());
      const where = [visibleSubmissionsClause(actor, params)];
      if (query.year) {
        params.year = query.year;
        where.push('year = :year');
      }
      const w = where.join(' AND ');
      const q = async <T>(sql: string) => (await deps.sequelize.query(sql, { replacements: params }))[0] as T[];
      const [byProvince, byIndustry, byPhase, byMonth] = await Promise.all([
        q<{ code: string; count: string }>(`SELECT province_code AS code, count(*) AS count FROM submissions WHERE ${w} AND province_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`),
        q<{ industry: string; count: string }>(`SELECT COALESCE(industry, '未填写') AS industry, count(*) AS count FROM submissions WHERE ${w} GROUP BY 1 ORDER BY 2 DESC`),
        q<{ phase: ListStatus; count: string }>(`SELECT ${LIST_STATUS_SQL} AS phase, count(*) AS count FROM submissions WHERE ${w} GROUP BY 1 ORDER BY 2 DESC`),
        q<{ month: string; count: string }>(
          `SELECT to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*) AS count FROM submissions WHERE ${w} GROUP BY 1 ORDER BY 1`,
        ),
      ]);
      return {
        total: byPhase.reduce((sum, r) => sum + Number(r.count), 0),
        byProvince: byProvince.map((r) => ({ code: r.code, name: provinceNameOf(r.code), count: Number(r.count) })),
        byIndustry: byIndustry.map((r) => ({ industry: r.industry, count: Number(r.count) })),
        byPhase: byPhase.map((r) => ({ phase: r.phase, label: LIST_STATUS_LABELS[r.phase] ?? r.phase, count: Number(r.count) })),
        byMonth: byMonth.map((r) => ({ month: r.month, count: Number(r.count) })),
      };
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/experts',
      summary: '评审专家列表（工业和信息化部分配专家时使用）',
      tags: ['5G工厂'],
      auth: 'user',
      access: (actor) => {
        if (!can(actor, 'campaign.manage', PLATFORM)) throw forbidden('只有工业和信息化部可以查看评审专家名单');
      },
      query: z.object({ q: z.string().trim().max(50).optional() }),
      response: ListPage(z.object({ id: z.string(), name: z.string(), orgName: z.string().nullable() })),
    },
    async ({ query }) => {
      const [rows] = await deps.sequelize.query(
        `SELECT id, name, org_name FROM users WHERE role = 'expert' AND status = 'active' ${query.q ? 'AND (name ILIKE :q OR org_name ILIKE :q)' : ''} ORDER BY name LIMIT 200`,
        { replacements: { q: `%${(query.q ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%` } },
      );
      const data = (rows as { id: string; name: string; org_name: string | null }[]).map((r) => ({ id: r.id, name: r.name, orgName: r.org_name }));
      return { data, total: data.length };
    },
  );
}
