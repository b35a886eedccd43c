import type { MigrationFn } from '../migrator';

/**
 * Batch operations (issue 13.2): 重试 / 终止 / 重建投影 / 重发截止时间 / 对账 over many workflows, each run by one
 * batchOperationWorkflow. batch_operations holds what, who, why, the status and the cancel request; batch_items one
 * row per workflow with its outcome (written in the same transaction as the item's audit entry). An index on the
 * stuck monitor's overdue kinds keeps its counts indexed at campaign scale.
 *
 * projection_pending: a projection write that failed transiently and is being retried (one row per submission, the
 * latest failure): the monitor lists it as 活动重试中 while the projection has not reached that seq — an indexed
 * read instead of describing every workflow to find its pending activities.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    CREATE TABLE batch_operations (
      id uuid PRIMARY KEY,
      operation text NOT NULL,
      status text NOT NULL CHECK (status IN ('selecting', 'running', 'completed', 'cancelled', 'failed')),
      reason text,
      selection jsonb NOT NULL,
      workflow_id text NOT NULL UNIQUE,
      created_by uuid,
      created_by_name text,
      created_by_role text,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      cancel_requested_at timestamptz,
      cancelled_by uuid,
      total int NOT NULL DEFAULT 0,
      error text
    );
    CREATE INDEX batch_operations_created_idx ON batch_operations (created_at DESC, id);
    CREATE TABLE batch_items (
      batch_id uuid NOT NULL REFERENCES batch_operations (id) ON DELETE CASCADE,
      seq int NOT NULL,
      workflow_id text NOT NULL,
      submission_id uuid,
      kind text,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed', 'skipped', 'cancelled')),
      outcome text,
      message text,
      finished_at timestamptz,
      PRIMARY KEY (batch_id, seq),
      UNIQUE (batch_id, workflow_id)
    );
    CREATE INDEX batch_items_pending_idx ON batch_items (batch_id, seq) WHERE status = 'pending';
    CREATE TABLE projection_pending (
      submission_id uuid PRIMARY KEY,
      seq int NOT NULL,
      action text NOT NULL,
      attempts int NOT NULL DEFAULT 1,
      first_failed_at timestamptz NOT NULL DEFAULT now(),
      last_failed_at timestamptz NOT NULL DEFAULT now(),
      last_failure text NOT NULL
    );
    CREATE INDEX submissions_step_overdue_idx ON submissions (step, step_overdue_at) WHERE step_overdue_at IS NOT NULL;
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql(`
    DROP INDEX IF EXISTS submissions_step_overdue_idx;
    DROP TABLE IF EXISTS projection_pending;
    DROP TABLE IF EXISTS batch_items;
    DROP TABLE IF EXISTS batch_operations;
  `);
};
