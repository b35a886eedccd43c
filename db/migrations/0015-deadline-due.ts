import type { MigrationFn } from '../migrator';
import type { SubmissionState } from '../../domain/lifecycle/state';
import { dueColumns } from '../../domain/lifecycle/due';

/**
 * Issue 15.4 — a deadline counts from its instant: submissions.due_at / due_phase / due_status_text say what a
 * submission becomes at its next deadline, so that lists, counts and exports show the post-deadline status from the
 * instant on (api/projects/repository PHASE_NOW), before the workflow's own write lands. Written with every
 * transition by the projection; filled here for existing rows from their stored state.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    ALTER TABLE submissions ADD COLUMN due_at timestamptz, ADD COLUMN due_phase text, ADD COLUMN due_status_text text;
    CREATE INDEX submissions_due_idx ON submissions (year, due_phase, due_at) WHERE due_at IS NOT NULL;
  `);
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const [rows] = (await sql(`SELECT id, state, province_code, city_code FROM submissions WHERE state IS NOT NULL AND id > :after ORDER BY id LIMIT 500`, { after })) as [
      { id: string; state: SubmissionState; province_code: string | null; city_code: string | null }[],
      unknown,
    ];
    if (!rows.length) break;
    for (const row of rows) {
      const c = dueColumns(row.state, { provinceCode: row.state.provinceCode || row.province_code, cityCode: row.state.cityCode || row.city_code });
      if (!c.dueAt) continue;
      await sql('UPDATE submissions SET due_at = :dueAt, due_phase = :duePhase, due_status_text = :dueStatusText WHERE id = :id', { id: row.id, ...c });
    }
    after = rows[rows.length - 1]!.id;
  }
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql(`
    DROP INDEX IF EXISTS submissions_due_idx;
    ALTER TABLE submissions DROP COLUMN IF EXISTS due_at, DROP COLUMN IF EXISTS due_phase, DROP COLUMN IF EXISTS due_status_text;
  `);
};
