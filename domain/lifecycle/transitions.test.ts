import fc from 'fast-check';
import { ACTION_TYPES, type Action } from './actions';
import {
  decide,
  nextDeadline,
  actionAvailability,
  allowedActions,
  REFUSAL_HTTP_STATUS,
  SYSTEM_ACTOR,
  type AnyActor,
  type DecideResult,
} from './transitions';
import type { SubmissionState } from './state';
import { statusText } from '../statusText';
import { ACTORS, DEADLINES, FIXTURES, OUTSIDERS, T, baseState, deepFreeze, validAction } from './__fixtures__/submissions';

const { enterprise, city_miit, province_miit, province_ca, ministry, expert } = ACTORS;

function fixtureState(name: string): SubmissionState {
  return structuredClone(FIXTURES.find((each) => each.name === name)!.state);
}

/** Applies the steps in order, failing loudly on the first refusal. */
function run(state: SubmissionState, steps: [Action, AnyActor, string?][]): SubmissionState {
  let current = state;
  for (const [action, actor, now] of steps) {
    const result = decide(deepFreeze(current), action, actor, now ?? T.beforeSubmission);
    if (!result.ok) throw new Error(`${action.type} refused: ${result.code} ${result.message}`);
    current = result.state;
  }
  return current;
}

function refusal(result: DecideResult) {
  if (result.ok) throw new Error(`expected a refusal, got phase ${result.state.phase}`);
  return { code: result.code, message: result.message };
}

function gdStatus(state: SubmissionState) {
  return statusText({ ...state, provinceName: '广东省', cityName: '广州市' });
}

const submitted = () => fixtureState('submitted (初审通过)');

describe('dual recommendation', () => {
  test('the project is recommended once both provincial authorities have recommended, in either order', () => {
    const caFirst = run(submitted(), [[{ type: 'recommend', formVersion: 5 }, province_ca]]);
    expect(caFirst.phase).toBe('partially_recommended');
    expect(gdStatus(caFirst)).toBe('广东省(通信管理局)已推荐;广东省(工业和信息化厅)待推荐;');
    const caThenMiit = run(caFirst, [[{ type: 'recommend', formVersion: 5 }, province_miit]]);
    expect(caThenMiit.phase).toBe('recommended');
    expect(gdStatus(caThenMiit)).toBe('广东省(通信管理局)已推荐;广东省(工业和信息化厅)已推荐;');

    const miitFirst = run(submitted(), [[{ type: 'recommend', formVersion: 5 }, province_miit]]);
    expect(miitFirst.phase).toBe('partially_recommended');
    expect(gdStatus(miitFirst)).toBe('广东省(通信管理局)待推荐;广东省(工业和信息化厅)已推荐;');
    const miitThenCa = run(miitFirst, [[{ type: 'recommend', formVersion: 5 }, province_ca]]);
    expect(miitThenCa.phase).toBe('recommended');
    expect(miitThenCa.recommendations).toEqual({
      province_ca: { by: 'gd-ca', byName: '广东省通信管理局审核员', at: T.beforeSubmission, formVersion: 5 },
      province_miit: { by: 'gd-miit', byName: '广东省工信厅审核员', at: T.beforeSubmission, formVersion: 5 },
    });
  });

  test('an authority cannot recommend twice', () => {
    const once = run(submitted(), [[{ type: 'recommend', formVersion: 5 }, province_ca]]);
    expect(refusal(decide(once, { type: 'recommend', formVersion: 5 }, province_ca, T.beforeSubmission))).toEqual({
      code: 'ALREADY_RECOMMENDED',
      message: '贵单位已推荐该项目',
    });
  });

  test('a regulator who looked at an older version of the form is told to refresh', () => {
    const edited = run(submitted(), [
      [{ type: 'save', formVersion: 6, stage: '建设完成', provinceCode: '440000', cityCode: '440100' }, enterprise],
    ]);
    expect(edited.phase).toBe('submitted');
    expect(refusal(decide(edited, { type: 'recommend', formVersion: 5 }, province_miit, T.beforeSubmission))).toEqual({
      code: 'FORM_VERSION_STALE',
      message: '项目内容已更新，请刷新后再推荐',
    });
    expect(decide(edited, { type: 'recommend', formVersion: 6 }, province_miit, T.beforeSubmission).ok).toBe(true);
  });

  test('only a project whose 实施阶段 is 建设完成 can be recommended', () => {
    const underConstruction = { ...submitted(), stage: '建设中' as const };
    expect(refusal(decide(underConstruction, { type: 'recommend', formVersion: 5 }, province_ca, T.beforeSubmission))).toEqual({
      code: 'NOT_COMPLETED',
      message: '推荐项目需为已完成项目（该项目实施阶段为“建设中”）',
    });
    const noStage = { ...submitted(), stage: null };
    expect(refusal(decide(noStage, { type: 'recommend', formVersion: 5 }, province_ca, T.beforeSubmission)).message).toBe(
      '推荐项目需为已完成项目（该项目未填写实施阶段）',
    );
    const availability = actionAvailability(underConstruction, province_ca, T.beforeSubmission).find((each) => each.type === 'recommend');
    expect(availability).toEqual({
      type: 'recommend',
      allowed: false,
      code: 'NOT_COMPLETED',
      message: '推荐项目需为已完成项目（该项目实施阶段为“建设中”）',
    });
  });

  test('where the province requires 初审, the city must approve before anyone recommends', () => {
    const pending = fixtureState('submitted (初审待办)');
    expect(gdStatus(pending)).toBe('广州市(工业和信息化局)待初审;');
    expect(refusal(decide(pending, { type: 'recommend', formVersion: 5 }, province_ca, T.beforeSubmission))).toEqual({
      code: 'CITY_REVIEW_REQUIRED',
      message: '该项目尚未通过市级初审，不能推荐',
    });
    const approved = run(pending, [[{ type: 'cityApprove' }, city_miit]]);
    expect(approved).toMatchObject({ phase: 'submitted', cityReview: 'approved' });
    expect(gdStatus(approved)).toBe('广东省(通信管理局)待推荐;广东省(工业和信息化厅)待推荐;');
    expect(run(approved, [[{ type: 'recommend', formVersion: 5 }, province_ca]]).phase).toBe('partially_recommended');
  });

  test('a province without 初审 does not let the city review', () => {
    const noReview = fixtureState('submitted (无需初审)');
    expect(refusal(decide(noReview, { type: 'cityApprove' }, city_miit, T.beforeSubmission))).toEqual({
      code: 'CITY_REVIEW_NOT_REQUIRED',
      message: '本省无需市级初审',
    });
  });
});

