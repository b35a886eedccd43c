/**
 * 注册审核 (SPEC §5): an administrator approves or rejects (with a reason) each self-registered enterprise or
 * operator account. A request still pending after 3 working days (Chinese calendar, holidays and 调休) is flagged
 * `overdue`, the same rule as the SLA of withdrawal requests.
 */
import { z } from 'zod';
import type { Request } from 'express';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { conflict, forbidden, notFound } from '../errors';
import { audit } from '../audit';
import { whyNot, PLATFORM } from '../../domain/authz';
import { isOverdue } from '../../domain/calendar';
import { HUMAN_STEP_SLA_WORKING_DAYS } from '../../domain/stuck';
import type { Actor } from '../../domain/roles';
import { ROLES } from '../../domain/roles';
import { Paging, likePattern, pageOf } from './accounts';

export const REGISTRATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const REGISTRATION_MESSAGES = {
  notFound: '注册申请不存在',
  alreadyDecided: '该注册申请已处理，请刷新后查看',
  reasonRequired: '请填写驳回原因',
  reasonTooLong: '驳回原因不能超过500个字',
  approvedTitle: '注册审核通过',
  approvedBody: '您的账号注册申请已审核通过，现在可以登录5G工厂名录申报平台。',
  rejectedTitle: '注册审核未通过',
  rejectedBody: (reason: string) => `您的账号注册申请未通过审核，原因：${reason}。请修改后重新注册。`,
} as const;
const M = REGISTRATION_MESSAGES;

const STATUS_WHERE: Record<RegistrationStatus, string> = {
  pending: "u.status = 'pending'",
  rejected: "u.status = 'rejected'",
  approved: "u.status IN ('active','disabled') AND u.reviewed_at IS NOT NULL",
};

const RegistrationQuery = Paging.extend({
  status: z.enum(REGISTRATION_STATUSES, { error: '状态应为 pending、approved 或 rejected' }).default('pending'),
  q: z.string().trim().max(100, '搜索内容不能超过100个字').optional(),
});

export const RegistrationView = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  orgName: z.string().nullable(),
  uscc: z.string().nullable(),
  provinceCode: z.string().nullable(),
  cityCode: z.string().nullable(),
  registration: z.record(z.string(), z.unknown()).nullable(),
  status: z.enum(REGISTRATION_STATUSES),
  rejectReason: z.string().nullable(),
  createdAt: z.string(),
  reviewedAt: z.string().nullable(),
  overdue: z.boolean(),
});
type RegistrationView = z.infer<typeof RegistrationView>;

interface Row {
  id: string;
  username: string;
  name: string;
  mobile: string | null;
  email: string | null;
  role: RegistrationView['role'];
  org_name: string | null;
  uscc: string | null;
  province_code: string | null;
  city_code: string | null;
  registration: Record<string, unknown> | null;
  status: string;
  reject_reason: string | null;
  created_at: Date;
  reviewed_at: Date | null;
}

function view(row: Row, now: Date): RegistrationView {
  const status: RegistrationStatus = row.status === 'pending' ? 'pending' : row.status === 'rejected' ? 'rejected' : 'approved';
  const createdAt = new Date(row.created_at);
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    mobile: row.mobile,
    email: row.email,
    role: row.role,
    orgName: row.org_name,
    uscc: row.uscc,
    provinceCode: row.province_code,
    cityCode: row.city_code,
    registration: row.registration,
    status,
    rejectReason: row.reject_reason,
    createdAt: createdAt.toISOString(),
    reviewedAt: row.reviewed_at ? new Date(row.reviewed_at).toISOString() : null,
    overdue: status === 'pending' && isOverdue(createdAt, now, HUMAN_STEP_SLA_WORKING_DAYS),
  };
}

