import type { TemporalGateway } from '../deps';
import { campaignArchivedSignal, campaignChangedSignal, campaignWorkflowId, CAMPAIGN_WORKFLOW_TYPE } from '../../workflows/campaign/contract';

/** Tell the year's campaign workflow that the campaign changed, starting it if it is not running yet. */
export async function notifyCampaignChanged(temporal: TemporalGateway, year: number, deadlinesVersion: number): Promise<void> {
  await temporal.client.workflow.signalWithStart(CAMPAIGN_WORKFLOW_TYPE, {
    workflowId: campaignWorkflowId(year),
    taskQueue: temporal.taskQueue,
    args: [{ year }],
    signal: campaignChangedSignal,
    signalArgs: [{ deadlinesVersion }],
  });
}

/**
 * Tell the year's campaign workflow that the year is archived (starting it if it is not running, e.g. a year whose
 * campaign workflow was never started): it completes every submission workflow of the year, then itself.
 */
export async function notifyCampaignArchived(temporal: TemporalGateway, year: number): Promise<void> {
  await temporal.client.workflow.signalWithStart(CAMPAIGN_WORKFLOW_TYPE, {
    workflowId: campaignWorkflowId(year),
    taskQueue: temporal.taskQueue,
    args: [{ year }],
    signal: campaignArchivedSignal,
    signalArgs: [],
  });
}