describe('初审退回 and resubmission', () => {
  test('the city returns a project with a reason and the enterprise resubmits it for a new 初审', () => {
    const pending = fixtureState('submitted (初审待办)');
    expect(refusal(decide(pending, { type: 'cityReturn', reason: '  ' }, city_miit, T.beforeSubmission))).toEqual({
      code: 'REASON_REQUIRED',
      message: '请填写退回理由',
    });
    const result = decide(pending, { type: 'cityReturn', reason: '经费材料不完整' }, city_miit, T.beforeSubmission);
    if (!result.ok) throw new Error(result.message);
    expect(result.state).toMatchObject({ phase: 'returned', cityReview: 'returned' });
    expect(result.event).toEqual({
      seq: 11,
      action: 'cityReturn',
      actorId: 'gz-miit',
      actorName: '广州市工信局审核员',
      actorRole: 'city_miit',
      at: T.beforeSubmission,
      reason: '经费材料不完整',
      fromPhase: 'submitted',
      toPhase: 'returned',
    });
    expect(gdStatus(result.state)).toBe('已退回');
    const resubmitted = run(result.state, [
      [{ type: 'save', formVersion: 6, stage: '建设完成', provinceCode: '440000', cityCode: '440100' }, enterprise],
      [{ type: 'submit', formVersion: 6 }, enterprise],
    ]);
    expect(resubmitted).toMatchObject({ phase: 'submitted', cityReview: 'pending', formVersion: 6, seq: 13 });
  });

  test('the city cannot review after its 初审 deadline', () => {
    const pending = fixtureState('submitted (初审待办)');
    expect(refusal(decide(pending, { type: 'cityApprove' }, city_miit, T.afterCityReview))).toEqual({
      code: 'DEADLINE_PASSED',
      message: '市级初审截止时间已过，不能再初审',
    });
  });

  test('a submit naming an older form version is refused', () => {
    const draft = fixtureState('draft');
    expect(refusal(decide(draft, { type: 'submit', formVersion: 4 }, enterprise, T.beforeSubmission))).toEqual({
      code: 'FORM_VERSION_STALE',
      message: '项目内容已更新，请刷新后再提交',
    });
  });
});

