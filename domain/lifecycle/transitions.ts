/**
 * The submission lifecycle (SPEC §2, §3, §6) as pure functions: the workflow calls decide() in its
 * Update validators (to refuse before anything is written) and handlers (to apply), and on its
 * timers (system actions). Deterministic: no clock, no randomness, no I/O — time is an argument.
 *
 * decide() checks, in this order, and stops at the first failure:
 *   1. who: a system action only from the system, a person's action only from a person; then
 *      role and jurisdiction through domain/authz (FORBIDDEN) — one source of truth with the API;
 *   2. the phase (NOT_ALLOWED_IN_PHASE);
 *   3. what the state must be like, whatever the arguments (deadlines, already done, 初审 first,
 *      建设完成, …);
 *   4. the arguments (VALIDATION, REASON_REQUIRED, and FORM_VERSION_STALE last, since refreshing
 *      the page is the only thing left to do).
 * allowedActions() is steps 1–3, so an action is offered exactly when some valid arguments
 * would be accepted.
 *
 * Where the spec leaves things open, this module decides:
 * - Deadlines are instants; an action at or after the instant is late (open while now < deadline).
 * - After the submission deadline the enterprise can neither submit nor save (a regulator reviews
 *   what was submitted in time); it can still ask to withdraw.
 * - The submission-deadline transition takes draft/withdrawn → expired whenever it runs at or after
 *   the deadline, so a project withdrawn after the deadline expires at once. A project the city
 *   returned (初审退回) may be corrected and resubmitted until the city-review deadline (or the
 *   recommendation deadline where none is set) — editDeadline() — and expires only then.
 * - The city-review (初审) deadline only closes the city's window; it moves no project by itself. A
 *   project still awaiting 初审 cannot be recommended and so ends not_recommended at the
 *   recommendation deadline. Without a city-review deadline the city may act until the
 *   recommendation deadline.
 * - All provincial actions (推荐, 取消推荐, handling withdrawal requests) close at the recommendation
 *   deadline, and so does 初审.
 * - At the recommendation deadline: recommended → ministry_review; draft/returned/withdrawn (which
 *   can only still exist if the submission deadline is later) → expired; every other open
 *   pre-ministry phase, withdrawal_requested included, → not_recommended (a pending withdrawal
 *   request lapses).
 * - Deadline changes never move a phase: an extension after a deadline has fired does not reopen
 *   expired or not_recommended submissions (the ministry extends before the deadline).
 * - The ministry may move the end of the publicity period with the other deadlines (the campaign's 公示截止);
 *   it applies to projects in 公示 only and, like every deadline, moves the timer, not the phase: once the new
 *   end has passed the project is listed by publicityEnded (unless an objection is open).
 * - A save in `submitted` may not move the project to another province or city (it would hand a
 *   project under review to other authorities); withdraw first. A save that moves a draft to another
 *   province must carry that province's 初审 rule. City 初审 already given stays valid after a save;
 *   the provincial authorities are protected by the form version check.
 * - Either provincial authority may approve or reject a withdrawal request, whether or not it has
 *   recommended the project itself. 取消推荐 and withdrawal are not possible while a withdrawal
 *   request is pending; handle the request first.
 * - Approving a withdrawal clears both recommendations; resubmitting always clears recommendations
 *   and restarts 初审 where the province requires it.
 * - Ministry: assignExperts replaces the list of experts (scores already given are kept); experts
 *   score only in ministry_review and may revise their own score; the ministry may record a score
 *   for an assigned expert. Decisions need no minimum number of scores. After on-site verification
 *   the ministry must have recorded the result before deciding, and cannot shortlist a project that
 *   failed it.
 * - Objections (异议) are recorded by the ministry while the publicity period runs; resolving the last
 *   open objection after the period ended lists the project; an upheld objection rejects it (other
 *   open objections stay open, for the record).
 * - Inviting and revoking operators is access management, not lifecycle: the owning enterprise may
 *   do it in every phase.
 * - 删除 (deleteDraft): only a 暂存 draft, which was never submitted (no phase leads back to draft), while the
 *   enterprise may still change it; after it nothing is accepted and no deadline applies (the workflow ends).
 * - A deadline is applied from its instant on, whether or not the workflow's timer has fired yet:
 *   catchUp() gives the transitions due at `now`; the workflow applies them before judging an action
 *   (so nothing is accepted after the instant that the deadline would have refused), and stateAt()
 *   is what lists and pages show meanwhile.
 * - A campaign change that carries the province's 初审 rule applies it to running submissions: turned
 *   on, a submitted project nobody has recommended yet waits for 初审; turned off, 初审 is no longer
 *   awaited (cityReview becomes null). Projects already recommended keep what they have. A change
 *   that alters neither deadlines nor the rule for a submission is not an event for it
 *   (deadlinesDiffer()).
 * - Corrective actions (ministry or admin, reason required, in the history): 重新打开 (reopen) takes an
 *   expired, not_recommended or rejected submission back to where it was before it closed — expired →
 *   draft (returned if the city had returned it), not_recommended → submitted / partially_recommended
 *   / recommended by the recommendations it has, rejected → ministry_review (decision cleared). Where
 *   the campaign's deadline for the reopened step has passed, `until` gives this submission its own
 *   later deadline (kept when the campaign's deadlines change later); an expired project can be
 *   reopened only before the recommendation deadline, and `until` must lie before it. 调整状态 (move)
 *   allows only the moves in CORRECTIVE_MOVES, which need no deadline; anything else is refused.
 */
import { PHASE_LABELS, PRE_MINISTRY_PHASES, type Phase } from '../phases';
import type { Role } from '../roles';
import { projectResource, whyNot, type AuthzActor, type ProjectAction } from '../authz';
import {
  ACTION_LABELS,
  ACTION_TYPES,
  isSystemAction,
  type Action,
  type ActionOf,
  type ActionType,
} from './actions';
import {
  RECOMMENDING_AUTHORITIES,
  type DeadlineExtensions,
  type RecommendingAuthority,
  type SubmissionDeadlines,
  type SubmissionState,
} from './state';
import { pendingEscalation, stepOf } from '../queue';

/** The workflow itself, acting on its timers and on broadcast signals. */
export interface SystemActor {
  role: 'system';
  userId: string;
  displayName: string;
}
export const SYSTEM_ACTOR: SystemActor = Object.freeze({ role: 'system', userId: 'system', displayName: '系统' });

