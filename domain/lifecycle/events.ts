/**
 * What a submission workflow hands to the projection after each accepted action: the new state, the history line,
 * and (with a `save`) the section content. Shared by the workflow (which sends it), the projection write in db/
 * (which stores it) and the projection rebuild (which reads it back from the workflow's history).
 */
import type { SubmissionState } from './state';
import type { Phase } from '../phases';
import type { HistoryEvent } from './transitions';

/** The first history entry of a submission: who created the draft, or who imported it from the old platform. */
export interface CreationEvent {
  seq: 0;
  action: 'create' | 'import';
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  at: string;
  reason?: undefined;
  fromPhase: null;
  toPhase: Phase;
  details?: undefined;
}

export type RecordedEvent = HistoryEvent | CreationEvent;

/** A section the enterprise saved with its `save` action; written to PostgreSQL by the same write as the projection. */
export interface SectionWrite {
  section: string;
  data: unknown;
}

/** One projection write: the `recordTransition` activity's input. */
export interface RecordTransitionInput {
  submissionId: string;
  state: SubmissionState;
  event: RecordedEvent;
  sectionWrite?: SectionWrite;
}