describe('取消推荐', () => {
  test('cancelling clears only that authority’s recommendation, with the reason in the history', () => {
    const recommended = fixtureState('recommended');
    const result = decide(recommended, { type: 'cancelRecommendation', reason: '项目尚未完成验收' }, province_ca, T.beforeSubmission);
    if (!result.ok) throw new Error(result.message);
    expect(result.state.phase).toBe('partially_recommended');
    expect(result.state.recommendations.province_ca).toBeNull();
    expect(result.state.recommendations.province_miit).toEqual(recommended.recommendations.province_miit);
    expect(result.event).toMatchObject({ reason: '项目尚未完成验收', details: { authority: 'province_ca' } });
    const none = run(result.state, [[{ type: 'cancelRecommendation', reason: '材料有误' }, province_miit]]);
    expect(none.phase).toBe('submitted');
  });

  test('cancelling needs a reason, and only an authority that recommended can cancel', () => {
    const partial = fixtureState('partially_recommended');
    expect(refusal(decide(partial, { type: 'cancelRecommendation', reason: '' }, province_ca, T.beforeSubmission))).toEqual({
      code: 'REASON_REQUIRED',
      message: '请填写取消推荐的理由',
    });
    expect(refusal(decide(partial, { type: 'cancelRecommendation', reason: '理由' }, province_miit, T.beforeSubmission))).toEqual({
      code: 'NOT_RECOMMENDED_BY_YOU',
      message: '贵单位尚未推荐该项目，无需取消推荐',
    });
  });
});

describe('申请撤回', () => {
  test('from 待推荐 the withdrawal takes effect at once', () => {
    const result = decide(submitted(), { type: 'withdraw', reason: '需更正数据' }, enterprise, T.beforeSubmission);
    expect(result).toMatchObject({ ok: true, state: { phase: 'withdrawn', withdrawal: null }, event: { reason: '需更正数据' } });
  });

  test('from 已推荐 it is a request; an authority approving it withdraws the project and clears both recommendations', () => {
    const requested = run(fixtureState('recommended'), [[{ type: 'withdraw', reason: '需更正数据' }, enterprise]]);
    expect(requested.phase).toBe('withdrawal_requested');
    expect(requested.withdrawal).toEqual({
      reason: '需更正数据',
      requestedAt: T.beforeSubmission,
      requestedBy: 'ent-1',
      fromPhase: 'recommended',
    });
    expect(gdStatus(requested)).toBe('撤回申请中');
    expect(refusal(decide(requested, { type: 'withdraw', reason: '再次申请' }, enterprise, T.beforeSubmission))).toEqual({
      code: 'NOT_ALLOWED_IN_PHASE',
      message: '项目当前状态为“撤回申请中”，不能申请撤回',
    });
    const approved = run(requested, [[{ type: 'approveWithdrawal' }, province_miit]]);
    expect(approved).toMatchObject({
      phase: 'withdrawn',
      withdrawal: null,
      recommendations: { province_ca: null, province_miit: null },
    });
  });

  test('rejecting the request needs a reason and puts the project back where it was', () => {
    for (const from of ['recommended', 'partially_recommended'] as const) {
      const requested = run(fixtureState(from), [[{ type: 'withdraw', reason: '需更正数据' }, enterprise]]);
      expect(refusal(decide(requested, { type: 'rejectWithdrawal', reason: '' }, province_ca, T.beforeSubmission))).toEqual({
        code: 'REASON_REQUIRED',
        message: '请填写驳回理由',
      });
      const rejected = decide(requested, { type: 'rejectWithdrawal', reason: '推荐已完成' }, province_ca, T.beforeSubmission);
      expect(rejected).toMatchObject({
        ok: true,
        state: { phase: from, withdrawal: null, recommendations: requested.recommendations },
        event: { fromPhase: 'withdrawal_requested', toPhase: from, reason: '推荐已完成' },
      });
    }
  });

  test('resubmitting after withdrawal needs the recommendations (and 初审) again', () => {
    const resubmitted = run(fixtureState('recommended'), [
      [{ type: 'withdraw', reason: '需更正数据' }, enterprise],
      [{ type: 'approveWithdrawal' }, province_ca],
      [{ type: 'save', formVersion: 6, stage: '建设完成', provinceCode: '440000', cityCode: '440100' }, enterprise],
      [{ type: 'submit', formVersion: 6 }, enterprise],
    ]);
    expect(resubmitted).toMatchObject({
      phase: 'submitted',
      cityReview: 'pending',
      recommendations: { province_ca: null, province_miit: null },
    });
    expect(gdStatus(resubmitted)).toBe('广州市(工业和信息化局)待初审;');
    const again = run(resubmitted, [
      [{ type: 'cityApprove' }, city_miit],
      [{ type: 'recommend', formVersion: 6 }, province_miit],
      [{ type: 'recommend', formVersion: 6 }, province_ca],
    ]);
    expect(again.phase).toBe('recommended');
  });
});