export type AnyActor = AuthzActor | SystemActor;

/** Stable refusal codes (the workflow's ApplicationFailure type, the API's error code). */
export type RefusalCode =
  | 'FORBIDDEN'
  | 'NOT_ALLOWED_IN_PHASE'
  | 'DEADLINE_PASSED'
  | 'DEADLINE_NOT_REACHED'
  | 'FORM_VERSION_STALE'
  | 'NOT_COMPLETED'
  | 'CITY_REVIEW_REQUIRED'
  | 'CITY_REVIEW_NOT_REQUIRED'
  | 'ALREADY_RECOMMENDED'
  | 'NOT_RECOMMENDED_BY_YOU'
  | 'ALREADY_DONE'
  | 'EXPERTS_NOT_ASSIGNED'
  | 'ONSITE_NOT_RECORDED'
  | 'NO_OPEN_OBJECTION'
  | 'OBJECTIONS_OPEN'
  | 'REASON_REQUIRED'
  | 'SUBMISSION_INCOMPLETE'
  | 'VALIDATION';

/** Suggested HTTP status per refusal (SPEC §7): 403 not yours, 422 bad input, 409 not now. */
export const REFUSAL_HTTP_STATUS: Record<RefusalCode, 403 | 409 | 422> = {
  FORBIDDEN: 403,
  NOT_ALLOWED_IN_PHASE: 409,
  DEADLINE_PASSED: 409,
  DEADLINE_NOT_REACHED: 409,
  FORM_VERSION_STALE: 409,
  NOT_COMPLETED: 409,
  CITY_REVIEW_REQUIRED: 409,
  CITY_REVIEW_NOT_REQUIRED: 409,
  ALREADY_RECOMMENDED: 409,
  NOT_RECOMMENDED_BY_YOU: 409,
  ALREADY_DONE: 409,
  EXPERTS_NOT_ASSIGNED: 409,
  ONSITE_NOT_RECORDED: 409,
  NO_OPEN_OBJECTION: 409,
  OBJECTIONS_OPEN: 409,
  REASON_REQUIRED: 422,
  SUBMISSION_INCOMPLETE: 422,
  VALIDATION: 422,
};

export interface Refusal {
  ok: false;
  code: RefusalCode;
  /** What the user reads (Simplified Chinese). */
  message: string;
}

/** One line of the project's audit history (谁、什么角色、何时、理由、从哪个状态到哪个状态). */
export interface HistoryEvent {
  seq: number;
  action: ActionType;
  actorId: string;
  actorName: string;
  actorRole: Role | 'system';
  /** ISO instant. */
  at: string;
  reason?: string;
  fromPhase: Phase;
  toPhase: Phase;
  details?: Record<string, string | number | boolean | string[] | null>;
}

export interface Accepted {
  ok: true;
  state: SubmissionState;
  event: HistoryEvent;
}

export type DecideResult = Accepted | Refusal;

/** Time as an ISO instant or epoch milliseconds. */
export type Instant = string | number;

/** Phases the submission deadline expires. */
const UNSUBMITTED_PHASES: readonly Phase[] = ['draft', 'returned', 'withdrawn'];

const MAX_REASON_LENGTH = 500;
const MAX_TEXT_LENGTH = 5000;
const MAX_PUBLICITY_DAYS = 90;

/** The system deadline a workflow should wait for next. */
export interface PendingDeadline {
  type: 'submissionDeadlinePassed' | 'recommendationDeadlinePassed' | 'publicityEnded' | 'escalate';
  /** ISO instant; may be in the past, in which case the workflow fires at once. */
  at: string;
}

// ---------------------------------------------------------------------------------------------
// Rules per action
// ---------------------------------------------------------------------------------------------

interface Applied {
  state: SubmissionState;
  reason?: string;
  details?: HistoryEvent['details'];
}

interface Rule<T extends ActionType> {
  /** The authorisation this action needs; system actions have none (only the system takes them). */
  authz?: ProjectAction;
  /** Phases the action is possible in; 'any' for every phase. */
  phases: readonly Phase[] | 'any';
  /** What must hold whatever the arguments. */
  precondition?(state: SubmissionState, actor: AnyActor, now: number): Refusal | null;
  /** Checks on the arguments. */
  validate?(action: ActionOf<T>, state: SubmissionState, actor: AnyActor, now: number): Refusal | null;
  apply(state: SubmissionState, action: ActionOf<T>, actor: AnyActor, at: string, now: number): Applied;
}

type Rules = { [T in ActionType]: Rule<T> };

function refuse(code: RefusalCode, message: string): Refusal {
  return { ok: false, code, message };
}

/** An action on the form as the actor saw it: refused when the form has been saved since (刷新后再`verb`). */
function formVersionSeen(formVersion: number, state: SubmissionState, verb: string): Refusal | null {
  if (!Number.isInteger(formVersion)) return refuse('VALIDATION', '表单版本号无效，请刷新后重试');
  if (formVersion !== state.formVersion) return refuse('FORM_VERSION_STALE', `项目内容已更新，请刷新后再${verb}`);
  return null;
}

function instantMs(value: Instant): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string' || value.trim() === '') return NaN;
  return Date.parse(value);
}

function isValidInstant(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(instantMs(value));
}

/** Whether the deadline has passed at `now` (a deadline is an instant: late from it on). */
function passed(deadline: string, now: number): boolean {
  return now >= instantMs(deadline);
}

function textOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function checkReason(value: unknown, fieldMessage: string): Refusal | null {
  if (textOrNull(value) === null) return refuse('REASON_REQUIRED', fieldMessage);
  if ((value as string).trim().length > MAX_REASON_LENGTH) {
    return refuse('VALIDATION', `${fieldMessage.replace(/^请填写/, '')}不能超过${MAX_REASON_LENGTH}个字`);
  }
  return null;
}

function checkText(value: unknown, label: string, required: boolean): Refusal | null {
  if (typeof value !== 'string' || (required && value.trim() === '')) {
    return refuse('VALIDATION', `请填写${label}`);
  }
  if (value.length > MAX_TEXT_LENGTH) return refuse('VALIDATION', `${label}不能超过${MAX_TEXT_LENGTH}个字`);
  return null;
}

