/** 导入往年申报项目: the old platform's exported 5G工厂 list as earlier declarations (issue 12.8; ministry only). */
import { z } from 'zod';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { audit } from '../../audit';
import { receiveXlsx } from '../../xlsxImport';
import { importLegacyProjects, readProjectImportRows, ProjectImportResult, PROJECT_IMPORT_MAX_ROWS } from '../../projects/legacyImport';
import { cleanText } from '../../../domain/text';
import { allowedTo } from '../../guards';

export function projectImportRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'post',
      path: '/api/projects/import',
      summary:
        `导入旧平台导出的5G工厂项目列表，作为往年申报（工业和信息化部；multipart 字段 file，.xlsx ≤ 5MB，至多${PROJECT_IMPORT_MAX_ROWS}行），导入后企业可“复制上年申报”做进展更新。` +
        '第1行为表头，须含列：企业名称、项目名称、项目类型、项目层级、项目状态、建设阶段、行业、项目实施地址（顺序不限；创建时间、更新时间等其他列忽略）。' +
        '企业名称须是平台上已有的企业账号（含导入的2024年账号）；项目状态如“北京市(通信管理局)已推荐;北京市(经济和信息化局)已推荐;”决定项目的初始状态（两家均推荐→已推荐，一家→部分推荐，空→待推荐，暂存→暂存），之后按该年度批次的截止时间流转。' +
        '任何一行有误则不导入任何项目（422，逐行逐列说明）；该企业该年度已有同名项目的行跳过，同一文件可重复上传；dryRun=true 只检查不写入',
      tags: ['5G工厂'],
      auth: 'user',
      access: allowedTo('project.import'),
      rawBody: true,
      body: z.object({ file: z.string().describe('.xlsx 文件') }),
      query: z.object({
        year: z.coerce.number({ error: '请选择导入到哪一年度' }).int('年度应为整数').min(2020, '年度应在2020至2100之间').max(2100, '年度应在2020至2100之间'),
        dryRun: z.enum(['true', 'false'], { error: 'dryRun 应为 true 或 false' }).default('false'),
      }),
      response: ProjectImportResult,
      errors: [413, 503],
    },
    async ({ query, actor, req, res }) => {
      const file = await receiveXlsx(req, res);
      const rows = await readProjectImportRows(file);
      const dryRun = query.dryRun === 'true';
      const result = await importLegacyProjects(deps, actor, rows, { year: query.year, dryRun });
      await audit(
        deps.sequelize,
        { action: 'project.import', actor, details: { fileName: cleanText(file.originalname ?? '', 200), year: query.year, dryRun, created: result.created, skipped: result.skipped, problems: result.problems.length } },
        req,
      );
      return result;
    },
  );
}
