/**
 * Test fixtures: a 广州 project of 2025 in every phase, the people around it, and the campaign's
 * instants (Asia/Shanghai 23:59:59 = 15:59:59Z). Used by the lifecycle's unit tests only.
 */
import type { AuthzActor } from '../../authz';
import type { Action, ActionType } from '../actions';
import { initialState, type SubmissionState } from '../state';
import { CORRECTIVE_MOVES, SYSTEM_ACTOR, type AnyActor } from '../transitions';

export const DEADLINES = {
  submission: '2025-03-31T15:59:59.000Z',
  cityReview: '2025-04-07T15:59:59.000Z',
  recommendation: '2025-04-10T15:59:59.000Z',
};

export const T = {
  beforeSubmission: '2025-03-20T02:00:00.000Z',
  afterSubmission: '2025-04-01T02:00:00.000Z',
  afterCityReview: '2025-04-08T02:00:00.000Z',
  afterRecommendation: '2025-04-11T02:00:00.000Z',
  ministry: '2025-06-01T02:00:00.000Z',
  duringPublicity: '2025-06-03T02:00:00.000Z',
  afterPublicity: '2025-06-09T02:00:00.000Z',
};

const PUBLICITY = { startedAt: '2025-06-01T02:00:00.000Z', endsAt: '2025-06-08T02:00:00.000Z' };

function person(userId: string, role: AuthzActor['role'], displayName: string, codes: Partial<AuthzActor> = {}): AuthzActor {
  return { userId, username: userId, displayName, role, ...codes };
}

/** People in the project's jurisdiction (or assigned / invited / owning). */
export const ACTORS: Record<AuthzActor['role'], AuthzActor> = {
  enterprise: person('ent-1', 'enterprise', '广州智造有限公司'),
  operator: person('op-1', 'operator', '中国移动广州分公司'),
  city_miit: person('gz-miit', 'city_miit', '广州市工信局审核员', { provinceCode: '440000', cityCode: '440100' }),
  province_miit: person('gd-miit', 'province_miit', '广东省工信厅审核员', { provinceCode: '440000' }),
  province_ca: person('gd-ca', 'province_ca', '广东省通信管理局审核员', { provinceCode: '440000' }),
  ministry: person('miit', 'ministry', '工信部信管局'),
  expert: person('expert-1', 'expert', '张专家'),
  admin: person('admin', 'admin', '系统管理员'),
  security_admin: person('security', 'security_admin', '安全管理员'),
  audit_admin: person('auditor', 'audit_admin', '审计管理员'),
};

/** The same roles outside the project's reach (ministry and admin have no jurisdiction to leave). */
export const OUTSIDERS: Partial<Record<AuthzActor['role'], AuthzActor>> = {
  enterprise: person('ent-2', 'enterprise', '深圳另一家公司'),
  operator: person('op-2', 'operator', '中国电信深圳分公司'),
  city_miit: person('sz-miit', 'city_miit', '深圳市工信局审核员', { provinceCode: '440000', cityCode: '440300' }),
  province_miit: person('bj-miit', 'province_miit', '北京市经信局审核员', { provinceCode: '110000' }),
  province_ca: person('bj-ca', 'province_ca', '北京市通信管理局审核员', { provinceCode: '110000' }),
  expert: person('expert-2', 'expert', '李专家'),
};

export const EVERYONE: AnyActor[] = [...Object.values(ACTORS), SYSTEM_ACTOR];

export function baseState(): SubmissionState {
  return {
    ...initialState({
      projectId: 'p-1',
      year: 2025,
      enterpriseId: 'ent-1',
      provinceCode: '440000',
      cityCode: '440100',
      stage: '建设完成',
      formVersion: 5,
      cityReviewRequired: true,
      deadlines: DEADLINES,
      invitedOperators: ['op-1'],
    }),
    seq: 10,
  };
}

function recommendation(by: AuthzActor) {
  return { by: by.userId, byName: by.displayName, at: '2025-03-25T02:00:00.000Z', formVersion: 5 };
}
const CA_ONLY = { province_ca: recommendation(ACTORS.province_ca), province_miit: null };
const BOTH = { province_ca: recommendation(ACTORS.province_ca), province_miit: recommendation(ACTORS.province_miit) };

export interface Fixture {
  name: string;
  state: SubmissionState;
  /** When people act on it in the matrix. */
  now: string;
}

function fixture(name: string, now: string, changes: Partial<SubmissionState>): Fixture {
  return { name, now, state: { ...baseState(), ...changes } };
}

const MINISTRY_BASE: Partial<SubmissionState> = { recommendations: BOTH, cityReview: 'approved', experts: ['expert-1'] };