function isGbCode(value: unknown): value is string {
  return typeof value === 'string' && /^\d{6}$/.test(value);
}

function authorityOf(actor: AnyActor): RecommendingAuthority | null {
  return (RECOMMENDING_AUTHORITIES as readonly string[]).includes(actor.role)
    ? (actor.role as RecommendingAuthority)
    : null;
}

function openObjections(state: SubmissionState) {
  return state.objections.filter((objection) => objection.status === 'open');
}

/** Until when the city may carry out 初审. */
function cityReviewCloses(state: SubmissionState): number {
  const recommendation = instantMs(state.deadlines.recommendation);
  if (state.deadlines.cityReview === null) return recommendation;
  return Math.min(instantMs(state.deadlines.cityReview), recommendation);
}

function noRecommendations(): SubmissionState['recommendations'] {
  return { province_ca: null, province_miit: null };
}

/**
 * Until when the enterprise may still change and (re)submit: the submission deadline; a project that the city
 * returned (初审退回) may be corrected and resubmitted until the city-review deadline, or the recommendation deadline
 * where the province sets none — cities review after the submission deadline (广东: 3月31日 → 4月7日), and a return
 * must leave the enterprise time to correct.
 */
export function editDeadline(state: SubmissionState): string {
  if (state.phase !== 'returned') return state.deadlines.submission;
  const correction = state.deadlines.cityReview ?? state.deadlines.recommendation;
  return instantMs(correction) > instantMs(state.deadlines.submission) ? correction : state.deadlines.submission;
}

function submissionOpen(state: SubmissionState, now: number, what: string): Refusal | null {
  if (!passed(editDeadline(state), now)) return null;
  return state.phase === 'returned'
    ? refuse('DEADLINE_PASSED', `退回修改的截止时间已过，不能再${what}`)
    : refuse('DEADLINE_PASSED', `申报截止时间已过，不能再${what}`);
}

function recommendationOpen(state: SubmissionState, now: number, what: string): Refusal | null {
  return passed(state.deadlines.recommendation, now)
    ? refuse('DEADLINE_PASSED', `推荐截止时间已过，不能再${what}`)
    : null;
}

/**
 * Corrective moves (调整状态) the ministry or an admin may make, from → to. Each target is a phase the rules can
 * continue from without a deadline of its own; everything else goes through the normal actions or 重新打开.
 */
export const CORRECTIVE_MOVES: Readonly<Partial<Record<Phase, readonly Phase[]>>> = {
  // The province did recommend (e.g. on paper before the deadline): straight to the ministry.
  not_recommended: ['ministry_review'],
  // Reached the ministry by mistake.
  ministry_review: ['not_recommended'],
  // A decision taken by mistake.
  rejected: ['shortlisted'],
  shortlisted: ['ministry_review', 'rejected'],
  // Listing withdrawn after the fact (e.g. a false declaration found).
  listed: ['rejected'],
};

