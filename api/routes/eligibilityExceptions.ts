/**
 * 申报主体例外 (issue 12.6): the notice's 申报主体 are 制造业、采矿业、电力、港口等重点领域企业; the ministry may allow another
 * enterprise to register and declare, by its 统一社会信用代码 and with a reason (so the exception may come before the
 * registration). Revoking keeps the record. Both are in the audit log.
 */
import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { conflict, notFound, unprocessable } from '../errors';
import { audit } from '../audit';
import { normalizeUscc, usccProblems } from '../../domain/accounts';
import { isEligibleIndustry } from '../../domain/eligibility';
import { industryPathText } from '../../domain/reference';
import { Paging, pageOf, ListPage } from './accounts';
import { allowedTo } from '../guards';

const Reason = z.string({ error: '请填写例外原因' }).trim().min(1, '请填写例外原因').max(500, '原因不能超过500个字');

const ExceptionView = z.object({
  id: z.string(),
  uscc: z.string(),
  orgName: z.string().nullable(),
  /** The registered enterprise with that code, if any, and its 国民经济分类. */
  enterpriseId: z.string().nullable(),
  nationalEconomyCode: z.string().nullable(),
  nationalEconomyText: z.string().nullable(),
  eligibleWithout: z.boolean().nullable(),
  reason: z.string(),
  grantedBy: z.string().nullable(),
  grantedAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
});

interface Row {
  uscc: string;
  org_name: string | null;
  reason: string;
  granted_at: Date;
  granted_by_name: string | null;
  revoked_at: Date | null;
  revoked_by_name: string | null;
  revoke_reason: string | null;
  enterprise_id: string | null;
  enterprise_name: string | null;
  national_economy_code: string | null;
}

const SELECT = `SELECT e.uscc, e.org_name, e.reason, e.granted_at, g.name AS granted_by_name, e.revoked_at, r.name AS revoked_by_name,
         e.revoke_reason, u.id AS enterprise_id, u.org_name AS enterprise_name, u.registration ->> 'nationalEconomyCode' AS national_economy_code
    FROM eligibility_exceptions e
    LEFT JOIN users g ON g.id = e.granted_by
    LEFT JOIN users r ON r.id = e.revoked_by
    LEFT JOIN users u ON u.uscc = e.uscc AND u.role = 'enterprise'`;

function view(r: Row) {
  const code = r.national_economy_code;
  return {
    id: r.uscc,
    uscc: r.uscc,
    orgName: r.org_name ?? r.enterprise_name,
    enterpriseId: r.enterprise_id,
    nationalEconomyCode: code,
    nationalEconomyText: code ? industryPathText(code) || code : null,
    eligibleWithout: code ? isEligibleIndustry(code) : null,
    reason: r.reason,
    grantedBy: r.granted_by_name,
    grantedAt: new Date(r.granted_at).toISOString(),
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    revokedBy: r.revoked_by_name,
    revokeReason: r.revoke_reason,
  };
}

export function eligibilityExceptionRoutes(routes: Routes, deps: AppDeps): void {
  const mayManage = allowedTo('eligibility.manage');
  const one = async (uscc: string) => {
    const [rows] = await deps.sequelize.query(`${SELECT} WHERE e.uscc = :uscc`, { replacements: { uscc } });
    const row = (rows as Row[])[0];
    if (!row) throw notFound('该统一社会信用代码没有例外记录');
    return view(row);
  };
  const UsccParams = z.object({ uscc: z.string().transform(normalizeUscc) });

  routes.add(
    {
      method: 'get',
      path: '/api/eligibility-exceptions',
      summary: '申报主体例外列表（工信部）：不属于制造业、采矿业、电力、港口等重点领域、经同意可以申报的企业',
      tags: ['申报主体'],
      auth: 'user',
      access: mayManage,
      query: Paging,
      response: ListPage(ExceptionView),
    },
    async ({ query, actor }) => {
      mayManage(actor);
      const { limit, offset } = pageOf(query);
      const [rows] = await deps.sequelize.query(`${SELECT} ORDER BY e.revoked_at IS NULL DESC, e.granted_at DESC LIMIT :limit OFFSET :offset`, {
        replacements: { limit, offset },
      });
      const [[count]] = (await deps.sequelize.query('SELECT count(*)::int AS n FROM eligibility_exceptions')) as [{ n: number }[], unknown];
      return { data: (rows as Row[]).map(view), total: count!.n };
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/eligibility-exceptions',
      summary: '同意例外（工信部，须填写原因）：该统一社会信用代码的企业可注册并提交项目',
      tags: ['申报主体'],
      auth: 'user',
      access: mayManage,
      status: 201,
      body: z.object({
        uscc: z.string({ error: '请填写统一社会信用代码' }).transform(normalizeUscc),
        orgName: z.string().trim().max(100, '单位名称不能超过100个字').optional(),
        reason: Reason,
      }),
      response: ExceptionView,
      errors: [409],
    },
    async ({ body, actor, req }) => {
      mayManage(actor);
      const problems = usccProblems(body.uscc);
      if (problems.length) throw unprocessable(problems[0]!, problems.map((message) => ({ path: 'uscc', message })));
      const now = deps.clock();
      const [rows] = await deps.sequelize.query(
        `INSERT INTO eligibility_exceptions (uscc, org_name, reason, granted_by, granted_at) VALUES (:uscc, :orgName, :reason, :by, :now)
         ON CONFLICT (uscc) DO UPDATE SET org_name = COALESCE(EXCLUDED.org_name, eligibility_exceptions.org_name), reason = EXCLUDED.reason,
           granted_by = EXCLUDED.granted_by, granted_at = EXCLUDED.granted_at, revoked_at = NULL, revoked_by = NULL, revoke_reason = NULL
         WHERE eligibility_exceptions.revoked_at IS NOT NULL
         RETURNING uscc`,
        { replacements: { uscc: body.uscc, orgName: body.orgName || null, reason: body.reason, by: actor.userId, now } },
      );
      if (!(rows as unknown[]).length) throw conflict('该企业已有有效的例外', 'EXCEPTION_EXISTS');
      await audit(deps.sequelize, { action: 'eligibility.exception.grant', actor, targetType: 'uscc', targetId: body.uscc, details: { reason: body.reason, orgName: body.orgName } }, req);
      return one(body.uscc);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/eligibility-exceptions/:uscc/revoke',
      summary: '撤销例外（工信部，须填写原因）；记录保留',
      tags: ['申报主体'],
      auth: 'user',
      access: mayManage,
      params: UsccParams,
      body: z.object({ reason: z.string({ error: '请填写撤销原因' }).trim().min(1, '请填写撤销原因').max(500, '原因不能超过500个字') }),
      response: ExceptionView,
      errors: [404, 409],
    },
    async ({ params, body, actor, req }) => {
      mayManage(actor);
      const [rows] = await deps.sequelize.query(
        `UPDATE eligibility_exceptions SET revoked_at = :now, revoked_by = :by, revoke_reason = :reason WHERE uscc = :uscc AND revoked_at IS NULL RETURNING uscc`,
        { replacements: { uscc: params.uscc, now: deps.clock(), by: actor.userId, reason: body.reason } },
      );
      if (!(rows as unknown[]).length) {
        await one(params.uscc); // 404 when there is none at all
        throw conflict('该例外已撤销', 'EXCEPTION_REVOKED');
      }
      await audit(deps.sequelize, { action: 'eligibility.exception.revoke', actor, targetType: 'uscc', targetId: params.uscc, details: { reason: body.reason } }, req);
      return one(params.uscc);
    },
  );
}
