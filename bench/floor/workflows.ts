/**
 * The floor of the shared-deadline figure: the least a workflow can do on a deadline — one timer to the instant,
 * then one no-op activity — so that the server's and the worker's own cost per expiry is measured in the same run.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

export async function floorWorkflow(deadlineIso: string): Promise<void> {
  const wait = new Date(deadlineIso).getTime() - Date.now();
  if (wait > 0) await sleep(wait);
  await noop();
}
