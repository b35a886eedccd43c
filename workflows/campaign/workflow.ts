/**
 * One campaign year. When the ministry changes the campaign (deadlines, a province's 初审 rule, 公示截止), the API
 * signals this workflow, which re-reads the campaign and tells each running submission of the year that the change
 * alters what now applies to it — a bounded page at a time, one activity per page, the cursor in this workflow's
 * state (a failure repeats one page, never the year; progress is on the campaign row, GET /api/campaigns/:year
 * `broadcast`). It also sends the reminders 7 days and 1 day before each deadline to whoever has pending work (a
 * province's 初审 reminder to that province's cities only). When the ministry archives the year, it tells every
 * submission of the year to complete (SUBMISSION_LIFETIME), page by page in the same way, then completes itself.
 */
import { proxyActivities, setHandler, condition, workflowInfo, continueAsNew, allHandlersFinished, patched } from '@temporalio/workflow';
import type { Activities } from '../../activities/contract';
import { campaignArchivedSignal, campaignChangedSignal, campaignStatusQuery, REMINDER_DAYS, type CampaignWorkflowInput } from './contract';

const { loadCampaignDeadlines, broadcastDeadlines, broadcastPage, sendReminders, archivePage } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const DAY_MS = 24 * 3600_000;

const PATCHES = {
  /** A change is sent page by page (broadcastPage), resuming from the cursor after a failure (issue 15.6). */
  broadcastPages: 'broadcast-pages',
} as const;

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
  const limit = input.pageSize ? { limit: input.pageSize } : {};
  const newerChange = (than: number) => pendingVersion !== null && pendingVersion > than;

  for (;;) {
    if (archiving) break;
    const deadlines = await loadCampaignDeadlines(input.year);
    if (newerChange(appliedVersion)) {
      const version: number = pendingVersion!;
      if (patched(PATCHES.broadcastPages)) {
        let after: string | null = null;
        let superseded: boolean;
        do {
          ({ next: after } = await broadcastPage({ year: input.year, version, after, ...limit }));
          // A newer change (or the archive) supersedes this one: start again with what applies now.
          superseded = newerChange(version) || archiving;
        } while (after !== null && !superseded);
        if (!superseded) {
          appliedVersion = version;
          broadcasts++;
        }
        // Superseded: start again with what applies now. Done: plan the reminders from the change just sent (the
        // deadlines above may have been read before the API committed it).
        continue;
      } else {
        await broadcastDeadlines(input.year);
      }
      appliedVersion = version;
      broadcasts++;
    }
    const now = Date.now();
    const reminders = deadlines
      .flatMap((d) =>
        REMINDER_DAYS.map((days) => ({
          key: `${d.kind}:${d.at}:${days}`,
          kind: d.kind,
          deadline: d.at,
          days,
          at: Date.parse(d.at) - days * DAY_MS,
          ...(d.provinceCodes ? { provinceCodes: d.provinceCodes } : {}),
        })),
      )
      .filter((r) => !sent.has(r.key) && Date.parse(r.deadline) > now)
      .sort((a, b) => a.at - b.at);
    const next = reminders[0];
    nextReminder = next ? new Date(next.at).toISOString() : null;
    const changed = () => newerChange(appliedVersion) || archiving || workflowInfo().continueAsNewSuggested;
    if (next) {
      const waitMs = next.at - now;
      const interrupted = waitMs > 0 ? await condition(changed, waitMs) : false;
      if (!interrupted) {
        await sendReminders({
          year: input.year,
          kind: next.kind,
          deadline: next.deadline,
          daysBefore: next.days,
          ...(next.provinceCodes ? { provinceCodes: next.provinceCodes } : {}),
        });
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
    ({ next: after } = await archivePage({ year: input.year, version: appliedVersion, after, ...limit }));
  } while (after !== null);
  await condition(allHandlersFinished);
}
