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
}

/** The ministry changed the campaign (deadlines, 初审 rules): re-read it, tell every open submission, re-plan reminders. */
export const campaignChangedSignal = defineSignal<[{ deadlinesVersion: number }]>('campaignChanged');
export const campaignStatusQuery = defineQuery<{ deadlinesVersion: number; broadcasts: number; nextReminder: string | null }>('status');

/** Reminders go out this many days before each deadline (SPEC §3). */
export const REMINDER_DAYS = [7, 1] as const;
