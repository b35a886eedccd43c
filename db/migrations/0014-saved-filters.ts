import type { MigrationFn } from '../migrator';

/**
 * 保存的筛选 (issue 11): a user's named filters of a list, kept on the server so they follow the user to any browser.
 * One name per user and list; removed with the account.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    CREATE TABLE saved_filters (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      resource text NOT NULL,
      name text NOT NULL,
      filter jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (user_id, resource, name)
    )
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql('DROP TABLE IF EXISTS saved_filters');
};
