/** Production entry point of the API (`npm run api`): serves /api and the built UI. Configuration from the environment. */
import { loadEnv, ConfigError } from '../config/env';
import { createLogger } from '../config/logger';
import { createSequelize } from '../db/sequelize';
import { initModels } from '../db/models';
import { migrateUp } from '../db/migrator';
import { createTemporalGateway } from './temporal';
import { buildApp } from './app';
import { ensureReconciliationSchedule } from '../ops/schedule';
import { ensureRegistrationEscalationSchedule } from './ops/registrationEscalation';

async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL).child({ component: 'api' });
  const sequelize = createSequelize(env.DATABASE_URL);
  await migrateUp(sequelize, (m) => logger.info({ migration: m }, 'migration'));
  const models = initModels(sequelize);
  const temporal = createTemporalGateway({ address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE });
  // The periodic projection reconciliation (idempotent: an existing schedule is left as it is).
  await ensureReconciliationSchedule(temporal).catch((err) => logger.warn({ err }, 'reconciliation schedule not created'));
  // Registrations a city leaves untouched for 3 working days are escalated by this schedule.
  await ensureRegistrationEscalationSchedule(temporal).catch((err) => logger.warn({ err }, 'registration escalation schedule not created'));
  const { app } = buildApp({ env, sequelize, models, temporal, logger, clock: () => new Date() });
  const server = app.listen(env.PORT, () => logger.info({ port: env.PORT }, 'api listening'));
  const stop = () => {
    logger.info('api stopping');
    server.close(async () => {
      await temporal.close();
      await sequelize.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
