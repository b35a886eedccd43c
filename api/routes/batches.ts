/**
 * 批量操作 (issue 13.2): 重试 / 终止（须填原因）/ 重建投影 / 重发截止时间 over workflows picked by hand or by the
 * monitor's filter. Each batch runs as a workflow (ops/batch.ts, workflows/batch): the answer is the batch, whose
 * progress, per-item outcomes and cancel are read and requested here. 系统管理员 only.
 */
import { z } from 'zod';
import { BATCH_OPERATIONS, STUCK_KINDS } from '../../domain/stuck';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { conflict, notFound } from '../errors';
import { audit } from '../audit';
import { Paging, pageOf, ListPage } from './accounts';
import { MAX_HAND_PICKED, BATCH_ITEM_STATUSES, batchItems, getBatch, listBatches, requestCancel, type BatchItemStatus } from '../../ops/batch';
import { StuckFilterQuery, WorkflowId, requireWorkflowAdmin, startBatch } from './admin';

const BATCH_KINDS = [...BATCH_OPERATIONS, 'reconcile'] as const;
const ITEM_STATUSES = BATCH_ITEM_STATUSES as readonly [BatchItemStatus, ...BatchItemStatus[]];

const CreateBatch = z
  .object({
    operation: z.enum(BATCH_OPERATIONS, { error: '请选择操作：重试、终止、重建投影或重发截止时间' }),
    reason: z.string().trim().max(500, '原因不能超过500字').optional(),
    workflowIds: z.array(WorkflowId).min(1, '请至少选择一项').max(MAX_HAND_PICKED, `一次最多选择${MAX_HAND_PICKED}项`).optional(),
    filter: StuckFilterQuery.optional(),
  })
  .superRefine((body, ctx) => {
    if (!body.workflowIds === !body.filter) ctx.addIssue({ code: 'custom', path: ['workflowIds'], message: '请勾选流程或按筛选条件选择（二选一）' });
    if (body.operation === 'terminate' && !body.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '请填写终止原因' });
  });

const BatchParams = z.object({ id: z.string().uuid('批量操作编号格式不正确') });

export const BatchView = z.object({
  id: z.string(),
  operation: z.enum(BATCH_KINDS),
  status: z.enum(['selecting', 'running', 'completed', 'cancelled', 'failed']),
  reason: z.string().nullable(),
  selection: z.record(z.string(), z.unknown()),
  workflowId: z.string(),
  createdBy: z.object({ userId: z.string().nullable(), username: z.string().nullable(), role: z.string().nullable() }),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  cancelRequested: z.boolean(),
  total: z.number(),
  progress: z.record(z.enum(ITEM_STATUSES), z.number()),
  outcomes: z.record(z.string(), z.number()),
});

const BatchItemView = z.object({
  seq: z.number(),
  workflowId: z.string(),
  submissionId: z.string().nullable(),
  projectName: z.string().nullable(),
  enterpriseName: z.string().nullable(),
  kind: z.enum(STUCK_KINDS).nullable(),
  status: z.enum(ITEM_STATUSES),
  outcome: z.string().nullable(),
  message: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export function batchRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'post',
      path: '/api/admin/batches',
      summary: '启动批量操作：勾选的流程（workflowIds，最多1000个）或按监控的筛选条件（filter：类型、省份、年度）选择；终止须填写原因。立即返回，进度见 GET /api/admin/batches/:id',
      tags: ['系统管理'],
      auth: 'user',
      access: requireWorkflowAdmin,
      body: CreateBatch,
      status: 202,
      response: BatchView,
      errors: [403, 503],
    },
    async ({ body, actor, req }) => {
      const selection = body.workflowIds ? { type: 'items' as const, workflowIds: body.workflowIds } : { type: 'filter' as const, filter: body.filter! };
      return startBatch(deps, { operation: body.operation, reason: body.reason ?? null, selection, actor }, req);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/admin/batches',
      summary: '批量操作列表（新的在前），含进度',
      tags: ['系统管理'],
      auth: 'user',
      access: requireWorkflowAdmin,
      query: Paging,
      response: ListPage(BatchView),
    },
    async ({ query }) => {
      return listBatches(deps.sequelize, pageOf(query));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/admin/batches/:id',
      summary: '一个批量操作的进度：各状态、各结果的数量',
      tags: ['系统管理'],
      auth: 'user',
      access: requireWorkflowAdmin,
      params: BatchParams,
      response: BatchView,
      errors: [404],
    },
    async ({ params }) => {
      const batch = await getBatch(deps.sequelize, params.id);
      if (!batch) throw notFound('批量操作不存在');
      return batch;
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/admin/batches/:id/items',
      summary: '批量操作的逐项结果（可按状态筛选），含项目名称和企业名称',
      tags: ['系统管理'],
      auth: 'user',
      access: requireWorkflowAdmin,
      params: BatchParams,
      query: Paging.extend({ status: z.enum(ITEM_STATUSES, { error: '状态不正确' }).optional() }),
      response: ListPage(BatchItemView),
      errors: [404],
    },
    async ({ params, query }) => {
      if (!(await getBatch(deps.sequelize, params.id))) throw notFound('批量操作不存在');
      return batchItems(deps.sequelize, params.id, { status: query.status, ...pageOf(query) });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/admin/batches/:id/cancel',
      summary: '取消批量操作：正在处理的几项完成后停止，其余各项记为已取消',
      tags: ['系统管理'],
      auth: 'user',
      access: requireWorkflowAdmin,
      params: BatchParams,
      response: BatchView,
      errors: [404, 409],
    },
    async ({ params, actor, req }) => {
      const batch = await getBatch(deps.sequelize, params.id);
      if (!batch) throw notFound('批量操作不存在');
      if (!(await requestCancel(deps.sequelize, params.id, actor))) throw conflict('该批量操作已结束，不能取消', 'BATCH_FINISHED');
      await audit(deps.sequelize, { action: 'batch.cancel', actor, targetType: 'batch', targetId: params.id, details: { operation: batch.operation } }, req);
      return (await getBatch(deps.sequelize, params.id))!;
    },
  );
}
