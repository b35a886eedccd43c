/**
 * Builds test/fixtures/legacy-projects-2024.xlsx: the old platform's 5G工厂 list as its 导出 writes it (操作手册 图6:
 * 序号 · 企业名称 · 项目名称 · 项目类型 · 项目层级 · 项目状态 · 建设阶段 · 行业 · 项目实施地址 · 创建时间 · 更新时间), with projects
 * of the demo enterprise and of enterprises the account import brings (test/support/makeLegacyXlsx.ts), one per
 * 项目状态 the old platform shows.
 *
 *   npx tsx test/support/makeLegacyProjectsXlsx.ts      (rewrites the fixture)
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { writeFixtureWhenRun } from './fixtureScript';

export const LEGACY_PROJECTS_HEADER = ['#', '企业名称', '项目名称', '项目类型', '项目层级', '项目状态', '建设阶段', '行业', '项目实施地址', '创建时间', '更新时间'] as const;

export const LEGACY_PROJECTS_FIXTURE = path.join(__dirname, '..', 'fixtures', 'legacy-projects-2024.xlsx');

/** [企业名称, 项目名称, 项目类型, 项目层级, 项目状态, 建设阶段, 行业, 项目实施地址, 创建时间, 更新时间] */
export const LEGACY_PROJECT_ROWS: string[][] = [
  // 2: both provincial authorities recommended → 已推荐
  ['广州示范智能制造有限公司', '广州示范5G智能工厂', '企业项目', '工厂', '广东省(通信管理局)已推荐;广东省(工业和信息化厅)已推荐;', '建设完成', '装备制造', '广东省广州市番禺区', '2024-03-14 09:12:53', '2024-04-08 08:31:09'],
  // 3: one of them → 部分推荐
  ['广州示范智能制造有限公司', '广州示范5G注塑车间', '企业项目', '车间', '广东省(通信管理局)已推荐;', '建设中', '家电', '广东省广州市黄埔区', '2024-03-20 10:00:00', '2024-04-02 16:20:00'],
  // 4: an imported 2024 account, nothing recommended yet → 待推荐 (Guangdong: the city's 初审 first)
  ['佛山市顺德区美智电器制造有限公司', '美智5G空调总装产线', '其他', '产线', '', '建设中', '家电', '广东省佛山市顺德区', '2024-03-01 08:00:00', ''],
  // 5: a draft the enterprise never submitted → 暂存
  ['宝山钢铁股份有限公司', '宝钢5G智慧炼钢工厂', '企业项目', '工厂', '暂存', '建设中', '钢铁', '上海市上海市宝山区', '', ''],
];

/** Rows the import refuses, each with the problem the ministry must see (appended after the good rows). */
export const BAD_LEGACY_PROJECT_ROWS: string[][] = [
  // 6: no such enterprise on the platform
  ['不存在的某某机械有限公司', '某某5G机加工车间', '企业项目', '车间', '', '建设中', '装备制造', '广东省东莞市', '', ''],
  // 7: 项目名称 without “5G”, a 行业 not in the list
  ['广州示范智能制造有限公司', '广州示范智能仓库', '企业项目', '工厂', '', '建设中', '物流', '广东省广州市番禺区', '', ''],
  // 8: 项目状态 the platform never wrote, an address it cannot read
  ['宝山钢铁股份有限公司', '宝钢5G冷轧产线', '企业项目', '产线', '上海市(通信管理局)已驳回;', '建设完成', '钢铁', '火星市奥林匹斯区', '', ''],
  // 9: the same project of the same enterprise as row 2
  ['广州示范智能制造有限公司', '广州示范5G智能工厂', '企业项目', '工厂', '', '建设完成', '装备制造', '广东省广州市番禺区', '', ''],
];

export async function makeLegacyProjectsXlsx(rows: string[][] = LEGACY_PROJECT_ROWS): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('5G工厂');
  sheet.addRow([...LEGACY_PROJECTS_HEADER]);
  rows.forEach((row, i) => sheet.addRow([i + 1, ...row]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

writeFixtureWhenRun(module, LEGACY_PROJECTS_FIXTURE, makeLegacyProjectsXlsx);
