/**
 * 对比版本 (issue 11.5): every saved version of a declaration and the field-by-field difference between any two,
 * for whoever may read the project.
 */
import { z } from 'zod';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { unprocessable } from '../../errors';
import { loadVisible, projectGuard } from '../../projects/access';
import { diffVersions, listVersions } from '../../projects/versions';

import { IdParams } from './params';
const Version = (label: string) => z.coerce.number({ error: `${label}须为数字` }).int(`${label}须为整数`).min(0, `${label}不能小于0`);

export function projectVersionRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    { method: 'get', path: '/api/projects/:id/versions', summary: '项目的全部保存版本（最新在前）：保存时间、保存人、保存的页签、是否提交过', tags: ['5G工厂'], auth: 'user', access: projectGuard(deps), params: IdParams, errors: [404] },
    async ({ params, actor }) => {
      const row = await loadVisible(deps, params.id, actor);
      return { formVersion: row.state?.formVersion ?? row.form_version, data: await listVersions(deps.sequelize, params.id) };
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/projects/:id/diff',
      summary: '对比两个版本：逐字段列出修改、新填、清空、列表的新增行和删除行、更换的图片',
      tags: ['5G工厂'],
      auth: 'user',
      access: projectGuard(deps),
      params: IdParams,
      query: z.object({ from: Version('起始版本'), to: Version('对比版本').optional() }),
      errors: [404],
    },
    async ({ params, query, actor }) => {
      const row = await loadVisible(deps, params.id, actor);
      const current = row.state?.formVersion ?? row.form_version;
      const to = query.to ?? current;
      for (const [path, value] of [['from', query.from], ['to', to]] as const) {
        if (value > current) throw unprocessable('版本不存在', [{ path, message: `版本号不能大于当前版本${current}` }]);
      }
      return { from: query.from, to, changes: await diffVersions(deps.sequelize, params.id, query.from, to) };
    },
  );
}
