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
  /** A 初审 deadline is a province's: only these provinces' cities are reminded. Absent: everyone (national deadlines). */
  provinceCodes?: string[];
}

/** A deadline reminders are planned for; a 初审 deadline names the provinces whose deadline it is. */
export interface PlannedDeadline {
  kind: DeadlineKind;
  at: string;
  provinceCodes?: string[];
}

export interface Activities {
  /** The campaign's deadlines that reminders are planned for (each province's 初审 deadline with its provinces). */
  loadCampaignDeadlines(year: number): Promise<PlannedDeadline[]>;
  /**
   * Signal every open submission of the year that the campaign alters; returns how many were told. Kept for campaign
   * workflows started before broadcastPage (page by page too, resuming from its last heartbeat after a failure).
   */
  broadcastDeadlines(year: number): Promise<number>;
  /** One page of a campaign change: tell the page's open submissions it alters what now applies to them; progress on the campaign. */
  broadcastPage(page: FanOutPage): Promise<FanOutPageResult>;
  /** Tell one page of the year's submission workflows that the year is archived (they complete); progress on the campaign. */
  archivePage(page: FanOutPage): Promise<FanOutPageResult>;
  /** 站内信 + e-mail outbox rows for whoever has pending work before a deadline (idempotent per reminder key). */
  sendReminders(input: ReminderInput): Promise<{ messages: number; emails: number }>;
  /** Write the projection row, the history entry (and a saved section) in one transaction, idempotently by seq. */
  recordTransition(input: RecordTransitionInput): Promise<void>;
}
