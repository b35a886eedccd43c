/**
 * The PostgreSQL projection of submission workflows. Every write is guarded by the workflow's event sequence
 * number (`seq`), so a retried or replayed activity never moves a row backwards; history rows and notifications
 * are keyed by (submission, seq), so they are written once.
 */
import type { Sequelize } from 'sequelize';
import { ApplicationFailure } from '@temporalio/common';
import { classifyDatabaseError, permanentFailureType } from '../db/errors';
import { cleanText } from '../domain/text';
import type { RecordTransitionInput } from './contract';
import { projectionColumns } from './projectionColumns';
import { notificationsFor } from './notifications';
import { projectQueue } from './projectionQueue';
import { effectiveProfile } from '../db/enterpriseProfile';

export function createProjectionActivities(deps: { sequelize: Sequelize; clock: () => Date }) {
  const { sequelize } = deps;

  /**
   * A transient failure (PostgreSQL restarting, a serialization conflict) is thrown as it is: Temporal retries with
   * back-off. A permanent one (22xxx data the database cannot hold, a 23xxx constraint the write breaks) is
   * recorded for the stuck monitor and fails non-retryable, so the action is answered with an error instead of
   * waiting for a retry that can never succeed (issue 14.2).
   */
  async function recordTransition(input: RecordTransitionInput): Promise<void> {
    try {
      await writeTransition(input);
    } catch (err) {
      const failure = classifyDatabaseError(err);
      if (failure.kind !== 'permanent') {
        await notePending(input, err);
        throw err;
      }
      const type = permanentFailureType(failure);
      await sequelize
        .query(
          `INSERT INTO projection_failures (submission_id, seq, action, sqlstate, failure_type, message)
           VALUES (:submissionId, :seq, :action, :sqlstate, :type, :message)`,
          { replacements: { submissionId: input.submissionId, seq: input.event.seq, action: input.event.action, sqlstate: failure.sqlstate ?? null, type, message: cleanText(failure.message, 1000) } },
        )
        .catch(() => undefined); // the refusal is answered even if it cannot be recorded
      // The person reads a reason without PostgreSQL's own words (they may name tables and values); the admin
      // reads those in the monitor.
      const message =
        type === 'PROJECTION_CONSTRAINT_VIOLATED'
          ? `操作未能保存：与已有数据冲突（错误代码 ${failure.sqlstate}），请刷新后重试；如仍失败请联系管理员`
          : `保存失败：内容无法写入数据库（错误代码 ${failure.sqlstate}），请修改后重试；如仍失败请联系管理员`;
      throw ApplicationFailure.create({ type, message, nonRetryable: true, details: [{ sqlstate: failure.sqlstate }] });
    }
  }

  /**
   * A transient failure is noted for the stuck monitor (活动重试中, issue 13.1) on its own connection, outside the
   * failed transaction; the row is read only while the projection is behind its seq, so success needs no cleanup.
   */
  async function notePending(input: RecordTransitionInput, err: unknown): Promise<void> {
    await sequelize
      .query(
        `INSERT INTO projection_pending (submission_id, seq, action, last_failure) VALUES (:submissionId, :seq, :action, :message)
         ON CONFLICT (submission_id) DO UPDATE SET
           attempts = CASE WHEN projection_pending.seq = EXCLUDED.seq THEN projection_pending.attempts + 1 ELSE 1 END,
           first_failed_at = CASE WHEN projection_pending.seq = EXCLUDED.seq THEN projection_pending.first_failed_at ELSE now() END,
           seq = EXCLUDED.seq, action = EXCLUDED.action, last_failed_at = now(), last_failure = EXCLUDED.last_failure`,
        {
          replacements: {
            submissionId: input.submissionId,
            seq: input.event.seq,
            action: input.event.action,
            message: cleanText(String((err as Error)?.message ?? err), 1000),
          },
        },
      )
      .catch(() => undefined); // PostgreSQL down: nothing can be noted, and the monitor cannot read either
  }

  async function writeTransition({ submissionId, state, event, sectionWrite }: RecordTransitionInput): Promise<void> {
    await sequelize.transaction(async (transaction) => {
      const q = (sql: string, replacements: Record<string, unknown>) => sequelize.query(sql, { replacements, transaction });
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
      const [rows] = await q(
        `SELECT s.sections -> 'projectInfo' AS project_info, s.enterprise_id, s.year
           FROM submissions s WHERE s.id = :id FOR UPDATE`,
        { id: submissionId },
      );
      const row = (rows as { project_info: Record<string, unknown> | null; enterprise_id: string; year: number }[])[0];
      if (!row) throw new Error(`submission ${submissionId} has no row`);
      if (event.action === 'submit') {
        // 企业信息 of the campaign year (or the registration data) is frozen into the submission at each submit — the
        // same record the 企业信息 page and the submit check read.
        const profile = await effectiveProfile(sequelize, row.enterprise_id, row.year);
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
            projected_at = now(), updated_at = CASE WHEN seq < :seq THEN :at ELSE updated_at END
          WHERE id = :id AND seq <= :seq`,
        { id: submissionId, seq: state.seq, phase: state.phase, at: event.at, state: JSON.stringify(state), ...columns },
      );
      await q(
        `INSERT INTO submission_history (submission_id, seq, action, actor_id, actor_name, actor_role, at, reason, from_phase, to_phase, details)
         VALUES (:id, :seq, :action, :actorId, :actorName, :actorRole, :at, :reason, :fromPhase, :toPhase, CAST(:details AS jsonb))
         ON CONFLICT (submission_id, seq) DO NOTHING`,
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
    });
  }

  return { recordTransition };
}
