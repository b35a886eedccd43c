import type { MigrationFn } from '../migrator';

/**
 * Account security (issue 14.5–14.7, 等保2.0 三级):
 *
 * - roles: 安全管理员 `security_admin` and 审计管理员 `audit_admin` beside 系统管理员 `admin` (三员分立);
 * - `first_sign_in_sms`: an account imported with the public initial password (enterprise name + 123456) also
 *   proves its registered mobile by SMS at the first sign-in; cleared when the password is changed or reset;
 * - `password_changed_at` (periodic change reminders for staff) and `password_history` (no reuse of the last 5);
 * - `login_failures`: failed sign-ins counted per account *and* client address (lockout that nobody can use to
 *   lock someone else out from another address), unknown accounts included (the same answer for both);
 * - `mobile_confirmed`: false after an administrator changed the mobile; SMS sign-in waits until the user signed in
 *   with the password once (an administrator cannot take over an account by changing its mobile);
 * - the audit log becomes tamper-evident and unchangeable by the application:
 *   · every row carries `prev_hash` and `hash` = sha256(prev_hash | the row's fields): a hash chain that
 *     `npm run audit:verify` recomputes (any changed, removed or inserted row breaks it);
 *   · rows are written only through `audit_append(…)`, a SECURITY DEFINER function that serialises writers with an
 *     advisory lock and links each row to the last one;
 *   · the application's runtime role `factory5g_app` (NOLOGIN group; the API and the worker log in as a member of it
 *     in production, see deploy/postgres/init-roles.sh) may SELECT the log and EXECUTE audit_append, nothing else:
 *     no INSERT, UPDATE, DELETE or TRUNCATE, and it does not own the table, so it cannot disable the triggers
 *     either. The owner is the migrating role, used only for migrations.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
    ALTER TABLE users ADD CONSTRAINT users_role_check
      CHECK (role IN ('enterprise','operator','city_miit','province_miit','province_ca','ministry','expert','admin','security_admin','audit_admin'));

    ALTER TABLE users
      ADD COLUMN first_sign_in_sms boolean NOT NULL DEFAULT false,
      ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN mobile_confirmed boolean NOT NULL DEFAULT true;
    UPDATE users SET first_sign_in_sms = true WHERE registration ->> 'source' = 'import-2024' AND must_change_password;

    CREATE TABLE password_history (
      id bigserial PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX password_history_user_idx ON password_history (user_id, created_at DESC);

    -- key = lower(account name) + client address; also for names that have no account.
    CREATE TABLE login_failures (
      key text PRIMARY KEY,
      failures int NOT NULL DEFAULT 0,
      locked_until timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX login_failures_updated_idx ON login_failures (updated_at);

    -- The hash chain.
    ALTER TABLE audit_log ADD COLUMN prev_hash char(64), ADD COLUMN hash char(64);

    CREATE FUNCTION audit_row_hash(prev_hash text, r audit_log) RETURNS char(64) LANGUAGE sql IMMUTABLE AS $$
      SELECT encode(sha256(convert_to(concat_ws('|',
        prev_hash,
        r.id::text,
        to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        quote_nullable(r.user_id::text), quote_nullable(r.username), quote_nullable(r.role), quote_literal(r.action),
        quote_nullable(r.target_type), quote_nullable(r.target_id), quote_literal(r.outcome), quote_nullable(r.ip),
        quote_nullable(r.request_id), quote_nullable(r.details::text), quote_nullable(r.dedupe_key)
      ), 'UTF8')), 'hex')
    $$;

    -- Chain what is there already, in id order (the row trigger would refuse these updates: off for this step).
    ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
    DO $$
    DECLARE
      r audit_log;
      prev text := repeat('0', 64);
    BEGIN
      FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
        UPDATE audit_log SET prev_hash = prev, hash = audit_row_hash(prev, r) WHERE id = r.id;
        prev := audit_row_hash(prev, r);
      END LOOP;
    END $$;
    ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;

    -- The one way in: serialised, linked to the last row, idempotent by dedupe_key (retried activities).
    CREATE FUNCTION audit_append(
      p_at timestamptz, p_user_id uuid, p_username text, p_role text, p_action text, p_target_type text, p_target_id text,
      p_outcome text, p_ip text, p_request_id text, p_details jsonb, p_dedupe_key text
    ) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      r audit_log;
      prev text;
    BEGIN
      -- Held until the caller's transaction ends, so rows are numbered, linked and committed in one order.
      PERFORM pg_advisory_xact_lock(50051);
      IF p_dedupe_key IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE dedupe_key = p_dedupe_key) THEN
        RETURN NULL;
      END IF;
      SELECT hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
      r.id := nextval('audit_log_id_seq');
      r.at := COALESCE(p_at, now());
      r.user_id := p_user_id;
      r.username := p_username;
      r.role := p_role;
      r.action := p_action;
      r.target_type := p_target_type;
      r.target_id := p_target_id;
      r.outcome := COALESCE(p_outcome, 'ok');
      r.ip := p_ip;
      r.request_id := p_request_id;
      r.details := p_details;
      r.dedupe_key := p_dedupe_key;
      r.prev_hash := COALESCE(prev, repeat('0', 64));
      r.hash := audit_row_hash(r.prev_hash, r);
      INSERT INTO audit_log SELECT (r).*;
      RETURN r.id;
    END $$;

    -- The runtime role: reads and writes everything the application needs, the audit log only through audit_append.
    -- In production the role is made by deploy/postgres/init-roles.sh (the application's own user may not create
    -- roles, and PostgreSQL checks that privilege before it checks whether the role exists).
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factory5g_app') THEN
        CREATE ROLE factory5g_app NOLOGIN;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;
    GRANT USAGE ON SCHEMA public TO factory5g_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO factory5g_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO factory5g_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO factory5g_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO factory5g_app;
    REVOKE ALL ON audit_log FROM PUBLIC;
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM factory5g_app;
    GRANT SELECT ON audit_log TO factory5g_app;
    REVOKE ALL ON SEQUENCE audit_log_id_seq FROM factory5g_app;
    REVOKE ALL ON FUNCTION audit_append(timestamptz, uuid, text, text, text, text, text, text, text, text, jsonb, text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION audit_append(timestamptz, uuid, text, text, text, text, text, text, text, text, jsonb, text) TO factory5g_app;
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql(`
    DROP FUNCTION IF EXISTS audit_append(timestamptz, uuid, text, text, text, text, text, text, text, text, jsonb, text);
    GRANT INSERT ON audit_log TO factory5g_app;
    ALTER TABLE audit_log DROP COLUMN IF EXISTS hash, DROP COLUMN IF EXISTS prev_hash;
    DROP FUNCTION IF EXISTS audit_row_hash(text, audit_log);
    DROP TABLE IF EXISTS login_failures, password_history;
    ALTER TABLE users DROP COLUMN IF EXISTS first_sign_in_sms, DROP COLUMN IF EXISTS password_changed_at, DROP COLUMN IF EXISTS mobile_confirmed;
    DELETE FROM users WHERE role IN ('security_admin', 'audit_admin');
    ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
    ALTER TABLE users ADD CONSTRAINT users_role_check
      CHECK (role IN ('enterprise','operator','city_miit','province_miit','province_ca','ministry','expert','admin'));
  `);
};
