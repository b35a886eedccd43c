/** What the API shows of an item's place in a queue: step, 截止时间, 剩余工作日, 已超期, who holds it. */
import type { Actor } from '../../domain/roles';
import { deadlineView, listItem } from './view';
import type { QueueRow } from './queue';

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