describe('saving', () => {
  test('a submitted project keeps its phase and takes the new version', () => {
    const saved = run(submitted(), [
      [{ type: 'save', formVersion: 6, stage: '建设中', provinceCode: '440000', cityCode: '440100' }, enterprise],
    ]);
    expect(saved).toMatchObject({ phase: 'submitted', formVersion: 6, stage: '建设中' });
  });

  test('a submitted project cannot move to another city; a draft can, with its new province’s 初审 rule', () => {
    expect(
      refusal(decide(submitted(), { type: 'save', formVersion: 6, stage: '建设完成', provinceCode: '440000', cityCode: '440300' }, enterprise, T.beforeSubmission)),
    ).toEqual({ code: 'VALIDATION', message: '项目已提交，不能更改实施地址所在的省市；如需更改，请先申请撤回' });
    const draft = fixtureState('draft');
    expect(
      refusal(decide(draft, { type: 'save', formVersion: 6, stage: '建设完成', provinceCode: '110000', cityCode: '110100' }, enterprise, T.beforeSubmission)),
    ).toEqual({ code: 'VALIDATION', message: '实施地址改到其他省份时，需一并提供该省的市级初审要求' });
    const moved = run(draft, [
      [
        {
          type: 'save',
          formVersion: 6,
          stage: '建设完成',
          provinceCode: '110000',
          cityCode: '110100',
          cityReviewRule: { required: false, deadline: null },
        },
        enterprise,
      ],
    ]);
    expect(moved).toMatchObject({ provinceCode: '110000', cityCode: '110100', cityReviewRequired: false, deadlines: { cityReview: null } });
  });

  test('the enterprise cannot save or submit after the submission deadline', () => {
    const draft = fixtureState('draft');
    expect(
      refusal(decide(draft, { type: 'save', formVersion: 6, stage: '建设完成', provinceCode: '440000', cityCode: '440100' }, enterprise, T.afterSubmission)),
    ).toEqual({ code: 'DEADLINE_PASSED', message: '申报截止时间已过，不能再修改项目' });
    expect(refusal(decide(draft, { type: 'submit', formVersion: 5 }, enterprise, T.afterSubmission))).toEqual({
      code: 'DEADLINE_PASSED',
      message: '申报截止时间已过，不能再提交项目',
    });
  });
});

