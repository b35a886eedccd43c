/** Types of the activities, imported by workflows through proxyActivities (never the bodies). */
import type { RecordTransitionInput } from '../domain/lifecycle/events';
import type { FanOutPage, FanOutPageResult } from '../workflows/campaign/contract';

export type { CreationEvent, RecordedEvent, RecordTransitionInput } from '../domain/lifecycle/events';

export type DeadlineKind = 'submission' | 'cityReview' | 'recommendation';

export interface ReminderInput {
  year: number;
  kind: DeadlineKind;
  /** ISO instant of the deadline the reminder is about. */
  deadline: string;
  daysBefore: number;
}

export interface Activities {
  /** The campaign's deadlines that reminders are planned for (city-review deadlines of every province that has one). */
  loadCampaignDeadlines(year: number): Promise<{ kind: DeadlineKind; at: string }[]>;
  /** Signal every open submission of the year with the deadlines that now apply to it; returns how many were told. */
  broadcastDeadlines(year: number): Promise<number>;
  /** 站内信 + e-mail outbox rows for whoever has pending work before a deadline (idempotent per reminder key). */
  /** Tell one page of the year's submission workflows that the year is archived (they complete); progress on the campaign. */
  archivePage(page: FanOutPage): Promise<FanOutPageResult>;
  sendReminders(input: ReminderInput): Promise<{ messages: number; emails: number }>;
  /** Write the projection row, the history entry (and a saved section) in one transaction, idempotently by seq. */
  recordTransition(input: RecordTransitionInput): Promise<void>;
}
