import type { MigrationFn } from '../migrator';

/**
 * Projection writes PostgreSQL refused for good (issue 14.2): a data error (22xxx) or a broken constraint (23xxx).
 * The projection activity records one row and fails non-retryable instead of retrying forever; the stuck monitor
 * lists the rows that no later projection of the same submission has overtaken, with PostgreSQL's reason.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    CREATE TABLE projection_failures (
      id bigserial PRIMARY KEY,
      submission_id uuid NOT NULL,
      seq int NOT NULL,
      action text NOT NULL,
      sqlstate text,
      failure_type text NOT NULL,
      message text NOT NULL,
      failed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX projection_failures_submission_idx ON projection_failures (submission_id, failed_at DESC);
    CREATE INDEX projection_failures_recent_idx ON projection_failures (failed_at DESC);
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql('DROP TABLE IF EXISTS projection_failures');
};
