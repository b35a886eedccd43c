/**
 * 审计日志 (GET /api/audit and its .xlsx export, 审计管理员 only — 三员分立): every sign-in, failure, lock, refusal,
 * registration decision, password change and reset, account change, export, audit read and project action, newest
 * first. Nobody reads their own trail: the reader's own rows are left out (another 审计管理员 reads them). Every read
 * and export is itself audited.
 *
 * Retention: rows are kept for good (SPEC §5 and 等保2.0 三级 ask for at least 6 months; 网络安全法 art. 21 too).
 * There is no deletion job; the application's database role may only SELECT and append through audit_append(), and
 * the rows form a hash chain that `npm run audit:verify` checks (db/migrations/0008-account-security.ts).
 */
import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { forbidden } from '../errors';
import { audit } from '../audit';
import { XLSX_RESPONSE, xlsxDownload } from '../spreadsheet';
import { beijingText } from '../../domain/time';
import type { Actor } from '../../domain/roles';
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
  const mayRead = (actor: Actor) => {
    const why = whyNot(actor, 'audit.read', PLATFORM);
    if (why) throw forbidden(why);
  };
  /** The filters as SQL; the reader's own rows never match. */
  const whereOf = (query: Omit<z.output<typeof AuditQuery>, 'page' | 'perPage'>, actor: Actor) => {
    const action = query.action ?? null;
    const replacements = {
      reader: actor.userId,
      userId: query.userId ?? null,
      username: (query.username ?? query.actorName)?.toLowerCase() ?? null,
      action,
      actionPrefix: action?.endsWith('.') ? `${action.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
      outcome: query.outcome ?? null,
      from: bound(query.from, false),
      to: bound(query.to, true),
    };
    const where = `(user_id IS NULL OR user_id <> CAST(:reader AS uuid))
        AND (CAST(:userId AS uuid) IS NULL OR user_id = CAST(:userId AS uuid))
        AND (CAST(:username AS text) IS NULL OR lower(username) = :username)
        AND (CAST(:action AS text) IS NULL OR (CAST(:actionPrefix AS text) IS NULL AND action = :action) OR action LIKE :actionPrefix)
        AND (CAST(:outcome AS text) IS NULL OR outcome = :outcome)
        AND (CAST(:from AS timestamptz) IS NULL OR at >= :from)
        AND (CAST(:to AS timestamptz) IS NULL OR at < :to)`;
    return { where, replacements };
  };
  const filtersOf = (query: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(query).filter(([k, v]) => v !== undefined && !['page', 'perPage'].includes(k)));

  routes.add(
    {
      method: 'get',
      path: '/api/audit',
      summary:
        '审计日志（审计管理员）：按用户（userId 或 username）、操作（action，以“.”结尾表示一类）、结果、时间（from、to）筛选，分页，新的在前；不含查询者本人的记录；日志只增不改，长期保存，查询本身也记入审计日志',
      tags: ['审计'],
      auth: 'user',
      access: mayRead,
      query: AuditQuery,
      response: z.object({ data: z.array(AuditEntryView), total: z.number() }),
    },
    async ({ query, actor, req }) => {
      const { limit, offset } = pageOf(query);
      const { where, replacements } = whereOf(query, actor);
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
      await audit(deps.sequelize, { action: 'audit.read', actor, details: { filters: filtersOf(query), page: query.page, returned: list.length } }, req);
      return { data: list.map(viewOf), total };
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/audit/export',
      summary: '导出审计日志（审计管理员，.xlsx，筛选条件同列表，最多10万条）；导出本身记入审计日志',
      tags: ['审计'],
      auth: 'user',
      access: mayRead,
      query: AuditQuery.omit({ page: true, perPage: true }),
      response: XLSX_RESPONSE,
    },
    async ({ query, actor, req, res }) => {
      const { where, replacements } = whereOf(query, actor);
      await audit(deps.sequelize, { action: 'audit.export', actor, details: { filters: filtersOf(query) } }, req);
      const filename = `审计日志_${beijingText(deps.clock()).slice(0, 10)}.xlsx`;
      const xlsx = xlsxDownload(res, {
        asciiName: 'audit.xlsx',
        fileName: filename,
        sheetName: '审计日志',
        columns: [
          { header: '编号', key: 'id', width: 10 },
          { header: '时间（北京时间）', key: 'at', width: 22 },
          { header: '账号', key: 'username', width: 20 },
          { header: '角色', key: 'role', width: 14 },
          { header: '操作', key: 'action', width: 24 },
          { header: '结果', key: 'outcome', width: 8 },
          { header: '对象', key: 'target', width: 40 },
          { header: 'IP', key: 'ip', width: 16 },
          { header: '请求编号', key: 'requestId', width: 38 },
          { header: '详情', key: 'detail', width: 60 },
        ],
      });
      let lastId: string | null = null;
      for (let written = 0; written < 100_000; ) {
        const [rows] = await deps.sequelize.query(
          `SELECT id, at, user_id, username, role, action, outcome, target_type, target_id, ip, request_id, details
             FROM audit_log WHERE ${where} AND (CAST(:lastId AS bigint) IS NULL OR id < CAST(:lastId AS bigint)) ORDER BY id DESC LIMIT 1000`,
          { replacements: { ...replacements, lastId } },
        );
        const page = rows as Row[];
        for (const r of page) {
          const v = viewOf(r);
          xlsx.add({ id: v.id, at: beijingText(r.at, { seconds: true }), username: v.username ?? '', role: v.role ?? '', action: v.action, outcome: v.outcome, target: v.target ?? '', ip: v.ip ?? '', requestId: v.requestId ?? '', detail: v.detail ?? '' });
        }
        written += page.length;
        if (page.length < 1000) break;
        lastId = String(page[page.length - 1]!.id);
      }
      await xlsx.finish();
    },
  );
}

function viewOf(r: Omit<Row, 'total'>) {
  return {
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
  };
}
