/**
 * The registration escalation schedule (issue 12.7): starts registrationEscalationWorkflow every ESCALATION_EVERY
 * (overlap SKIP). Idempotent: call it at start (API or dev stack).
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { TemporalGateway } from '../deps';
import {
  ESCALATION_EVERY,
  REGISTRATION_ESCALATION_WORKFLOW_TYPE,
  registrationEscalationScheduleId,
} from '../../workflows/registrations/contract';

export async function ensureRegistrationEscalationSchedule(temporal: Pick<TemporalGateway, 'client' | 'taskQueue'>): Promise<string> {
  const scheduleId = registrationEscalationScheduleId(temporal.taskQueue);
  try {
    await temporal.client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: ESCALATION_EVERY }] },
      action: {
        type: 'startWorkflow',
        workflowType: REGISTRATION_ESCALATION_WORKFLOW_TYPE,
        workflowId: `registration-escalation:${temporal.taskQueue}`,
        taskQueue: temporal.taskQueue,
        args: [],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  return scheduleId;
}
