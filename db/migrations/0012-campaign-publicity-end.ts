import type { MigrationFn } from '../migrator';

/**
 * 公示截止 set by the ministry (issue 16.6): when not null, the end of the publicity period of every project of the
 * year in 公示, sent to their workflows with the other deadlines. Starting a new publicity round clears it (the new
 * round runs for the campaign's publicity_days).
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql('ALTER TABLE campaigns ADD COLUMN publicity_ends_at timestamptz');
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql('ALTER TABLE campaigns DROP COLUMN IF EXISTS publicity_ends_at');
};
