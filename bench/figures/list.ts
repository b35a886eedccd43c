/**
 * List page over 10,000 submissions (HTTP, province_miit, filter + sort + page 3) vs the raw SQL of the same page;
 * and the .xlsx export of those rows vs exceljs alone. The rows are inserted directly into the projection (no
 * workflows: the list and the export read only the projection), so this figure does not depend on the server.
 */
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Client as PgClient } from 'pg';
import { initialState, type SubmissionState } from '../../domain/lifecycle/state';
import { exampleForm } from '../../domain/form/example';
import { projectionColumns } from '../../db/projectionColumns';
import { EXPORT_COLUMNS } from '../../api/routes/projects/export';
import { beijingText } from '../../domain/time';
import { log, ms, percentile, SETTINGS, timed, type FigureResult } from '../lib';
import type { BenchFigure } from './types';

export const listFigure: BenchFigure = {
  id: 'list',
  async run({ stack, tokens }) {
    const results: FigureResult[] = [];
    const rows = SETTINGS.listRows;
    log(`seeding ${rows} submitted rows directly into the projection`);
    await seedProjection(stack.raw, stack.campaignYear, stack.enterpriseId, rows);
    await stack.raw.query('ANALYZE submissions');
    const listPath = `/api/projects?phase=submitted,partially_recommended&industry=${encodeURIComponent('电子设备制造')}&sort=updatedAt&order=DESC&page=3&perPage=20`;
    const rawSql = `SELECT id, project_id, year, enterprise_id, enterprise_name, name, project_type, level, phase, status_text, stage, industry,
  province_code, city_code, district_code, address_text, form_version, is_case, state, created_at, updated_at, submitted_at, count(*) OVER () AS total
  FROM submissions WHERE province_code = $1 AND submitted_at IS NOT NULL AND industry = $2 AND phase IN ($3, $4)
  ORDER BY updated_at DESC, id DESC LIMIT 20 OFFSET 40`;
    const rawParams = ['440000', '电子设备制造', 'submitted', 'partially_recommended'];
    const check = await stack.api('GET', listPath, tokens.provinceMiit);
    const rawCheck = await stack.raw.query(rawSql, rawParams);
    if (check.status !== 200) throw new Error(`list: ${check.status} ${JSON.stringify(check.body)}`);
    const sameIds = JSON.stringify(check.body.data.map((d: { id: string }) => d.id)) === JSON.stringify(rawCheck.rows.map((row: { id: string }) => row.id));
    for (let i = 0; i < 50; i++) {
      await stack.api('GET', listPath, tokens.provinceMiit);
      await stack.raw.query(rawSql, rawParams);
    }
    const httpTimes: number[] = [];
    const sqlTimes: number[] = [];
    for (let i = 0; i < SETTINGS.listSamples; i++) {
      httpTimes.push((await timed(() => stack.api('GET', listPath, tokens.provinceMiit)))[0]);
      sqlTimes.push((await timed(() => stack.raw.query(rawSql, rawParams)))[0]);
    }
    const p95 = percentile(httpTimes, 95);
    results.push({
      key: 'list',
      name: `list page over ${rows.toLocaleString('en')} submissions, HTTP (province_miit, filter + sort + page 3, ${SETTINGS.listSamples} requests)`,
      value: `p95 ${ms(p95)} (p50 ${ms(percentile(httpTimes, 50))})`,
      floor: `raw SQL of the page p95 ${ms(percentile(sqlTimes, 95))} (p50 ${ms(percentile(sqlTimes, 50))})`,
      target: 'p95 < 10 ms',
      met: p95 < 10,
      note: `rows inserted directly into the projection; page total ${check.body.total}; ids match raw SQL: ${sameIds}`,
    });
    log(`list: ${results.at(-1)!.value} vs ${results.at(-1)!.floor}`);

    log('export: GET /api/projects/export as ministry vs exceljs alone to a null stream');
    const exportRun = await measureRss(async () => {
      const res = await fetch(stack.baseUrl + '/api/projects/export', { headers: { authorization: `Bearer ${tokens.ministry}` } });
      if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
      let bytes = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
      return bytes;
    });
    const { rows: exportRows } = await stack.raw.query(
      `SELECT year, enterprise_name, name, project_type, level, status_text, stage, industry, address_text, created_at, updated_at
         FROM submissions WHERE submitted_at IS NOT NULL ORDER BY updated_at DESC, id DESC`,
    );
    const floorRun = await measureRss(() => excelAlone(exportRows));
    results.push({
      key: 'export',
      name: `.xlsx export of ${exportRows.length.toLocaleString('en')} rows (HTTP, streamed)`,
      value: `${ms(exportRun.ms)}, peak RSS +${exportRun.rssMb.toFixed(1)} MB, ${(exportRun.value / 1024).toFixed(0)} KiB`,
      floor: `exceljs alone ${ms(floorRun.ms)}, peak RSS +${floorRun.rssMb.toFixed(1)} MB`,
      target: '< 1 s, flat memory',
      met: exportRun.ms < 1000,
      note: 'RSS sampled every 10 ms in the bench process (API and in-process worker share it); the floor writes rows already in memory',
    });
    log(`export: ${results.at(-1)!.value} vs ${results.at(-1)!.floor}`);
    return results;
  },
};

