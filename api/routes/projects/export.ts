/** 导出: every project of the list's current filters as a streamed .xlsx, in pages so memory stays flat. */
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { orderByClause, STATUS_NOW, nowParam, type SubmissionRow, filterClauses } from '../../projects/repository';
import { visibleSubmissionsClause } from '../../../db/visibility';
import { ListQuery, filtersOf } from './list';
import { beijingDate, beijingText } from '../../../domain/time';
import { XLSX_RESPONSE, xlsxDownload } from '../../spreadsheet';
import { audit } from '../../audit';
import { mayListProjects } from '../../guards';

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

export function exportProjectRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/api/projects/export',
      summary: '导出当前筛选条件下的全部项目（.xlsx）',
      tags: ['5G工厂'],
      auth: 'user',
      access: mayListProjects,
      query: ListQuery.omit({ page: true, perPage: true }),
      response: XLSX_RESPONSE,
    },
    async ({ query, actor, req, res }) => {
      const params: Record<string, unknown> = nowParam({}, deps.clock());
      const where = [visibleSubmissionsClause(actor, params), ...filterClauses(filtersOf(query), params)];
      const orderBy = orderByClause(query.sort, query.order);
      await audit(deps.sequelize, { action: 'project.export', actor, details: { filters: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) } }, req);
      const filename = `5G工厂项目列表_${beijingDate(deps.clock())}.xlsx`;
      const xlsx = xlsxDownload(res, { asciiName: 'export.xlsx', fileName: filename, sheetName: '5G工厂', columns: EXPORT_COLUMNS });
      // Pages of 1,000 rows keep memory flat however long the list is.
      let index = 0;
      for (let offset = 0; ; offset += 1000) {
        const [rows] = await deps.sequelize.query(
          `SELECT year, enterprise_name, name, project_type, level, ${STATUS_NOW} AS status_text, stage, industry, address_text, created_at, updated_at
             FROM submissions WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT 1000 OFFSET ${offset}`,
          { replacements: params },
        );
        for (const r of rows as SubmissionRow[]) {
          xlsx.add({
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
          });
        }
        if ((rows as unknown[]).length < 1000) break;
      }
      await xlsx.finish();
    },
  );
}
