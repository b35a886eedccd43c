/**
 * Accounts, the public side (SPEC §5, issue 6): registration, SMS sign-in, password change, and the enterprise's
 * search for operator accounts to invite. Administration of accounts is in users.ts and registrations.ts.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { UniqueConstraintError } from 'sequelize';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { conflict, unprocessable, type FieldProblem } from '../errors';
import { audit } from '../audit';
import { hashPassword, verifyPassword } from '../../db/passwords';
import { revokeOtherSessions } from '../auth/sessions';
import { requestSmsCode, smsLogin } from '../auth/smsLogin';
import { CAPTCHA_FIELDS, requireCaptcha } from '../auth/captcha';
import { PublicUserSchema } from '../auth/publicUser';
import { createSmsSender, type SmsSender } from '../sms';
import {
  REGISTRATION_DONE_MESSAGE,
  changePasswordSchema,
  maskAccount,
  registrationSchema,
  smsCodeRequestSchema,
  smsLoginSchema,
  type Registration,
} from '../../domain/accounts';
import { findIndustryCode, findRegion } from '../../domain/reference';
import { eligibilityProblem } from '../../domain/eligibility';
import { initialRegistrationStage } from '../../domain/accounts/registrationReview';
import { hasEligibilityException } from '../../db/eligibility';
import { registrationReviewMode } from '../../db/provinceSettings';
import type { User } from '../../db/models';
import { onlyRoles } from '../guards';

export const ACCOUNTS_MESSAGES = {
  usernameTaken: '账号已存在',
  usccTaken: (maskedUsername: string) => `该组织机构代码已注册，账号为：${maskedUsername}，请使用该账号登录`,
  mobileTaken: '该手机号已注册，请使用手机号登录或联系管理员',
  regionUnknown: '所属地不存在',
  provinceUnknown: '单位地址的省份不存在',
  cityUnknown: '单位地址的城市不存在',
  districtUnknown: '单位地址的区县不存在',
  nationalEconomyUnknown: '国民经济分类代码不存在',
  oldPasswordWrong: '原密码不正确',
  passwordReused: `新密码不能与最近${5}次使用过的密码相同`,
  passwordChanged: '密码修改成功',
  operatorsEnterpriseOnly: '只有企业用户可以查找运营商账号',
} as const;
const M = ACCOUNTS_MESSAGES;

/** How many of the user's latest passwords may not be used again (等保2.0 三级: the current one and 4 before it). */
export const PASSWORD_HISTORY = 5;

async function isRecentPassword(deps: AppDeps, user: User, candidate: string): Promise<boolean> {
  const [rows] = await deps.sequelize.query('SELECT password_hash FROM password_history WHERE user_id = :id ORDER BY created_at DESC, id DESC LIMIT :n', {
    replacements: { id: user.id, n: PASSWORD_HISTORY - 1 },
  });
  const hashes = [user.passwordHash, ...(rows as { password_hash: string }[]).map((r) => r.password_hash)];
  for (const hash of hashes) if (await verifyPassword(hash, candidate)) return true;
  return false;
}

/** The codes of a registration must exist in GB/T 2260 and GB/T 4754-2017 (the schema checked only their form). */
function referenceProblems(registration: Registration): FieldProblem[] {
  const { organisation: o } = registration;
  const problems: FieldProblem[] = [];
  if (!findRegion(o.regionCode)) problems.push({ path: 'organisation.regionCode', message: M.regionUnknown });
  const province = findRegion(o.orgAddress.provinceCode);
  const city = findRegion(o.orgAddress.cityCode);
  const district = findRegion(o.orgAddress.districtCode);
  if (province?.level !== 'province') problems.push({ path: 'organisation.orgAddress.provinceCode', message: M.provinceUnknown });
  if (city?.level !== 'city' || city.parentCode !== o.orgAddress.provinceCode) problems.push({ path: 'organisation.orgAddress.cityCode', message: M.cityUnknown });
  if (district?.level !== 'district' || district.parentCode !== o.orgAddress.cityCode) {
    problems.push({ path: 'organisation.orgAddress.districtCode', message: M.districtUnknown });
  }
  if (!findIndustryCode(o.nationalEconomyCode)) problems.push({ path: 'organisation.nationalEconomyCode', message: M.nationalEconomyUnknown });
  return problems;
}