const RULES: Rules = {
  save: {
    authz: 'project.edit',
    phases: ['draft', 'submitted', 'returned', 'withdrawn'],
    precondition: (state, _actor, now) => submissionOpen(state, now, '修改项目'),
    validate: (action, state) => {
      if (!Number.isInteger(action.formVersion) || action.formVersion <= state.formVersion) {
        return refuse('VALIDATION', '表单版本号无效，请刷新后重试');
      }
      if (action.stage !== null && action.stage !== '建设中' && action.stage !== '建设完成') {
        return refuse('VALIDATION', '实施阶段只能是“建设中”或“建设完成”');
      }
      if (action.provinceCode !== '' && !isGbCode(action.provinceCode)) {
        return refuse('VALIDATION', '实施地址的省份代码无效');
      }
      if (action.cityCode !== '' && !isGbCode(action.cityCode)) {
        return refuse('VALIDATION', '实施地址的城市代码无效');
      }
      if (action.cityCode !== '' && action.cityCode.slice(0, 2) !== action.provinceCode.slice(0, 2)) {
        return refuse('VALIDATION', '实施地址的城市不属于所选省份');
      }
      if (state.phase === 'submitted' && action.complete === false) {
        return refuse('SUBMISSION_INCOMPLETE', '项目已提交，修改后的内容须完整有效');
      }
      const moved = action.provinceCode !== state.provinceCode || action.cityCode !== state.cityCode;
      if (state.phase === 'submitted' && moved) {
        return refuse('VALIDATION', '项目已提交，不能更改实施地址所在的省市；如需更改，请先申请撤回');
      }
      if (action.provinceCode !== state.provinceCode && action.cityReviewRule === undefined) {
        return refuse('VALIDATION', '实施地址改到其他省份时，需一并提供该省的市级初审要求');
      }
      const rule = action.cityReviewRule;
      if (
        rule !== undefined &&
        (rule === null ||
          typeof rule !== 'object' ||
          typeof rule.required !== 'boolean' ||
          (rule.deadline !== null && !isValidInstant(rule.deadline)))
      ) {
        return refuse('VALIDATION', '市级初审要求无效');
      }
      return null;
    },
    apply: (state, action) => {
      const rule = action.cityReviewRule;
      return {
        state: {
          ...state,
          formVersion: action.formVersion,
          stage: action.stage,
          provinceCode: action.provinceCode,
          cityCode: action.cityCode,
          cityReviewRequired: rule ? rule.required : state.cityReviewRequired,
          deadlines: rule ? { ...state.deadlines, cityReview: rule.deadline } : state.deadlines,
        },
        details: { formVersion: action.formVersion },
      };
    },
  },

  submit: {
    authz: 'project.submit',
    phases: ['draft', 'returned', 'withdrawn'],
    precondition: (state, _actor, now) => {
      const late = submissionOpen(state, now, '提交项目');
      if (late) return late;
      if (!state.provinceCode || !state.cityCode) return refuse('VALIDATION', '请先填写项目实施地址');
      return null;
    },
    validate: (action, state) => formVersionSeen(action.formVersion, state, '提交'),
    apply: (state, action) => ({
      state: {
        ...state,
        phase: 'submitted',
        cityReview: state.cityReviewRequired ? 'pending' : null,
        recommendations: noRecommendations(),
        withdrawal: null,
      },
      details: { formVersion: action.formVersion },
    }),
  },

  cityApprove: {
    authz: 'project.cityReview',
    phases: ['submitted'],
    precondition: (state, _actor, now) => cityReviewPossible(state, now),
    apply: (state) => ({ state: { ...state, cityReview: 'approved' } }),
  },

  cityReturn: {
    authz: 'project.cityReview',
    phases: ['submitted'],
    precondition: (state, _actor, now) => cityReviewPossible(state, now),
    validate: (action) => checkReason(action.reason, '请填写退回理由'),
    apply: (state, action) => ({
      state: { ...state, phase: 'returned', cityReview: 'returned' },
      reason: action.reason.trim(),
    }),
  },

  recommend: {
    authz: 'project.recommend',
    // 'recommended' only to answer a resent 推荐 (e.g. after an outage) with 贵单位已推荐该项目: in that phase both
    // authorities have recommended, so the precondition always refuses.
    phases: ['submitted', 'partially_recommended', 'recommended'],
    precondition: (state, actor, now) => {
      const late = recommendationOpen(state, now, '推荐');
      if (late) return late;
      const authority = authorityOf(actor);
      if (authority && state.recommendations[authority]) return refuse('ALREADY_RECOMMENDED', '贵单位已推荐该项目');
      if (state.cityReviewRequired && state.cityReview !== 'approved') {
        return refuse('CITY_REVIEW_REQUIRED', '该项目尚未通过市级初审，不能推荐');
      }
      if (state.stage !== '建设完成') {
        const context = state.stage === null ? '该项目未填写实施阶段' : `该项目实施阶段为“${state.stage}”`;
        return refuse('NOT_COMPLETED', `推荐项目需为已完成项目（${context}）`);
      }
      return null;
    },
    validate: (action, state) => formVersionSeen(action.formVersion, state, '推荐'),
    apply: (state, action, actor, at) => {
      const authority = authorityOf(actor) as RecommendingAuthority;
      const recommendations = {
        ...state.recommendations,
        [authority]: { by: actor.userId, byName: actor.displayName, at, formVersion: action.formVersion },
      };
      const both = RECOMMENDING_AUTHORITIES.every((each) => recommendations[each] !== null);
      return {
        state: { ...state, recommendations, phase: both ? 'recommended' : 'partially_recommended' },
        details: { authority, formVersion: action.formVersion },
      };
    },
  },

  cancelRecommendation: {
    authz: 'project.recommend',
    phases: ['partially_recommended', 'recommended'],
    precondition: (state, actor, now) => {
      const late = recommendationOpen(state, now, '取消推荐');
      if (late) return late;
      const authority = authorityOf(actor);
      if (authority && !state.recommendations[authority]) {
        return refuse('NOT_RECOMMENDED_BY_YOU', '贵单位尚未推荐该项目，无需取消推荐');
      }
      return null;
    },
    validate: (action) => checkReason(action.reason, '请填写取消推荐的理由'),
    apply: (state, action, actor) => {
      const authority = authorityOf(actor) as RecommendingAuthority;
      const recommendations = { ...state.recommendations, [authority]: null };
      const remaining = RECOMMENDING_AUTHORITIES.some((each) => recommendations[each] !== null);
      return {
        state: { ...state, recommendations, phase: remaining ? 'partially_recommended' : 'submitted' },
        reason: action.reason.trim(),
        details: { authority },
      };
    },
  },

  withdraw: {
    authz: 'project.withdraw',
    phases: ['submitted', 'returned', 'partially_recommended', 'recommended'],
    validate: (action) => checkReason(action.reason, '请填写撤回理由'),
    apply: (state, action, actor, at) => {
      const reason = action.reason.trim();
      if (state.phase === 'submitted' || state.phase === 'returned') {
        return { state: { ...state, phase: 'withdrawn', recommendations: noRecommendations() }, reason };
      }
      return {
        state: {
          ...state,
          phase: 'withdrawal_requested',
          withdrawal: { reason, requestedAt: at, requestedBy: actor.userId, fromPhase: state.phase },
        },
        reason,
      };
    },
  },

  approveWithdrawal: {
    authz: 'project.handleWithdrawal',
    phases: ['withdrawal_requested'],
    precondition: (state, _actor, now) => recommendationOpen(state, now, '处理撤回申请'),
    apply: (state) => ({
      state: { ...state, phase: 'withdrawn', recommendations: noRecommendations(), withdrawal: null },
      details: { requestReason: state.withdrawal?.reason ?? null },
    }),
  },

  rejectWithdrawal: {
    authz: 'project.handleWithdrawal',
    phases: ['withdrawal_requested'],
    precondition: (state, _actor, now) => recommendationOpen(state, now, '处理撤回申请'),
    validate: (action) => checkReason(action.reason, '请填写驳回理由'),
    apply: (state, action) => ({
      // A request is only ever made from partially_recommended or recommended.
      state: { ...state, phase: state.withdrawal?.fromPhase ?? 'partially_recommended', withdrawal: null },
      reason: action.reason.trim(),
    }),
  },

  assignExperts: {
    authz: 'project.assignExperts',
    phases: ['ministry_review'],
    validate: (action) => {
      const ids = action.expertIds;
      if (!Array.isArray(ids) || ids.length === 0) return refuse('VALIDATION', '请选择评审专家');
      if (ids.some((id) => textOrNull(id) === null)) return refuse('VALIDATION', '评审专家无效');
      if (new Set(ids).size !== ids.length) return refuse('VALIDATION', '评审专家不能重复');
      return null;
    },
    apply: (state, action) => ({
      state: { ...state, experts: [...action.expertIds] },
      details: { expertIds: [...action.expertIds] },
    }),
  },

  score: {
    authz: 'project.score',
    phases: ['ministry_review'],
    precondition: (state) =>
      state.experts.length === 0 ? refuse('EXPERTS_NOT_ASSIGNED', '该项目尚未分配评审专家') : null,
    validate: (action, state, actor) => {
      if (typeof action.score !== 'number' || !Number.isFinite(action.score) || action.score < 0 || action.score > 100) {
        return refuse('VALIDATION', '评分须为0到100之间的数字');
      }
      const textProblem = checkText(action.comment, '评审意见', true);
      if (textProblem) return textProblem;
      if (actor.role === 'expert') {
        if (action.expertId !== undefined && action.expertId !== actor.userId) {
          return refuse('VALIDATION', '评审专家只能提交本人的评分');
        }
      } else if (action.expertId === undefined || !state.experts.includes(action.expertId)) {
        return refuse('VALIDATION', '请选择已分配给该项目的评审专家');
      }
      return null;
    },
    apply: (state, action, actor, at) => {
      const expertId = actor.role === 'expert' ? actor.userId : (action.expertId as string);
      const entry = { expertId, score: action.score, comment: action.comment.trim(), at };
      return {
        state: { ...state, scores: [...state.scores.filter((each) => each.expertId !== expertId), entry] },
        details: { expertId, score: action.score },
      };
    },
  },

  decide: {
    authz: 'project.decide',
    phases: ['ministry_review', 'onsite_verification'],
    precondition: (state) =>
      state.phase === 'onsite_verification' && state.onsite === null
        ? refuse('ONSITE_NOT_RECORDED', '请先记录现场核验结果，再作出评审决定')
        : null,
    validate: (action, state) => {
      if (!['shortlist', 'reject', 'onsite'].includes(action.decision)) {
        return refuse('VALIDATION', '评审决定只能是拟入选、不予入选或开展现场核验');
      }
      if (state.phase === 'onsite_verification' && action.decision === 'onsite') {
        return refuse('VALIDATION', '该项目已在现场核验中');
      }
      if (action.decision === 'shortlist' && state.phase === 'onsite_verification' && state.onsite?.passed === false) {
        return refuse('VALIDATION', '现场核验未通过，不能拟入选');
      }
      return null;
    },
    apply: (state, action) => {
      const details = { decision: action.decision };
      if (action.decision === 'onsite') return { state: { ...state, phase: 'onsite_verification', onsite: null }, details };
      if (action.decision === 'shortlist') return { state: { ...state, phase: 'shortlisted', decision: 'shortlisted' }, details };
      return { state: { ...state, phase: 'rejected', decision: 'rejected' }, details };
    },
  },

  recordOnsite: {
    authz: 'project.onsite',
    phases: ['onsite_verification'],
    validate: (action) => {
      if (typeof action.passed !== 'boolean') return refuse('VALIDATION', '请选择现场核验是否通过');
      return checkText(action.notes, '现场核验情况', true);
    },
    apply: (state, action, _actor, at) => ({
      state: { ...state, onsite: { passed: action.passed, notes: action.notes.trim(), at } },
      details: { passed: action.passed },
    }),
  },

  startPublicity: {
    authz: 'project.publicity',
    phases: ['shortlisted'],
    validate: (action) =>
      Number.isInteger(action.publicityDays) && action.publicityDays >= 1 && action.publicityDays <= MAX_PUBLICITY_DAYS
        ? null
        : refuse('VALIDATION', `公示天数须为1到${MAX_PUBLICITY_DAYS}之间的整数`),
    apply: (state, action, _actor, at, now) => {
      const endsAt = new Date(now + action.publicityDays * 24 * 60 * 60 * 1000).toISOString();
      return {
        state: { ...state, phase: 'publicity', publicity: { startedAt: at, endsAt } },
        details: { publicityDays: action.publicityDays, endsAt },
      };
    },
  },

  fileObjection: {
    authz: 'project.objection',
    phases: ['publicity'],
    precondition: (state, _actor, now) =>
      state.publicity && passed(state.publicity.endsAt, now)
        ? refuse('DEADLINE_PASSED', '公示期已结束，不能再登记异议')
        : null,
    validate: (action, state) => {
      if (textOrNull(action.objectionId) === null) return refuse('VALIDATION', '异议编号无效');
      if (state.objections.some((objection) => objection.id === action.objectionId)) {
        return refuse('VALIDATION', '该异议已登记');
      }
      return checkText(action.content, '异议内容', true);
    },
    apply: (state, action, _actor, at) => ({
      state: {
        ...state,
        objections: [
          ...state.objections,
          { id: action.objectionId, content: action.content.trim(), filedAt: at, status: 'open' as const },
        ],
      },
      details: { objectionId: action.objectionId },
    }),
  },

  resolveObjection: {
    authz: 'project.objection',
    phases: ['publicity'],
    precondition: (state) =>
      openObjections(state).length === 0 ? refuse('NO_OPEN_OBJECTION', '该项目没有待处理的异议') : null,
    validate: (action, state) => {
      const objection = state.objections.find((each) => each.id === action.objectionId);
      if (!objection) return refuse('VALIDATION', '未找到该异议');
      if (objection.status !== 'open') return refuse('VALIDATION', '该异议已处理');
      if (typeof action.uphold !== 'boolean') return refuse('VALIDATION', '请选择异议是否成立');
      return checkReason(action.resolution, '请填写异议处理意见');
    },
    apply: (state, action, _actor, _at, now) => {
      const resolution = action.resolution.trim();
      const objections = state.objections.map((objection) =>
        objection.id === action.objectionId
          ? { ...objection, status: action.uphold ? ('upheld' as const) : ('dismissed' as const), resolution }
          : objection,
      );
      const details = { objectionId: action.objectionId, uphold: action.uphold };
      if (action.uphold) {
        return { state: { ...state, objections, phase: 'rejected', decision: 'rejected' }, reason: resolution, details };
      }
      const periodOver = state.publicity !== null && passed(state.publicity.endsAt, now);
      const stillOpen = objections.some((objection) => objection.status === 'open');
      return {
        state: { ...state, objections, phase: periodOver && !stillOpen ? 'listed' : 'publicity' },
        reason: resolution,
        details,
      };
    },
  },

  markCase: {
    authz: 'project.case',
    phases: ['listed'],
    precondition: (state) => (state.isCase ? refuse('ALREADY_DONE', '该项目已标记为案例') : null),
    apply: (state) => ({ state: { ...state, isCase: true } }),
  },

  deleteDraft: {
    authz: 'project.delete',
    phases: ['draft'],
    precondition: (state, _actor, now) => submissionOpen(state, now, '删除项目'),
    apply: (state) => ({ state: { ...state, deleted: true } }),
  },

  inviteOperator: {
    authz: 'project.invite',
    phases: 'any',
    validate: (action, state) => {
      if (textOrNull(action.operatorId) === null) return refuse('VALIDATION', '请选择运营商');
      if (state.invitedOperators.includes(action.operatorId)) return refuse('VALIDATION', '该运营商已受邀查看本项目');
      return null;
    },
    apply: (state, action) => ({
      state: { ...state, invitedOperators: [...state.invitedOperators, action.operatorId] },
      details: { operatorId: action.operatorId },
    }),
  },

  revokeOperator: {
    authz: 'project.invite',
    phases: 'any',
    precondition: (state) =>
      state.invitedOperators.length === 0 ? refuse('VALIDATION', '该项目没有受邀的运营商') : null,
    validate: (action, state) =>
      state.invitedOperators.includes(action.operatorId) ? null : refuse('VALIDATION', '该运营商未受邀查看本项目'),
    apply: (state, action) => ({
      state: { ...state, invitedOperators: state.invitedOperators.filter((id) => id !== action.operatorId) },
      details: { operatorId: action.operatorId },
    }),
  },

  reopen: {
    authz: 'project.correct',
    phases: ['expired', 'not_recommended', 'rejected'],
    precondition: (state, _actor, now) => {
      if (state.phase === 'expired' && passed(state.deadlines.recommendation, now)) {
        return refuse('DEADLINE_PASSED', '推荐截止时间已过，逾期未提交的项目不能再重新打开');
      }
      return null;
    },
    validate: (action, state, _actor, now) => {
      const reason = checkReason(action.reason, '请填写重新打开的原因');
      if (reason) return reason;
      const target = reopened(state);
      const due = nextDeadline(target);
      if (action.until !== undefined) {
        if (!isValidInstant(action.until)) return refuse('VALIDATION', '新的截止时间格式不正确');
        if (instantMs(action.until) <= now) return refuse('VALIDATION', '新的截止时间须晚于当前时间');
        if (UNSUBMITTED_PHASES.includes(target.phase) && instantMs(action.until) >= instantMs(state.deadlines.recommendation)) {
          return refuse('VALIDATION', '新的申报截止时间须早于推荐截止时间');
        }
      } else if (due && passed(due.at, now)) {
        return refuse('DEADLINE_PASSED', '截止时间已过，重新打开时请指定新的截止时间');
      }
      return null;
    },
    apply: (state, action, _actor, _at, now) => {
      let target = reopened(state);
      const due = nextDeadline(target);
      if (action.until !== undefined && due && passed(due.at, now)) target = extend(target, due.type, action.until, now);
      return {
        state: target,
        reason: action.reason.trim(),
        details: { toPhase: target.phase, ...(action.until !== undefined ? { until: action.until } : {}) },
      };
    },
  },

  move: {
    authz: 'project.correct',
    phases: Object.keys(CORRECTIVE_MOVES) as Phase[],
    validate: (action, state) => {
      const reason = checkReason(action.reason, '请填写调整状态的原因');
      if (reason) return reason;
      const allowed = CORRECTIVE_MOVES[state.phase] ?? [];
      if (!allowed.includes(action.toPhase)) {
        const label = PHASE_LABELS[action.toPhase as Phase];
        const options = allowed.map((each) => `“${PHASE_LABELS[each]}”`).join('、');
        return refuse(
          'VALIDATION',
          label
            ? `项目当前状态为“${PHASE_LABELS[state.phase]}”，不能调整为“${label}”（只能调整为${options}）`
            : `目标状态无效（只能调整为${options}）`,
        );
      }
      return null;
    },
    apply: (state, action) => ({
      state: moved(state, action.toPhase),
      reason: action.reason.trim(),
      details: { toPhase: action.toPhase },
    }),
  },

  submissionDeadlinePassed: {
    phases: UNSUBMITTED_PHASES,
    precondition: (state, _actor, now) =>
      passed(editDeadline(state), now) ? null : refuse('DEADLINE_NOT_REACHED', '申报截止时间未到'),
    apply: (state) => ({ state: { ...state, phase: 'expired' } }),
  },

  recommendationDeadlinePassed: {
    phases: PRE_MINISTRY_PHASES,
    precondition: (state, _actor, now) =>
      passed(state.deadlines.recommendation, now) ? null : refuse('DEADLINE_NOT_REACHED', '推荐截止时间未到'),
    apply: (state) => {
      const phase: Phase =
        state.phase === 'recommended'
          ? 'ministry_review'
          : UNSUBMITTED_PHASES.includes(state.phase)
            ? 'expired'
            : 'not_recommended';
      return { state: { ...state, phase, withdrawal: null } };
    },
  },

  publicityEnded: {
    phases: ['publicity'],
    precondition: (state, _actor, now) => {
      if (!state.publicity || !passed(state.publicity.endsAt, now)) return refuse('DEADLINE_NOT_REACHED', '公示期未满');
      if (openObjections(state).length > 0) return refuse('OBJECTIONS_OPEN', '尚有未处理的异议，异议处理完毕后方可入选');
      return null;
    },
    apply: (state) => ({ state: { ...state, phase: 'listed' } }),
  },

  deadlinesChanged: {
    phases: 'any',
    validate: (action) => {
      const deadlines = action.deadlines as Partial<SubmissionDeadlines> | undefined;
      if (!deadlines || !isValidInstant(deadlines.submission) || !isValidInstant(deadlines.recommendation)) {
        return refuse('VALIDATION', '截止时间无效');
      }
      if (deadlines.cityReview !== null && !isValidInstant(deadlines.cityReview)) {
        return refuse('VALIDATION', '市级初审截止时间无效');
      }
      if (deadlines.expertReview !== undefined && deadlines.expertReview !== null && !isValidInstant(deadlines.expertReview)) {
        return refuse('VALIDATION', '专家评审截止时间无效');
      }
      if (action.publicityEndsAt !== undefined && action.publicityEndsAt !== null && !isValidInstant(action.publicityEndsAt)) {
        return refuse('VALIDATION', '公示截止时间无效');
      }
      return null;
    },
    apply: (state, action) => {
      const campaign = effectiveDeadlines(state, action.deadlines);
      // A sender that does not know the expert-review deadline (an older campaign workflow) leaves it as it was.
      const expert = action.deadlines.expertReview === undefined ? state.deadlines.expertReview : action.deadlines.expertReview;
      const deadlines: SubmissionDeadlines = { ...campaign, ...(expert !== undefined ? { expertReview: expert } : {}) };
      const publicityEndsAt = action.publicityEndsAt ?? null;
      const movesPublicity = state.phase === 'publicity' && state.publicity !== null && publicityEndsAt !== null && publicityEndsAt !== state.publicity.endsAt;
      const rule = action.cityReviewRequired;
      let next: SubmissionState = { ...state, deadlines, publicity: movesPublicity ? { ...state.publicity!, endsAt: publicityEndsAt } : state.publicity };
      if (typeof rule === 'boolean' && rule !== state.cityReviewRequired) {
        const nobodyRecommended = RECOMMENDING_AUTHORITIES.every((each) => state.recommendations[each] === null);
        next = rule
          ? { ...next, cityReviewRequired: true, cityReview: state.phase === 'submitted' && nobodyRecommended && state.cityReview === null ? 'pending' : state.cityReview }
          : { ...next, cityReviewRequired: false, cityReview: null };
      }
      return {
        state: next,
        details: { ...deadlines, ...(movesPublicity ? { publicityEndsAt } : {}), ...(typeof rule === 'boolean' ? { cityReviewRequired: rule } : {}) },
      };
    },
  },

  escalate: {
    phases: 'any',
    precondition: (state, _actor, now) => {
      const due = pendingEscalation(state);
      if (!due) return refuse('ALREADY_DONE', '没有需要催办的事项');
      return passed(due.at, now) ? null : refuse('DEADLINE_NOT_REACHED', '催办时间未到');
    },
    apply: (state) => {
      const due = pendingEscalation(state)!;
      return {
        state: { ...state, escalated: [...(state.escalated ?? []), due.key] },
        details: { step: due.step, offices: due.offices },
      };
    },
  },
};

