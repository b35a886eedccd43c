import { decide, nextDeadline, SYSTEM_ACTOR } from './lifecycle/transitions';
import type { SubmissionState } from './lifecycle/state';
import { ACTORS, FIXTURES, baseState } from './lifecycle/__fixtures__/submissions';
import { officeOf, parseOffice, pendingEscalation, queueItems, stepOf } from './queue';

const beijing = (dateTime: string) => new Date(`${dateTime}+08:00`).toISOString();
const fixture = (name: string): SubmissionState => structuredClone(FIXTURES.find((f) => f.name === name)!.state);
const offices = (state: SubmissionState) => queueItems(state).map((i) => i.office);

describe('whose queue a submission is in (待我处理)', () => {
  it('names one office per city, provincial authority, ministry and expert', () => {
    expect(officeOf(ACTORS.city_miit)).toBe('city_miit:440100');
    expect(officeOf(ACTORS.province_miit)).toBe('province_miit:440000');
    expect(officeOf(ACTORS.province_ca)).toBe('province_ca:440000');
    expect(officeOf(ACTORS.ministry)).toBe('ministry');
    expect(officeOf(ACTORS.expert)).toBe('expert:expert-1');
    expect(officeOf(ACTORS.enterprise)).toBeNull();
    expect(officeOf(ACTORS.admin)).toBeNull();
    // An office account without its code has no queue (rather than everyone's).
    expect(officeOf({ role: 'province_ca', userId: 'x' })).toBeNull();
    expect(parseOffice('province_ca:440000')).toEqual({ role: 'province_ca', code: '440000' });
    expect(parseOffice('enterprise:1')).toBeNull();
  });

  it('waits for the city while 初审 is pending, then for the authorities that have not recommended', () => {
    expect(offices(fixture('submitted (初审待办)'))).toEqual(['city_miit:440100']);
    expect(offices(fixture('submitted (初审通过)'))).toEqual(['province_ca:440000', 'province_miit:440000']);
    expect(offices(fixture('submitted (无需初审)'))).toEqual(['province_ca:440000', 'province_miit:440000']);
    expect(offices(fixture('partially_recommended'))).toEqual(['province_miit:440000']);
    expect(offices(fixture('recommended'))).toEqual([]);
  });

  it('does not offer 推荐 for a project still 建设中 (it cannot be recommended)', () => {
    expect(offices({ ...fixture('submitted (初审通过)'), stage: '建设中' })).toEqual([]);
  });

  it('puts a withdrawal request in both authorities’ queues, due 3 working days after it was made', () => {
    const items = queueItems(fixture('withdrawal_requested'));
    expect(items.map((i) => i.office)).toEqual(['province_ca:440000', 'province_miit:440000']);
    // Requested Wednesday 2025-03-26 10:00 → Monday 2025-03-31 10:00.
    expect(items[0]).toMatchObject({ step: 'withdrawal', since: '2025-03-26T02:00:00.000Z', overdueAt: '2025-03-31T02:00:00.000Z', dueAt: '2025-03-31T02:00:00.000Z' });
  });

  it('ministry steps follow the review: assign experts, experts score, decide, record on-site, publicity, objections', () => {
    const review = fixture('ministry_review');
    expect(queueItems({ ...review, experts: [] })).toEqual([expect.objectContaining({ office: 'ministry', step: 'assignExperts' })]);
    expect(queueItems(review)).toEqual([expect.objectContaining({ office: 'expert:expert-1', step: 'score' })]);
    const scored = { ...review, scores: [{ expertId: 'expert-1', score: 90, comment: '好', at: '2025-06-01T02:00:00.000Z' }] };
    expect(queueItems(scored)).toEqual([expect.objectContaining({ office: 'ministry', step: 'decide' })]);
    expect(stepOf(fixture('onsite_verification (待记录)'))).toBe('onsite');
    expect(stepOf(fixture('onsite_verification (已记录)'))).toBe('decide');
    expect(stepOf(fixture('shortlisted'))).toBe('publicity');
    expect(stepOf(fixture('publicity'))).toBeNull();
    expect(stepOf(fixture('publicity (有异议)'))).toBe('objection');
    for (const closed of ['draft', 'returned', 'withdrawn', 'expired', 'not_recommended', 'rejected', 'listed']) expect(queueItems(fixture(closed))).toEqual([]);
  });
});

describe('when the step began (stepSince), kept by decide()', () => {
  it('starts 初审 at submit and 推荐 at the city’s approval, and leaves it alone on unrelated actions', () => {
    const draft = { ...baseState(), phase: 'draft' as const };
    const submitted = decide(draft, { type: 'submit', formVersion: draft.formVersion }, ACTORS.enterprise, beijing('2025-03-20T09:00:00'));
    if (!submitted.ok) throw new Error(submitted.message);
    expect(submitted.state.stepSince).toBe(beijing('2025-03-20T09:00:00'));
    const invited = decide(submitted.state, { type: 'inviteOperator', operatorId: 'op-7' }, ACTORS.enterprise, beijing('2025-03-21T09:00:00'));
    if (!invited.ok) throw new Error(invited.message);
    expect(invited.state.stepSince).toBe(beijing('2025-03-20T09:00:00'));
    const approved = decide(invited.state, { type: 'cityApprove' }, ACTORS.city_miit, beijing('2025-03-24T09:00:00'));
    if (!approved.ok) throw new Error(approved.message);
    expect(approved.state.stepSince).toBe(beijing('2025-03-24T09:00:00'));
    // One authority recommends: the other's item keeps the instant it has waited since.
    const ca = decide(approved.state, { type: 'recommend', formVersion: approved.state.formVersion }, ACTORS.province_ca, beijing('2025-03-25T09:00:00'));
    if (!ca.ok) throw new Error(ca.message);
    expect(queueItems(ca.state)).toEqual([expect.objectContaining({ office: 'province_miit:440000', since: beijing('2025-03-24T09:00:00') })]);
  });
});

