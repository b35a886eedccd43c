/**
 * 项目状态 of a submissions row in SQL (domain/listStatus.ts): one rule, read by the list filter (api/projects/
 * repository.ts) and the statistics (api/routes/stats.ts), so their counts always agree.
 */
import { AWAITING_CITY_REVIEW, phaseOfListStatus, type ListStatus } from '../domain/listStatus';

/**
 * A submitted project whose city 初审 is pending is 待初审; every other row is its phase — as at `:now` (the caller sets
 * it): a deadline whose instant has passed counts from then on, although the workflow may not have written it yet
 * (due_phase, issue 15.4; a deadline never leads to 'submitted', so 待初审 needs no due form).
 */
export const LIST_STATUS_SQL = `(CASE WHEN due_at <= :now THEN due_phase WHEN phase = 'submitted' AND city_review = 'pending' THEN '${AWAITING_CITY_REVIEW}' ELSE phase END)`;

/**
 * The WHERE clause (replacements added to `params`; `:now` set by the caller) of rows in any of `statuses`. The phase
 * test comes first so the (…, phase, …) indexes still narrow the rows; the status expression then decides.
 */
export function listStatusClause(statuses: readonly ListStatus[], params: Record<string, unknown>): string {
  params.statusPhases = [...new Set(statuses.map(phaseOfListStatus))];
  params.statuses = [...statuses];
  // Written out so that each side can use an index (on phase, or on due_phase).
  return `((phase IN (:statusPhases) AND (due_at IS NULL OR due_at > :now) AND ${LIST_STATUS_SQL} IN (:statuses)) OR (due_at <= :now AND due_phase IN (:statuses)))`;
}
