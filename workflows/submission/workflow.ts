/**
 * One project's declaration for one campaign year (SPEC §3). Thin wiring around a plain state object: the rules
 * are pure functions in domain/lifecycle; this file registers the handlers before its first await, applies
 * accepted actions, writes the projection through a local activity (a regular one when that fails), and races durable
 * timers against deadlines that a signal may move. It runs until its campaign year is archived (SUBMISSION_LIFETIME in ./contract).
 *
 * Changes to what this code does go behind patched() (README "Evolving workflows"); the PATCHES below are the ones in
 * force, each kept until no execution that started before it is open.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
  log,
} from '@temporalio/workflow';
import type { Activities, CreationEvent, RecordTransitionInput } from '../../activities/contract';
import { catchUp, deadlinesDiffer, decide, nextDeadline, stateAt, SYSTEM_ACTOR, type Accepted } from '../../domain/lifecycle/transitions';
import { initialState, type SubmissionState } from '../../domain/lifecycle/state';
import type { Action } from '../../domain/lifecycle/actions';
import type { Actor } from '../../domain/roles';
import type { Phase } from '../../domain/phases';
import { unstorableTextRefusal } from '../../domain/text';
import {
  actUpdate,
  archivedSignal,
  createdUpdate,
  deadlinesChangedSignal,
  pingUpdate,
  projectedEventsQuery,
  stateQuery,
  SEARCH_ATTRIBUTE_KEYS,
  type ActResult,
  type SectionWrite,
  type SubmissionWorkflowInput,
} from './contract';

const PATCHES = {
  /** The workflow stays open in final phases until its year is archived (SUBMISSION_LIFETIME). */
  openUntilArchived: 'open-until-archived',
  /** Phase and ProvinceCode search attributes follow the state. */
  searchAttributes: 'search-attributes-phase',
  /** An Update first applies the deadlines due at its time, so nothing is accepted after a deadline's instant. */
  deadlinesBeforeActions: 'deadlines-before-actions',
  /** A campaign change that alters nothing for this submission (deadlines, 初审 rule, 公示截止) records nothing. */
  skipUnchangedCampaign: 'skip-unchanged-campaign-change',
  /**
   * The projection is written by a local activity inside the workflow task that accepted the action (issue 15.5): one
   * workflow task per action instead of two, and the write's input (the state, a saved section) stays out of history
   * (15.8) — the section is in history once, as the Update's argument.
   */
  localProjection: 'projection-local-activity',
  /**
   * The deadline's timer runs on across actions that leave the next deadline as it was (issue 15.8): it was cancelled
   * and started again after every action — two history events and two commands per action, a fifth of a history.
   */
  steadyDeadlineTimer: 'steady-deadline-timer',
} as const;

/** Phases that ended the workflow before PATCHES.openUntilArchived (kept for executions replaying that rule). */
const ENDED_UNDER_EARLIER_RULE: readonly Phase[] = ['expired', 'not_recommended', 'rejected'];

/** One deadline as the loop remembers it: the same type at the same instant is the same deadline. */
const deadlineKey = (deadline: { type: string; at: string }) => `${deadline.type}@${deadline.at}`;

/**
 * The regular activity: PostgreSQL may be down for a while, so it retries with back-off for as long as it takes; the
 * stuck monitor shows it meanwhile (the activity notes each transient failure in projection_pending).
 */
const { recordTransition } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The same write as a local activity (PATCHES.localProjection): it runs in the worker inside the workflow task that
 * accepted the action, and only its outcome is recorded. Two short attempts, each failure noted for the monitor like
 * the regular activity's; then the regular activity above takes over, so a lasting failure keeps retrying and shows as
 * 活动重试中 until it heals. A permanent refusal (issue 14.2) is not retried: the action is answered with it.
 */
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 2 },
});

