import type { MigrationFn } from '../migrator';

/**
 * Issue 12.6 and 12.7:
 * - `province_settings`: per province, who reviews new enterprise registrations (粤工信工业互联网函〔2025〕10号: the
 *   cities do the 初审 of 新增企业): 'admin' (the platform's administrator alone, the default), 'city_then_admin'
 *   (the city's 工信局 first, then the administrator) or 'city' (the city's 工信局 instead of the administrator).
 * - users: where a pending registration is (`registration_stage` 'city' | 'admin'), the city's decision, and when
 *   an untouched city review was escalated (3 working days, by the scheduled escalation workflow).
 * - `eligibility_exceptions`: enterprises the ministry allows to declare although their 国民经济分类 is outside the
 *   notice's sectors, by 统一社会信用代码 (so an exception can precede the registration), with the reason; revoking
 *   keeps the row (who, when, why) — the audit log records both.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    CREATE TABLE province_settings (
      province_code char(6) PRIMARY KEY,
      registration_review text NOT NULL DEFAULT 'admin' CHECK (registration_review IN ('admin','city_then_admin','city')),
      updated_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    ALTER TABLE users
      ADD COLUMN registration_stage text CHECK (registration_stage IN ('city','admin')),
      ADD COLUMN city_reviewed_by uuid,
      ADD COLUMN city_reviewed_at timestamptz,
      ADD COLUMN escalated_at timestamptz;
    -- Pending requests waiting for a city, by city, oldest first; and the escalation scan.
    CREATE INDEX users_city_review_idx ON users (city_code, created_at) WHERE status = 'pending' AND registration_stage = 'city';

    CREATE TABLE eligibility_exceptions (
      uscc char(18) PRIMARY KEY,
      org_name text,
      reason text NOT NULL,
      granted_by uuid NOT NULL,
      granted_at timestamptz NOT NULL DEFAULT now(),
      revoked_by uuid,
      revoked_at timestamptz,
      revoke_reason text
    );
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql(`
    DROP TABLE IF EXISTS eligibility_exceptions;
    DROP INDEX IF EXISTS users_city_review_idx;
    ALTER TABLE users DROP COLUMN IF EXISTS registration_stage, DROP COLUMN IF EXISTS city_reviewed_by,
      DROP COLUMN IF EXISTS city_reviewed_at, DROP COLUMN IF EXISTS escalated_at;
    DROP TABLE IF EXISTS province_settings;
  `);
};
