/** What the API shows of an item's place in a queue: step, 截止时间, 剩余工作日, 已超期, who holds it. */
import { workingTimeBetween } from '../../domain/calendar';
import { QUEUE_STEP_LABELS, type QueueStep } from '../../domain/queue';
import type { Actor } from '../../domain/roles';
import { listItem } from './view';
import type { QueueRow } from './queue';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Working days left until `due` (a started day counts as a day), 0 once it has passed; null without a deadline. */
export function remainingWorkingDays(due: Date | string | null, now: Date): number | null {
  if (!due) return null;
  const left = workingTimeBetween(now, new Date(due));
  return left <= 0 ? 0 : Math.ceil(left / DAY_MS);
}

export function deadlineView(step: QueueStep | null, dueAt: Date | string | null, overdueAt: Date | string | null, now: Date) {
  return {
    step,
    stepLabel: step ? QUEUE_STEP_LABELS[step] : null,
    dueAt: dueAt ? new Date(dueAt).toISOString() : null,
    remainingWorkingDays: remainingWorkingDays(dueAt, now),
    overdue: overdueAt ? new Date(overdueAt).getTime() <= now.getTime() : false,
  };
}

export function queueItemView(row: QueueRow, actor: Actor, now: Date) {
  return {
    ...listItem(row, actor, now),
    ...deadlineView(row.q_step, row.q_due_at, row.q_overdue_at, now),
    office: row.q_office,
    since: row.q_since,
    closesAt: row.q_closes_at,
    claim: row.claim_user_id ? { userId: row.claim_user_id, name: row.claim_user_name, claimedAt: row.claimed_at, mine: row.claim_user_id === actor.userId } : null,
  };
}