/** Where 重新打开 takes a closed submission (see the header). */
function reopened(state: SubmissionState): SubmissionState {
  if (state.phase === 'expired') return { ...state, phase: state.cityReview === 'returned' ? 'returned' : 'draft' };
  if (state.phase === 'not_recommended') {
    const given = RECOMMENDING_AUTHORITIES.filter((each) => state.recommendations[each] !== null).length;
    return { ...state, phase: given === 2 ? 'recommended' : given === 1 ? 'partially_recommended' : 'submitted', withdrawal: null };
  }
  return { ...state, phase: 'ministry_review', decision: null };
}

function moved(state: SubmissionState, toPhase: Phase): SubmissionState {
  switch (toPhase) {
    case 'shortlisted':
      return { ...state, phase: toPhase, decision: 'shortlisted' };
    case 'rejected':
      return { ...state, phase: toPhase, decision: 'rejected' };
    case 'ministry_review':
      return { ...state, phase: toPhase, decision: null };
    default:
      return { ...state, phase: toPhase };
  }
}

/** This submission's own later deadline for the step a reopen gives back (see the header). */
function extend(state: SubmissionState, type: PendingDeadline['type'], until: string, now: number): SubmissionState {
  const extensions: DeadlineExtensions = { ...(state.extensions ?? {}) };
  if (type === 'submissionDeadlinePassed') extensions.submission = until;
  if (type === 'recommendationDeadlinePassed') {
    extensions.recommendation = until;
    if (state.cityReviewRequired && state.cityReview === 'pending' && now >= cityReviewCloses(state)) extensions.cityReview = until;
  }
  return { ...state, extensions, deadlines: effectiveDeadlines({ ...state, extensions }, state.deadlines) };
}

