import type { MigrationFn } from '../migrator';

/**
 * Accounts (issue 6): SMS login codes, the shared counters of the auth rate limits, audit-log search indexes and
 * a TRUNCATE guard on the audit log.
 *
 * Retention (等保2.0 三级, SPEC §5: at least 6 months): audit_log rows are kept for good. There is no deletion
 * job, and the database refuses UPDATE, DELETE (0001's row trigger) and TRUNCATE (the statement trigger below)
 * from the application's role. Archiving old rows, if ever needed, is a DBA task under another role that first
 * disables the triggers, with its own record.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    -- 短信验证码: only a hash of the code is kept; good for 5 minutes, one use, at most 5 tries.
    CREATE TABLE sms_codes (
      id uuid PRIMARY KEY,
      mobile text NOT NULL,
      code_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      attempts int NOT NULL DEFAULT 0,
      used_at timestamptz
    );
    CREATE INDEX sms_codes_mobile_idx ON sms_codes (mobile, created_at DESC);

    -- Hit counters of express-rate-limit, shared by every API instance (a per-process counter would multiply the
    -- limit by the number of instances behind the load balancer).
    CREATE TABLE rate_limits (
      key text PRIMARY KEY,
      hits int NOT NULL,
      reset_at timestamptz NOT NULL
    );
    CREATE INDEX rate_limits_reset_idx ON rate_limits (reset_at);

    CREATE INDEX audit_log_username_idx ON audit_log (lower(username), at DESC);

    CREATE FUNCTION audit_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END $$;
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_truncate();
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql(`
    DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
    DROP FUNCTION IF EXISTS audit_log_no_truncate();
    DROP INDEX IF EXISTS audit_log_username_idx;
    DROP TABLE IF EXISTS rate_limits, sms_codes;
  `);
};
