import type { MigrationFn } from '../migrator';

/**
 * Issue 13.4 — one workflow lifetime:
 * - campaigns.archived_at: the year is archived (its submission workflows complete; nothing changes any more);
 * - campaigns.broadcast: progress of the last fan-out to the year's submissions (kind, version, total, processed,
 *   cursor, startedAt, finishedAt), written page by page by the campaign workflow's activities.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql('ALTER TABLE campaigns ADD COLUMN archived_at timestamptz, ADD COLUMN broadcast jsonb');
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql('ALTER TABLE campaigns DROP COLUMN IF EXISTS archived_at, DROP COLUMN IF EXISTS broadcast');
};
