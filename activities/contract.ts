/** Types of the activities, imported by workflows through proxyActivities (never the bodies). */
import type { SubmissionState } from '../domain/lifecycle/state';
import type { HistoryEvent } from '../domain/lifecycle/transitions';
import type { SectionWrite } from '../workflows/submission/contract';

/** The first history entry of a submission: who created the draft. */
export interface CreationEvent {
  seq: 0;
  action: 'create';
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  at: string;
  reason?: undefined;
  fromPhase: null;
  toPhase: 'draft';
  details?: undefined;
}

export type RecordedEvent = HistoryEvent | CreationEvent;

export interface RecordTransitionInput {
  submissionId: string;
  state: SubmissionState;
  event: RecordedEvent;
  sectionWrite?: SectionWrite;
}

export interface Activities {
  /** Write the projection row, the history entry (and a saved section) in one transaction, idempotently by seq. */
  recordTransition(input: RecordTransitionInput): Promise<void>;
}
