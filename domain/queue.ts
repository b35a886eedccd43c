/**
 * 待我处理 (issue 11): which office a submission is waiting for, since when, until when, and when to escalate.
 * Pure: the projection writes these rows from workflow state, the workflow arms its escalation timers from the same
 * functions, and the API and UI read the labels from here.
 *
 * An *office* is the unit that must act, whoever of its staff does it: one city 工信局 (`city_miit:440100`), one
 * provincial 工信厅 or 通信管理局 (`province_miit:440000`, `province_ca:440000`), the ministry (`ministry`), or one
 * expert (`expert:<userId>`) — an expert scores in person. A submission waits at one *step* at a time (初审, 推荐,
 * 撤回申请, …); a step may wait for several offices at once (both provincial authorities).
 *
 * Decisions where the spec is silent:
 * - An item is in an office's queue exactly when the office can take the step's action (what allowedActions offers
 *   it): a project 建设中 is not in the 推荐 queue (it cannot be recommended), an authority that has recommended is
 *   done with it.
 * - The step is a function of the phase and the review state, never of the clock, so the instant a step began
 *   (`stepSince`, set by decide()) is stable across unrelated events (a save, an operator invitation).
 * - 截止时间 (`dueAt`) is the instant the office should act by: the earlier of the SLA (3 working days for 初审 and
 *   withdrawal requests, SPEC §3/§6) and the instant the step closes (初审 / 推荐 deadline). 已超期 is from the SLA
 *   instant (or the expert-review deadline) on; an item whose step has closed leaves the queue.
 * - An expert is reminded `EXPERT_REMINDER_WORKING_DAYS` working days before the expert-review deadline, once per
 *   deadline (a moved deadline reminds again).
 */
import type { Role } from './roles';
import type { SubmissionState } from './lifecycle/state';
import { RECOMMENDING_AUTHORITIES } from './lifecycle/state';
import { addWorkingDays, subtractWorkingDays } from './calendar';
import { HUMAN_STEP_SLA_WORKING_DAYS } from './stuck';

export const QUEUE_STEPS = ['cityReview', 'recommend', 'withdrawal', 'assignExperts', 'score', 'decide', 'onsite', 'publicity', 'objection'] as const;
export type QueueStep = (typeof QUEUE_STEPS)[number];

/** What GET /api/queue/counts answers: the numbers of the dashboard, the menu badge and the queue's tabs. */
export interface QueueCounts {
  all: number;
  mine: number;
  unclaimed: number;
  overdue: number;
  byStep: Partial<Record<QueueStep, number>>;
}

/** What the office has to do, as the queue shows it. */
export const QUEUE_STEP_LABELS: Record<QueueStep, string> = {
  cityReview: '待初审',
  recommend: '待推荐',
  withdrawal: '待处理撤回申请',
  assignExperts: '待分配专家',
  score: '待评分',
  decide: '待评审决定',
  onsite: '待记录现场核验结果',
  publicity: '待开始公示',
  objection: '待处理异议',
};

/** Roles that work from a queue (待我处理 is their landing screen). */
export const REVIEWING_ROLES = ['city_miit', 'province_miit', 'province_ca', 'ministry', 'expert'] as const satisfies readonly Role[];
export type ReviewingRole = (typeof REVIEWING_ROLES)[number];

export function isReviewingRole(role: unknown): role is ReviewingRole {
  return (REVIEWING_ROLES as readonly unknown[]).includes(role);
}

/** Working days before the expert-review deadline at which experts who have not scored are reminded. */
export const EXPERT_REMINDER_WORKING_DAYS = 2;

/** The office a person works for, or null for roles without a queue (and for an office account without its code). */
export function officeOf(actor: { role: Role | string; userId: string; provinceCode?: string | null; cityCode?: string | null }): string | null {
  switch (actor.role) {
    case 'city_miit':
      return actor.cityCode ? `city_miit:${actor.cityCode}` : null;
    case 'province_miit':
    case 'province_ca':
      return actor.provinceCode ? `${actor.role}:${actor.provinceCode}` : null;
    case 'ministry':
      return 'ministry';
    case 'expert':
      return actor.userId ? `expert:${actor.userId}` : null;
    default:
      return null;
  }
}

/** An office key taken apart: the role and the jurisdiction code (or the expert's user id). */
export function parseOffice(office: string): { role: ReviewingRole; code: string | null } | null {
  const [role, code] = office.split(':') as [string, string | undefined];
  if (!isReviewingRole(role)) return null;
  if (role === 'ministry') return code === undefined ? { role, code: null } : null;
  return code ? { role, code } : null;
}

/** The step the submission waits at, or null when no reviewing office has anything to do. */
export function stepOf(state: SubmissionState): QueueStep | null {
  switch (state.phase) {
    case 'submitted':
      return state.cityReviewRequired && state.cityReview === 'pending' ? 'cityReview' : 'recommend';
    case 'partially_recommended':
      return 'recommend';
    case 'withdrawal_requested':
      return 'withdrawal';
    case 'ministry_review': {
      if (state.experts.length === 0) return 'assignExperts';
      const scored = new Set(state.scores.map((s) => s.expertId));
      return state.experts.every((id) => scored.has(id)) ? 'decide' : 'score';
    }
    case 'onsite_verification':
      return state.onsite === null ? 'onsite' : 'decide';
    case 'shortlisted':
      return 'publicity';
    case 'publicity':
      return state.objections.some((o) => o.status === 'open') ? 'objection' : null;
    default:
      return null;
  }
}

