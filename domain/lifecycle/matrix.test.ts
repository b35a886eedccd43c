/**
 * Every (phase × action × role) cell of the lifecycle: the expected table below is SPEC §3 written
 * out; any cell not listed must be refused with a reason and leave the state untouched.
 */
import { PHASES, type Phase } from '../phases';
import type { Role } from '../roles';
import { ACTION_TYPES, type ActionType } from './actions';
import { decide, allowedActions, SYSTEM_ACTOR, type AnyActor, type RefusalCode, REFUSAL_HTTP_STATUS } from './transitions';
import type { SubmissionState } from './state';
import { ACTORS, EVERYONE, FIXTURES, OUTSIDERS, T, deepFreeze, validAction, type Fixture } from './__fixtures__/submissions';

type Who = Role | 'system';
type Cell = [ActionType, Who[], Phase];

const PROVINCIAL: Who[] = ['province_miit', 'province_ca'];
/** Corrective actions (重新打开, 调整状态). */
const CORRECTORS: Who[] = ['ministry', 'admin'];

/** fixture name → the cells that are allowed, with the phase they lead to. */
const EXPECTED: Record<string, Cell[]> = {
  draft: [
    ['save', ['enterprise'], 'draft'],
    ['submit', ['enterprise'], 'submitted'],
    ['deleteDraft', ['enterprise'], 'draft'],
    ['submissionDeadlinePassed', ['system'], 'expired'],
    ['recommendationDeadlinePassed', ['system'], 'expired'],
  ],
  'submitted (初审待办)': [
    ['save', ['enterprise'], 'submitted'],
    ['withdraw', ['enterprise'], 'withdrawn'],
    ['cityApprove', ['city_miit'], 'submitted'],
    ['cityReturn', ['city_miit'], 'returned'],
    ['recommendationDeadlinePassed', ['system'], 'not_recommended'],
  ],
  'submitted (初审通过)': [
    ['save', ['enterprise'], 'submitted'],
    ['withdraw', ['enterprise'], 'withdrawn'],
    ['recommend', PROVINCIAL, 'partially_recommended'],
    ['recommendationDeadlinePassed', ['system'], 'not_recommended'],
  ],
  'submitted (无需初审)': [
    ['save', ['enterprise'], 'submitted'],
    ['withdraw', ['enterprise'], 'withdrawn'],
    ['recommend', PROVINCIAL, 'partially_recommended'],
    ['recommendationDeadlinePassed', ['system'], 'not_recommended'],
  ],
  returned: [
    ['save', ['enterprise'], 'returned'],
    ['submit', ['enterprise'], 'submitted'],
    ['withdraw', ['enterprise'], 'withdrawn'],
    ['submissionDeadlinePassed', ['system'], 'expired'],
    ['recommendationDeadlinePassed', ['system'], 'expired'],
  ],
  partially_recommended: [
    ['recommend', ['province_miit'], 'recommended'],
    ['cancelRecommendation', ['province_ca'], 'submitted'],
    ['withdraw', ['enterprise'], 'withdrawal_requested'],
    ['recommendationDeadlinePassed', ['system'], 'not_recommended'],
  ],
  recommended: [
    ['cancelRecommendation', PROVINCIAL, 'partially_recommended'],
    ['withdraw', ['enterprise'], 'withdrawal_requested'],
    ['recommendationDeadlinePassed', ['system'], 'ministry_review'],
  ],
  withdrawal_requested: [
    ['approveWithdrawal', PROVINCIAL, 'withdrawn'],
    ['rejectWithdrawal', PROVINCIAL, 'recommended'],
    ['recommendationDeadlinePassed', ['system'], 'not_recommended'],
  ],
  withdrawn: [
    ['save', ['enterprise'], 'withdrawn'],
    ['submit', ['enterprise'], 'submitted'],
    ['submissionDeadlinePassed', ['system'], 'expired'],
    ['recommendationDeadlinePassed', ['system'], 'expired'],
  ],
  expired: [['reopen', CORRECTORS, 'draft']],
  not_recommended: [
    ['reopen', CORRECTORS, 'submitted'],
    ['move', CORRECTORS, 'ministry_review'],
  ],
  ministry_review: [
    ['assignExperts', ['ministry'], 'ministry_review'],
    ['score', ['expert', 'ministry'], 'ministry_review'],
    ['decide', ['ministry'], 'shortlisted'],
    ['move', CORRECTORS, 'not_recommended'],
  ],
  'onsite_verification (待记录)': [['recordOnsite', ['ministry'], 'onsite_verification']],
  'onsite_verification (已记录)': [
    ['recordOnsite', ['ministry'], 'onsite_verification'],
    ['decide', ['ministry'], 'shortlisted'],
  ],
  shortlisted: [
    ['startPublicity', ['ministry'], 'publicity'],
    ['move', CORRECTORS, 'ministry_review'],
  ],
  rejected: [
    ['reopen', CORRECTORS, 'ministry_review'],
    ['move', CORRECTORS, 'shortlisted'],
  ],
  publicity: [
    ['fileObjection', ['ministry'], 'publicity'],
    ['publicityEnded', ['system'], 'listed'],
  ],
  'publicity (有异议)': [
    ['fileObjection', ['ministry'], 'publicity'],
    ['resolveObjection', ['ministry'], 'publicity'],
  ],
  listed: [
    ['markCase', ['ministry'], 'listed'],
    ['move', CORRECTORS, 'rejected'],
  ],
};

/** Possible in every phase, changing none. */
const EVERY_PHASE: [ActionType, Who[]][] = [
  ['inviteOperator', ['enterprise']],
  ['revokeOperator', ['enterprise']],
  ['deadlinesChanged', ['system']],
];

