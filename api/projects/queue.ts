/**
 * Reads of 待我处理 (issue 11.1–11.2): an office's queue rows joined with their submissions and current claims. The
 * office comes from the signed-in user (domain/queue.ts officeOf), never from the request, so a queue cannot show
 * another city's or province's items. A claim counts only if it was made since the step began (an older one belongs
 * to an earlier round of the same project).
 */
import type { Sequelize } from 'sequelize';
import { listColumns, type SubmissionRow } from './repository';
import type { QueueCounts, QueueStep } from '../../domain/queue';

export const QUEUE_SCOPES = ['all', 'mine', 'unclaimed'] as const;
export type QueueScope = (typeof QUEUE_SCOPES)[number];

export interface QueueFilters {
  scope: QueueScope;
  step?: QueueStep | undefined;
  year?: number | undefined;
  overdue?: boolean | undefined;
  /** 项目名称 or 企业名称 contains. */
  q?: string | undefined;
}

export const QUEUE_SORTABLE = {
  dueAt: 'q.due_at',
  since: 'q.since',
  name: 's.name',
  enterpriseName: 's.enterprise_name',
} as const;
export type QueueSortField = keyof typeof QUEUE_SORTABLE;

export interface QueueRow extends SubmissionRow {
  q_office: string;
  q_step: QueueStep;
  q_since: Date | null;
  q_due_at: Date | null;
  q_overdue_at: Date | null;
  q_closes_at: Date | null;
  claim_user_id: string | null;
  claim_user_name: string | null;
  claimed_at: Date | null;
}

const CURRENT_CLAIM = `LEFT JOIN claims c ON c.submission_id = q.submission_id AND c.office = q.office AND c.claimed_at >= COALESCE(q.since, '-infinity')`;

