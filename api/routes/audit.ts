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
import { audit } from '../audit';
import { XLSX_RESPONSE, xlsxDownload } from '../spreadsheet';
import { beijingText } from '../../domain/time';
import type { Actor } from '../../domain/roles';
import { Paging, pageOf, ListPage } from './accounts';
import { ROLE_LABELS, type Role } from '../../domain/roles';
import {
  AUDIT_TARGET_TYPE_LABELS,
  auditActionLabel,
  auditDetailRows,
  auditDetailText,
  auditOutcomeLabel,
} from '../../domain/audit';
import type { Sequelize } from 'sequelize';
import { allowedTo } from '../guards';

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
  /** The target: its id, an account's username or name, or part of a project's name. */
  target: z.string().trim().max(100, '对象不能超过100个字').optional(),
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
  /** In Chinese (issue 13.5): the actor's name, the role, the action, the outcome, the target by name. */
  actorDisplayName: z.string().nullable(),
  roleLabel: z.string().nullable(),
  actionLabel: z.string(),
  outcomeLabel: z.string(),
  targetLabel: z.string().nullable(),
  /** The details as a table: one row per recorded value, a changed field as from → to. */
  rows: z.array(z.object({ label: z.string(), value: z.string(), from: z.string().optional() })),
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
  const mayRead = allowedTo('audit.read');
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
      target: query.target ?? null,
      targetLike: query.target ? `%${query.target.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
      from: bound(query.from, false),
      to: bound(query.to, true),
    };
    const where = `(user_id IS NULL OR user_id <> CAST(:reader AS uuid))
        AND (CAST(:userId AS uuid) IS NULL OR user_id = CAST(:userId AS uuid))
        AND (CAST(:username AS text) IS NULL OR lower(username) = :username)
        AND (CAST(:action AS text) IS NULL OR (CAST(:actionPrefix AS text) IS NULL AND action = :action) OR action LIKE :actionPrefix)
        AND (CAST(:outcome AS text) IS NULL OR outcome = :outcome)
        AND (CAST(:target AS text) IS NULL OR target_id = :target
          OR (target_type = 'user' AND target_id IN (SELECT id::text FROM users WHERE lower(username) = lower(:target) OR name = :target))
          OR (target_type = 'submission' AND target_id IN (SELECT id::text FROM submissions WHERE name ILIKE :targetLike))
          OR (target_type = 'workflow' AND target_id IN (SELECT workflow_id FROM submissions WHERE name ILIKE :targetLike)))
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
      response: ListPage(AuditEntryView),
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
      const names = await namesOf(deps.sequelize, list);
      return { data: list.map((r) => viewOf(r, names)), total };
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
          { header: '操作人', key: 'username', width: 24 },
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
        const names = await namesOf(deps.sequelize, page);
        for (const r of page) {
          const v = viewOf(r, names);
          xlsx.add({
            id: v.id,
            at: beijingText(r.at, { seconds: true }),
            username: v.actorDisplayName && v.actorDisplayName !== v.username ? `${v.actorDisplayName}（${v.username}）` : (v.username ?? ''),
            role: v.roleLabel ?? '',
            action: v.actionLabel,
            outcome: v.outcomeLabel,
            target: v.targetLabel ?? '',
            ip: v.ip ?? '',
            requestId: v.requestId ?? '',
            detail: auditDetailText(v.rows),
          });
        }
        written += page.length;
        if (page.length < 1000) break;
        lastId = String(page[page.length - 1]!.id);
      }
      await xlsx.finish();
    },
  );
}

/** Names of the actors and targets of a page: accounts by id, projects by submission and by workflow. */
interface Names {
  users: Map<string, { username: string; name: string }>;
  submissions: Map<string, string>;
  workflows: Map<string, string>;
}

async function namesOf(sequelize: Sequelize, rows: Omit<Row, 'total'>[]): Promise<Names> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const userIds = new Set<string>();
  const submissionIds = new Set<string>();
  const workflowIds = new Set<string>();
  for (const r of rows) {
    if (r.user_id) userIds.add(r.user_id);
    if (r.target_type === 'user' && r.target_id && uuid.test(r.target_id)) userIds.add(r.target_id);
    if (r.target_type === 'submission' && r.target_id && uuid.test(r.target_id)) submissionIds.add(r.target_id);
    if (r.target_type === 'workflow' && r.target_id) workflowIds.add(r.target_id);
  }
  const names: Names = { users: new Map(), submissions: new Map(), workflows: new Map() };
  if (userIds.size) {
    const [users] = await sequelize.query('SELECT id, username, name FROM users WHERE id IN (:ids)', { replacements: { ids: [...userIds] } });
    for (const u of users as { id: string; username: string; name: string }[]) names.users.set(u.id, u);
  }
  if (submissionIds.size || workflowIds.size) {
    const [subs] = await sequelize.query(
      `SELECT id, workflow_id, name, year FROM submissions WHERE id IN (:ids) OR workflow_id IN (:workflows)`,
      { replacements: { ids: submissionIds.size ? [...submissionIds] : ['00000000-0000-0000-0000-000000000000'], workflows: workflowIds.size ? [...workflowIds] : [''] } },
    );
    for (const s of subs as { id: string; workflow_id: string; name: string | null; year: number }[]) {
      const name = `${s.name || '未命名项目'}（${s.year}年度）`;
      names.submissions.set(s.id, name);
      names.workflows.set(s.workflow_id, name);
    }
  }
  return names;
}

function targetLabelOf(r: Omit<Row, 'total'>, names: Names): string | null {
  if (!r.target_type) return null;
  const kind = AUDIT_TARGET_TYPE_LABELS[r.target_type] ?? r.target_type;
  const id = r.target_id ?? '';
  const user = r.target_type === 'user' ? names.users.get(id) : undefined;
  if (user) return `${kind}：${user.name}（${user.username}）`;
  const project = r.target_type === 'submission' ? names.submissions.get(id) : r.target_type === 'workflow' ? names.workflows.get(id) : undefined;
  if (project) return `${kind}：${project}`;
  if (r.target_type === 'campaign') return `${id}年度批次`;
  return id ? `${kind}：${id}` : kind;
}

function viewOf(r: Omit<Row, 'total'>, names: Names) {
  const actor = r.user_id ? names.users.get(r.user_id) : undefined;
  return {
    actorDisplayName: actor?.name ?? r.username,
    roleLabel: r.role ? (ROLE_LABELS[r.role as Role] ?? r.role) : null,
    actionLabel: auditActionLabel(r.action),
    outcomeLabel: auditOutcomeLabel(r.outcome),
    targetLabel: targetLabelOf(r, names),
    rows: auditDetailRows(r.details),
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
