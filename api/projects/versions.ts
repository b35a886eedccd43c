/**
 * Saved versions of a declaration (issue 11.5): the form at any version, the list of versions, and the difference
 * between two of them. The full form at version v is, per section, the latest `form_versions` row at or below v
 * (decided in COORDINATION.md; written by the projection activity with every 暂存 / 下一页).
 */
import type { Sequelize } from 'sequelize';
import { diffForms, type FieldChange } from '../../domain/form/diff';
import { SECTION_LABELS, type SectionKey } from '../../domain/form';
import { ApiError } from '../errors';
import type { PersonAction } from '../../domain/lifecycle/actions';

export async function formAtVersion(sequelize: Sequelize, submissionId: string, version: number): Promise<Record<string, unknown>> {
  const [rows] = await sequelize.query(
    `SELECT DISTINCT ON (section) section, data FROM form_versions WHERE submission_id = :id AND form_version <= :version
      ORDER BY section, form_version DESC`,
    { replacements: { id: submissionId, version } },
  );
  return Object.fromEntries((rows as { section: string; data: unknown }[]).map((r) => [r.section, r.data]));
}

export async function diffVersions(sequelize: Sequelize, submissionId: string, from: number, to: number): Promise<FieldChange[]> {
  const [before, after] = await Promise.all([formAtVersion(sequelize, submissionId, from), formAtVersion(sequelize, submissionId, to)]);
  return diffForms(before, after);
}

/**
 * A refusal of an action that named the form version the regulator looked at (推荐) because the enterprise saved
 * since: the same 409, with the version now and the fields changed since, so the confirm dialog can show them and
 * the regulator re-check and act in one step.
 */
export async function withChangesSince(sequelize: Sequelize, submissionId: string, action: PersonAction, error: unknown): Promise<unknown> {
  if (!(error instanceof ApiError) || error.code !== 'FORM_VERSION_STALE' || !('formVersion' in action)) return error;
  const [rows] = await sequelize.query('SELECT form_version FROM submissions WHERE id = :id', { replacements: { id: submissionId } });
  const current = (rows as { form_version: number }[])[0]?.form_version;
  if (current === undefined || current <= action.formVersion) return error;
  const changes = await diffVersions(sequelize, submissionId, action.formVersion, current);
  return new ApiError(error.status, error.code, error.message, { formVersion: current, changes });
}

export interface VersionEntry {
  formVersion: number;
  savedAt: Date;
  savedBy: string | null;
  sections: { section: string; label: string }[];
  /** This version was submitted (提交) at least once. */
  submitted: boolean;
}

/** Every saved version, newest first, with who saved which sections and whether it was submitted. */
export async function listVersions(sequelize: Sequelize, submissionId: string): Promise<VersionEntry[]> {
  const [[rows], [submits]] = await Promise.all([
    sequelize.query(
      `SELECT v.form_version, max(v.saved_at) AS saved_at, max(u.name) AS saved_by, array_agg(v.section ORDER BY v.section) AS sections
         FROM form_versions v LEFT JOIN users u ON u.id = v.saved_by
        WHERE v.submission_id = :id GROUP BY v.form_version ORDER BY v.form_version DESC`,
      { replacements: { id: submissionId } },
    ),
    sequelize.query(`SELECT DISTINCT (details ->> 'formVersion')::int AS version FROM submission_history WHERE submission_id = :id AND action = 'submit'`, {
      replacements: { id: submissionId },
    }),
  ]);
  const submitted = new Set((submits as { version: number }[]).map((s) => s.version));
  return (rows as { form_version: number; saved_at: Date; saved_by: string | null; sections: string[] }[]).map((r) => ({
    formVersion: r.form_version,
    savedAt: r.saved_at,
    savedBy: r.saved_by,
    sections: r.sections.map((section) => ({ section, label: SECTION_LABELS[section as SectionKey] ?? section })),
    submitted: submitted.has(r.form_version),
  }));
}
