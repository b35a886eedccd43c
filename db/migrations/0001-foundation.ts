import type { MigrationFn } from '../migrator';

/**
 * Foundation schema: accounts, sessions, audit log, campaigns, captchas, submissions (form + projection),
 * history, enterprise profiles, files, messages and the e-mail outbox.
 * Times are timestamptz; codes are GB/T 2260 (6 digits).
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    CREATE TABLE users (
      id uuid PRIMARY KEY,
      username text NOT NULL,
      password_hash text NOT NULL,
      name text NOT NULL,
      mobile text,
      email text,
      role text NOT NULL CHECK (role IN ('enterprise','operator','city_miit','province_miit','province_ca','ministry','expert','admin')),
      province_code char(6),
      city_code char(6),
      org_name text,
      uscc char(18),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('pending','active','rejected','disabled')),
      reject_reason text,
      registration jsonb,
      must_change_password boolean NOT NULL DEFAULT false,
      failed_attempts int NOT NULL DEFAULT 0,
      locked_until timestamptz,
      last_login_at timestamptz,
      reviewed_by uuid,
      reviewed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_username_key ON users (lower(username));
    CREATE UNIQUE INDEX users_uscc_key ON users (uscc) WHERE uscc IS NOT NULL;
    CREATE UNIQUE INDEX users_mobile_key ON users (mobile) WHERE mobile IS NOT NULL AND role IN ('enterprise','operator');
    CREATE INDEX users_status_idx ON users (status, created_at);

    CREATE TABLE sessions (
      token_hash char(64) PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      ip text,
      user_agent text
    );
    CREATE INDEX sessions_user_idx ON sessions (user_id);

    CREATE TABLE captchas (
      id uuid PRIMARY KEY,
      answer_hash char(64) NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      user_id uuid,
      username text,
      role text,
      action text NOT NULL,
      target_type text,
      target_id text,
      outcome text NOT NULL DEFAULT 'ok',
      ip text,
      request_id text,
      details jsonb,
      -- Entries written by retried activities carry a key, so a retry never records an action twice.
      dedupe_key text UNIQUE
    );
    CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
    CREATE INDEX audit_log_user_idx ON audit_log (user_id, at DESC);
    CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);
    -- Append-only: the application may insert and read, never change or delete (等保: 审计记录不可篡改).
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

    CREATE TABLE campaigns (
      year int PRIMARY KEY,
      submission_deadline timestamptz NOT NULL,
      recommendation_deadline timestamptz NOT NULL,
      -- { "440000": { "cityReviewRequired": true, "cityReviewDeadline": "2026-04-07T15:59:59.000Z" } }
      province_settings jsonb NOT NULL DEFAULT '{}'::jsonb,
      publicity_days int NOT NULL DEFAULT 7,
      publicity_started_at timestamptz,
      published_at timestamptz,
      deadlines_version int NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE projects (
      id uuid PRIMARY KEY,
      enterprise_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX projects_enterprise_idx ON projects (enterprise_id);

    -- One row per (project, year) declaration: the form content and the projection of its workflow.
    CREATE TABLE submissions (
      id uuid PRIMARY KEY,
      project_id uuid NOT NULL REFERENCES projects(id),
      year int NOT NULL REFERENCES campaigns(year),
      enterprise_id uuid NOT NULL REFERENCES users(id),
      enterprise_name text NOT NULL,
      workflow_id text NOT NULL UNIQUE,
      -- form
      sections jsonb NOT NULL DEFAULT '{}'::jsonb,
      form_version int NOT NULL DEFAULT 0,
      enterprise_snapshot jsonb,
      -- projection (written only by workflow activities, guarded by seq)
      seq int NOT NULL DEFAULT 0,
      phase text NOT NULL DEFAULT 'draft',
      name text NOT NULL DEFAULT '',
      project_type text,
      level text,
      stage text,
      industry text,
      national_economy_code text,
      province_code char(6),
      city_code char(6),
      district_code char(6),
      address_text text,
      status_text text NOT NULL DEFAULT '',
      city_review text,
      recommendations jsonb NOT NULL DEFAULT '{}'::jsonb,
      withdrawal jsonb,
      experts uuid[] NOT NULL DEFAULT '{}',
      invited_operators uuid[] NOT NULL DEFAULT '{}',
      is_case boolean NOT NULL DEFAULT false,
      state jsonb,
      submitted_at timestamptz,
      projected_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (project_id, year)
    );
    CREATE INDEX submissions_year_phase_idx ON submissions (year, phase);
    CREATE INDEX submissions_province_idx ON submissions (province_code, year, updated_at DESC);
    CREATE INDEX submissions_city_idx ON submissions (city_code, year, updated_at DESC);
    CREATE INDEX submissions_enterprise_idx ON submissions (enterprise_id, year);
    CREATE INDEX submissions_updated_idx ON submissions (updated_at DESC);
    CREATE INDEX submissions_experts_idx ON submissions USING gin (experts);
    CREATE INDEX submissions_operators_idx ON submissions USING gin (invited_operators);

    CREATE TABLE submission_history (
      submission_id uuid NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
      seq int NOT NULL,
      action text NOT NULL,
      actor_id text,
      actor_name text,
      actor_role text,
      at timestamptz NOT NULL,
      reason text,
      from_phase text,
      to_phase text,
      details jsonb,
      PRIMARY KEY (submission_id, seq)
    );

    CREATE TABLE enterprise_profiles (
      enterprise_id uuid NOT NULL REFERENCES users(id),
      year int NOT NULL,
      data jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (enterprise_id, year)
    );

    CREATE TABLE files (
      id uuid PRIMARY KEY,
      owner_id uuid NOT NULL REFERENCES users(id),
      storage_name text NOT NULL UNIQUE,
      original_name text,
      mime text NOT NULL,
      size int NOT NULL,
      sha256 char(64) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE messages (
      id bigserial PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      title text NOT NULL,
      body text NOT NULL,
      submission_id uuid,
      dedupe_key text UNIQUE,
      read_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX messages_user_idx ON messages (user_id, created_at DESC);

    CREATE TABLE email_outbox (
      id bigserial PRIMARY KEY,
      to_address text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      dedupe_key text UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql(`
    DROP TABLE IF EXISTS email_outbox, messages, files, enterprise_profiles, submission_history, submissions, projects,
      campaigns, audit_log, captchas, sessions, users CASCADE;
    DROP FUNCTION IF EXISTS audit_log_append_only();
  `);
};