describe('deadlines', () => {
  test('at the submission deadline an unsubmitted project expires and a submitted one is untouched', () => {
    const draft = fixtureState('draft');
    expect(refusal(decide(draft, { type: 'submissionDeadlinePassed' }, SYSTEM_ACTOR, T.beforeSubmission))).toEqual({
      code: 'DEADLINE_NOT_REACHED',
      message: '申报截止时间未到',
    });
    expect(decide(draft, { type: 'submissionDeadlinePassed' }, SYSTEM_ACTOR, DEADLINES.submission)).toMatchObject({
      ok: true,
      state: { phase: 'expired' },
      event: { actorRole: 'system', actorName: '系统', fromPhase: 'draft', toPhase: 'expired' },
    });
    expect(refusal(decide(submitted(), { type: 'submissionDeadlinePassed' }, SYSTEM_ACTOR, T.afterSubmission)).code).toBe(
      'NOT_ALLOWED_IN_PHASE',
    );
  });

  test('at the recommendation deadline recommended projects go to the ministry and the rest are not recommended', () => {
    const at = T.afterRecommendation;
    const system = (name: string) => decide(fixtureState(name), { type: 'recommendationDeadlinePassed' }, SYSTEM_ACTOR, at);
    expect(system('recommended')).toMatchObject({ ok: true, state: { phase: 'ministry_review' } });
    expect(system('partially_recommended')).toMatchObject({ ok: true, state: { phase: 'not_recommended' } });
    expect(system('submitted (初审待办)')).toMatchObject({ ok: true, state: { phase: 'not_recommended' } });
    expect(system('withdrawal_requested')).toMatchObject({ ok: true, state: { phase: 'not_recommended', withdrawal: null } });
  });

  test('regulators cannot recommend after the recommendation deadline', () => {
    expect(refusal(decide(submitted(), { type: 'recommend', formVersion: 5 }, province_ca, DEADLINES.recommendation))).toEqual({
      code: 'DEADLINE_PASSED',
      message: '推荐截止时间已过，不能再推荐',
    });
  });

  test('an extended deadline lets the enterprise submit again and moves the workflow’s timer', () => {
    const draft = fixtureState('draft');
    expect(nextDeadline(draft)).toEqual({ type: 'submissionDeadlinePassed', at: DEADLINES.submission });
    const extended = run(draft, [
      [{ type: 'deadlinesChanged', deadlines: { ...DEADLINES, submission: '2025-04-03T15:59:59.000Z' } }, SYSTEM_ACTOR],
    ]);
    expect(extended.phase).toBe('draft');
    expect(nextDeadline(extended)).toEqual({ type: 'submissionDeadlinePassed', at: '2025-04-03T15:59:59.000Z' });
    expect(decide(extended, { type: 'submit', formVersion: 5 }, enterprise, T.afterSubmission).ok).toBe(true);
  });

  test('the ministry moves the end of the publicity period: the project in 公示 waits for the new end, is listed once it has passed', () => {
    const inPublicity = fixtureState('publicity');
    const moved = run(inPublicity, [
      [{ type: 'deadlinesChanged', deadlines: inPublicity.deadlines, publicityEndsAt: '2025-06-20T15:59:59.000Z' }, SYSTEM_ACTOR],
    ]);
    expect({ phase: moved.phase, publicity: moved.publicity }).toEqual({
      phase: 'publicity',
      publicity: { startedAt: inPublicity.publicity!.startedAt, endsAt: '2025-06-20T15:59:59.000Z' },
    });
    expect(nextDeadline(moved)).toEqual({ type: 'publicityEnded', at: '2025-06-20T15:59:59.000Z' });
    expect(refusal(decide(moved, { type: 'publicityEnded' }, SYSTEM_ACTOR, '2025-06-20T15:59:58.000Z')).code).toBe('DEADLINE_NOT_REACHED');
    expect(decide(moved, { type: 'publicityEnded' }, SYSTEM_ACTOR, '2025-06-20T15:59:59.000Z')).toMatchObject({ ok: true, state: { phase: 'listed' } });
  });

  test('a publicity end applies to projects in 公示 only, and an invalid one is refused', () => {
    const review = fixtureState('ministry_review');
    const result = decide(review, { type: 'deadlinesChanged', deadlines: review.deadlines, publicityEndsAt: '2025-06-20T15:59:59.000Z' }, SYSTEM_ACTOR, T.afterRecommendation);
    expect(result).toMatchObject({ ok: true, state: { phase: 'ministry_review', publicity: review.publicity } });
    expect(refusal(decide(fixtureState('publicity'), { type: 'deadlinesChanged', deadlines: DEADLINES, publicityEndsAt: '下周' }, SYSTEM_ACTOR, T.afterRecommendation))).toEqual({
      code: 'VALIDATION',
      message: '公示截止时间无效',
    });
  });

  test('the workflow waits for the deadline that applies to the phase', () => {
    expect(nextDeadline(submitted())).toEqual({ type: 'recommendationDeadlinePassed', at: DEADLINES.recommendation });
    expect(nextDeadline(fixtureState('withdrawal_requested'))).toEqual({
      type: 'recommendationDeadlinePassed',
      at: DEADLINES.recommendation,
    });
    expect(nextDeadline(fixtureState('ministry_review'))).toBeNull();
    expect(nextDeadline(fixtureState('expired'))).toBeNull();
    expect(nextDeadline(fixtureState('publicity'))).toEqual({ type: 'publicityEnded', at: '2025-06-08T02:00:00.000Z' });
    expect(nextDeadline(fixtureState('publicity (有异议)'))).toBeNull();
  });

  test('every deadline nextDeadline reports is accepted by decide at that instant', () => {
    for (const { state } of FIXTURES) {
      const pending = nextDeadline(state);
      if (pending) expect(decide(state, { type: pending.type }, SYSTEM_ACTOR, pending.at).ok).toBe(true);
    }
  });

  test('a project returned after the submission deadline may be corrected and resubmitted until the city-review deadline', () => {
    const pending = fixtureState('submitted (初审待办)');
    const returned = run(pending, [[{ type: 'cityReturn', reason: '材料不全' }, city_miit, T.afterSubmission]]);
    expect(nextDeadline(returned)).toEqual({ type: 'submissionDeadlinePassed', at: DEADLINES.cityReview });
    expect(decide(returned, { type: 'submissionDeadlinePassed' }, SYSTEM_ACTOR, T.afterSubmission)).toMatchObject({ ok: false, code: 'DEADLINE_NOT_REACHED' });
    const resubmitted = decide(returned, { type: 'submit', formVersion: returned.formVersion }, enterprise, T.afterSubmission);
    expect(resubmitted).toMatchObject({ ok: true, state: { phase: 'submitted', cityReview: 'pending' } });
    const late = decide(returned, { type: 'submit', formVersion: returned.formVersion }, enterprise, T.afterCityReview);
    expect(late).toMatchObject({ ok: false, code: 'DEADLINE_PASSED', message: '退回修改的截止时间已过，不能再提交项目' });
    expect(run(returned, [[{ type: 'submissionDeadlinePassed' }, SYSTEM_ACTOR, T.afterCityReview]]).phase).toBe('expired');
  });
});