/** 所属地 → the account's jurisdiction codes: a district or city code gives its province and city. */
export function jurisdictionOfRegion(regionCode: string): { provinceCode: string; cityCode: string | null } {
  const provinceCode = `${regionCode.slice(0, 2)}0000`;
  const region = findRegion(regionCode);
  if (!region || region.level === 'province') return { provinceCode, cityCode: null };
  return { provinceCode, cityCode: region.level === 'city' ? region.code : (region.parentCode ?? null) };
}

// ---------------------------------------------------------------------------------------------
// List paging of SPEC §7 (`page`, `perPage` → `{ data, total }`), shared by the account modules.

export const MAX_PER_PAGE = 100;

export const Paging = z.object({
  page: z.coerce.number({ error: '页码应为正整数' }).int('页码应为正整数').min(1, '页码应为正整数').default(1),
  perPage: z.coerce.number({ error: '每页条数应为1至100' }).int('每页条数应为1至100').min(1, '每页条数应为1至100').max(MAX_PER_PAGE, '每页条数应为1至100').default(20),
});

export function pageOf(query: { page: number; perPage: number }): { limit: number; offset: number } {
  return { limit: query.perPage, offset: (query.page - 1) * query.perPage };
}

/** The answer of a paged list (GET with Paging): one page of `item`s and the count of the whole list. */
export function ListPage<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), total: z.number() });
}

/** A text for ILIKE: the user's % and _ are literal. */
export function likePattern(q: string | undefined): string | null {
  return q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}

const lowerUsername = (deps: AppDeps, username: string) =>
  deps.sequelize.where(deps.sequelize.fn('lower', deps.sequelize.col('username')), username.trim().toLowerCase());

