/**
 * The PostgreSQL projection of submission workflows: one transaction per accepted action writes the list columns,
 * the state, the history line, the audit line, the queue rows, the 站内信 and (with a save) the section and its version. Every write is guarded by
 * the workflow's event sequence number (`seq`), so a retried or replayed write never moves a row backwards; history
 * rows and notifications are keyed by (submission, seq), so they are written once.
 *
 * The transaction costs four round trips whatever the transition writes (issue 15.5: an action's answer waits for
 * it): BEGIN; the section write and the row locked and read, sent together; every other statement, sent together
 * once the row's columns are known; COMMIT. The statements of a batch are formatted here (sequelize's own replacement
 * escaping) and sent as one simple-protocol query; a failing statement aborts the transaction, which is rolled back.
 * What the write reads elsewhere (the 企业信息 frozen at a submit) is read before the transaction begins, so the
 * write never holds a pooled connection while it waits for a second one.
 *
 * Called by the `recordTransition` activity (activities/projection.ts) and by the projection rebuild (ops/rebuild.ts).
 */
import type { Sequelize } from 'sequelize';
import type { injectReplacements as InjectReplacements } from 'sequelize/types/utils/sql';
import type { RecordTransitionInput } from '../domain/lifecycle/events';
import { notificationsFor } from '../domain/notifications';
import { projectionColumns } from './projectionColumns';
import { effectiveProfile } from './enterpriseProfile';
import { projectQueue } from './projectionQueue';

