import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { temporal } from '@temporalio/proto';
import { withinDeadline } from '../temporalDeadline';

const Health = z.object({ postgres: z.string(), temporal: z.string(), worker: z.string() });

/** A poller long-polls for at most a minute; a worker not seen for longer than this is gone. */
const POLLER_FRESH_MS = 90_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} 超时（${ms} ms）`)), ms).unref())]);
}

export async function checkHealth(deps: AppDeps): Promise<z.infer<typeof Health>> {
  const postgres = withTimeout(deps.sequelize.query('SELECT 1'), 3000, 'PostgreSQL')
    .then(() => 'ok')
    .catch((e: Error) => `PostgreSQL 不可用：${e.message}`);
  const temporalCheck = withinDeadline(deps.temporal, () => deps.temporal.connection.workflowService.getSystemInfo({}), 3000)
    .then(() => 'ok')
    .catch((e: Error) => `Temporal 不可用：${e.message}`);
  const worker = withinDeadline(
    deps.temporal,
    () =>
      deps.temporal.connection.workflowService.describeTaskQueue({
        namespace: deps.temporal.namespace,
        taskQueue: { name: deps.temporal.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      }),
    3000,
  )
    .then((res) => {
      const now = Date.now();
      const fresh = (res.pollers ?? []).filter((p) => {
        const seconds = Number(p.lastAccessTime?.seconds ?? 0);
        return now - seconds * 1000 < POLLER_FRESH_MS;
      });
      return fresh.length > 0 ? 'ok' : `任务队列 ${deps.temporal.taskQueue} 上没有在线的 worker`;
    })
    .catch((e: Error) => `无法确认 worker 状态：${e.message}`);
  const [p, t, w] = await Promise.all([postgres, temporalCheck, worker]);
  return { postgres: p, temporal: t, worker: w };
}

export function healthRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/api/health',
      summary: '健康检查：PostgreSQL、Temporal 与 worker，全部正常时 200，否则 503',
      tags: ['运维'],
      auth: 'public',
      response: Health,
      errors: [503],
    },
    async ({ res }) => {
      const health = await checkHealth(deps);
      const ok = Object.values(health).every((v) => v === 'ok');
      res.status(ok ? 200 : 503).json(health);
    },
  );
}
