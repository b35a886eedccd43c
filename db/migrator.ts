/**
 * Versioned, reversible migrations (umzug). Each file in db/migrations exports `up` and `down`; the context is a
 * function running SQL on the migration's connection. Applied names are kept in the `migrations` table.
 */
import path from 'node:path';
import fs from 'node:fs';
import { Umzug } from 'umzug';
import type { Sequelize } from 'sequelize';

export type Sql = (text: string, replacements?: Record<string, unknown>) => Promise<unknown>;
export type MigrationFn = (params: { name: string; context: Sql }) => Promise<void>;

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

export function createMigrator(sequelize: Sequelize, log: (message: string) => void = () => undefined) {
  const sql: Sql = (text, replacements) => sequelize.query(text, { replacements });
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  return new Umzug<Sql>({
    migrations: files.map((file) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(MIGRATIONS_DIR, file)) as { up: MigrationFn; down: MigrationFn };
      const name = file.replace(/\.ts$/, '');
      return {
        name,
        // Each migration runs in its own transaction: DDL in PostgreSQL is transactional, so a failure leaves nothing half-done.
        up: () => sequelize.transaction((transaction) => mod.up({ name, context: (text, replacements) => sequelize.query(text, { replacements, transaction }) })),
        down: () => sequelize.transaction((transaction) => mod.down({ name, context: (text, replacements) => sequelize.query(text, { replacements, transaction }) })),
      };
    }),
    // umzug calls a function context as a factory: hand it the function this way.
    context: () => sql,
    storage: {
      async executed() {
        await sequelize.query('CREATE TABLE IF NOT EXISTS migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
        const [rows] = await sequelize.query('SELECT name FROM migrations ORDER BY name');
        return (rows as { name: string }[]).map((r) => r.name);
      },
      async logMigration({ name }) {
        await sequelize.query('INSERT INTO migrations (name) VALUES (:name)', { replacements: { name } });
      },
      async unlogMigration({ name }) {
        await sequelize.query('DELETE FROM migrations WHERE name = :name', { replacements: { name } });
      },
    },
    logger: { info: (m) => log(JSON.stringify(m)), warn: (m) => log(JSON.stringify(m)), error: (m) => log(JSON.stringify(m)), debug: () => undefined },
  });
}

/** Apply pending migrations under an advisory lock so that an API and a worker starting together do not race. */
export async function migrateUp(sequelize: Sequelize, log?: (message: string) => void): Promise<string[]> {
  return sequelize.transaction(async (t) => {
    await sequelize.query('SELECT pg_advisory_xact_lock(50050)', { transaction: t });
    const applied = await createMigrator(sequelize, log).up();
    return applied.map((m) => m.name);
  });
}
