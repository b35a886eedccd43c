/**
 * One campaign year. When the ministry moves a deadline, the API signals this workflow, which re-reads the campaign
 * and signals every open submission of the year (an activity pages through them), so the new deadline is what their
 * timers use. It also sends the reminders 7 days and 1 day before each deadline to whoever has pending work. When the
 * ministry archives the year, it tells every submission of the year to complete (SUBMISSION_LIFETIME), a bounded page
 * at a time with the cursor in this workflow's state, then completes itself.
 */
import { proxyActivities, setHandler, condition, workflowInfo, continueAsNew, allHandlersFinished } from '@temporalio/workflow';
import type { Activities } from '../../activities/contract';
import { campaignArchivedSignal, campaignChangedSignal, campaignStatusQuery, REMINDER_DAYS, type CampaignWorkflowInput } from './contract';

const { loadCampaignDeadlines, broadcastDeadlines, sendReminders, archivePage } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const DAY_MS = 24 * 3600_000;

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<void> {
  let pendingVersion: number | null = null;
  let appliedVersion = 0;
  let broadcasts = 0;
  let archiving = false;
  const sent = new Set(input.sent ?? []);
  let nextReminder: string | null = null;
  setHandler(campaignChangedSignal, ({ deadlinesVersion }) => {
    pendingVersion = Math.max(pendingVersion ?? 0, deadlinesVersion);
  });
  setHandler(campaignArchivedSignal, () => {
    archiving = true;
  });
  setHandler(campaignStatusQuery, () => ({ deadlinesVersion: appliedVersion, broadcasts, nextReminder, archiving }));

  for (;;) {
    if (archiving) break;
    const deadlines = await loadCampaignDeadlines(input.year);
    if (pendingVersion !== null && pendingVersion > appliedVersion) {
      const version: number = pendingVersion;
      await broadcastDeadlines(input.year);
      appliedVersion = version;
      broadcasts++;
    }
    const now = Date.now();
    const reminders = deadlines.flatMap((d) =>
      REMINDER_DAYS.map((days) => ({ key: `${d.kind}:${d.at}:${days}`, kind: d.kind, deadline: d.at, days, at: Date.parse(d.at) - days * DAY_MS })),
    ).filter((r) => !sent.has(r.key) && Date.parse(r.deadline) > now).sort((a, b) => a.at - b.at);
    const next = reminders[0];
    nextReminder = next ? new Date(next.at).toISOString() : null;
    const changed = () => (pendingVersion !== null && pendingVersion > appliedVersion) || archiving || workflowInfo().continueAsNewSuggested;
    if (next) {
      const waitMs = next.at - now;
      const interrupted = waitMs > 0 ? await condition(changed, waitMs) : false;
      if (!interrupted) {
        await sendReminders({ year: input.year, kind: next.kind, deadline: next.deadline, daysBefore: next.days });
        sent.add(next.key);
      }
    } else {
      await condition(changed);
    }
    if (workflowInfo().continueAsNewSuggested && !archiving) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof campaignWorkflow>({ year: input.year, sent: [...sent], ...(input.pageSize ? { pageSize: input.pageSize } : {}) });
    }
  }

  // Archived: every submission workflow of the year completes, a page at a time (a failure repeats one page).
  let after: string | null = null;
  do {
    ({ next: after } = await archivePage({ year: input.year, version: appliedVersion, after, ...(input.pageSize ? { limit: input.pageSize } : {}) }));
  } while (after !== null);
  await condition(allHandlersFinished);
}
