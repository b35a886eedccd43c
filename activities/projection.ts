/**
 * The `recordTransition` activity: the projection write of db/projection.ts, with Temporal's view of its failures
 * (transient ones retry, permanent ones are recorded and refuse the action).
 */
import type { Sequelize } from 'sequelize';
import { ApplicationFailure } from '@temporalio/common';
import { classifyDatabaseError, permanentFailureType } from '../db/errors';
import { cleanText } from '../domain/text';
import type { RecordTransitionInput } from './contract';
import { writeTransition } from '../db/projection';

export function createProjectionActivities(deps: { sequelize: Sequelize }) {
  const { sequelize } = deps;

  /**
   * A transient failure (PostgreSQL restarting, a serialization conflict) is thrown as it is: Temporal retries with
   * back-off. A permanent one (22xxx data the database cannot hold, a 23xxx constraint the write breaks) is
   * recorded for the stuck monitor and fails non-retryable, so the action is answered with an error instead of
   * waiting for a retry that can never succeed (issue 14.2).
   */
  async function recordTransition(input: RecordTransitionInput): Promise<void> {
    try {
      await writeTransition(sequelize, input);
      unnoted.delete(input.submissionId);
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
   * When PostgreSQL itself is down nothing can be noted: the failure waits in this worker's memory and is written as
   * soon as PostgreSQL answers again, so the monitor shows it from the moment it can read — not only after the next
   * attempt of the back-off, which may be minutes away.
   */
  const unnoted = new Map<string, { input: RecordTransitionInput; message: string; failures: number }>();
  let flushTimer: NodeJS.Timeout | null = null;

  const note = (input: RecordTransitionInput, message: string, failures: number) =>
    sequelize.query(
      `INSERT INTO projection_pending (submission_id, seq, action, attempts, last_failure) VALUES (:submissionId, :seq, :action, :failures, :message)
       ON CONFLICT (submission_id) DO UPDATE SET
         attempts = CASE WHEN projection_pending.seq = EXCLUDED.seq THEN projection_pending.attempts + EXCLUDED.attempts ELSE EXCLUDED.attempts END,
         first_failed_at = CASE WHEN projection_pending.seq = EXCLUDED.seq THEN projection_pending.first_failed_at ELSE now() END,
         seq = EXCLUDED.seq, action = EXCLUDED.action, last_failed_at = now(), last_failure = EXCLUDED.last_failure`,
      { replacements: { submissionId: input.submissionId, seq: input.event.seq, action: input.event.action, failures, message } },
    );

  async function notePending(input: RecordTransitionInput, err: unknown): Promise<void> {
    const message = cleanText(String((err as Error)?.message ?? err), 1000);
    try {
      await note(input, message, 1);
    } catch {
      const earlier = unnoted.get(input.submissionId);
      const failures = earlier && earlier.input.event.seq === input.event.seq ? earlier.failures + 1 : 1;
      unnoted.set(input.submissionId, { input, message, failures });
      flushSoon();
    }
  }

  function flushSoon(): void {
    if (flushTimer) return;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      void (async () => {
        for (const [submissionId, entry] of unnoted) {
          try {
            await note(entry.input, entry.message, entry.failures);
            if (unnoted.get(submissionId) === entry) unnoted.delete(submissionId);
          } catch {
            break; // still down: try again in a second
          }
        }
        if (unnoted.size > 0) flushSoon();
      })();
    }, 1000);
    flushTimer.unref();
  }

  return { recordTransition };
}
