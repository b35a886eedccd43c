import type { MigrationFn } from '../migrator';

/**
 * Review queues (issue 11): what awaits which office, claims, bulk outcomes, form versions.
 *
 * - `queue_items`: one row per (submission, office) the submission waits for now (domain/queue.ts queueItems),
 *   rewritten by the projection activity with every transition; `submissions.step*` carry the same step for the list
 *   (截止时间 column, sort by deadline). Rows of submissions projected before this migration appear at their next
 *   transition, or at once after 流程监控 › 重建全部投影.
 * - `claims`: who of an office holds an item (认领) — a work-sharing aid, never a lock; `claim_events` keeps every
 *   claim, release and reassignment for the project's history.
 * - `bulk_actions`: the outcome of each item of a bulk action by (user, Idempotency-Key), so a resend answers with
 *   the first outcome instead of acting again.
 * - `form_versions`: each saved section at its form version (decided in COORDINATION.md: the full form at version v
 *   is, per section, the latest row with form_version ≤ v). Existing declarations get their current sections.
 * - `users.office_head`: an office head (处室负责人) may reassign claims within the office.
 * - `campaigns.expert_review_deadline`: 专家评审截止, for the experts' queue and reminders.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    ALTER TABLE campaigns ADD COLUMN expert_review_deadline timestamptz;
    ALTER TABLE users ADD COLUMN office_head boolean NOT NULL DEFAULT false;

    ALTER TABLE submissions
      ADD COLUMN step text,
      ADD COLUMN step_since timestamptz,
      ADD COLUMN step_due timestamptz,
      ADD COLUMN step_overdue_at timestamptz;
    CREATE INDEX submissions_province_step_due_idx ON submissions (province_code, year, step_due) WHERE submitted_at IS NOT NULL;
    CREATE INDEX submissions_city_step_due_idx ON submissions (city_code, year, step_due) WHERE submitted_at IS NOT NULL;

    CREATE TABLE queue_items (
      submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
      office text NOT NULL,
      step text NOT NULL,
      year int NOT NULL,
      since timestamptz,
      due_at timestamptz,
      overdue_at timestamptz,
      closes_at timestamptz,
      PRIMARY KEY (submission_id, office)
    );
    -- The queue page and its counts as index-only scans of one office's range.
    CREATE INDEX queue_items_office_due_idx ON queue_items (office, due_at, submission_id) INCLUDE (closes_at, overdue_at, since, step, year);

    CREATE TABLE claims (
      submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
      office text NOT NULL,
      user_id uuid NOT NULL REFERENCES users (id),
      claimed_at timestamptz NOT NULL,
      PRIMARY KEY (submission_id, office)
    );
    CREATE INDEX claims_user_idx ON claims (user_id);

    CREATE TABLE claim_events (
      id bigserial PRIMARY KEY,
      submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
      office text NOT NULL,
      action text NOT NULL CHECK (action IN ('claim', 'release', 'reassign')),
      holder_id uuid,
      holder_name text,
      by_id uuid NOT NULL,
      by_name text NOT NULL,
      by_role text NOT NULL,
      at timestamptz NOT NULL
    );
    CREATE INDEX claim_events_submission_idx ON claim_events (submission_id, at);

    CREATE TABLE bulk_actions (
      user_id uuid NOT NULL,
      idempotency_key text NOT NULL,
      submission_id uuid NOT NULL,
      action text NOT NULL,
      outcome jsonb NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, idempotency_key, submission_id)
    );

    CREATE TABLE form_versions (
      submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
      form_version int NOT NULL,
      section text NOT NULL,
      data jsonb NOT NULL,
      saved_by uuid,
      saved_at timestamptz NOT NULL,
      PRIMARY KEY (submission_id, section, form_version)
    );
    INSERT INTO form_versions (submission_id, form_version, section, data, saved_by, saved_at)
      SELECT s.id, s.form_version, e.key, e.value, NULL, s.updated_at FROM submissions s, jsonb_each(s.sections) e;
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql(`
    DROP TABLE IF EXISTS form_versions, bulk_actions, claim_events, claims, queue_items;
    DROP INDEX IF EXISTS submissions_province_step_due_idx, submissions_city_step_due_idx;
    ALTER TABLE submissions DROP COLUMN IF EXISTS step, DROP COLUMN IF EXISTS step_since, DROP COLUMN IF EXISTS step_due, DROP COLUMN IF EXISTS step_overdue_at;
    ALTER TABLE users DROP COLUMN IF EXISTS office_head;
    ALTER TABLE campaigns DROP COLUMN IF EXISTS expert_review_deadline;
  `);
};