describe('escalations (催办)', () => {
  const pendingCityReview = (since: string): SubmissionState => ({ ...fixture('submitted (初审待办)'), stepSince: since, deadlines: { ...baseState().deadlines, cityReview: '2030-01-01T00:00:00.000Z', recommendation: '2030-01-01T00:00:00.000Z' } });

  it('reminds the city 3 working days after submission, across the 2025 National Day holiday', () => {
    const state = pendingCityReview(beijing('2025-09-30T10:00:00'));
    expect(pendingEscalation(state)).toEqual({ key: `cityReview@${beijing('2025-09-30T10:00:00')}`, step: 'cityReview', at: beijing('2025-10-11T10:00:00'), offices: ['city_miit:440100'] });
    expect(nextDeadline(state, { escalations: true })).toEqual({ type: 'escalate', at: beijing('2025-10-11T10:00:00') });
    // Without escalations (a workflow that started before them) the next deadline is the recommendation deadline.
    expect(nextDeadline(state)).toEqual({ type: 'recommendationDeadlinePassed', at: '2030-01-01T00:00:00.000Z' });
  });

  it('escalates once: refused before it is due, then applied and recorded with the offices reminded', () => {
    const state = pendingCityReview(beijing('2025-09-30T10:00:00'));
    const early = decide(state, { type: 'escalate' }, SYSTEM_ACTOR, beijing('2025-10-11T09:59:00'));
    expect(early).toMatchObject({ ok: false, code: 'DEADLINE_NOT_REACHED' });
    const due = decide(state, { type: 'escalate' }, SYSTEM_ACTOR, beijing('2025-10-11T10:00:00'));
    if (!due.ok) throw new Error(due.message);
    expect(due.event).toMatchObject({ action: 'escalate', fromPhase: 'submitted', toPhase: 'submitted', details: { step: 'cityReview', offices: ['city_miit:440100'] } });
    expect(due.state.stepSince).toBe(state.stepSince);
    expect(pendingEscalation(due.state)).toBeNull();
    expect(decide(due.state, { type: 'escalate' }, SYSTEM_ACTOR, beijing('2025-10-20T10:00:00'))).toMatchObject({ ok: false, code: 'ALREADY_DONE' });
    // People cannot escalate.
    expect(decide(state, { type: 'escalate' }, ACTORS.city_miit, beijing('2025-10-12T10:00:00'))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('does not remind when the step closes before the SLA', () => {
    const state = { ...pendingCityReview(beijing('2025-04-07T10:00:00')), deadlines: { ...baseState().deadlines } };
    expect(pendingEscalation(state)).toBeNull();
  });

  it('reminds experts who have not scored 2 working days before the review deadline, again when it moves', () => {
    const review: SubmissionState = {
      ...fixture('ministry_review'),
      experts: ['expert-1', 'expert-2'],
      scores: [{ expertId: 'expert-2', score: 80, comment: '可', at: '2026-09-01T02:00:00.000Z' }],
      deadlines: { ...baseState().deadlines, expertReview: beijing('2026-10-09T12:00:00') },
    };
    expect(pendingEscalation(review)).toEqual({ key: `score@${beijing('2026-10-09T12:00:00')}`, step: 'score', at: beijing('2026-09-30T12:00:00'), offices: ['expert:expert-1'] });
    const reminded = decide(review, { type: 'escalate' }, SYSTEM_ACTOR, beijing('2026-09-30T12:00:00'));
    if (!reminded.ok) throw new Error(reminded.message);
    expect(pendingEscalation(reminded.state)).toBeNull();
    const moved = decide(reminded.state, { type: 'deadlinesChanged', deadlines: { ...reminded.state.deadlines, expertReview: beijing('2026-10-16T12:00:00') } }, SYSTEM_ACTOR, beijing('2026-10-01T12:00:00'));
    if (!moved.ok) throw new Error(moved.message);
    expect(pendingEscalation(moved.state)?.at).toBe(beijing('2026-10-14T12:00:00'));
  });

  it('keeps the expert-review deadline when an older sender leaves it out', () => {
    const state = { ...fixture('ministry_review'), deadlines: { ...baseState().deadlines, expertReview: beijing('2026-10-09T12:00:00') } };
    const { expertReview: _omitted, ...older } = state.deadlines;
    const moved = decide(state, { type: 'deadlinesChanged', deadlines: older }, SYSTEM_ACTOR, beijing('2026-10-01T12:00:00'));
    if (!moved.ok) throw new Error(moved.message);
    expect(moved.state.deadlines.expertReview).toBe(beijing('2026-10-09T12:00:00'));
  });
});
