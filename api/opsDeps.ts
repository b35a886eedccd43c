/** The ops layer's view of the API's dependencies (monitor, repairs, batches): one adapter, used by the admin routes and /metrics. */
import type { AppDeps } from './deps';
import type { BatchDeps } from '../ops/batch';

export function opsDeps(deps: AppDeps): BatchDeps {
  return {
    sequelize: deps.sequelize,
    client: deps.temporal.client,
    namespace: deps.temporal.namespace,
    taskQueue: deps.temporal.taskQueue,
    clock: deps.clock,
    ...(deps.env.TEMPORAL_UI_URL ? { temporalUiBase: deps.env.TEMPORAL_UI_URL } : {}),
  };
}