/** One office's item in its queue. Instants are ISO strings; null where the step has no such instant. */
export interface QueueItem {
  office: string;
  step: QueueStep;
  /** When the step began (the item has waited since). */
  since: string | null;
  /** 截止时间: act by then (the earlier of the SLA and the step's closing). */
  dueAt: string | null;
  /** 已超期 from then on. */
  overdueAt: string | null;
  /** The step can no longer be taken from then on (初审 / 推荐 deadline): the item leaves the queue. */
  closesAt: string | null;
}

function earliest(...instants: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const each of instants) {
    if (!each) continue;
    if (best === null || Date.parse(each) < Date.parse(best)) best = each;
  }
  return best;
}

function slaInstant(since: string | null): string | null {
  return since ? addWorkingDays(new Date(since), HUMAN_STEP_SLA_WORKING_DAYS).toISOString() : null;
}

/** When the current step began; states written before stepSince existed fall back to what they recorded. */
export function stepSinceOf(state: SubmissionState): string | null {
  if (state.stepSince !== undefined) return state.stepSince;
  return state.phase === 'withdrawal_requested' ? (state.withdrawal?.requestedAt ?? null) : null;
}

function unscoredExperts(state: SubmissionState): string[] {
  const scored = new Set(state.scores.map((s) => s.expertId));
  return state.experts.filter((id) => !scored.has(id));
}

/** Every office the submission waits for now, with the step's instants. */
export function queueItems(state: SubmissionState): QueueItem[] {
  const step = stepOf(state);
  if (step === null) return [];
  const since = stepSinceOf(state);
  const item = (office: string, instants: Pick<QueueItem, 'dueAt' | 'overdueAt' | 'closesAt'>): QueueItem => ({ office, step, since, ...instants });
  const recommendation = state.deadlines.recommendation;
  const expertReview = state.deadlines.expertReview ?? null;
  switch (step) {
    case 'cityReview': {
      if (!state.cityCode) return [];
      const closesAt = earliest(state.deadlines.cityReview, recommendation);
      const overdueAt = slaInstant(since);
      return [item(`city_miit:${state.cityCode}`, { dueAt: earliest(overdueAt, closesAt), overdueAt, closesAt })];
    }
    case 'recommend':
      if (!state.provinceCode || state.stage !== '建设完成') return [];
      return RECOMMENDING_AUTHORITIES.filter((authority) => state.recommendations[authority] === null).map((authority) =>
        item(`${authority}:${state.provinceCode}`, { dueAt: recommendation, overdueAt: null, closesAt: recommendation }),
      );
    case 'withdrawal': {
      if (!state.provinceCode) return [];
      const overdueAt = slaInstant(since);
      return RECOMMENDING_AUTHORITIES.map((authority) =>
        item(`${authority}:${state.provinceCode}`, { dueAt: earliest(overdueAt, recommendation), overdueAt, closesAt: recommendation }),
      );
    }
    case 'score':
      return unscoredExperts(state).map((id) => item(`expert:${id}`, { dueAt: expertReview, overdueAt: expertReview, closesAt: null }));
    case 'assignExperts':
      return [item('ministry', { dueAt: expertReview, overdueAt: null, closesAt: null })];
    default:
      return [item('ministry', { dueAt: null, overdueAt: null, closesAt: null })];
  }
}

/** A reminder the workflow sends when a step has waited too long (催办). */
export interface Escalation {
  /** Once per key: `<step>@<since>` for an SLA, `score@<deadline>` for the expert reminder. */
  key: string;
  step: QueueStep;
  /** ISO instant at which it is due. */
  at: string;
  /** The offices reminded. */
  offices: string[];
}

/**
 * The next escalation the submission owes, whether due yet or not (the workflow waits for `at`), or null: a 初审 or a
 * withdrawal request waiting 3 working days reminds its offices again (unless the step closes first); experts who
 * have not scored are reminded 2 working days before the expert-review deadline.
 */
export function pendingEscalation(state: SubmissionState): Escalation | null {
  const step = stepOf(state);
  const done = new Set(state.escalated ?? []);
  if (step === 'cityReview' || step === 'withdrawal') {
    const items = queueItems(state);
    const first = items[0];
    if (!first?.overdueAt || !first.since) return null;
    if (first.closesAt && Date.parse(first.overdueAt) >= Date.parse(first.closesAt)) return null;
    const key = `${step}@${first.since}`;
    return done.has(key) ? null : { key, step, at: first.overdueAt, offices: items.map((i) => i.office) };
  }
  if (step === 'score' && state.deadlines.expertReview) {
    const key = `score@${state.deadlines.expertReview}`;
    if (done.has(key)) return null;
    const at = subtractWorkingDays(new Date(state.deadlines.expertReview), EXPERT_REMINDER_WORKING_DAYS).toISOString();
    return { key, step, at, offices: unscoredExperts(state).map((id) => `expert:${id}`) };
  }
  return null;
}
