/**
 * 用户管理 (SPEC §5, §7; administrators only): staff accounts with jurisdiction codes, search, edit, disable /
 * enable, temporary passwords. The import of the old client's enterprises is ./import.ts.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { UniqueConstraintError } from 'sequelize';
import type { Request } from 'express';
import type { Routes } from '../../http';
import type { AppDeps } from '../../deps';
import { conflict, notFound, unprocessable, type FieldProblem } from '../../errors';
import { audit } from '../../audit';
import { hashPassword } from '../../../db/passwords';
import { revokeAllSessions } from '../../auth/sessions';
import { userIdentity } from '../../auth/publicUser';
import { Paging, likePattern, pageOf, ListPage } from '../accounts';
import { ROLES, ROLE_LABELS, STAFF_ROLES, type Actor, type Role, type StaffRole } from '../../../domain/roles';
import {
  ACCOUNT_MESSAGES,
  STAFF_JURISDICTION,
  createUserSchema,
  emailSchema,
  generatePassword,
  mobileSchema,
} from '../../../domain/accounts';
import { findRegion } from '../../../domain/reference';
import type { User } from '../../../db/models';
import { mayChangeAccount, mayManageUsers, mayReadUsers, maySecure } from './mayManage';
import { isAdminRole } from '../../../domain/roles';

export const USER_MESSAGES = {
  notFound: '用户不存在',
  usernameTaken: '账号已存在',
  mobileTaken: '该手机号已被其他企业或运营商账号使用',
  provinceUnknown: '所属省份不存在',
  cityUnknown: '所属城市不存在',
  jurisdictionNotForRole: (role: string) => `${role}账号没有管辖范围`,
  cannotDisableSelf: '不能停用自己的账号',
  cannotResetSelf: '不能重置自己的密码，请使用修改密码',
  onlyActiveDisabled: '只能停用已启用的账号',
  onlyDisabledEnabled: '只能启用已停用的账号',
  nothingToChange: '请至少修改一项',
} as const;
const M = USER_MESSAGES;

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  roleLabel: z.string(),
  status: z.enum(['pending', 'active', 'rejected', 'disabled']),
  orgName: z.string().nullable(),
  uscc: z.string().nullable(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  provinceCode: z.string().nullable(),
  cityCode: z.string().nullable(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function userView(u: User, now?: Date): UserView {
  return {
    ...userIdentity(u),
    status: u.status,
    orgName: u.orgName,
    uscc: u.uscc,
    mobile: u.mobile,
    email: u.email,
    provinceCode: u.provinceCode?.trim() ?? null,
    cityCode: u.cityCode?.trim() ?? null,
    mustChangePassword: u.mustChangePassword,
    // A lock that has run out is no lock.
    lockedUntil: u.lockedUntil && (!now || u.lockedUntil > now) ? iso(u.lockedUntil) : null,
    lastLoginAt: iso(u.lastLoginAt),
    createdAt: iso(u.createdAt)!,
  };
}

/** The office a staff account belongs to, named as the platform names it (广州市工业和信息化局). */
export function staffOrgName(role: StaffRole, provinceCode?: string, cityCode?: string): string {
  const province = findRegion(provinceCode)?.name ?? '';
  const city = findRegion(cityCode)?.name ?? '';
  switch (role) {
    case 'city_miit':
      return `${city}工业和信息化局`;
    case 'province_miit':
      // 直辖市: 经济和信息化局 (SPEC §1)
      return ['110000', '120000', '310000', '500000'].includes(provinceCode ?? '') ? `${province}经济和信息化局` : `${province}工业和信息化厅`;
    case 'province_ca':
      return `${province}通信管理局`;
    case 'ministry':
      return '工业和信息化部';
    case 'expert':
      return '评审专家组';
    case 'admin':
    case 'security_admin':
    case 'audit_admin':
      return '平台运维';
  }
}

