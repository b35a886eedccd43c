/**
 * The public 年度5G工厂名录 (SPEC §6), no sign-in: the years published so far, one year's listed projects searchable by
 * province, industry and name (with the counts per province and industry for the filters), and the same list as .xlsx.
 * Reads the projection only; a year is public once the ministry published it.
 */
import { z } from 'zod';
import type { Sequelize } from 'sequelize';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';
import { XLSX_RESPONSE, xlsxDownload } from '../spreadsheet';
import { getCampaign } from '../projects/campaigns';
import { regionName } from '../../domain/reference';
import { INDUSTRIES } from '../../domain/reference/options';

const Year = z.coerce.number({ error: '请指定年度' }).int('年度须为整数').min(2020, '年度不正确').max(2100, '年度不正确');
const DirectoryQuery = z.object({
  year: Year,
  province: z.string().regex(/^\d{2}0000$/, '省份代码须为6位数字且以0000结尾').optional(),
  industry: z.enum(INDUSTRIES, { error: '行业不存在' }).optional(),
  q: z.string().trim().max(100, '搜索内容不能超过100个字').optional(),
});
type DirectoryFilters = z.infer<typeof DirectoryQuery>;

const Entry = z.object({
  id: z.string(),
  enterpriseName: z.string(),
  projectName: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  region: z.string(),
  industry: z.string(),
  level: z.string(),
  isCase: z.boolean(),
});
const Facet = z.object({ value: z.string(), label: z.string(), count: z.number().int() });

interface Row {
  id: string;
  enterprise_name: string;
  name: string | null;
  province_code: string | null;
  address_text: string | null;
  industry: string | null;
  level: string | null;
  is_case: boolean;
}

/** The year's listed projects matching the filters, by province then enterprise (the order of the printed list). */
async function listed(sequelize: Sequelize, filters: DirectoryFilters): Promise<Row[]> {
  const where = ['year = :year', "phase = 'listed'"];
  const params: Record<string, unknown> = { year: filters.year };
  if (filters.province) {
    where.push('province_code = :province');
    params.province = filters.province;
  }
  if (filters.industry) {
    where.push('industry = :industry');
    params.industry = filters.industry;
  }
  if (filters.q) {
    where.push('(name ILIKE :q OR enterprise_name ILIKE :q)');
    params.q = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const [rows] = await sequelize.query(
    `SELECT id, enterprise_name, name, province_code, address_text, industry, level, is_case FROM submissions
      WHERE ${where.join(' AND ')} ORDER BY province_code, enterprise_name, name, id`,
    { replacements: params },
  );
  return rows as Row[];
}

function entry(r: Row) {
  return {
    id: r.id,
    enterpriseName: r.enterprise_name,
    projectName: r.name ?? '',
    provinceCode: r.province_code ?? '',
    provinceName: regionName(r.province_code) ?? '',
    region: r.address_text ?? '',
    industry: r.industry ?? '',
    level: r.level ?? '',
    isCase: r.is_case,
  };
}

async function publishedCampaign(deps: AppDeps, year: number) {
  const row = await getCampaign(deps.sequelize, year);
  if (!row?.published_at) throw notFound(`${year}年度5G工厂名录尚未发布`);
  return row;
}

export function directoryRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/api/directory/years',
      summary: '已发布名录的年度（无需登录），新的在前，附入选项目数',
      tags: ['名录'],
      auth: 'public',
      response: z.object({ data: z.array(z.object({ year: z.number().int(), publishedAt: z.string(), listed: z.number().int() })) }),
    },
    async () => {
      const [rows] = await deps.sequelize.query(
        `SELECT c.year, c.published_at, (SELECT count(*) FROM submissions s WHERE s.year = c.year AND s.phase = 'listed') AS listed
           FROM campaigns c WHERE c.published_at IS NOT NULL ORDER BY c.year DESC`,
      );
      return { data: (rows as { year: number; published_at: Date; listed: string }[]).map((r) => ({ year: Number(r.year), publishedAt: new Date(r.published_at).toISOString(), listed: Number(r.listed) })) };
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/directory',
      summary: '公开的年度5G工厂名录（无需登录）：已发布年度的入选项目，可按省份、行业、企业或项目名称筛选；facets 为该年度各省份、各行业的项目数',
      tags: ['名录'],
      auth: 'public',
      query: DirectoryQuery,
      response: z.object({
        year: z.number().int(),
        publishedAt: z.string(),
        total: z.number().int(),
        data: z.array(Entry),
        facets: z.object({ provinces: z.array(Facet), industries: z.array(Facet) }),
      }),
      errors: [404],
    },
    async ({ query }) => {
      const campaign = await publishedCampaign(deps, query.year);
      const [rows, all] = await Promise.all([listed(deps.sequelize, query), listed(deps.sequelize, { year: query.year })]);
      const count = (values: string[]) => [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>())];
      return {
        year: query.year,
        publishedAt: new Date(campaign.published_at!).toISOString(),
        total: rows.length,
        data: rows.map(entry),
        facets: {
          provinces: count(all.map((r) => r.province_code ?? '').filter(Boolean)).map(([value, n]) => ({ value, label: regionName(value) ?? value, count: n })),
          industries: count(all.map((r) => r.industry ?? '').filter(Boolean))
            .sort(([a], [b]) => INDUSTRIES.indexOf(a as never) - INDUSTRIES.indexOf(b as never))
            .map(([value, n]) => ({ value, label: value, count: n })),
        },
      };
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/directory/export',
      summary: '导出年度5G工厂名录（.xlsx，无需登录），筛选条件同 GET /api/directory',
      tags: ['名录'],
      auth: 'public',
      query: DirectoryQuery,
      response: XLSX_RESPONSE,
      errors: [404],
    },
    async ({ query, res }) => {
      await publishedCampaign(deps, query.year);
      const rows = await listed(deps.sequelize, query);
      const filename = `${query.year}年度5G工厂名录.xlsx`;
      const xlsx = xlsxDownload(res, {
        asciiName: `directory-${query.year}.xlsx`,
        fileName: filename,
        sheetName: `${query.year}年度名录`,
        columns: [
          { header: '序号', key: 'index', width: 6 },
          { header: '企业名称', key: 'enterpriseName', width: 32 },
          { header: '项目名称', key: 'projectName', width: 40 },
          { header: '省份', key: 'provinceName', width: 12 },
          { header: '所在地区', key: 'region', width: 28 },
          { header: '所属行业', key: 'industry', width: 14 },
          { header: '项目层级', key: 'level', width: 10 },
          { header: '优秀案例', key: 'isCase', width: 10 },
        ],
      });
      rows.forEach((r, i) => xlsx.add({ ...entry(r), index: i + 1, isCase: r.is_case ? '是' : '' }));
      await xlsx.finish();
    },
  );
}
