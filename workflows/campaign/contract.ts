/** Contract of the campaign workflow (one per year): deadline broadcast to every open submission, and reminders. */
import { defineSignal, defineQuery } from '@temporalio/workflow';

export const CAMPAIGN_WORKFLOW_TYPE = 'campaignWorkflow';

/** `campaign:<year>` */
export function campaignWorkflowId(year: number): string {
  return `campaign:${year}`;
}

export interface CampaignWorkflowInput {
  year: number;
  /** Reminder keys already sent, carried over continueAsNew. */
  sent?: string[];
  /** Submissions per fan-out page (FAN_OUT_PAGE_SIZE unless given; tests make pages small). Carried over continueAsNew. */
  pageSize?: number;
}

/** The ministry changed the campaign (deadlines, 初审 rules): re-read it, tell every open submission, re-plan reminders. */
export const campaignChangedSignal = defineSignal<[{ deadlinesVersion: number }]>('campaignChanged');
/** The ministry archived the year: every submission workflow of the year completes, then this one. */
export const campaignArchivedSignal = defineSignal('campaignArchived');
export const campaignStatusQuery = defineQuery<{ deadlinesVersion: number; broadcasts: number; nextReminder: string | null; archiving?: boolean }>('status');

/** One page of a fan-out over the year's submissions (keyset by submission id). */
export interface FanOutPage {
  year: number;
  /** The campaign version being sent (deadlines_version). */
  version: number;
  /** Last submission id of the previous page; null for the first page. */
  after: string | null;
  /** Submissions per page (FAN_OUT_PAGE_SIZE when absent). */
  limit?: number;
}

export interface FanOutPageResult {
  /** Where the next page starts; null when this was the last. */
  next: string | null;
  /** Workflows signalled on this page. */
  told: number;
}

/** Submissions per page of a fan-out: one activity each, so a failure repeats at most one page. */
export const FAN_OUT_PAGE_SIZE = 200;

/** Reminders go out this many days before each deadline (SPEC §3). */
export const REMINDER_DAYS = [7, 1] as const;