function jurisdictionProblems(role: Role, provinceCode: string | null | undefined, cityCode: string | null | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (provinceCode != null && findRegion(provinceCode)?.level !== 'province') problems.push({ path: 'provinceCode', message: M.provinceUnknown });
  if (cityCode != null) {
    const city = findRegion(cityCode);
    if (city?.level !== 'city' || (provinceCode != null && city.parentCode !== provinceCode)) problems.push({ path: 'cityCode', message: M.cityUnknown });
  }
  void role;
  return problems;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IdParams = z.object({ id: z.string() });

const UserQuery = Paging.extend({
  q: z.string().trim().max(100, '搜索内容不能超过100个字').optional(),
  /** The admin UI's filter name for q. */
  username: z.string().trim().max(100, '搜索内容不能超过100个字').optional(),
  role: z.enum(ROLES, { error: '角色不存在' }).optional(),
  /** An account status, or `locked`: signing in is locked at some address now (login_failures). */
  status: z.enum(['pending', 'active', 'rejected', 'disabled', 'locked'], { error: '状态不存在' }).optional(),
  sort: z.enum(['createdAt', 'username', 'name', 'lastLoginAt']).default('createdAt'),
  order: z.enum(['ASC', 'DESC', 'asc', 'desc']).default('DESC'),
});
const SORT_COLUMNS = { createdAt: 'created_at', username: 'lower(username)', name: 'name', lastLoginAt: 'last_login_at' } as const;

const optionalText = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? null : v), z.union([z.null(), schema]).optional());

const PatchUserBody = z
  .object({
    name: z.string({ error: ACCOUNT_MESSAGES.nameRequired }).trim().min(1, ACCOUNT_MESSAGES.nameRequired).max(50, ACCOUNT_MESSAGES.nameTooLong).optional(),
    orgName: z.string().trim().min(1, ACCOUNT_MESSAGES.orgNameRequired).max(100, ACCOUNT_MESSAGES.orgNameTooLong).optional(),
    mobile: optionalText(mobileSchema),
    email: optionalText(emailSchema),
    provinceCode: optionalText(z.string().trim().regex(/^\d{2}0000$/, ACCOUNT_MESSAGES.staffProvinceFormat)),
    cityCode: optionalText(z.string().trim().regex(/^\d{4}00$/, ACCOUNT_MESSAGES.staffCityFormat)),
  });

const CreatedUser = z.object({ user: UserView, temporaryPassword: z.string() });

