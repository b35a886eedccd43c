/**
 * 项目状态 as the list filter and the statistics read it (issue 11.1): the phases, with 待推荐 split — a submitted
 * project still awaiting the city's 初审 is 待初审, not 待推荐 (its status text already says so). The SQL form of the
 * rule is db/listStatus.ts.
 */
import { PHASES, PHASE_LABELS, type Phase } from './phases';

export const AWAITING_CITY_REVIEW = 'awaiting_city_review';

/** In the order the filter offers them: 待初审 right after 暂存. */
export const LIST_STATUSES = [PHASES[0], AWAITING_CITY_REVIEW, ...PHASES.slice(1)] as const;
export type ListStatus = Phase | typeof AWAITING_CITY_REVIEW;

export const LIST_STATUS_LABELS: Record<ListStatus, string> = { ...PHASE_LABELS, [AWAITING_CITY_REVIEW]: '待初审' };

/** The phase a status lies in (待初审 is a part of submitted). */
export function phaseOfListStatus(status: ListStatus): Phase {
  return status === AWAITING_CITY_REVIEW ? 'submitted' : status;
}
