/**
 * 项目状态 of a submissions row in SQL (domain/listStatus.ts): one rule, read by the list filter (api/projects/
 * repository.ts) and the statistics (api/routes/stats.ts), so their counts always agree.
 */
import { AWAITING_CITY_REVIEW, phaseOfListStatus, type ListStatus } from '../domain/listStatus';

/** A submitted project whose city 初审 is pending is 待初审; every other row is its phase. */
export const LIST_STATUS_SQL = `(CASE WHEN phase = 'submitted' AND city_review = 'pending' THEN '${AWAITING_CITY_REVIEW}' ELSE phase END)`;

/**
 * The WHERE clause (replacements added to `params`) of rows in any of `statuses`. The phase test comes first so the
 * (…, phase, …) indexes still narrow the rows; the status expression then decides.
 */
export function listStatusClause(statuses: readonly ListStatus[], params: Record<string, unknown>): string {
  params.statusPhases = [...new Set(statuses.map(phaseOfListStatus))];
  params.statuses = [...statuses];
  return `(phase IN (:statusPhases) AND ${LIST_STATUS_SQL} IN (:statuses))`;
}
