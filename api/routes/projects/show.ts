/** 查看: one declaration as the actor may see it. */
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { readProjectView } from '../../projects/detail';
import { IdParams } from './params';

export function showProjectRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    { method: 'get', path: '/api/projects/:id', summary: '查看项目：全部表单、状态、推荐情况、截止时间、历史记录、当前用户可执行的操作', tags: ['5G工厂'], auth: 'user', access: 'signed-in', params: IdParams, errors: [404] },
    ({ params, actor }) => readProjectView(deps, params.id, actor),
  );
}