describe('ministry review', () => {
  const review = () => fixtureState('ministry_review');

  test('assigned experts score; a new score replaces the expert’s earlier one; the ministry may record one for an expert', () => {
    const scored = run(review(), [
      [{ type: 'assignExperts', expertIds: ['expert-1', 'expert-3'] }, ministry, T.ministry],
      [{ type: 'score', score: 80, comment: '较好' }, expert, T.ministry],
      [{ type: 'score', score: 90, comment: '复核后上调' }, expert, T.ministry],
      [{ type: 'score', score: 75, comment: '线下评审', expertId: 'expert-3' }, ministry, T.ministry],
    ]);
    expect(scored.scores).toEqual([
      { expertId: 'expert-1', score: 90, comment: '复核后上调', at: T.ministry },
      { expertId: 'expert-3', score: 75, comment: '线下评审', at: T.ministry },
    ]);
    expect(refusal(decide(scored, { type: 'score', score: 101, comment: '好' }, expert, T.ministry))).toEqual({
      code: 'VALIDATION',
      message: '评分须为0到100之间的数字',
    });
    expect(refusal(decide(scored, { type: 'score', score: 60, comment: '好' }, OUTSIDERS.expert!, T.ministry))).toEqual({
      code: 'FORBIDDEN',
      message: '该项目未分配给您评审，无权为项目评分',
    });
  });

  test('after ordering on-site verification the ministry records its result before deciding, and cannot shortlist a failed one', () => {
    const onsite = run(review(), [[{ type: 'decide', decision: 'onsite' }, ministry, T.ministry]]);
    expect(onsite.phase).toBe('onsite_verification');
    expect(refusal(decide(onsite, { type: 'decide', decision: 'shortlist' }, ministry, T.ministry))).toEqual({
      code: 'ONSITE_NOT_RECORDED',
      message: '请先记录现场核验结果，再作出评审决定',
    });
    const failed = run(onsite, [[{ type: 'recordOnsite', passed: false, notes: '5G覆盖与申报不符' }, ministry, T.ministry]]);
    expect(refusal(decide(failed, { type: 'decide', decision: 'shortlist' }, ministry, T.ministry))).toEqual({
      code: 'VALIDATION',
      message: '现场核验未通过，不能拟入选',
    });
    expect(run(failed, [[{ type: 'decide', decision: 'reject' }, ministry, T.ministry]])).toMatchObject({
      phase: 'rejected',
      decision: 'rejected',
    });
  });
});