function where(office: string, userId: string, filters: QueueFilters, now: Date, params: Record<string, unknown>): string {
  Object.assign(params, { office, userId, now });
  const clauses = ['q.office = :office', '(q.closes_at IS NULL OR q.closes_at > :now)'];
  if (filters.scope === 'mine') clauses.push('c.user_id = :userId');
  if (filters.scope === 'unclaimed') clauses.push('c.user_id IS NULL');
  if (filters.step) {
    params.step = filters.step;
    clauses.push('q.step = :step');
  }
  if (filters.year) {
    params.year = filters.year;
    clauses.push('q.year = :year');
  }
  if (filters.overdue !== undefined) clauses.push(filters.overdue ? 'q.overdue_at <= :now' : '(q.overdue_at IS NULL OR q.overdue_at > :now)');
  if (filters.q) {
    params.text = `%${filters.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    clauses.push('(s.name ILIKE :text OR s.enterprise_name ILIKE :text)');
  }
  return clauses.join(' AND ');
}

/** Needs the submissions join only to search by name. */
function fromClause(filters: QueueFilters): string {
  return `queue_items q ${filters.q ? 'JOIN submissions s ON s.id = q.submission_id' : ''} ${filters.scope === 'all' ? '' : CURRENT_CLAIM}`;
}

export async function listQueue(
  sequelize: Sequelize,
  office: string,
  userId: string,
  filters: QueueFilters,
  page: { offset: number; limit: number; sort: QueueSortField; order: 'ASC' | 'DESC' },
  now: Date,
): Promise<{ rows: QueueRow[]; total: number }> {
  const params: Record<string, unknown> = { limit: page.limit, offset: page.offset };
  const condition = where(office, userId, filters, now, params);
  const columns = listColumns('s');
  // The sort column comes from a whitelist; ties by how long the item has waited, then by id for stable pages.
  const order = `${QUEUE_SORTABLE[page.sort]} ${page.order} NULLS LAST, q.since ASC NULLS LAST, q.submission_id ${page.order}`;
  const [[rows], [counted]] = await Promise.all([
    sequelize.query(
      `SELECT ${columns}, q.office AS q_office, q.step AS q_step, q.since AS q_since, q.due_at AS q_due_at, q.overdue_at AS q_overdue_at,
              q.closes_at AS q_closes_at, c.user_id AS claim_user_id, u.name AS claim_user_name, c.claimed_at
         FROM queue_items q JOIN submissions s ON s.id = q.submission_id ${CURRENT_CLAIM} LEFT JOIN users u ON u.id = c.user_id
        WHERE ${condition} ORDER BY ${order} LIMIT :limit OFFSET :offset`,
      { replacements: params },
    ),
    sequelize.query(`SELECT count(*) AS total FROM ${fromClause(filters)} WHERE ${condition}`, { replacements: params }),
  ]);
  return { rows: rows as QueueRow[], total: Number((counted as { total: string }[])[0]?.total ?? 0) };
}

/** The numbers on the dashboard and the menu badge, in one pass over the office's rows. */
export async function queueCounts(sequelize: Sequelize, office: string, userId: string, now: Date, year?: number): Promise<QueueCounts> {
  const [rows] = await sequelize.query(
    `SELECT q.step, count(*) AS n, count(*) FILTER (WHERE c.user_id = :userId) AS mine, count(*) FILTER (WHERE c.user_id IS NULL) AS unclaimed,
            count(*) FILTER (WHERE q.overdue_at <= :now) AS overdue
       FROM queue_items q ${CURRENT_CLAIM}
      WHERE q.office = :office AND (q.closes_at IS NULL OR q.closes_at > :now) ${year ? 'AND q.year = :year' : ''}
      GROUP BY q.step`,
    { replacements: { office, userId, now, year: year ?? null } },
  );
  const counts: QueueCounts = { all: 0, mine: 0, unclaimed: 0, overdue: 0, byStep: {} };
  for (const r of rows as { step: QueueStep; n: string; mine: string; unclaimed: string; overdue: string }[]) {
    counts.all += Number(r.n);
    counts.mine += Number(r.mine);
    counts.unclaimed += Number(r.unclaimed);
    counts.overdue += Number(r.overdue);
    counts.byStep[r.step] = Number(r.n);
  }
  return counts;
}

/** The open queue row of one submission for an office (to claim it), or null. */
export async function queueItemOf(sequelize: Sequelize, submissionId: string, office: string, now: Date): Promise<{ step: QueueStep; since: Date | null } | null> {
  const [rows] = await sequelize.query(
    'SELECT step, since FROM queue_items WHERE submission_id = :id AND office = :office AND (closes_at IS NULL OR closes_at > :now)',
    { replacements: { id: submissionId, office, now } },
  );
  return (rows as { step: QueueStep; since: Date | null }[])[0] ?? null;
}

export interface ClaimView {
  office: string;
  userId: string;
  name: string;
  claimedAt: Date;
}

/** Current claims of a submission (one per office it waits for). */
export async function currentClaims(sequelize: Sequelize, submissionId: string): Promise<ClaimView[]> {
  const [rows] = await sequelize.query(
    `SELECT c.office, c.user_id, u.name, c.claimed_at FROM queue_items q ${CURRENT_CLAIM.replace('LEFT JOIN', 'JOIN')} JOIN users u ON u.id = c.user_id
      WHERE q.submission_id = :id ORDER BY c.office`,
    { replacements: { id: submissionId } },
  );
  return (rows as { office: string; user_id: string; name: string; claimed_at: Date }[]).map((r) => ({ office: r.office, userId: r.user_id, name: r.name, claimedAt: r.claimed_at }));
}

export interface OfficeQueueRow {
  office: string;
  step: QueueStep;
  since: Date | null;
  due_at: Date | null;
  overdue_at: Date | null;
  closes_at: Date | null;
}

/** The offices the submission waits for now (its open queue rows). */
export async function queueRowsOf(sequelize: Sequelize, submissionId: string, now: Date): Promise<OfficeQueueRow[]> {
  const [rows] = await sequelize.query(
    'SELECT office, step, since, due_at, overdue_at, closes_at FROM queue_items WHERE submission_id = :id AND (closes_at IS NULL OR closes_at > :now) ORDER BY office',
    { replacements: { id: submissionId, now } },
  );
  return rows as OfficeQueueRow[];
}

export interface ClaimEventRow {
  office: string;
  action: 'claim' | 'release' | 'reassign';
  holder_id: string | null;
  holder_name: string | null;
  by_id: string;
  by_name: string;
  by_role: string;
  at: Date;
}

export async function claimEvents(sequelize: Sequelize, submissionId: string): Promise<ClaimEventRow[]> {
  const [rows] = await sequelize.query('SELECT office, action, holder_id, holder_name, by_id, by_name, by_role, at FROM claim_events WHERE submission_id = :id ORDER BY at, id', {
    replacements: { id: submissionId },
  });
  return rows as ClaimEventRow[];
}
