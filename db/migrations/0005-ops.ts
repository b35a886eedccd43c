import type { MigrationFn } from '../migrator';

/**
 * Operations (issue 8): projection drift found by the reconciliation job — a submission whose projection row
 * disagrees with its workflow's state. One open row per submission (resolved_at IS NULL); a later run that finds
 * them equal again sets resolved_at, so the table keeps the history of drift for operators.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    CREATE TABLE projection_drift (
      id bigserial PRIMARY KEY,
      submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
      workflow_id text NOT NULL,
      detected_at timestamptz NOT NULL DEFAULT now(),
      workflow_seq int,
      projection_seq int NOT NULL,
      detail jsonb NOT NULL,
      resolved_at timestamptz
    );
    CREATE UNIQUE INDEX projection_drift_open_idx ON projection_drift (submission_id) WHERE resolved_at IS NULL;
    CREATE INDEX projection_drift_detected_idx ON projection_drift (detected_at DESC);
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql(`DROP TABLE IF EXISTS projection_drift;`);
};