/** The campaign's deadlines with this submission's own extensions applied (an extension is never moved earlier). */
function effectiveDeadlines(state: Pick<SubmissionState, 'extensions'>, campaign: SubmissionDeadlines): SubmissionDeadlines {
  const ext = state.extensions ?? {};
  const later = (a: string, b: string | undefined) => (b !== undefined && instantMs(b) > instantMs(a) ? b : a);
  return {
    submission: later(campaign.submission, ext.submission),
    recommendation: later(campaign.recommendation, ext.recommendation),
    cityReview: campaign.cityReview === null ? (ext.cityReview ?? null) : later(campaign.cityReview, ext.cityReview),
    ...(campaign.expertReview !== undefined ? { expertReview: campaign.expertReview } : {}),
  };
}

/**
 * Whether a campaign change alters this submission (its effective deadlines, its 初审 rule, or — in 公示 — the end of
 * its publicity period). The workflow records a 截止时间调整 only then, and the broadcast signals only those (issue 15.6).
 */
export function deadlinesDiffer(state: SubmissionState, deadlines: SubmissionDeadlines, cityReviewRequired?: boolean, publicityEndsAt?: string | null): boolean {
  const next = effectiveDeadlines(state, deadlines);
  const same = (a: string | null, b: string | null) => (a === null || b === null ? a === b : instantMs(a) === instantMs(b));
  return (
    !same(next.submission, state.deadlines.submission) ||
    !same(next.recommendation, state.deadlines.recommendation) ||
    !same(next.cityReview, state.deadlines.cityReview) ||
    (next.expertReview !== undefined && !same(next.expertReview, state.deadlines.expertReview ?? null)) ||
    (typeof cityReviewRequired === 'boolean' && cityReviewRequired !== state.cityReviewRequired) ||
    (typeof publicityEndsAt === 'string' && state.phase === 'publicity' && state.publicity !== null && !same(publicityEndsAt, state.publicity.endsAt))
  );
}

