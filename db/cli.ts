/** `npm run migrate` / `npm run migrate:down` / `npm run seed` against DATABASE_URL. */
import { createSequelize } from './sequelize';
import { createMigrator, migrateUp } from './migrator';
import { seedDemo } from './seed';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const sequelize = createSequelize(url, { poolMax: 2 });
  try {
    const command = process.argv[2];
    if (command === 'up') console.log('applied:', await migrateUp(sequelize, console.log));
    else if (command === 'down') console.log('reverted:', (await createMigrator(sequelize, console.log).down()).map((m) => m.name));
    else if (command === 'seed') console.log(await seedDemo(sequelize, new Date()));
    else throw new Error('usage: db/cli.ts up|down|seed');
  } finally {
    await sequelize.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
