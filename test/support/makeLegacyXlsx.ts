/**
 * Builds test/fixtures/legacy-2024.xlsx: a small export of the old client's 2024 enterprises, in the column layout
 * the import expects (企业名称, 统一社会信用代码, 联系人, 手机, 邮箱, 所在省, 所在市), with rows that import, rows with
 * problems and a row of an enterprise that already has an account.
 *
 *   npx tsx test/support/makeLegacyXlsx.ts      (rewrites the fixture)
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { makeUscc } from '../../domain/accounts';
import { writeFixtureWhenRun } from './fixtureScript';

export const LEGACY_HEADER = ['序号', '企业名称', '统一社会信用代码', '联系人', '手机', '邮箱', '所在省', '所在市'] as const;

export const LEGACY_FIXTURE = path.join(__dirname, '..', 'fixtures', 'legacy-2024.xlsx');

/** The rows of the fixture, as [企业名称, 统一社会信用代码, 联系人, 手机, 邮箱, 所在省, 所在市]. */
export const LEGACY_ROWS: string[][] = [
  // 2–4: good rows (a short province/city name as the old client sometimes wrote them)
  ['佛山市顺德区美智电器制造有限公司', makeUscc('91440606MA4UH0001'), '张伟', '13900139001', 'zhangwei@example.com', '广东省', '佛山市'],
  ['深圳华星光电技术有限公司', makeUscc('91440300MA5DA0002'), '刘洋', '13900139002', '', '广东', '深圳'],
  ['宝山钢铁股份有限公司', makeUscc('91310000MA1FL0003'), '王静', '13900139003', 'wangjing@example.com', '上海市', '上海市'],
  // 5: the check character is wrong
  ['东莞市某某精密制造有限公司', '91441900MA4UH00040', '李娜', '13900139004', '', '广东省', '东莞市'],
  // 6: no contact, bad mobile, bad e-mail
  ['中山市某某灯饰有限公司', makeUscc('91442000MA4UH0005'), '', '1390013900', 'not-an-email', '广东省', '中山市'],
  // 7: the province does not exist, the city is not in the province
  ['某某重工机械有限公司', makeUscc('91440100MA4UH0006'), '赵强', '13900139006', '', '广东州', '广州市'],
  ['珠海某某电子有限公司', makeUscc('91440400MA4UH0007'), '孙丽', '13900139007', '', '广东省', '长沙市'],
  // 9: the same code as row 2
  ['佛山美智电器第二工厂有限公司', makeUscc('91440606MA4UH0001'), '周杰', '13900139009', '', '广东省', '佛山市'],
  // 10: already on the platform (the demo enterprise's code): skipped
  ['广州示范智能制造有限公司', '91440101MA59XK8Q22', '李明', '13800138001', '', '广东省', '广州市'],
];

export async function makeLegacyXlsx(rows: string[][] = LEGACY_ROWS, header: readonly string[] = LEGACY_HEADER): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('2024年企业');
  sheet.addRow([...header]);
  rows.forEach((row, i) => sheet.addRow(header[0] === '序号' ? [i + 1, ...row] : row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

writeFixtureWhenRun(module, LEGACY_FIXTURE, makeLegacyXlsx);
