/**
 * 审计日志 (GET /api/audit, administrators): every sign-in, failure, lock, registration decision, password change
 * and reset, account change and project action, newest first.
 *
 * Retention: rows are kept for good (SPEC §5 asks for at least 6 months; 等保2.0 三级 for at least 6 months too).
 * There is no deletion job, and the database refuses UPDATE, DELETE and TRUNCATE on audit_log
 * (db/migrations/0001-foundation.ts and 0003-accounts.ts).
 */
import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { forbidden } from '../errors';
import { whyNot, PLATFORM } from '../../domain/authz';
import { Paging, pageOf } from './accounts';

const instant = (label: string) =>
  z
    .string()
    .trim()
    .refine((v) => !Number.isNaN(Date.parse(v)), `${label}应为日期时间（如 2026-03-31T23:59:59+08:00 或 2026-03-31）`)
    .optional();

const AuditQuery = Paging.extend({
  userId: z.string().trim().regex(/^[0-9a-f-]{36}$/i, '用户编号格式不正确').optional(),
  /** The account name as recorded (also the name tried in a failed sign-in); exact, case-insensitive. */
  username: z.string().trim().max(100).optional(),
  /** The admin UI's filter name for username. */
  actorName: z.string().trim().max(100).optional(),
  /** An action (auth.login) or a family ending with a dot (auth.). */
  action: z.string().trim().max(100).optional(),
  outcome: z.enum(['ok', 'refused', 'failed'], { error: '结果应为 ok、refused 或 failed' }).optional(),
  from: instant('开始时间'),
  to: instant('结束时间'),
  perPage: Paging.shape.perPage,
});

export const AuditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  actorName: z.string().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  outcome: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  detail: z.string().nullable(),
});

interface Row {
  id: string;
  at: Date;
  user_id: string | null;
  username: string | null;
  role: string | null;
  action: string;
  outcome: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  request_id: string | null;
  details: Record<string, unknown> | null;
  total: string;
}

/** A date alone (2026-03-31) is a Shanghai calendar day: `to` then means the end of that day. */
function bound(value: string | undefined, end: boolean): Date | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = new Date(`${value}T00:00:00+08:00`);
    return end ? new Date(start.getTime() + 24 * 3600_000) : start;
  }
  return new Date(value);
}

export function auditRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/api/audit',
      summary: '审计日志（管理员）：按用户（userId 或 username）、操作（action，以“.”结尾表示一类）、结果、时间（from、to）筛选，分页，新的在前；日志只增不改，长期保存',
      tags: ['账号管理'],
      auth: 'user',
      query: AuditQuery,
      response: z.object({ data: z.array(AuditEntryView), total: z.number() }),
    },
    async ({ query, actor }) => {
      const why = whyNot(actor, 'audit.read', PLATFORM);
      if (why) throw forbidden(why);
      const { limit, offset } = pageOf(query);
      const action = query.action ?? null;
      const replacements = {
        userId: query.userId ?? null,
        username: (query.username ?? query.actorName)?.toLowerCase() ?? null,
        action,
        actionPrefix: action?.endsWith('.') ? `${action.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
        outcome: query.outcome ?? null,
        from: bound(query.from, false),
        to: bound(query.to, true),
      };
      const where = `(CAST(:userId AS uuid) IS NULL OR user_id = CAST(:userId AS uuid))
        AND (CAST(:username AS text) IS NULL OR lower(username) = :username)
        AND (CAST(:action AS text) IS NULL OR (CAST(:actionPrefix AS text) IS NULL AND action = :action) OR action LIKE :actionPrefix)
        AND (CAST(:outcome AS text) IS NULL OR outcome = :outcome)
        AND (CAST(:from AS timestamptz) IS NULL OR at >= :from)
        AND (CAST(:to AS timestamptz) IS NULL OR at < :to)`;
      const [rows] = await deps.sequelize.query(
        `SELECT id, at, user_id, username, role, action, outcome, target_type, target_id, ip, request_id, details, count(*) OVER () AS total
           FROM audit_log WHERE ${where} ORDER BY at DESC, id DESC LIMIT :limit OFFSET :offset`,
        { replacements: { ...replacements, limit, offset } },
      );
      const list = rows as Row[];
      let total = list.length ? Number(list[0]!.total) : 0;
      if (!list.length && offset > 0) {
        const [[count]] = (await deps.sequelize.query(`SELECT count(*) AS total FROM audit_log WHERE ${where}`, { replacements })) as [{ total: string }[], unknown];
        total = Number(count?.total ?? 0);
      }
      return {
        data: list.map((r) => ({
          id: String(r.id),
          at: new Date(r.at).toISOString(),
          userId: r.user_id,
          username: r.username,
          actorName: r.username,
          role: r.role,
          action: r.action,
          outcome: r.outcome,
          targetType: r.target_type,
          targetId: r.target_id,
          target: r.target_type ? `${r.target_type}:${r.target_id ?? ''}` : null,
          ip: r.ip,
          requestId: r.request_id,
          details: r.details,
          detail: r.details ? JSON.stringify(r.details) : null,
        })),
        total,
      };
    },
  );
}