export async function submissionWorkflow(input: SubmissionWorkflowInput): Promise<SubmissionState> {
  let state: SubmissionState = input.state ?? initialState(input.start!);
  /** Bumped when deadlines change, so the timer below re-arms. */
  let deadlinesVersion = 0;
  /** The campaign year was archived: the workflow completes (SUBMISSION_LIFETIME). */
  let archived = false;
  const nowIso = () => new Date(Date.now()).toISOString();

  /** Phase and ProvinceCode in visibility follow the state (Temporal Web UI and the ops monitor filter by them). */
  let indexed: { phase: Phase; provinceCode: string } | null = null;
  const index = () => {
    if (indexed?.phase === state.phase && indexed.provinceCode === state.provinceCode) return;
    if (!patched(PATCHES.searchAttributes)) return;
    upsertSearchAttributes([
      { key: SEARCH_ATTRIBUTE_KEYS.phase, value: state.phase },
      ...(state.provinceCode ? [{ key: SEARCH_ATTRIBUTE_KEYS.provinceCode, value: state.provinceCode }] : []),
    ]);
    indexed = { phase: state.phase, provinceCode: state.provinceCode };
  };

  /** The history entries projected by this run (projectedEventsQuery: what the projection rebuild replays). */
  const projected: RecordTransitionInput['event'][] = [];
  /** Writes one transition's projection (see `local` above). */
  const project = async (transition: RecordTransitionInput): Promise<void> => {
    if (patched(PATCHES.localProjection)) {
      try {
        await local.recordTransition(transition);
        projected.push(transition.event);
        return;
      } catch (err) {
        if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) throw err;
        log.warn('projection write failed as a local activity; retrying it as an activity', { seq: transition.state.seq, error: String(err) });
      }
    }
    await recordTransition(transition);
    projected.push(transition.event);
  };

  /** Takes an accepted transition and writes the projection. */
  const commit = async (result: Accepted, sectionWrite?: SectionWrite): Promise<void> => {
    // State changes synchronously, before any await: a concurrent Update's validator already sees the new phase.
    const before = state;
    state = result.state;
    index();
    try {
      await project({ submissionId: input.submissionId, state, event: result.event, ...(sectionWrite ? { sectionWrite } : {}) });
    } catch (err) {
      // PostgreSQL refused the write for good (the activity failed non-retryable, issue 14.2): the action did not
      // happen. Undo it unless another action was applied on top meanwhile, and answer with the activity's reason.
      if (state === result.state) {
        state = before;
        index();
      }
      throw err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : err;
    }
  };

  const apply = async (action: Action, actor: Actor | typeof SYSTEM_ACTOR, sectionWrite?: SectionWrite): Promise<ActResult> => {
    const result = decide(state, action, actor, nowIso());
    if (!result.ok) throw ApplicationFailure.create({ type: result.code, message: result.message, nonRetryable: true });
    await commit(result, sectionWrite);
    return { phase: state.phase, seq: state.seq, formVersion: state.formVersion };
  };

  setHandler(stateQuery, () => state);
  setHandler(projectedEventsQuery, () => projected);
  setHandler(pingUpdate, () => state.seq);
  /** True once the creation entry is projected (at once for a run continued as new). */
  let created = Boolean(input.state);
  setHandler(createdUpdate, async () => {
    await condition(() => created);
    return state.seq;
  });
  setHandler(
    actUpdate,
    async ({ action, actor, sectionWrite }) => {
      // A deadline counts from its instant (issue 15.4): one whose timer has not fired yet (the worker was busy or down)
      // is applied first, so the action meets the state the deadline produced.
      if (catchUp(state, nowIso()).length && patched(PATCHES.deadlinesBeforeActions)) {
        for (let due = catchUp(state, nowIso())[0]; due; due = catchUp(state, nowIso())[0]) await commit(due);
      }
      return apply(action, actor, sectionWrite);
    },
    {
      // Refusals are thrown here, so they never reach the workflow history (SPEC §3: never half-applied). The action
      // is judged against the state as it is now, the deadlines due by now applied.
      validator: ({ action, actor, sectionWrite }) => {
        // Text PostgreSQL cannot store (NUL, lone surrogates…) never reaches history, whoever sent it (issue 14.1).
        const unstorable = unstorableTextRefusal({ action, sectionWrite });
        if (unstorable) throw ApplicationFailure.create({ type: 'VALIDATION', message: unstorable, nonRetryable: true });
        const now = nowIso();
        const result = decide(stateAt(state, now), action, actor, now);
        if (!result.ok) throw ApplicationFailure.create({ type: result.code, message: result.message, nonRetryable: true });
      },
    },
  );
  setHandler(deadlinesChangedSignal, async ({ publicityEndsAt, cityReviewRequired, ...deadlines }) => {
    // Issue 15.6: the province's 初审 rule travels with the change (absent in signals from before), and a change that
    // alters nothing here is not an event for this submission (no 截止时间调整 in its history).
    if (!deadlinesDiffer(state, deadlines, cityReviewRequired, publicityEndsAt) && patched(PATCHES.skipUnchangedCampaign)) return;
    const action: Action = {
      type: 'deadlinesChanged',
      deadlines,
      ...(publicityEndsAt !== undefined ? { publicityEndsAt } : {}),
      ...(typeof cityReviewRequired === 'boolean' ? { cityReviewRequired } : {}),
    };
    const result = decide(state, action, SYSTEM_ACTOR, nowIso());
    if (result.ok) {
      state = result.state;
      deadlinesVersion++;
      // Awaited inside the handler, so allHandlersFinished covers it before continue-as-new or completion.
      try {
        await project({ submissionId: input.submissionId, state, event: result.event });
      } catch (err) {
        // A write PostgreSQL refuses for good must not fail the workflow: the new deadlines stay in force, the next
        // write carries them, and the stuck monitor shows the refusal meanwhile (projection_failures).
        log.warn('deadline change not projected', { error: String(err) });
      }
    }
  });

  setHandler(archivedSignal, () => {
    archived = true;
  });

  index();
  if (!input.state) {
    // The first history entry: who created the draft (or imported it from the old platform, issue 12.8).
    const creation: CreationEvent = {
      seq: 0,
      action: input.start?.imported ? 'import' : 'create',
      actorId: input.createdBy?.userId ?? null,
      actorName: input.createdBy?.displayName ?? null,
      actorRole: input.createdBy?.role ?? null,
      at: nowIso(),
      fromPhase: null,
      toPhase: state.phase,
    };
    await project({ submissionId: input.submissionId, state, event: creation });
    created = true;
  }

  /**
   * 催办 (issue 11.4): a 初审 or withdrawal request untouched for 3 working days, or an expert who has not scored 2 working
   * days before the review deadline, is reminded by a timer like the deadlines' (domain/queue.ts pendingEscalation).
   * A new kind of timer changes the commands of executions already running: only those started with it arm it.
   */
  const escalations = patched('queue-escalations');
  /** Deadlines already acted on, so a deadline that turned out not to apply is not retried in a loop. */
  const fired = new Set<string>();
  const steadyTimer = patched(PATCHES.steadyDeadlineTimer);
  /** The timer of the next deadline (steadyTimer): kept while the next deadline stays the same, cancelled when it moves. */
  let timer: { key: string; scope: CancellationScope; due: boolean } | null = null;
  const timerFor = (key: string, waitMs: number) => {
    if (timer?.key === key) return timer;
    timer?.scope.cancel();
    const started = { key, scope: new CancellationScope(), due: false };
    started.scope.run(() => sleep(waitMs)).then(
      () => {
        started.due = true;
      },
      () => undefined, // cancelled: the deadline moved or the loop ended
    );
    timer = started;
    return started;
  };
  for (;;) {
    if (archived) break;
    const seqBefore = state.seq;
    const versionBefore = deadlinesVersion;
    const changed = () => state.seq !== seqBefore || deadlinesVersion !== versionBefore || archived || workflowInfo().continueAsNewSuggested;
    const candidate = nextDeadline(state, { escalations });
    const next = candidate && !fired.has(deadlineKey(candidate)) ? candidate : null;
    // 删除 (a never-submitted draft): the workflow ends; the API removes the rows.
    if (state.deleted) break;
    // Under the earlier rule a closed phase with no deadline left ended the workflow; now it waits for the archive.
    if (ENDED_UNDER_EARLIER_RULE.includes(state.phase) && !next && !patched(PATCHES.openUntilArchived)) break;
    if (next) {
      const key = deadlineKey(next);
      const waitMs = Date.parse(next.at) - Date.now();
      let interrupted = false;
      if (waitMs > 0 && steadyTimer) {
        const running = timerFor(key, waitMs);
        await condition(() => running.due || changed());
        interrupted = !running.due;
        if (running.due) timer = null;
      } else if (waitMs > 0) {
        interrupted = await condition(changed, waitMs);
      }
      if (!interrupted) {
        fired.add(key);
        try {
          await apply({ type: next.type } as Action, SYSTEM_ACTOR);
        } catch (err) {
          // The phase moved on between the timer and now (e.g. a resubmission): nothing to do at this deadline.
          log.info('deadline action not applicable', { type: next.type, error: String(err) });
        }
      }
    } else {
      await condition(changed);
    }
    if (workflowInfo().continueAsNewSuggested && !archived) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof submissionWorkflow>({ submissionId: input.submissionId, state });
    }
  }
  await condition(allHandlersFinished);
  return state;
}
