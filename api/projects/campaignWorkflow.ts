import type { TemporalGateway } from '../deps';
import { campaignChangedSignal, campaignWorkflowId, CAMPAIGN_WORKFLOW_TYPE } from '../../workflows/campaign/contract';

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