describe('publicity', () => {
  const shortlisted = () => fixtureState('shortlisted');

  test('publicity lasts the given calendar days and lists the project when no objection is open', () => {
    const started = run(shortlisted(), [[{ type: 'startPublicity', publicityDays: 7 }, ministry, '2025-06-01T02:00:00.000Z']]);
    expect(started.publicity).toEqual({ startedAt: '2025-06-01T02:00:00.000Z', endsAt: '2025-06-08T02:00:00.000Z' });
    expect(refusal(decide(started, { type: 'publicityEnded' }, SYSTEM_ACTOR, '2025-06-07T02:00:00.000Z')).code).toBe(
      'DEADLINE_NOT_REACHED',
    );
    const listed = run(started, [[{ type: 'publicityEnded' }, SYSTEM_ACTOR, '2025-06-08T02:00:00.000Z']]);
    expect(listed.phase).toBe('listed');
    expect(run(listed, [[{ type: 'markCase' }, ministry, T.afterPublicity]]).isCase).toBe(true);
  });

  test('an open objection holds the listing until it is dismissed, even past the end', () => {
    const objected = run(shortlisted(), [
      [{ type: 'startPublicity', publicityDays: 7 }, ministry, '2025-06-01T02:00:00.000Z'],
      [{ type: 'fileObjection', objectionId: 'obj-1', content: '数据与实际不符' }, ministry, T.duringPublicity],
    ]);
    expect(nextDeadline(objected)).toBeNull();
    expect(refusal(decide(objected, { type: 'publicityEnded' }, SYSTEM_ACTOR, T.afterPublicity))).toEqual({
      code: 'OBJECTIONS_OPEN',
      message: '尚有未处理的异议，异议处理完毕后方可入选',
    });
    expect(
      refusal(decide(objected, { type: 'fileObjection', objectionId: 'obj-2', content: '迟到的异议' }, ministry, T.afterPublicity)),
    ).toEqual({ code: 'DEADLINE_PASSED', message: '公示期已结束，不能再登记异议' });
    expect(
      refusal(decide(objected, { type: 'resolveObjection', objectionId: 'obj-1', uphold: false, resolution: '' }, ministry, T.afterPublicity)),
    ).toEqual({ code: 'REASON_REQUIRED', message: '请填写异议处理意见' });
    const dismissed = run(objected, [
      [{ type: 'resolveObjection', objectionId: 'obj-1', uphold: false, resolution: '经核实不成立' }, ministry, T.afterPublicity],
    ]);
    expect(dismissed.phase).toBe('listed');
    expect(dismissed.objections[0]).toMatchObject({ status: 'dismissed', resolution: '经核实不成立' });
  });

  test('an objection dismissed during publicity lets the period run out normally', () => {
    const objected = fixtureState('publicity (有异议)');
    const dismissed = run(objected, [
      [{ type: 'resolveObjection', objectionId: 'obj-1', uphold: false, resolution: '经核实不成立' }, ministry, T.duringPublicity],
    ]);
    expect(dismissed.phase).toBe('publicity');
    expect(nextDeadline(dismissed)).toEqual({ type: 'publicityEnded', at: '2025-06-08T02:00:00.000Z' });
  });

  test('an upheld objection rejects the project', () => {
    const upheld = run(fixtureState('publicity (有异议)'), [
      [{ type: 'resolveObjection', objectionId: 'obj-1', uphold: true, resolution: '异议属实' }, ministry, T.duringPublicity],
    ]);
    expect(upheld).toMatchObject({ phase: 'rejected', decision: 'rejected' });
  });
});