/**
 * Sequelize's own replacement escaping (what `sequelize.query(sql, { replacements })` does before sending), for a batch
 * of statements sent as one query. Not in the package's root exports, hence the require.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { injectReplacements } = require('sequelize/lib/utils/sql') as { injectReplacements: typeof InjectReplacements };

export async function writeTransition(sequelize: Sequelize, { submissionId, state, event, sectionWrite }: RecordTransitionInput): Promise<void> {
  // 企业信息 of the campaign year (or the registration data) is frozen into the submission at each submit — the same
  // record the 企业信息 page and the submit check read.
  const profile = event.action === 'submit' ? await effectiveProfile(sequelize, state.enterpriseId, state.year) : null;
  const { dialect } = sequelize as unknown as { dialect: Parameters<typeof injectReplacements>[1] };
  const format = (sql: string, replacements: Record<string, unknown>) => injectReplacements(sql, dialect, replacements);
  await sequelize.transaction(async (transaction) => {
    let batch: string[] = [];
    const q = async (sql: string, replacements: Record<string, unknown>): Promise<void> => {
      batch.push(format(sql, replacements));
    };
    const send = async () => {
      const [rows] = await sequelize.query(batch.join(';\n'), { transaction });
      batch = [];
      return rows;
    };
    if (sectionWrite) {
      await q(
        `UPDATE submissions SET sections = jsonb_set(sections, ARRAY[:section]::text[], CAST(:data AS jsonb), true), form_version = :formVersion
          WHERE id = :id AND form_version < :formVersion`,
        { id: submissionId, section: sectionWrite.section, data: JSON.stringify(sectionWrite.data ?? {}), formVersion: state.formVersion },
      );
      // The section as saved at this version, for 对比版本 (issue 11.5).
      await q(
        `INSERT INTO form_versions (submission_id, form_version, section, data, saved_by, saved_at)
         VALUES (:id, :formVersion, :section, CAST(:data AS jsonb), :savedBy, :at) ON CONFLICT DO NOTHING`,
        { id: submissionId, section: sectionWrite.section, data: JSON.stringify(sectionWrite.data ?? {}), formVersion: state.formVersion, savedBy: event.actorId ?? null, at: event.at },
      );
    }
    // Only the SELECT returns rows: the batch's rows are this one's.
    await q(`SELECT s.sections -> 'projectInfo' AS project_info FROM submissions s WHERE s.id = :id FOR UPDATE`, { id: submissionId });
    const row = ((await send()) as { project_info: Record<string, unknown> | null }[])[0];
    if (!row) throw new Error(`submission ${submissionId} has no row`);
    if (profile) {
      await q(
        `UPDATE submissions SET enterprise_snapshot = CAST(:profile AS jsonb), submitted_at = COALESCE(submitted_at, :at)
          WHERE id = :id AND seq < :seq`,
        { id: submissionId, at: event.at, seq: state.seq, profile: JSON.stringify(profile.data) },
      );
    }
    const columns = projectionColumns(state, row.project_info ?? {});
    await q(
      `UPDATE submissions SET seq = :seq, phase = :phase, state = CAST(:state AS jsonb), status_text = :statusText,
          name = :name, project_type = :projectType, level = :level, stage = :stage, industry = :industry,
          national_economy_code = :nationalEconomyCode, province_code = :provinceCode, city_code = :cityCode,
          district_code = :districtCode, address_text = :addressText, city_review = :cityReview,
          recommendations = CAST(:recommendations AS jsonb), withdrawal = CAST(:withdrawal AS jsonb),
          experts = CAST(:experts AS uuid[]), invited_operators = CAST(:invitedOperators AS uuid[]), is_case = :isCase,
          step = :step, step_since = :stepSince, step_due = :stepDue, step_overdue_at = :stepOverdueAt,
          due_at = :dueAt, due_phase = :duePhase, due_status_text = :dueStatusText,
          projected_at = now(), updated_at = CASE WHEN seq < :seq THEN :at ELSE updated_at END
        WHERE id = :id AND seq <= :seq`,
      { id: submissionId, seq: state.seq, phase: state.phase, at: event.at, state: JSON.stringify(state), ...columns },
    );
    // Keyed by seq, and the latest write of a seq wins: a local activity (issue 15.5) runs inside a workflow task, and
    // when that task is lost (Temporal restarting) its write is done while the workflow later gives the same seq to
    // another action. The write of the action that did happen comes after and replaces the stale row; a repeated
    // write of the same event changes nothing.
    await q(
      `INSERT INTO submission_history (submission_id, seq, action, actor_id, actor_name, actor_role, at, reason, from_phase, to_phase, details)
       VALUES (:id, :seq, :action, :actorId, :actorName, :actorRole, :at, :reason, :fromPhase, :toPhase, CAST(:details AS jsonb))
       ON CONFLICT (submission_id, seq) DO UPDATE SET action = EXCLUDED.action, actor_id = EXCLUDED.actor_id,
         actor_name = EXCLUDED.actor_name, actor_role = EXCLUDED.actor_role, at = EXCLUDED.at, reason = EXCLUDED.reason,
         from_phase = EXCLUDED.from_phase, to_phase = EXCLUDED.to_phase, details = EXCLUDED.details
       WHERE (submission_history.action, submission_history.actor_id, submission_history.at)
         IS DISTINCT FROM (EXCLUDED.action, EXCLUDED.actor_id, EXCLUDED.at)`,
      {
        id: submissionId,
        seq: event.seq,
        action: event.action,
        actorId: event.actorId ?? null,
        actorName: event.actorName ?? null,
        actorRole: event.actorRole ?? null,
        at: event.at,
        reason: event.reason ?? null,
        fromPhase: event.fromPhase ?? null,
        toPhase: event.toPhase ?? null,
        details: event.details ? JSON.stringify(event.details) : null,
      },
    );
    if (event.actorRole && event.actorRole !== 'system') {
      await q(
        // Through audit_append (hash chain, issue 14.6), idempotent by the key.
        `SELECT audit_append(CAST(:at AS timestamptz), CAST(:userId AS uuid), :username, :role, :action, 'submission', :id, 'ok', NULL, NULL, CAST(:details AS jsonb), :key)`,
        {
          at: event.at,
          userId: event.actorId ?? null,
          username: event.actorName ?? null,
          role: event.actorRole,
          action: `project.${event.action}`,
          id: submissionId,
          details: JSON.stringify({ from: event.fromPhase, to: event.toPhase, reason: event.reason ?? undefined }),
          key: `submission:${submissionId}:${event.seq}`,
        },
      );
    }
    if (event.action === 'create') {
      // The form the draft starts from (blank, or copied from last year's declaration) is its first version.
      await q(
        `INSERT INTO form_versions (submission_id, form_version, section, data, saved_by, saved_at)
         SELECT s.id, s.form_version, e.key, e.value, CAST(:savedBy AS uuid), :at FROM submissions s, jsonb_each(s.sections) e WHERE s.id = :id
         ON CONFLICT DO NOTHING`,
        { id: submissionId, savedBy: event.actorId ?? null, at: event.at },
      );
    }
    await projectQueue(q, submissionId, state, event, columns.name);
    for (const note of notificationsFor(state, event, columns.name)) {
      await q(
        `INSERT INTO messages (user_id, title, body, submission_id, dedupe_key) VALUES (:userId, :title, :body, :id, :key)
         ON CONFLICT (dedupe_key) DO NOTHING`,
        { ...note, id: submissionId, key: `submission:${submissionId}:${event.seq}:${note.userId}` },
      );
    }
    await send();
  });
}
