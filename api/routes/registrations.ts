/**
 * 注册审核 (SPEC §5): an administrator approves or rejects (with a reason) each self-registered enterprise or
 * operator account. A request still pending after 3 working days (Chinese calendar, holidays and 调休) is flagged
 * `overdue`, the same rule as the SLA of withdrawal requests.
 *
 * 新增企业初审 (issue 12.7): where the enterprise's province says so (province_settings, domain/accounts/
 * registrationReview.ts), the 市工业和信息化局 of its city reviews it first — 通过 hands it to the administrator, or
 * activates it where the city decides alone; 退回 (with a reason) returns it to the applicant, who may correct it and
 * register again. The same two endpoints serve both offices; the list shows each office what waits for it. A request
 * its city leaves untouched for 3 working days is escalated (activities/registrations.ts) and may then be decided
 * by the administrator.
 */
import { z } from 'zod';
import type { Request } from 'express';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { conflict, forbidden, notFound } from '../errors';
import { audit } from '../audit';
import { whyNot, PLATFORM } from '../../domain/authz';
import { isOverdue } from '../../domain/calendar';
import {
  REGISTRATION_REVIEW_MESSAGES,
  REGISTRATION_STAGE_LABELS,
  afterCityApproval,
  whyNotDecide,
  type RegistrationStage,
} from '../../domain/accounts/registrationReview';
import { registrationReviewMode } from '../../db/provinceSettings';
import { HUMAN_STEP_SLA_WORKING_DAYS } from '../../domain/stuck';
import type { Actor } from '../../domain/roles';
import { ROLES } from '../../domain/roles';
import { Paging, likePattern, pageOf, ListPage } from './accounts';

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
  /** Where a pending request waits: its city's 初审 or the administrator. */
  stage: z.enum(['city', 'admin']).nullable(),
  stageLabel: z.string().nullable(),
  /** The city left it untouched for 3 working days; the administrator may decide it. */
  escalated: z.boolean(),
  cityReviewedAt: z.string().nullable(),
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
  registration_stage: RegistrationStage | null;
  city_reviewed_at: Date | null;
  escalated_at: Date | null;
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
    stage: status === 'pending' ? (row.registration_stage ?? 'admin') : null,
    stageLabel: status === 'pending' ? REGISTRATION_STAGE_LABELS[row.registration_stage ?? 'admin'] : null,
    escalated: row.escalated_at !== null,
    cityReviewedAt: row.city_reviewed_at ? new Date(row.city_reviewed_at).toISOString() : null,
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
  /** The administrator reviews every request; a city's 工信局 the enterprises of its city (新增企业初审). */
  const mayReview = (actor: Actor) => {
    const why = actor.role === 'city_miit' ? whyNot(actor, 'registration.cityReview', PLATFORM) : whyNot(actor, 'registration.review', PLATFORM);
    if (why) throw forbidden(why);
  };

  routes.add(
    {
      method: 'get',
      path: '/api/registrations',
      summary:
        '注册申请列表：管理员看全部（stage 为 city 的待市工信局初审，escalated 为超过3个工作日未初审、管理员可审核的）；' +
        '市工业和信息化局看本市新增企业（待初审的，及本局已处理的）。status=pending|approved|rejected，待审核超过3个工作日的标记 overdue',
      tags: ['账号管理'],
      auth: 'user',
      access: mayReview,
      query: RegistrationQuery,
      response: ListPage(RegistrationView),
    },
    async ({ query, actor }) => {
      const { limit, offset } = pageOf(query);
      const like = likePattern(query.q);
      // A city sees the enterprises of its own city: waiting for its 初审, or those it has decided.
      const cityScope =
        actor.role === 'city_miit'
          ? query.status === 'pending'
            ? "AND u.role = 'enterprise' AND u.city_code = :cityCode AND u.registration_stage = 'city'"
            : "AND u.role = 'enterprise' AND u.city_code = :cityCode AND u.city_reviewed_at IS NOT NULL"
          : '';
      const where = `u.registration IS NOT NULL AND u.role IN ('enterprise','operator') AND ${STATUS_WHERE[query.status]} ${cityScope}
        AND (CAST(:like AS text) IS NULL OR u.username ILIKE :like OR u.org_name ILIKE :like OR u.uscc ILIKE :like OR u.name ILIKE :like)`;
      const replacements = { like, limit, offset, cityCode: actor.cityCode ?? '' };
      // Oldest first while pending (who waited longest is served first), newest decisions first otherwise.
      const order = query.status === 'pending' ? 'u.created_at ASC' : 'u.reviewed_at DESC NULLS LAST, u.city_reviewed_at DESC NULLS LAST, u.created_at DESC';
      const [rows] = await deps.sequelize.query(
        `SELECT u.id, u.username, u.name, u.mobile, u.email, u.role, u.org_name, u.uscc, u.province_code, u.city_code,
                u.registration, u.status, u.reject_reason, u.created_at, u.reviewed_at, u.registration_stage, u.city_reviewed_at,
                u.escalated_at, count(*) OVER () AS total
           FROM users u WHERE ${where} ORDER BY ${order}, u.id LIMIT :limit OFFSET :offset`,
        { replacements },
      );
      const list = rows as (Row & { total: string })[];
      let total = list.length ? Number(list[0]!.total) : 0;
      if (!list.length && offset > 0) {
        const [[count]] = (await deps.sequelize.query(`SELECT count(*) AS total FROM users u WHERE ${where}`, { replacements })) as [{ total: string }[], unknown];
        total = Number(count?.total ?? 0);
      }
      const now = deps.clock();
      return { data: list.map((r) => view(r, now)), total };
    },
  );

  async function tell(userId: string, email: string | null, title: string, body: string, now: Date) {
    await deps.sequelize.query('INSERT INTO messages (user_id, title, body, created_at) VALUES (:userId, :title, :body, :now)', {
      replacements: { userId, title, body, now },
    });
    // The applicant cannot sign in before approval, so the decision also goes out by e-mail.
    if (email) {
      await deps.sequelize.query('INSERT INTO email_outbox (to_address, subject, body, created_at) VALUES (:to, :subject, :body, :now)', {
        replacements: { to: email, subject: `【5G工厂名录申报平台】${title}`, body, now },
      });
    }
  }

  /**
   * Decide a pending request in one statement guarded by where it waits: a second decision (another reviewer, a
   * double click, the city and an administrator at once) finds it decided or moved on.
   */
  async function decide(id: string, actor: Actor, req: Request, decision: { approve: boolean; reason: string | null }) {
    if (!UUID.test(id)) throw notFound(M.notFound);
    const now = deps.clock();
    const [found] = await deps.sequelize.query(
      `SELECT id, status, role, province_code, city_code, COALESCE(registration_stage, 'admin') AS stage, escalated_at
         FROM users WHERE id = :id AND registration IS NOT NULL`,
      { replacements: { id } },
    );
    const request = (found as { id: string; status: string; role: string; province_code: string | null; city_code: string | null; stage: RegistrationStage; escalated_at: Date | null }[])[0];
    // A city office sees only its city's requests: another city's is as unknown to it as a missing one.
    if (!request || (actor.role === 'city_miit' && (request.role !== 'enterprise' || request.city_code !== actor.cityCode))) throw notFound(M.notFound);
    if (request.status !== 'pending') throw conflict(M.alreadyDecided, 'REGISTRATION_DECIDED');
    const refusal = whyNotDecide(actor, { stage: request.stage, cityCode: request.city_code, escalated: request.escalated_at !== null });
    if (refusal) throw conflict(refusal, 'REGISTRATION_NOT_YOURS_YET');

    const byCity = actor.role === 'city_miit';
    // Where the city's 通过 leads is the province's rule at the time of the decision.
    const cityOutcome = byCity && decision.approve ? afterCityApproval(await registrationReviewMode(deps.sequelize, request.province_code)) : null;
    const status = decision.approve ? (byCity && cityOutcome === 'admin' ? 'pending' : 'active') : 'rejected';
    const [rows] = await deps.sequelize.query(
      `UPDATE users SET status = :status, reject_reason = :reason, updated_at = :now,
              registration_stage = CASE WHEN :status = 'pending' THEN 'admin' ELSE registration_stage END,
              city_reviewed_by = CASE WHEN :byCity THEN CAST(:reviewer AS uuid) ELSE city_reviewed_by END,
              city_reviewed_at = CASE WHEN :byCity THEN CAST(:now AS timestamptz) ELSE city_reviewed_at END,
              reviewed_by = CASE WHEN :status = 'pending' THEN reviewed_by ELSE CAST(:reviewer AS uuid) END,
              reviewed_at = CASE WHEN :status = 'pending' THEN reviewed_at ELSE CAST(:now AS timestamptz) END
        WHERE id = :id AND status = 'pending' AND COALESCE(registration_stage, 'admin') = :stage
        RETURNING id, username, role, email`,
      { replacements: { id, status, reason: decision.reason, reviewer: actor.userId, now, byCity, stage: request.stage } },
    );
    const decided = (rows as { id: string; username: string; role: string; email: string | null }[])[0];
    if (!decided) throw conflict(M.alreadyDecided, 'REGISTRATION_DECIDED');
    if (status === 'pending') {
      await tell(decided.id, decided.email, M.approvedTitle, REGISTRATION_REVIEW_MESSAGES.cityApprovedBody, now);
    } else if (decision.approve) {
      await tell(decided.id, decided.email, M.approvedTitle, M.approvedBody, now);
    } else if (byCity) {
      await tell(decided.id, decided.email, REGISTRATION_REVIEW_MESSAGES.returnedTitle, REGISTRATION_REVIEW_MESSAGES.returnedBody(decision.reason ?? ''), now);
    } else {
      await tell(decided.id, decided.email, M.rejectedTitle, M.rejectedBody(decision.reason ?? ''), now);
    }
    const action = byCity ? (decision.approve ? 'registration.cityApprove' : 'registration.cityReturn') : decision.approve ? 'registration.approve' : 'registration.reject';
    await audit(
      deps.sequelize,
      {
        action,
        actor,
        targetType: 'user',
        targetId: decided.id,
        details: { username: decided.username, ...(decision.reason ? { reason: decision.reason } : {}), ...(byCity ? { outcome: status } : {}), ...(request.escalated_at && !byCity ? { escalated: true } : {}) },
      },
      req,
    );
  }

  routes.add(
    {
      method: 'post',
      path: '/api/registrations/:id/approve',
      summary: '通过注册申请：市工业和信息化局初审通过（移交管理员，或按本省设置直接生效），或管理员审核通过',
      tags: ['账号管理'],
      auth: 'user',
      access: mayReview,
      params: IdParams,
      errors: [404, 409],
    },
    async ({ params, actor, req }) => {
      await decide(params.id, actor, req, { approve: true, reason: null });
      return undefined;
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/registrations/:id/reject',
      summary: '驳回（管理员）或退回（市工业和信息化局初审）注册申请，须填写原因；申请人登录时看到原因，可修改后重新注册',
      tags: ['账号管理'],
      auth: 'user',
      access: mayReview,
      params: IdParams,
      body: RejectBody,
      errors: [404, 409],
    },
    async ({ params, body, actor, req }) => {
      await decide(params.id, actor, req, { approve: false, reason: body.reason });
      return undefined;
    },
  );
}