describe('jurisdiction', () => {
  test('regulators of another city or province are refused with the reason', () => {
    expect(refusal(decide(fixtureState('submitted (初审待办)'), { type: 'cityApprove' }, OUTSIDERS.city_miit!, T.beforeSubmission))).toEqual({
      code: 'FORBIDDEN',
      message: '该项目不在本市管辖范围内，无权初审项目',
    });
    expect(refusal(decide(submitted(), { type: 'recommend', formVersion: 5 }, OUTSIDERS.province_ca!, T.beforeSubmission))).toEqual({
      code: 'FORBIDDEN',
      message: '该项目不在本省管辖范围内，无权推荐或取消推荐项目',
    });
    expect(refusal(decide(submitted(), { type: 'withdraw', reason: '撤回' }, OUTSIDERS.enterprise!, T.beforeSubmission))).toEqual({
      code: 'FORBIDDEN',
      message: '该项目不属于本企业，无权申请撤回项目',
    });
  });

  test('the wrong role is refused, and people cannot take the system’s actions nor the system people’s', () => {
    expect(refusal(decide(submitted(), { type: 'recommend', formVersion: 5 }, city_miit, T.beforeSubmission))).toEqual({
      code: 'FORBIDDEN',
      message: '市工业和信息化局无权推荐或取消推荐项目',
    });
    expect(refusal(decide(fixtureState('draft'), { type: 'submissionDeadlinePassed' }, ministry, T.afterSubmission))).toEqual({
      code: 'FORBIDDEN',
      message: '“申报截止”由系统自动执行',
    });
    expect(refusal(decide(fixtureState('draft'), { type: 'submit', formVersion: 5 }, SYSTEM_ACTOR, T.beforeSubmission))).toEqual({
      code: 'FORBIDDEN',
      message: '系统不能执行“提交”',
    });
  });
});

describe('bad input', () => {
  test('an unknown action or an unreadable time is refused, never thrown', () => {
    const state = baseState();
    expect(refusal(decide(state, { type: 'explode' } as unknown as Action, enterprise, T.beforeSubmission))).toEqual({
      code: 'VALIDATION',
      message: '未知的操作',
    });
    expect(refusal(decide(state, { type: 'submit', formVersion: 5 }, enterprise, 'not a date'))).toEqual({
      code: 'VALIDATION',
      message: '操作时间无效',
    });
  });

  test('time may be given as epoch milliseconds', () => {
    const result = decide(baseState(), { type: 'submit', formVersion: 5 }, enterprise, Date.parse(T.beforeSubmission));
    expect(result).toMatchObject({ ok: true, event: { at: T.beforeSubmission } });
  });
});

describe('any input', () => {
  const actors = [...Object.values(ACTORS), SYSTEM_ACTOR];
  const knownCodes = Object.keys(REFUSAL_HTTP_STATUS);
  const argumentNames = [
    ...['formVersion', 'stage', 'provinceCode', 'cityCode', 'reason', 'expertIds', 'score', 'comment', 'expertId'],
    ...['decision', 'passed', 'notes', 'publicityDays', 'objectionId', 'content', 'uphold', 'resolution'],
    ...['operatorId', 'deadlines', 'cityReviewRule'],
  ];
  /** Every (state, actor, moment, action) that would be accepted with good arguments. */
  const acceptedCells = FIXTURES.flatMap((fixture) =>
    actors.flatMap((actor) =>
      [fixture.now, T.afterSubmission, T.afterRecommendation, T.afterPublicity].flatMap((now) =>
        allowedActions(fixture.state, actor, now).map((type) => ({ state: fixture.state, actor, now, type })),
      ),
    ),
  );

  function expectSafe(state: SubmissionState, action: Action, actor: AnyActor, now: string) {
    const frozen = deepFreeze(structuredClone(state));
    const result = decide(frozen, action, actor, now);
    if (!result.ok) expect(knownCodes).toContain(result.code);
    else expect(result.state.seq).toBe(frozen.seq + 1);
  }

  test('decide never throws and never changes its input when one good argument is spoiled', () => {
    fc.assert(
      fc.property(fc.constantFrom(...acceptedCells), fc.constantFrom(...argumentNames), fc.oneof(fc.constantFrom(null, undefined, '', -1, 0.5, {}, []), fc.anything()), (cell, name, value) => {
        const action = { ...validAction(cell.type, cell.state, cell.actor), [name]: value, type: cell.type } as unknown as Action;
        expectSafe(cell.state, action, cell.actor, cell.now);
      }),
      { numRuns: 5000 },
    );
  });

  test('nor for any action by anyone at any time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES),
        fc.constantFrom(...ACTION_TYPES),
        fc.dictionary(fc.constantFrom(...argumentNames), fc.anything()),
        fc.constantFrom(...actors),
        fc.constantFrom(...Object.values(T)),
        (fixture, type, args, actor, now) => expectSafe(fixture.state, { ...args, type } as unknown as Action, actor, now),
      ),
      { numRuns: 2000 },
    );
  });
});
