/**
 * A worker process for the floor workflow (bench/floor/workflows.ts), tuned exactly like the application's worker
 * (WORKER_TUNING). Started by the bench as its own process, like `npm run worker`. Environment: TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE. Stops on SIGTERM/SIGINT (Runtime's default shutdown signals).
 */
import path from 'node:path';
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { WORKER_TUNING } from '../../worker/createWorker';

async function main(): Promise<void> {
  Runtime.install({ telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } } });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
    workflowsPath: path.join(__dirname, 'workflows.ts'),
    activities: { noop: async () => undefined },
    ...WORKER_TUNING,
  });
  console.log('floor worker started');
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