const CITIES = ['440100', '440300', '440400', '440600', '441900', '442000'];
const OTHER_PROVINCES: [string, string][] = [
  ['320000', '320500'],
  ['330000', '330100'],
  ['370000', '370200'],
];
const INDUSTRIES = ['电子设备制造', '汽车制造', '钢铁', '化工', '装备制造', '医药制造', '纺织', '家电'];
const NAMES = ['精密电子', '智能装备', '新能源汽车零部件', '绿色化工', '高端医疗器械', '智慧家电', '特种钢材', '柔性纺织'];

/** Submitted declarations with projection columns as the projection activity would write them (also the browser figure's). */
export async function seedProjection(raw: PgClient, year: number, enterpriseId: string, count: number): Promise<void> {
  const base = exampleForm().projectInfo as Record<string, any>;
  const now = Date.now();
  for (let batch = 0; batch < count / 500; batch++) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    const projects: string[] = [];
    for (let k = 0; k < 500; k++) {
      const i = batch * 500 + k;
      const [provinceCode, cityCode] = i % 10 < 7 ? ['440000', CITIES[i % CITIES.length]!] : OTHER_PROVINCES[i % OTHER_PROVINCES.length]!;
      const projectId = crypto.randomUUID();
      const submissionId = crypto.randomUUID();
      const stage = i % 3 === 0 ? '建设中' : '建设完成';
      const projectInfo = { ...base, name: `${['广州', '深圳', '佛山', '东莞', '苏州', '杭州'][i % 6]}${NAMES[i % NAMES.length]}5G工厂${i}`, industry: INDUSTRIES[i % INDUSTRIES.length], stage, address: { provinceCode, cityCode } };
      let state: SubmissionState = {
        ...initialState({ projectId, year, enterpriseId, provinceCode, cityCode, stage, formVersion: 4, cityReviewRequired: false, deadlines: { submission: new Date(now + 30 * 86400_000).toISOString(), recommendation: new Date(now + 40 * 86400_000).toISOString(), cityReview: null } }),
        phase: 'submitted',
        seq: 6,
      };
      if (i % 5 === 0) {
        state = { ...state, phase: 'partially_recommended', recommendations: { province_ca: null, province_miit: { by: enterpriseId, byName: '省通信管理局', at: new Date(now).toISOString(), formVersion: 4 } } };
      }
      const cols = projectionColumns(state, projectInfo);
      const updatedAt = new Date(now - i * 37_000);
      projects.push(projectId);
      const row = [
        submissionId, projectId, year, enterpriseId, `企业${i % 400}有限公司`, `submission:${year}:${projectId}`, JSON.stringify({ projectInfo }), 4, state.seq, state.phase,
        cols.name, cols.projectType, cols.level, cols.stage, cols.industry, cols.provinceCode, cols.cityCode, cols.addressText, cols.statusText, cols.recommendations,
        JSON.stringify(state), updatedAt, updatedAt, updatedAt,
      ];
      tuples.push(`(${row.map((_, j) => `$${values.length + j + 1}`).join(',')})`);
      values.push(...row);
    }
    await raw.query(`INSERT INTO projects (id, enterprise_id) SELECT unnest($1::uuid[]), $2`, [projects, enterpriseId]);
    await raw.query(
      `INSERT INTO submissions (id, project_id, year, enterprise_id, enterprise_name, workflow_id, sections, form_version, seq, phase,
         name, project_type, level, stage, industry, province_code, city_code, address_text, status_text, recommendations,
         state, submitted_at, created_at, updated_at) VALUES ${tuples.join(',')}`,
      values,
    );
  }
}

/** Time `fn` and sample this process's RSS every 10 ms: peak minus the value before. */
async function measureRss<T>(fn: () => Promise<T>): Promise<{ ms: number; rssMb: number; value: T }> {
  (global as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const [t, value] = await timed(fn);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { ms: t, rssMb: (peak - before) / 1024 / 1024, value };
  } finally {
    clearInterval(sampler);
  }
}

/** The floor of the export: exceljs's streaming writer alone, same columns and rows, into a stream that drops bytes. */
async function excelAlone(rows: Record<string, any>[]): Promise<number> {
  const sink = new Writable({ write: (_chunk, _enc, cb) => cb() });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('5G工厂');
  sheet.columns = EXPORT_COLUMNS;
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let index = 0;
  for (const r of rows) {
    sheet
      .addRow({
        index: ++index, year: r.year, enterpriseName: r.enterprise_name, name: r.name, projectType: r.project_type ?? '', level: r.level ?? '', statusText: r.status_text,
        stage: r.stage ?? '', industry: r.industry ?? '', address: r.address_text ?? '', createdAt: beijingText(r.created_at, { seconds: true }), updatedAt: beijingText(r.updated_at, { seconds: true }),
      })
      .commit();
  }
  sheet.commit();
  await workbook.commit();
  return index;
}
