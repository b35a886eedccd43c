/**
 * 项目状态 choices of the list filter (issue 11.1): the phases, with 待推荐 split as the list reads it — a submitted
 * project still awaiting the city's 初审 is 待初审, not 待推荐 (its status text already says so).
 */
import { PHASES, PHASE_LABELS, type Phase } from './phases';

export const AWAITING_CITY_REVIEW = 'awaiting_city_review';

/** In the order the filter offers them: 待初审 right after 暂存. */
export const LIST_STATUSES = [PHASES[0], AWAITING_CITY_REVIEW, ...PHASES.slice(1)] as const;
export type ListStatus = Phase | typeof AWAITING_CITY_REVIEW;

export const LIST_STATUS_LABELS: Record<ListStatus, string> = { ...PHASE_LABELS, [AWAITING_CITY_REVIEW]: '待初审' };