export function userCrudRoutes(routes: Routes, deps: AppDeps): void {
  const { User } = deps.models;
  const findUser = async (id: string) => {
    const user = UUID.test(id) ? await User.findByPk(id) : null;
    if (!user) throw notFound(M.notFound);
    return user;
  };
  /** The guard of the routes that change one account: the account list's readers, then who may change this one. */
  const mayChange = async (actor: Actor, params: { id: string }) => {
    mayReadUsers(actor);
    mayChangeAccount(actor, await findUser(params.id));
  };
  const temporaryPassword = () => generatePassword((bound) => crypto.randomInt(bound));
  const auditUser = (action: string, actor: Actor, target: User, req: Request, details?: Record<string, unknown>) =>
    audit(deps.sequelize, { action, actor, targetType: 'user', targetId: target.id, details: { username: target.username, ...details } }, req);

  routes.add(
    {
      method: 'post',
      path: '/api/users',
      summary: '创建监管、专家、部委或管理员账号（系统管理员）：返回一次性显示的临时密码，首次登录须修改；系统/安全/审计管理员账号创建后为停用状态，须由安全管理员启用（审批）',
      tags: ['账号管理'],
      auth: 'user',
      access: mayManageUsers,
      body: createUserSchema,
      status: 201,
      response: CreatedUser,
      errors: [409],
    },
    async ({ body, actor, req }) => {
      const { provinceCode, cityCode } = body as { provinceCode?: string; cityCode?: string };
      const problems = jurisdictionProblems(body.role, provinceCode, cityCode);
      if (problems.length) throw unprocessable('提交的数据有误，请检查标注的字段', problems);
      const taken = await User.findOne({ where: deps.sequelize.where(deps.sequelize.fn('lower', deps.sequelize.col('username')), body.username.toLowerCase()) });
      if (taken) throw conflict(M.usernameTaken, 'USERNAME_TAKEN');
      const password = temporaryPassword();
      let user: User;
      try {
        user = await User.create({
          id: crypto.randomUUID(),
          username: body.username,
          passwordHash: await hashPassword(password),
          name: body.name,
          mobile: body.mobile ?? null,
          email: body.email ?? null,
          role: body.role,
          provinceCode: provinceCode ?? null,
          cityCode: cityCode ?? null,
          orgName: staffOrgName(body.role, provinceCode, cityCode),
          uscc: null,
          // 三员分立: a new administrator account waits for the security administrator's approval (启用).
          status: isAdminRole(body.role) ? 'disabled' : 'active',
          rejectReason: null,
          registration: isAdminRole(body.role) ? { awaitingSecurityApproval: true } : null,
          mustChangePassword: true,
          lockedUntil: null,
          lastLoginAt: null,
          reviewedBy: null,
          reviewedAt: null,
          createdAt: deps.clock(),
        });
      } catch (err) {
        if (err instanceof UniqueConstraintError) throw conflict(M.usernameTaken, 'USERNAME_TAKEN');
        throw err;
      }
      await auditUser('user.create', actor, user, req, { role: user.role, provinceCode: user.provinceCode, cityCode: user.cityCode });
      return { user: userView(user), temporaryPassword: password };
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/users',
      summary: '用户列表（管理员）：按账号、姓名、单位、手机搜索（q），按角色、状态筛选，分页',
      tags: ['账号管理'],
      auth: 'user',
      access: mayReadUsers,
      query: UserQuery,
      response: ListPage(UserView),
    },
    async ({ query }) => {
      const { limit, offset } = pageOf(query);
      const like = likePattern(query.q ?? query.username);
      const where = `(CAST(:like AS text) IS NULL OR username ILIKE :like OR name ILIKE :like OR org_name ILIKE :like OR mobile ILIKE :like OR uscc ILIKE :like)
        AND (CAST(:role AS text) IS NULL OR role = :role)
        AND (CAST(:status AS text) IS NULL OR status = :status
          OR (:status = 'locked' AND EXISTS (SELECT 1 FROM login_failures f WHERE split_part(f.key, '|', 1) = lower(trim(users.username)) AND f.locked_until > :now)))`;
      const replacements = { like, role: query.role ?? null, status: query.status ?? null, now: deps.clock() };
      const order = query.order.toUpperCase() === 'ASC' ? 'ASC' : 'DESC';
      const [idRows] = await deps.sequelize.query(
        `SELECT id, count(*) OVER () AS total FROM users WHERE ${where}
          ORDER BY ${SORT_COLUMNS[query.sort]} ${order} NULLS LAST, id LIMIT :limit OFFSET :offset`,
        { replacements: { ...replacements, limit, offset } },
      );
      const ids = (idRows as { id: string; total: string }[]).map((r) => r.id);
      let total = idRows.length ? Number((idRows as { total: string }[])[0]!.total) : 0;
      if (!idRows.length && offset > 0) {
        const [[count]] = (await deps.sequelize.query(`SELECT count(*) AS total FROM users WHERE ${where}`, { replacements })) as [{ total: string }[], unknown];
        total = Number(count?.total ?? 0);
      }
      const users = ids.length ? await User.findAll({ where: { id: ids } }) : [];
      const byId = new Map(users.map((u) => [u.id, u]));
      const now = deps.clock();
      const locks = await locksOf(deps, users.map((u) => u.username), now);
      return { data: ids.map((id) => withLock(userView(byId.get(id)!, now), locks)), total };
    },
  );

  routes.add(
    { method: 'get', path: '/api/users/:id', summary: '用户详情（管理员）', tags: ['账号管理'], auth: 'user', access: mayReadUsers, params: IdParams, response: UserView, errors: [404] },
    async ({ params }) => {
      const user = await findUser(params.id);
      const now = deps.clock();
      return withLock(userView(user, now), await locksOf(deps, [user.username], now));
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/users/:id',
      summary: '修改用户（管理员）：姓名、单位名称、手机、邮箱、管辖范围（provinceCode、cityCode）',
      tags: ['账号管理'],
      auth: 'user',
      access: mayChange,
      params: IdParams,
      body: PatchUserBody,
      response: UserView,
      errors: [404, 409],
    },
    async ({ params, body, actor, req }) => {
      const user = await findUser(params.id);
      mayChangeAccount(actor, user);
      const changes: { name?: string; orgName?: string; mobile?: string | null; email?: string | null; provinceCode?: string | null; cityCode?: string | null } = {};
      if (body.name !== undefined) changes.name = body.name;
      if (body.orgName !== undefined) changes.orgName = body.orgName;
      if (body.mobile !== undefined) changes.mobile = body.mobile;
      // A mobile set by an administrator is not the user's word: no SMS sign-in until they sign in with the password.
      const mobileChanged = body.mobile !== undefined && body.mobile !== user.mobile;
      if (body.email !== undefined) changes.email = body.email;
      if (body.provinceCode !== undefined || body.cityCode !== undefined) {
        const provinceCode = body.provinceCode !== undefined ? body.provinceCode : (user.provinceCode?.trim() ?? null);
        const cityCode = body.cityCode !== undefined ? body.cityCode : (user.cityCode?.trim() ?? null);
        const problems = [...jurisdictionProblems(user.role, provinceCode, cityCode), ...jurisdictionShapeProblems(user.role, provinceCode, cityCode)];
        if (problems.length) throw unprocessable('提交的数据有误，请检查标注的字段', problems);
        changes.provinceCode = provinceCode;
        changes.cityCode = cityCode;
      }
      if (Object.keys(changes).length === 0) throw unprocessable(M.nothingToChange, [{ path: '', message: M.nothingToChange }]);
      const before = userView(user);
      try {
        await user.update({ ...changes, ...(mobileChanged ? { mobileConfirmed: false } : {}) });
      } catch (err) {
        if (err instanceof UniqueConstraintError) throw conflict(M.mobileTaken, 'MOBILE_TAKEN');
        throw err;
      }
      const changed = Object.fromEntries(Object.keys(changes).map((k) => [k, { from: before[k as keyof UserView], to: changes[k as keyof typeof changes] }]));
      await auditUser('user.update', actor, user, req, { changed });
      return userView(user, deps.clock());
    },
  );

  routes.add(
    { method: 'post', path: '/api/users/:id/disable', summary: '停用账号（管理员）：立即退出该用户的所有登录', tags: ['账号管理'], auth: 'user', access: mayReadUsers, params: IdParams, response: UserView, errors: [404, 409] },
    async ({ params, actor, req }) => {
      const user = await findUser(params.id);
      mayChangeAccount(actor, user);
      if (user.id === actor.userId) throw conflict(M.cannotDisableSelf, 'CANNOT_DISABLE_SELF');
      if (user.status !== 'active') throw conflict(M.onlyActiveDisabled, 'NOT_ACTIVE');
      await user.update({ status: 'disabled' });
      await revokeAllSessions(deps.sequelize, user.id, deps.clock());
      await auditUser('user.disable', actor, user, req);
      return userView(user, deps.clock());
    },
  );

  routes.add(
    { method: 'post', path: '/api/users/:id/enable', summary: '启用已停用的账号（管理员）', tags: ['账号管理'], auth: 'user', access: mayReadUsers, params: IdParams, response: UserView, errors: [404, 409] },
    async ({ params, actor, req }) => {
      const user = await findUser(params.id);
      mayChangeAccount(actor, user);
      if (user.status !== 'disabled') throw conflict(M.onlyDisabledEnabled, 'NOT_DISABLED');
      await user.update({ status: 'active' });
      await auditUser('user.enable', actor, user, req);
      return userView(user, deps.clock());
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/users/:id/reset-password',
      summary: '重置密码（管理员）：生成一次性显示的临时密码，解除锁定，退出该用户的所有登录，下次登录须修改密码',
      tags: ['账号管理'],
      auth: 'user',
      access: mayReadUsers,
      params: IdParams,
      response: CreatedUser,
      errors: [404, 409],
    },
    async ({ params, actor, req }) => {
      const user = await findUser(params.id);
      mayChangeAccount(actor, user);
      if (user.id === actor.userId) throw conflict(M.cannotResetSelf, 'CANNOT_RESET_SELF');
      const password = temporaryPassword();
      // A random temporary password replaces the public initial one of an imported account: no SMS step needed after it.
      await user.update({ passwordHash: await hashPassword(password), mustChangePassword: true, firstSignInSms: false, failedAttempts: 0, lockedUntil: null });
      await unlockAccount(deps, user.username);
      await revokeAllSessions(deps.sequelize, user.id, deps.clock());
      await auditUser('user.resetPassword', actor, user, req);
      return { user: userView(user, deps.clock()), temporaryPassword: password };
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/users/:id/unlock',
      summary: '解除登录锁定（安全管理员）：清除该账号在所有地址上的登录失败计数',
      tags: ['账号管理'],
      auth: 'user',
      access: maySecure,
      params: IdParams,
      response: UserView,
      errors: [404],
    },
    async ({ params, actor, req }) => {
      const user = await findUser(params.id);
      const cleared = await unlockAccount(deps, user.username);
      await user.update({ failedAttempts: 0, lockedUntil: null });
      await auditUser('user.unlock', actor, user, req, { clearedAddresses: cleared });
      return userView(user, deps.clock());
    },
  );
}