export function accountRoutes(routes: Routes, deps: AppDeps, options: { smsSender?: SmsSender } = {}): void {
  const smsSender = options.smsSender ?? createSmsSender(deps.env, deps.logger);
  const { User } = deps.models;

  routes.add(
    {
      method: 'post',
      path: '/api/auth/register',
      summary: '注册（第1步 账号注册 + 第2步 企业认证）：提交后待管理员审核；一个统一社会信用代码只能注册一个账号',
      tags: ['账号'],
      auth: 'public',
      body: registrationSchema.extend(CAPTCHA_FIELDS),
      status: 201,
      response: z.object({ message: z.string() }),
      errors: [400, 409, 429],
    },
    async ({ body, req }) => {
      await requireCaptcha(deps, body, deps.clock());
      const problems = referenceProblems(body);
      if (problems.length) throw unprocessable('提交的数据有误，请检查标注的字段', problems);
      const { account, organisation } = body;
      // 申报主体 (issue 12.6): an enterprise outside the notice's sectors registers only with the ministry's exception.
      if (organisation.role === 'enterprise') {
        const exception = await hasEligibilityException(deps.sequelize, organisation.uscc);
        const notEligible = eligibilityProblem(organisation.nationalEconomyCode, { exception, when: 'registration' });
        if (notEligible) {
          await audit(deps.sequelize, { action: 'registration.submit', outcome: 'refused', username: account.username, details: { reason: 'not_eligible', nationalEconomyCode: organisation.nationalEconomyCode } }, req);
          throw unprocessable(notEligible, [{ path: 'organisation.nationalEconomyCode', message: notEligible }], 'NOT_ELIGIBLE');
        }
      }
      const now = deps.clock();
      const byCode = await User.findOne({ where: { uscc: organisation.uscc } });
      // A rejected request may be corrected and sent again: it replaces the rejected one.
      const replacing = byCode?.status === 'rejected' ? byCode : null;
      if (byCode && !replacing) {
        await audit(deps.sequelize, { action: 'registration.submit', outcome: 'refused', username: account.username, details: { reason: 'uscc_taken' } }, req);
        throw conflict(M.usccTaken(maskAccount(byCode.username)), 'USCC_TAKEN');
      }
      const byName = await User.findOne({ where: lowerUsername(deps, account.username) });
      if (byName && byName.id !== replacing?.id) {
        await audit(deps.sequelize, { action: 'registration.submit', outcome: 'refused', username: account.username, details: { reason: 'username_taken' } }, req);
        throw conflict(M.usernameTaken, 'USERNAME_TAKEN');
      }
      const byMobile = await User.findOne({ where: { mobile: account.mobile, role: ['enterprise', 'operator'] } });
      if (byMobile && byMobile.id !== replacing?.id) throw conflict(M.mobileTaken, 'MOBILE_TAKEN');

      const { provinceCode, cityCode } = jurisdictionOfRegion(organisation.regionCode);
      const fields = {
        username: account.username,
        passwordHash: await hashPassword(account.password),
        name: account.name,
        mobile: account.mobile,
        email: account.email,
        role: organisation.role,
        provinceCode,
        cityCode,
        orgName: organisation.orgName,
        uscc: organisation.uscc,
        status: 'pending' as const,
        rejectReason: null,
        registration: { ...organisation, submittedAt: now.toISOString() },
        mustChangePassword: false,
        failedAttempts: 0,
        lockedUntil: null,
        reviewedBy: null,
        reviewedAt: null,
      };
      let user: User;
      try {
        user = replacing ? await replacing.update({ ...fields, createdAt: now }) : await User.create({ id: crypto.randomUUID(), ...fields, lastLoginAt: null, createdAt: now });
      } catch (err) {
        // Two registrations racing for the same name, code or mobile: the database decides, the loser is told why.
        if (err instanceof UniqueConstraintError) {
          const constraint = (err.parent as { constraint?: string } | undefined)?.constraint ?? '';
          if (constraint.includes('uscc')) throw conflict(M.usccTaken(maskAccount(account.username)), 'USCC_TAKEN');
          if (constraint.includes('mobile')) throw conflict(M.mobileTaken, 'MOBILE_TAKEN');
          throw conflict(M.usernameTaken, 'USERNAME_TAKEN');
        }
        throw err;
      }
      // 新增企业初审: where the province asks for it, the enterprise's city reviews the request first.
      const stage = initialRegistrationStage(organisation.role, await registrationReviewMode(deps.sequelize, provinceCode), cityCode);
      await deps.sequelize.query(
        'UPDATE users SET registration_stage = :stage, city_reviewed_by = NULL, city_reviewed_at = NULL, escalated_at = NULL WHERE id = :id',
        { replacements: { stage, id: user.id } },
      );
      await audit(
        deps.sequelize,
        { action: 'registration.submit', actor: { userId: user.id, username: user.username, role: user.role }, targetType: 'user', targetId: user.id, details: { resubmitted: !!replacing, stage } },
        req,
      );
      return { message: REGISTRATION_DONE_MESSAGE };
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/auth/sms-code',
      summary: `获取短信登录验证码（6位数字，5分钟内有效；同一手机号60秒内只能获取一次）`,
      tags: ['账号'],
      auth: 'public',
      body: smsCodeRequestSchema.extend(CAPTCHA_FIELDS),
      response: z.object({ message: z.string() }),
      errors: [400, 429],
    },
    async ({ body, req }) => {
      await requireCaptcha(deps, body, deps.clock());
      return requestSmsCode(deps, smsSender, body.mobile, req);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/auth/sms-login',
      summary: '手机号 + 短信验证码登录（验证码一次有效，最多尝试5次）',
      tags: ['账号'],
      auth: 'public',
      body: smsLoginSchema,
      response: z.object({ token: z.string(), user: PublicUserSchema }),
      errors: [401, 403, 429],
    },
    ({ body, req }) => smsLogin(deps, body, req),
  );

  routes.add(
    {
      method: 'post',
      path: '/api/auth/change-password',
      summary: '修改密码（临时密码、导入账号的初始密码须先修改）；成功后其他设备上的登录失效',
      tags: ['账号'],
      auth: 'user',
      access: 'signed-in',
      body: changePasswordSchema,
      response: z.object({ message: z.string() }),
      errors: [429],
    },
    async ({ body, actor, req }) => {
      const user = await User.findByPk(actor.userId);
      if (!user || !(await verifyPassword(user.passwordHash, body.oldPassword))) {
        await audit(deps.sequelize, { action: 'auth.password.change', outcome: 'refused', actor, targetType: 'user', targetId: actor.userId, details: { reason: 'old_password' } }, req);
        throw unprocessable(M.oldPasswordWrong, [{ path: 'oldPassword', message: M.oldPasswordWrong }], 'OLD_PASSWORD_WRONG');
      }
      const now = deps.clock();
      // 等保2.0: none of the last PASSWORD_HISTORY passwords again (the current one and those kept in password_history).
      if (await isRecentPassword(deps, user, body.newPassword)) {
        await audit(deps.sequelize, { action: 'auth.password.change', outcome: 'refused', actor, targetType: 'user', targetId: actor.userId, details: { reason: 'reused' } }, req);
        throw unprocessable(M.passwordReused, [{ path: 'newPassword', message: M.passwordReused }], 'PASSWORD_REUSED');
      }
      const chosenByUser = !user.mustChangePassword; // a temporary or imported password is not the user's own
      const oldHash = user.passwordHash;
      await deps.sequelize.transaction(async (transaction) => {
        if (chosenByUser) {
          await deps.sequelize.query('INSERT INTO password_history (user_id, password_hash, created_at) VALUES (:id, :hash, :now)', { replacements: { id: user.id, hash: oldHash, now }, transaction });
          await deps.sequelize.query(
            `DELETE FROM password_history WHERE user_id = :id AND id NOT IN (SELECT id FROM password_history WHERE user_id = :id ORDER BY created_at DESC, id DESC LIMIT :keep)`,
            { replacements: { id: user.id, keep: PASSWORD_HISTORY - 1 }, transaction },
          );
        }
        await user.update(
          { passwordHash: await hashPassword(body.newPassword), mustChangePassword: false, firstSignInSms: false, passwordChangedAt: now, failedAttempts: 0, lockedUntil: null },
          { transaction },
        );
      });
      await revokeOtherSessions(deps.sequelize, user.id, req.sessionTokenHash, now);
      await audit(deps.sequelize, { action: 'auth.password.change', actor, targetType: 'user', targetId: user.id }, req);
      return { message: M.passwordChanged };
    },
  );

  const OperatorQuery = z.object({
    q: z.string().trim().max(100, '搜索内容不能超过100个字').optional(),
  });
  const Operator = z.object({ id: z.string(), username: z.string(), name: z.string(), orgName: z.string().nullable() });
  routes.add(
    {
      method: 'get',
      path: '/api/operators',
      summary: '企业查找可邀请的运营商账号（按账号、姓名或单位名称搜索启用的运营商账号，最多20条）',
      tags: ['账号'],
      auth: 'user',
      access: onlyRoles(['enterprise'], M.operatorsEnterpriseOnly),
      query: OperatorQuery,
      response: ListPage(Operator),
    },
    async ({ query }) => {
      const like = likePattern(query.q);
      const [rows] = await deps.sequelize.query(
        `SELECT id, username, name, org_name FROM users
          WHERE role = 'operator' AND status = 'active'
            AND (CAST(:like AS text) IS NULL OR username ILIKE :like OR name ILIKE :like OR org_name ILIKE :like)
          ORDER BY org_name, username LIMIT 20`,
        { replacements: { like } },
      );
      const data = (rows as { id: string; username: string; name: string; org_name: string | null }[]).map((r) => ({
        id: r.id,
        username: r.username,
        name: r.name,
        orgName: r.org_name,
      }));
      return { data, total: data.length };
    },
  );
}
