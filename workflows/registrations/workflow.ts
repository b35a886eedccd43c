/** One escalation pass over pending city reviews of registrations, started by a schedule (api/ops/registrationEscalation.ts). */
import { proxyActivities } from '@temporalio/workflow';
import type { EscalationReport, RegistrationActivities } from './contract';

const { escalateRegistrations } = proxyActivities<RegistrationActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 5 },
});

export async function registrationEscalationWorkflow(): Promise<EscalationReport> {
  return escalateRegistrations();
}
