/** Production entry point of the worker (`npm run worker`). Configuration from the environment. */
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadEnv, ConfigError } from '../config/env';
import { createLogger } from '../config/logger';
import { createSequelize } from '../db/sequelize';
import { migrateUp } from '../db/migrator';
import { createWorker } from './createWorker';

async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL).child({ component: 'worker' });
  Runtime.install({ telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } } });
  const sequelize = createSequelize(env.DATABASE_URL);
  await migrateUp(sequelize, (m) => logger.info({ migration: m }, 'migration'));
  const { worker, connection } = await createWorker({
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    sequelize,
    logger,
  });
  logger.info({ taskQueue: env.TEMPORAL_TASK_QUEUE }, 'worker started');
  // Runtime.install shuts the worker down on SIGINT/SIGTERM; run() then resolves after in-flight tasks finish.
  await worker.run();
  await connection.close();
  await sequelize.close();
  logger.info('worker stopped');
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