function cityReviewPossible(state: SubmissionState, now: number): Refusal | null {
  if (!state.cityReviewRequired) return refuse('CITY_REVIEW_NOT_REQUIRED', '本省无需市级初审');
  if (state.cityReview !== 'pending') return refuse('ALREADY_DONE', '该项目已完成初审');
  if (now >= cityReviewCloses(state)) return refuse('DEADLINE_PASSED', '市级初审截止时间已过，不能再初审');
  return null;
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

function isKnownType(type: unknown): type is ActionType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(RULES, type);
}

/** Steps 1–3 of decide(): everything that does not depend on the action's arguments. */
function gate(state: SubmissionState, type: ActionType, actor: AnyActor, now: number): Refusal | null {
  const rule = RULES[type] as Rule<ActionType>;
  const label = ACTION_LABELS[type];
  if (state.deleted) return refuse('NOT_ALLOWED_IN_PHASE', '项目已删除');
  if (actor.role === 'system') {
    if (!isSystemAction(type)) return refuse('FORBIDDEN', `系统不能执行“${label}”`);
  } else {
    if (isSystemAction(type) || !rule.authz) return refuse('FORBIDDEN', `“${label}”由系统自动执行`);
    const denied = whyNot(actor, rule.authz, projectResource(state));
    if (denied) return refuse('FORBIDDEN', denied);
  }
  if (rule.phases !== 'any' && !rule.phases.includes(state.phase)) {
    return refuse('NOT_ALLOWED_IN_PHASE', `项目当前状态为“${PHASE_LABELS[state.phase]}”，不能${label}`);
  }
  return rule.precondition ? rule.precondition(state, actor, now) : null;
}