/** The latest lock of each account at any address (login_failures keys are "name|address", the name lower-cased). */
async function locksOf(deps: AppDeps, usernames: string[], now: Date): Promise<Map<string, Date>> {
  if (!usernames.length) return new Map();
  const [rows] = await deps.sequelize.query(
    `SELECT split_part(key, '|', 1) AS name, max(locked_until) AS until FROM login_failures
      WHERE locked_until > :now AND split_part(key, '|', 1) IN (:names) GROUP BY 1`,
    { replacements: { now, names: usernames.map((n) => n.trim().toLowerCase()) } },
  );
  return new Map((rows as { name: string; until: Date }[]).map((r) => [r.name, new Date(r.until)]));
}

/** 已锁定 in the list: the account's own lock or a lock at some address, whichever ends later. */
function withLock(view: UserView, locks: Map<string, Date>): UserView {
  const atAddress = locks.get(view.username.trim().toLowerCase());
  if (!atAddress) return view;
  const own = view.lockedUntil ? new Date(view.lockedUntil) : null;
  return { ...view, lockedUntil: (own && own > atAddress ? own : atAddress).toISOString() };
}

/** Forget the failed sign-ins of an account at every address (login_failures keys are "name|address"). */
async function unlockAccount(deps: AppDeps, username: string): Promise<number> {
  const [rows] = await deps.sequelize.query("DELETE FROM login_failures WHERE key LIKE :prefix ESCAPE '\\' RETURNING key", {
    replacements: { prefix: `${username.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}|%` },
  });
  return (rows as unknown[]).length;
}

function jurisdictionShapeProblems(role: Role, provinceCode: string | null, cityCode: string | null): FieldProblem[] {
  if (!(STAFF_ROLES as readonly string[]).includes(role)) return [];
  const needs = STAFF_JURISDICTION[role as StaffRole];
  const problems: FieldProblem[] = [];
  if (needs === 'none' && (provinceCode || cityCode)) problems.push({ path: 'provinceCode', message: M.jurisdictionNotForRole(ROLE_LABELS[role]) });
  if (needs !== 'none' && !provinceCode) problems.push({ path: 'provinceCode', message: ACCOUNT_MESSAGES.staffProvinceRequired });
  if (needs === 'city' && !cityCode) problems.push({ path: 'cityCode', message: ACCOUNT_MESSAGES.staffCityRequired });
  if (needs === 'province' && cityCode) problems.push({ path: 'cityCode', message: M.jurisdictionNotForRole(`${ROLE_LABELS[role]}（市级）`) });
  return problems;
}
