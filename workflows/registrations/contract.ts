/**
 * Contract of the registration escalation (issue 12.7): a Temporal schedule runs the workflow every
 * ESCALATION_EVERY; its one activity escalates every registration its city has left untouched for 3 working days.
 * Durable and idempotent: a registration is escalated once (users.escalated_at), whatever runs twice.
 */
export const REGISTRATION_ESCALATION_WORKFLOW_TYPE = 'registrationEscalationWorkflow';

/** One schedule per task queue (tests run one task queue per file on a shared server). */
export function registrationEscalationScheduleId(taskQueue: string): string {
  return `registration-escalation:${taskQueue}`;
}

/** How often pending city reviews are looked at; the escalation is due to the minute, so this is its precision. */
export const ESCALATION_EVERY = '15 minutes';

export interface EscalationReport {
  escalated: number;
  messages: number;
}

export interface RegistrationActivities {
  escalateRegistrations(): Promise<EscalationReport>;
}