/**
 * Accepts or refuses one action. On acceptance returns the next state (a new object; the input is
 * never changed) and the history event; on refusal a stable code and the message the user reads.
 */
export function decide(state: SubmissionState, action: Action, actor: AnyActor, now: Instant): DecideResult {
  const nowMs = instantMs(now);
  if (Number.isNaN(nowMs)) return refuse('VALIDATION', '操作时间无效');
  if (!action || !isKnownType(action.type)) return refuse('VALIDATION', '未知的操作');
  const type = action.type;
  const rule = RULES[type] as Rule<ActionType>;

  const blocked = gate(state, type, actor, nowMs);
  if (blocked) return blocked;
  const invalid = rule.validate ? rule.validate(action, state, actor, nowMs) : null;
  if (invalid) return invalid;

  const at = new Date(nowMs).toISOString();
  const applied = rule.apply(state, action, actor, at, nowMs);
  const seq = state.seq + 1;
  // The 待办 step's start, for queues and escalations (domain/queue.ts): moves only when the step changes.
  const step = stepOf(applied.state);
  if (step !== stepOf(state)) applied.state = { ...applied.state, stepSince: step === null ? null : at };
  const event: HistoryEvent = {
    seq,
    action: type,
    actorId: actor.userId,
    actorName: actor.displayName,
    actorRole: actor.role,
    at,
    fromPhase: state.phase,
    toPhase: applied.state.phase,
  };
  if (applied.reason !== undefined) event.reason = applied.reason;
  if (applied.details !== undefined) event.details = applied.details;
  return { ok: true, state: { ...applied.state, seq }, event };
}


/** One action as a button: offered, or not with the reason why. */
export type ActionAvailability =
  | { type: ActionType; allowed: true }
  | { type: ActionType; allowed: false; code: RefusalCode; message: string };

/**
 * Every action with whether the actor may take it now and, if not, why — for buttons that stay
 * visible but disabled with an explanation (e.g. 推荐 on a project still 建设中).
 */
export function actionAvailability(state: SubmissionState, actor: AnyActor, now: Instant): ActionAvailability[] {
  const nowMs = instantMs(now);
  return ACTION_TYPES.map((type): ActionAvailability => {
    const blocked = Number.isNaN(nowMs) ? refuse('VALIDATION', '操作时间无效') : gate(state, type, actor, nowMs);
    return blocked ? { type, allowed: false, code: blocked.code, message: blocked.message } : { type, allowed: true };
  });
}

/**
 * The actions the actor may take now: exactly those for which decide() accepts some valid
 * arguments (for the UI's buttons and the API's allowedActions).
 */
export function allowedActions(state: SubmissionState, actor: AnyActor, now: Instant): ActionType[] {
  return actionAvailability(state, actor, now)
    .filter((each) => each.allowed)
    .map((each) => each.type);
}

/**
 * The system deadline the workflow should wait for next, or null when none applies (closed, under
 * ministry review, or in publicity with an open objection — resolving it will move the project).
 * The workflow re-asks after every applied action, since actions and deadline changes move it.
 */
export function nextDeadline(state: SubmissionState, options: { escalations?: boolean } = {}): PendingDeadline | null {
  const candidates: PendingDeadline[] = [];
  if (state.deleted) return null;
  if (options.escalations) {
    const escalation = pendingEscalation(state);
    if (escalation) candidates.push({ type: 'escalate', at: escalation.at });
  }
  if (UNSUBMITTED_PHASES.includes(state.phase)) {
    candidates.push({ type: 'submissionDeadlinePassed', at: editDeadline(state) });
  }
  if (PRE_MINISTRY_PHASES.includes(state.phase)) {
    candidates.push({ type: 'recommendationDeadlinePassed', at: state.deadlines.recommendation });
  }
  if (state.phase === 'publicity' && state.publicity && openObjections(state).length === 0) {
    candidates.push({ type: 'publicityEnded', at: state.publicity.endsAt });
  }
  let next: PendingDeadline | null = null;
  for (const candidate of candidates) {
    if (next === null || instantMs(candidate.at) < instantMs(next.at)) next = candidate;
  }
  return next;
}

/**
 * The deadline transitions due at `now` that the workflow has not applied yet, in order (each from the state the
 * previous one left). Empty when nothing is due. The workflow applies them before judging an action, so an action
 * arriving after a deadline's instant meets the state the deadline produced.
 */
export function catchUp(state: SubmissionState, now: Instant): Accepted[] {
  const nowMs = instantMs(now);
  const applied: Accepted[] = [];
  let current = state;
  // A deadline transition leads to a phase whose own deadline, if any, is later; the bound is a safety net.
  for (let i = 0; i < 4 && !Number.isNaN(nowMs); i++) {
    const due = nextDeadline(current);
    if (!due || instantMs(due.at) > nowMs) break;
    const result = decide(current, { type: due.type }, SYSTEM_ACTOR, nowMs);
    if (!result.ok) break;
    applied.push(result);
    current = result.state;
  }
  return applied;
}

/** The state as it is at `now`: the stored state with the deadlines due by then applied (what users are shown). */
export function stateAt(state: SubmissionState, now: Instant): SubmissionState {
  return catchUp(state, now).at(-1)?.state ?? state;
}

/**
 * The projection's view of the next deadline: when it falls due and what the submission looks like from then on, so
 * that lists, counts and exports show the post-deadline status from the instant itself, before the workflow's timer
 * has fired and its write has landed. null when no deadline is pending.
 */
export function pendingDeadlineOutcome(state: SubmissionState): { at: string; state: SubmissionState } | null {
  const due = nextDeadline(state);
  if (!due) return null;
  const result = decide(state, { type: due.type }, SYSTEM_ACTOR, due.at);
  return result.ok ? { at: due.at, state: result.state } : null;
}