function expectedPhase(fixture: Fixture, type: ActionType, who: Who): Phase | null {
  const cell = EXPECTED[fixture.name].find(([action, roles]) => action === type && roles.includes(who));
  if (cell) return cell[2];
  if (EVERY_PHASE.some(([action, roles]) => action === type && roles.includes(who))) return fixture.state.phase;
  return null;
}

/** System actions happen when their deadline has come; people act at the fixture's time. */
function nowFor(fixture: Fixture, type: ActionType): string {
  // A returned project may be corrected until the city-review deadline (editDeadline), so it expires after that.
  if (type === 'submissionDeadlinePassed') return fixture.state.phase === 'returned' ? T.afterCityReview : T.afterSubmission;
  if (type === 'recommendationDeadlinePassed') return T.afterRecommendation;
  if (type === 'publicityEnded') return T.afterPublicity;
  return fixture.now;
}

function whoOf(actor: AnyActor): Who {
  return actor.role;
}

/** Invariants of every state the lifecycle produces. */
function expectConsistent(state: SubmissionState) {
  const given = (['province_ca', 'province_miit'] as const).filter((each) => state.recommendations[each] !== null).length;
  if (state.phase === 'submitted') expect(given).toBe(0);
  if (state.phase === 'partially_recommended') expect(given).toBe(1);
  if (state.phase === 'recommended') expect(given).toBe(2);
  expect(state.withdrawal !== null).toBe(state.phase === 'withdrawal_requested');
}

const KNOWN_CODES = Object.keys(REFUSAL_HTTP_STATUS) as RefusalCode[];

test('the fixtures cover every phase, and the expected table names only real fixtures', () => {
  expect(new Set(FIXTURES.map((each) => each.state.phase))).toEqual(new Set(PHASES));
  expect(Object.keys(EXPECTED).sort()).toEqual(FIXTURES.map((each) => each.name).sort());
});

describe.each(FIXTURES)('in $name', (fixture) => {
  const cells = ACTION_TYPES.flatMap((type) => EVERYONE.map((actor) => [type, actor] as const));

  test.each(cells.map(([type, actor]) => [type, whoOf(actor), actor] as const))('%s by %s', (type, who, actor) => {
    const input = deepFreeze(structuredClone(fixture.state));
    const snapshot = structuredClone(fixture.state);
    const action = validAction(type, input, actor);
    const result = decide(input, action, actor, nowFor(fixture, type));
    const expected = expectedPhase(fixture, type, who);

    expect(input).toEqual(snapshot);
    if (expected === null) {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(KNOWN_CODES).toContain(result.code);
      expect(result.message).toMatch(/[\u4e00-\u9fa5]/);
      return;
    }
    if (!result.ok) throw new Error(`expected ${type} by ${who} to be accepted, got ${result.code}: ${result.message}`);
    expect(result.state.phase).toBe(expected);
    expect(result.state.seq).toBe(input.seq + 1);
    expect(result.event).toMatchObject({
      seq: input.seq + 1,
      action: type,
      actorId: actor.userId,
      actorRole: who,
      fromPhase: input.phase,
      toPhase: expected,
      at: nowFor(fixture, type),
    });
    expectConsistent(result.state);
    if (type === 'recommend') {
      const authority = who as 'province_ca' | 'province_miit';
      expect(result.state.recommendations[authority]).toMatchObject({ by: actor.userId, formVersion: input.formVersion });
    }
    if (type === 'cancelRecommendation') {
      expect(result.state.recommendations[who as 'province_ca' | 'province_miit']).toBeNull();
    }
  });

  test.each(Object.entries(OUTSIDERS))('%s outside the jurisdiction is refused every action', (_role, outsider) => {
    const input = deepFreeze(structuredClone(fixture.state));
    for (const type of ACTION_TYPES) {
      const result = decide(input, validAction(type, input, outsider!), outsider!, nowFor(fixture, type));
      expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(allowedActions(input, outsider!, fixture.now)).toEqual([]);
  });
});

describe('allowedActions agrees with decide', () => {
  const moments = Object.values(T);
  const actors: AnyActor[] = [...EVERYONE, ...(Object.values(OUTSIDERS) as AnyActor[])];

  test.each(FIXTURES)('in $name, for everyone, at every moment of the campaign', (fixture) => {
    for (const now of moments) {
      for (const actor of actors) {
        const allowed = allowedActions(fixture.state, actor, now);
        for (const type of ACTION_TYPES) {
          const accepted = decide(fixture.state, validAction(type, fixture.state, actor), actor, now).ok;
          if (accepted !== allowed.includes(type)) {
            throw new Error(`${type} by ${actor.role} at ${now}: decide ${accepted}, allowedActions ${allowed.includes(type)}`);
          }
        }
      }
    }
  });

  test('the system is offered only system actions, people only their own', () => {
    const recommended = FIXTURES.find((each) => each.name === 'recommended')!.state;
    expect(allowedActions(recommended, SYSTEM_ACTOR, T.afterRecommendation)).toEqual([
      'recommendationDeadlinePassed',
      'deadlinesChanged',
    ]);
    expect(allowedActions(recommended, ACTORS.enterprise, T.beforeSubmission)).toEqual([
      'withdraw',
      'inviteOperator',
      'revokeOperator',
    ]);
    expect(allowedActions(recommended, ACTORS.province_ca, T.beforeSubmission)).toEqual(['cancelRecommendation']);
    expect(allowedActions(recommended, ACTORS.operator, T.beforeSubmission)).toEqual([]);
    expect(allowedActions(recommended, ACTORS.admin, T.beforeSubmission)).toEqual([]);
  });
});