const IdParams = z.object({ id: z.string() });
const RejectBody = z.object({
  reason: z.string({ error: M.reasonRequired }).trim().min(1, M.reasonRequired).max(500, M.reasonTooLong),
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registrationRoutes(routes: Routes, deps: AppDeps): void {
  const mayReview = (actor: Actor) => {
    const why = whyNot(actor, 'registration.review', PLATFORM);
    if (why) throw forbidden(why);
  };

  routes.add(
    {
      method: 'get',
      path: '/api/registrations',
      summary: '注册申请列表（管理员）：status=pending|approved|rejected，待审核超过3个工作日的标记 overdue',
      tags: ['账号管理'],
      auth: 'user',
      access: mayReview,
      query: RegistrationQuery,
      response: z.object({ data: z.array(RegistrationView), total: z.number() }),
    },
    async ({ query }) => {
      const { limit, offset } = pageOf(query);
      const like = likePattern(query.q);
      const where = `u.registration IS NOT NULL AND u.role IN ('enterprise','operator') AND ${STATUS_WHERE[query.status]}
        AND (CAST(:like AS text) IS NULL OR u.username ILIKE :like OR u.org_name ILIKE :like OR u.uscc ILIKE :like OR u.name ILIKE :like)`;
      // Oldest first while pending (who waited longest is served first), newest decisions first otherwise.
      const order = query.status === 'pending' ? 'u.created_at ASC' : 'u.reviewed_at DESC NULLS LAST, u.created_at DESC';
      const [rows] = await deps.sequelize.query(
        `SELECT u.id, u.username, u.name, u.mobile, u.email, u.role, u.org_name, u.uscc, u.province_code, u.city_code,
                u.registration, u.status, u.reject_reason, u.created_at, u.reviewed_at, count(*) OVER () AS total
           FROM users u WHERE ${where} ORDER BY ${order}, u.id LIMIT :limit OFFSET :offset`,
        { replacements: { like, limit, offset } },
      );
      const list = rows as (Row & { total: string })[];
      let total = list.length ? Number(list[0]!.total) : 0;
      if (!list.length && offset > 0) {
        const [[count]] = (await deps.sequelize.query(`SELECT count(*) AS total FROM users u WHERE ${where}`, { replacements: { like } })) as [{ total: string }[], unknown];
        total = Number(count?.total ?? 0);
      }
      const now = deps.clock();
      return { data: list.map((r) => view(r, now)), total };
    },
  );

  /** Decide a pending request in one statement: a second decision (another admin, a double click) finds it decided. */
  async function decide(id: string, actor: Actor, req: Request, decision: { status: 'active' | 'rejected'; reason: string | null }) {
    if (!UUID.test(id)) throw notFound(M.notFound);
    const now = deps.clock();
    const [rows] = await deps.sequelize.query(
      `UPDATE users SET status = :status, reject_reason = :reason, reviewed_by = :reviewer, reviewed_at = :now, updated_at = :now
        WHERE id = :id AND status = 'pending' AND registration IS NOT NULL
        RETURNING id, username, role, email`,
      { replacements: { id, status: decision.status, reason: decision.reason, reviewer: actor.userId, now } },
    );
    const decided = (rows as { id: string; username: string; role: string; email: string | null }[])[0];
    if (!decided) {
      const [exists] = await deps.sequelize.query('SELECT 1 FROM users WHERE id = :id AND registration IS NOT NULL', { replacements: { id } });
      throw (exists as unknown[]).length ? conflict(M.alreadyDecided, 'REGISTRATION_DECIDED') : notFound(M.notFound);
    }
    const approved = decision.status === 'active';
    const title = approved ? M.approvedTitle : M.rejectedTitle;
    const body = approved ? M.approvedBody : M.rejectedBody(decision.reason ?? '');
    // The applicant cannot sign in before approval, so the decision also goes out by e-mail.
    await deps.sequelize.query('INSERT INTO messages (user_id, title, body, created_at) VALUES (:userId, :title, :body, :now)', {
      replacements: { userId: decided.id, title, body, now },
    });
    if (decided.email) {
      await deps.sequelize.query('INSERT INTO email_outbox (to_address, subject, body, created_at) VALUES (:to, :subject, :body, :now)', {
        replacements: { to: decided.email, subject: `【5G工厂名录申报平台】${title}`, body, now },
      });
    }
    await audit(
      deps.sequelize,
      {
        action: approved ? 'registration.approve' : 'registration.reject',
        actor,
        targetType: 'user',
        targetId: decided.id,
        details: { username: decided.username, ...(decision.reason ? { reason: decision.reason } : {}) },
      },
      req,
    );
  }

  routes.add(
    {
      method: 'post',
      path: '/api/registrations/:id/approve',
      summary: '通过注册申请（管理员）',
      tags: ['账号管理'],
      auth: 'user',
      access: mayReview,
      params: IdParams,
      errors: [404, 409],
    },
    async ({ params, actor, req }) => {
      await decide(params.id, actor, req, { status: 'active', reason: null });
      return undefined;
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/registrations/:id/reject',
      summary: '驳回注册申请（管理员，须填写原因；申请人登录时看到原因）',
      tags: ['账号管理'],
      auth: 'user',
      access: mayReview,
      params: IdParams,
      body: RejectBody,
      errors: [404, 409],
    },
    async ({ params, body, actor, req }) => {
      await decide(params.id, actor, req, { status: 'rejected', reason: body.reason });
      return undefined;
    },
  );
}

