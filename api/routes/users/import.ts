/** 导入: the old client's 2024 enterprise accounts from its .xlsx export (administrators only). */
import { z } from 'zod';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { receiveXlsx } from '../../xlsxImport';
import { audit } from '../../audit';
import { ImportResult, importEnterprises, readImportRows } from '../../users/legacyImport';
import { mayManageUsers } from './mayManage';
import { cleanText } from '../../../domain/text';

export function userImportRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'post',
      path: '/api/users/import',
      summary:
        '导入旧平台2024年企业账号（管理员，multipart 字段 file，.xlsx ≤ 5MB）。第1行为表头，须含列：企业名称、统一社会信用代码（或“组织机构代码”）、联系人、手机、邮箱、所在省、所在市（顺序不限，其他列忽略）。' +
        '企业名称即账号，初始密码123456；首次登录须同时输入发送到所登记手机的短信验证码，并修改密码（企业名称公开可知，仅凭名称和123456不能登录）；未登记手机的行仍导入，但须由管理员重置密码后才能登录；统一社会信用代码或账号已存在的行跳过；dryRun=true 只检查不写入',
      tags: ['账号管理'],
      auth: 'user',
      access: mayManageUsers,
      rawBody: true,
      body: z.object({ file: z.string().describe('.xlsx 文件') }),
      query: z.object({ dryRun: z.enum(['true', 'false'], { error: 'dryRun 应为 true 或 false' }).default('false') }),
      response: ImportResult,
      errors: [413],
    },
    async ({ query, actor, req, res }) => {
      const file = await receiveXlsx(req, res);
      const rows = await readImportRows(file);
      const dryRun = query.dryRun === 'true';
      const result = await importEnterprises(deps, rows, { dryRun });
      await audit(
        deps.sequelize,
        { action: 'user.import', actor, details: { fileName: cleanText(file.originalname ?? '', 200), dryRun, created: result.created, skipped: result.skipped, problems: result.problems.length } },
        req,
      );
      return result;
    },
  );
}