export const FIXTURES: Fixture[] = [
  fixture('draft', T.beforeSubmission, { phase: 'draft' }),
  fixture('submitted (初审待办)', T.beforeSubmission, { phase: 'submitted', cityReview: 'pending' }),
  fixture('submitted (初审通过)', T.beforeSubmission, { phase: 'submitted', cityReview: 'approved' }),
  fixture('submitted (无需初审)', T.beforeSubmission, { phase: 'submitted', cityReviewRequired: false, cityReview: null }),
  fixture('returned', T.beforeSubmission, { phase: 'returned', cityReview: 'returned' }),
  fixture('partially_recommended', T.beforeSubmission, {
    phase: 'partially_recommended',
    cityReview: 'approved',
    recommendations: CA_ONLY,
  }),
  fixture('recommended', T.beforeSubmission, { phase: 'recommended', cityReview: 'approved', recommendations: BOTH }),
  fixture('withdrawal_requested', T.beforeSubmission, {
    phase: 'withdrawal_requested',
    cityReview: 'approved',
    recommendations: BOTH,
    withdrawal: { reason: '数据需更正', requestedAt: '2025-03-26T02:00:00.000Z', requestedBy: 'ent-1', fromPhase: 'recommended' },
  }),
  fixture('withdrawn', T.beforeSubmission, { phase: 'withdrawn', cityReview: 'approved' }),
  fixture('expired', T.afterSubmission, { phase: 'expired' }),
  fixture('not_recommended', T.afterRecommendation, { phase: 'not_recommended', cityReview: 'approved' }),
  fixture('ministry_review', T.ministry, { ...MINISTRY_BASE, phase: 'ministry_review' }),
  fixture('onsite_verification (待记录)', T.ministry, { ...MINISTRY_BASE, phase: 'onsite_verification' }),
  fixture('onsite_verification (已记录)', T.ministry, {
    ...MINISTRY_BASE,
    phase: 'onsite_verification',
    onsite: { passed: true, notes: '现场核验通过', at: '2025-05-20T02:00:00.000Z' },
  }),
  fixture('shortlisted', T.ministry, { ...MINISTRY_BASE, phase: 'shortlisted', decision: 'shortlisted' }),
  fixture('rejected', T.ministry, { ...MINISTRY_BASE, phase: 'rejected', decision: 'rejected' }),
  fixture('publicity', T.duringPublicity, { ...MINISTRY_BASE, phase: 'publicity', decision: 'shortlisted', publicity: PUBLICITY }),
  fixture('publicity (有异议)', T.duringPublicity, {
    ...MINISTRY_BASE,
    phase: 'publicity',
    decision: 'shortlisted',
    publicity: PUBLICITY,
    objections: [{ id: 'obj-1', content: '项目数据与实际不符', filedAt: '2025-06-02T02:00:00.000Z', status: 'open' }],
  }),
  fixture('listed', T.afterPublicity, { ...MINISTRY_BASE, phase: 'listed', decision: 'shortlisted', publicity: PUBLICITY }),
];

/** Arguments a well-behaved caller would send for the action on this state. */
export function validAction(type: ActionType, state: SubmissionState, actor: AnyActor): Action {
  switch (type) {
    case 'save':
      return { type, formVersion: state.formVersion + 1, stage: state.stage, provinceCode: state.provinceCode, cityCode: state.cityCode };
    case 'submit':
    case 'recommend':
      return { type, formVersion: state.formVersion };
    case 'cityReturn':
      return { type, reason: '项目经费材料不完整' };
    case 'cancelRecommendation':
      return { type, reason: '项目尚未完成验收' };
    case 'withdraw':
      return { type, reason: '需更正项目数据' };
    case 'rejectWithdrawal':
      return { type, reason: '推荐已完成，不同意撤回' };
    case 'assignExperts':
      return { type, expertIds: ['expert-1', 'expert-3'] };
    case 'score':
      return actor.role === 'expert'
        ? { type, score: 88, comment: '网络建设完整，应用成效明显' }
        : { type, score: 85, comment: '专家组线下评审意见', expertId: state.experts[0] ?? 'expert-1' };
    case 'decide':
      return { type, decision: state.phase === 'onsite_verification' && state.onsite?.passed === false ? 'reject' : 'shortlist' };
    case 'recordOnsite':
      return { type, passed: true, notes: '现场核验通过' };
    case 'startPublicity':
      return { type, publicityDays: 7 };
    case 'fileObjection':
      return { type, objectionId: 'obj-new', content: '该项目存在异议' };
    case 'resolveObjection':
      return {
        type,
        objectionId: state.objections.find((each) => each.status === 'open')?.id ?? 'obj-1',
        uphold: false,
        resolution: '经核实，异议不成立',
      };
    case 'inviteOperator':
      return { type, operatorId: 'op-9' };
    case 'revokeOperator':
      return { type, operatorId: state.invitedOperators[0] ?? 'op-1' };
    case 'reopen':
      // An expired project's new submission deadline must lie before the recommendation deadline.
      return state.phase === 'expired'
        ? { type, reason: '系统误判逾期', until: '2025-04-09T15:59:59.000Z' }
        : state.phase === 'not_recommended'
          ? { type, reason: '省级推荐已线下完成', until: '2099-12-31T15:59:59.000Z' }
          : { type, reason: '评审决定有误' };
    case 'move':
      return { type, toPhase: CORRECTIVE_MOVES[state.phase]?.[0] ?? 'ministry_review', reason: '纠正误操作' };
    case 'deadlinesChanged':
      return { type, deadlines: { ...state.deadlines, submission: '2025-04-03T15:59:59.000Z' } };
    case 'cityApprove':
    case 'approveWithdrawal':
    case 'markCase':
    case 'deleteDraft':
    case 'submissionDeadlinePassed':
    case 'recommendationDeadlinePassed':
    case 'publicityEnded':
    case 'escalate':
      return { type };
  }
}

/** Makes a value immutable all the way down, so any mutation by the code under test throws. */
export function deepFreeze<V>(value: V): V {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
