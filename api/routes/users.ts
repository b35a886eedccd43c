/**
 * 用户管理 (SPEC §5, §7; administrators only): staff accounts with jurisdiction codes, search, edit, disable /
 * enable, temporary passwords, and the import of the old client's 2024 enterprises from .xlsx.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import multer from 'multer';
import ExcelJS from 'exceljs';
import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { Request, Response } from 'express';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { ApiError, conflict, forbidden, notFound, unprocessable, type FieldProblem } from '../errors';
import { audit } from '../audit';
import { hashPassword } from '../auth/passwords';
import { revokeAllSessions } from '../auth/sessions';
import { Paging, likePattern, pageOf } from './accounts';
import { whyNot, PLATFORM } from '../../domain/authz';
import { ROLES, ROLE_LABELS, STAFF_ROLES, type Actor, type Role, type StaffRole } from '../../domain/roles';
import {
  ACCOUNT_MESSAGES,
  STAFF_JURISDICTION,
  createUserSchema,
  emailSchema,
  generatePassword,
  mobileSchema,
  usccProblems,
  normalizeUscc,
  usernameSchema,
} from '../../domain/accounts';
import { REGION_TREE, findRegion, type RegionNode } from '../../domain/reference';
import type { User } from '../../db/models';
import { cleanText, textProblem } from '../../domain/text';

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
  fileRequired: '请选择要导入的 .xlsx 文件',
  fileTooLarge: '文件不能超过5MB',
  fileNotXlsx: '请上传 Excel 文件（.xlsx）',
  fileUnreadable: '文件无法读取，请上传旧平台导出的 .xlsx 文件',
  missingColumns: (columns: string[]) => `缺少列：${columns.join('、')}`,
  noRows: '文件中没有企业数据',
  tooManyRows: (max: number) => `一次最多导入${max}行`,
} as const;
const M = USER_MESSAGES;

/** The password of accounts imported from the old client, as the customer specified (SPEC §5); changed at first sign-in. */
export const IMPORTED_INITIAL_PASSWORD = '123456';
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 10_000;

/**
 * The columns of the old client's 2024 export, by header text in the first row (any order, other columns
 * ignored). 组织机构代码 is accepted for 统一社会信用代码: the old client labelled the field that way.
 */
export const IMPORT_COLUMNS = {
  orgName: ['企业名称'],
  uscc: ['统一社会信用代码', '组织机构代码'],
  contact: ['联系人'],
  mobile: ['手机', '手机号', '手机号码'],
  email: ['邮箱'],
  province: ['所在省'],
  city: ['所在市'],
} as const;
type ImportColumn = keyof typeof IMPORT_COLUMNS;

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
    id: u.id,
    username: u.username,
    name: u.name,
    role: u.role,
    roleLabel: ROLE_LABELS[u.role],
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
  status: z.enum(['pending', 'active', 'rejected', 'disabled'], { error: '状态不存在' }).optional(),
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

export function userRoutes(routes: Routes, deps: AppDeps): void {
  const { User } = deps.models;
  const mayManage = (actor: Actor) => {
    const why = whyNot(actor, 'user.manage', PLATFORM);
    if (why) throw forbidden(why);
  };
  const findUser = async (id: string) => {
    const user = UUID.test(id) ? await User.findByPk(id) : null;
    if (!user) throw notFound(M.notFound);
    return user;
  };
  const temporaryPassword = () => generatePassword((bound) => crypto.randomInt(bound));
  const auditUser = (action: string, actor: Actor, target: User, req: Request, details?: Record<string, unknown>) =>
    audit(deps.sequelize, { action, actor, targetType: 'user', targetId: target.id, details: { username: target.username, ...details } }, req);

  routes.add(
    {
      method: 'post',
      path: '/api/users',
      summary: '创建监管、专家、部委或管理员账号（管理员）：返回一次性显示的临时密码，首次登录须修改',
      tags: ['账号管理'],
      auth: 'user',
      body: createUserSchema,
      status: 201,
      response: CreatedUser,
      errors: [409],
    },
    async ({ body, actor, req }) => {
      mayManage(actor);
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
          status: 'active',
          rejectReason: null,
          registration: null,
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
      query: UserQuery,
      response: z.object({ data: z.array(UserView), total: z.number() }),
    },
    async ({ query, actor }) => {
      mayManage(actor);
      const { limit, offset } = pageOf(query);
      const like = likePattern(query.q ?? query.username);
      const where = `(CAST(:like AS text) IS NULL OR username ILIKE :like OR name ILIKE :like OR org_name ILIKE :like OR mobile ILIKE :like OR uscc ILIKE :like)
        AND (CAST(:role AS text) IS NULL OR role = :role) AND (CAST(:status AS text) IS NULL OR status = :status)`;
      const replacements = { like, role: query.role ?? null, status: query.status ?? null };
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
      return { data: ids.map((id) => userView(byId.get(id)!, now)), total };
    },
  );

  routes.add(
    { method: 'get', path: '/api/users/:id', summary: '用户详情（管理员）', tags: ['账号管理'], auth: 'user', params: IdParams, response: UserView, errors: [404] },
    async ({ params, actor }) => {
      mayManage(actor);
      return userView(await findUser(params.id), deps.clock());
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/users/:id',
      summary: '修改用户（管理员）：姓名、单位名称、手机、邮箱、管辖范围（provinceCode、cityCode）',
      tags: ['账号管理'],
      auth: 'user',
      params: IdParams,
      body: PatchUserBody,
      response: UserView,
      errors: [404, 409],
    },
    async ({ params, body, actor, req }) => {
      mayManage(actor);
      const user = await findUser(params.id);
      const changes: { name?: string; orgName?: string; mobile?: string | null; email?: string | null; provinceCode?: string | null; cityCode?: string | null } = {};
      if (body.name !== undefined) changes.name = body.name;
      if (body.orgName !== undefined) changes.orgName = body.orgName;
      if (body.mobile !== undefined) changes.mobile = body.mobile;
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
        await user.update(changes);
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
    { method: 'post', path: '/api/users/:id/disable', summary: '停用账号（管理员）：立即退出该用户的所有登录', tags: ['账号管理'], auth: 'user', params: IdParams, response: UserView, errors: [404, 409] },
    async ({ params, actor, req }) => {
      mayManage(actor);
      const user = await findUser(params.id);
      if (user.id === actor.userId) throw conflict(M.cannotDisableSelf, 'CANNOT_DISABLE_SELF');
      if (user.status !== 'active') throw conflict(M.onlyActiveDisabled, 'NOT_ACTIVE');
      await user.update({ status: 'disabled' });
      await revokeAllSessions(deps.sequelize, user.id, deps.clock());
      await auditUser('user.disable', actor, user, req);
      return userView(user, deps.clock());
    },
  );

  routes.add(
    { method: 'post', path: '/api/users/:id/enable', summary: '启用已停用的账号（管理员）', tags: ['账号管理'], auth: 'user', params: IdParams, response: UserView, errors: [404, 409] },
    async ({ params, actor, req }) => {
      mayManage(actor);
      const user = await findUser(params.id);
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
      params: IdParams,
      response: CreatedUser,
      errors: [404, 409],
    },
    async ({ params, actor, req }) => {
      mayManage(actor);
      const user = await findUser(params.id);
      if (user.id === actor.userId) throw conflict(M.cannotResetSelf, 'CANNOT_RESET_SELF');
      const password = temporaryPassword();
      await user.update({ passwordHash: await hashPassword(password), mustChangePassword: true, failedAttempts: 0, lockedUntil: null });
      await revokeAllSessions(deps.sequelize, user.id, deps.clock());
      await auditUser('user.resetPassword', actor, user, req);
      return { user: userView(user, deps.clock()), temporaryPassword: password };
    },
  );

  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5 } }).single('file');
  const receiveFile = (req: Request, res: Response) =>
    new Promise<Express.Multer.File>((resolve, reject) => {
      if (!req.is('multipart/form-data')) return reject(unprocessable(M.fileRequired, [{ path: 'file', message: M.fileRequired }]));
      upload(req, res, (err: unknown) => {
        if (err instanceof multer.MulterError) {
          if (err.code === 'LIMIT_FILE_SIZE') return reject(new ApiError(413, 'FILE_TOO_LARGE', M.fileTooLarge));
          return reject(unprocessable(M.fileRequired, [{ path: 'file', message: M.fileRequired }]));
        }
        if (err) return reject(new ApiError(400, 'BAD_UPLOAD', M.fileUnreadable));
        if (!req.file) return reject(unprocessable(M.fileRequired, [{ path: 'file', message: M.fileRequired }]));
        resolve(req.file);
      });
    });

  routes.add(
    {
      method: 'post',
      path: '/api/users/import',
      summary:
        '导入旧平台2024年企业账号（管理员，multipart 字段 file，.xlsx ≤ 5MB）。第1行为表头，须含列：企业名称、统一社会信用代码（或“组织机构代码”）、联系人、手机、邮箱、所在省、所在市（顺序不限，其他列忽略）。' +
        '企业名称即账号，初始密码123456，首次登录须修改；统一社会信用代码或账号已存在的行跳过；dryRun=true 只检查不写入',
      tags: ['账号管理'],
      auth: 'user',
      rawBody: true,
      body: z.object({ file: z.string().describe('.xlsx 文件') }),
      query: z.object({ dryRun: z.enum(['true', 'false'], { error: 'dryRun 应为 true 或 false' }).default('false') }),
      response: ImportResult,
      errors: [413],
    },
    async ({ query, actor, req, res }) => {
      mayManage(actor);
      const file = await receiveFile(req, res);
      const rows = await readImportRows(file);
      const dryRun = query.dryRun === 'true';
      const result = await importEnterprises(deps, rows, { dryRun });
      await audit(
        deps.sequelize,
        { action: 'user.import', actor, details: { fileName: cleanText(file.originalname ?? '', 200), dryRun, created: result.created, skipped: result.skipped, problems: result.problems.length } },
        req,
      );
      return result;
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Legacy import

const ImportProblem = z.object({ row: z.number(), field: z.string(), message: z.string() });
const ImportResult = z.object({
  dryRun: z.boolean(),
  created: z.number(),
  skipped: z.number(),
  problems: z.array(ImportProblem),
  skippedRows: z.array(z.object({ row: z.number(), username: z.string(), reason: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResult>;

export interface ImportRow {
  /** Row number in the sheet (header is row 1), as the admin sees it in Excel. */
  row: number;
  values: Record<ImportColumn, string>;
}

const IMPORT_FIELD_LABELS: Record<ImportColumn, string> = {
  orgName: '企业名称',
  uscc: '统一社会信用代码',
  contact: '联系人',
  mobile: '手机',
  email: '邮箱',
  province: '所在省',
  city: '所在市',
};

function cellText(value: ExcelJS.CellValue): string {
  return rawCellText(value).normalize('NFC');
}

function rawCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('text' in value) return String(value.text).trim();
    if ('result' in value) return String(value.result ?? '').trim();
    if (value instanceof Date) return value.toISOString();
  }
  return String(value).trim();
}

export async function readImportRows(file: { buffer: Buffer; originalname: string }): Promise<ImportRow[]> {
  // .xlsx is a zip: check the content, not the name.
  if (file.buffer.length < 4 || file.buffer.readUInt32LE(0) !== 0x04034b50) {
    throw unprocessable(M.fileNotXlsx, [{ path: 'file', message: M.fileNotXlsx }], 'FILE_TYPE');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file.buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw unprocessable(M.fileUnreadable, [{ path: 'file', message: M.fileUnreadable }], 'FILE_UNREADABLE');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unprocessable(M.noRows, [{ path: 'file', message: M.noRows }], 'FILE_EMPTY');
  const header = sheet.getRow(1);
  const columnOf = {} as Record<ImportColumn, number>;
  header.eachCell((cell, col) => {
    const text = cellText(cell.value).replace(/\s/g, '');
    for (const [key, names] of Object.entries(IMPORT_COLUMNS) as [ImportColumn, readonly string[]][]) {
      if (columnOf[key] === undefined && names.includes(text)) columnOf[key] = col;
    }
  });
  const missing = (Object.keys(IMPORT_COLUMNS) as ImportColumn[]).filter((k) => columnOf[k] === undefined).map((k) => IMPORT_FIELD_LABELS[k]);
  if (missing.length) throw unprocessable(M.missingColumns(missing), missing.map((c) => ({ path: c, message: M.missingColumns([c]) })), 'IMPORT_COLUMNS');
  const rows: ImportRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values = Object.fromEntries((Object.keys(columnOf) as ImportColumn[]).map((k) => [k, cellText(row.getCell(columnOf[k]).value)])) as Record<ImportColumn, string>;
    if (Object.values(values).every((v) => v === '')) continue;
    rows.push({ row: r, values });
    if (rows.length > IMPORT_MAX_ROWS) throw unprocessable(M.tooManyRows(IMPORT_MAX_ROWS), [{ path: 'file', message: M.tooManyRows(IMPORT_MAX_ROWS) }], 'IMPORT_TOO_MANY_ROWS');
  }
  if (!rows.length) throw unprocessable(M.noRows, [{ path: 'file', message: M.noRows }], 'FILE_EMPTY');
  return rows;
}

/** 广东省 / 广东 → 440000; a city by name within that province (广州市 / 广州). */
function regionByName(nodes: readonly RegionNode[], name: string): RegionNode | undefined {
  const n = name.replace(/\s/g, '');
  if (!n) return undefined;
  return nodes.find((r) => r.name === n) ?? nodes.find((r) => r.name.startsWith(n) && n.length >= 2);
}

const firstMessage = (schema: z.ZodType, value: string) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? '格式不正确');
};

export async function importEnterprises(deps: AppDeps, rows: ImportRow[], options: { dryRun: boolean }): Promise<ImportResult> {
  const problems: ImportResult['problems'] = [];
  const skippedRows: ImportResult['skippedRows'] = [];
  const toCreate: { row: number; username: string; uscc: string; contact: string; mobile: string | null; email: string | null; provinceCode: string; cityCode: string }[] = [];
  const seenUscc = new Map<string, number>();
  const seenName = new Map<string, number>();
  const seenMobile = new Map<string, number>();

  // Rows with text PostgreSQL cannot store are reported below and must not reach this query.
  const storable = rows.filter((r) => Object.values(r.values).every((v) => !textProblem(v)));
  const [existing] = await deps.sequelize.query(
    `SELECT lower(username) AS username, uscc, mobile FROM users
      WHERE lower(username) IN (:names) OR uscc IN (:codes) OR (mobile IN (:mobiles) AND role IN ('enterprise','operator'))`,
    {
      replacements: {
        names: storable.map((r) => r.values.orgName.toLowerCase()).concat(['']),
        codes: storable.map((r) => normalizeUscc(r.values.uscc)).concat(['']),
        mobiles: storable.map((r) => r.values.mobile.replace(/[\s-]/g, '')).concat(['']),
      },
    },
  );
  const takenNames = new Set((existing as { username: string }[]).map((e) => e.username));
  const takenCodes = new Set((existing as { uscc: string | null }[]).map((e) => e.uscc).filter(Boolean));
  const takenMobiles = new Set((existing as { mobile: string | null }[]).map((e) => e.mobile).filter(Boolean));

  for (const { row, values } of rows) {
    const rowProblems: ImportResult['problems'] = [];
    const problem = (field: ImportColumn, message: string) => rowProblems.push({ row, field: IMPORT_FIELD_LABELS[field], message });
    // A cell may carry what PostgreSQL cannot store (an .xlsx can encode control characters as _x0000_).
    const unstorable = (Object.keys(values) as ImportColumn[]).filter((k) => textProblem(values[k]));
    if (unstorable.length) {
      for (const k of unstorable) problem(k, textProblem(values[k])!);
      problems.push(...rowProblems);
      continue;
    }
    const username = values.orgName.trim();
    const uscc = normalizeUscc(values.uscc);
    // Idempotent: what exists already is skipped, not a problem, so the same file can be imported again.
    if (uscc && takenCodes.has(uscc)) {
      skippedRows.push({ row, username, reason: '统一社会信用代码已存在' });
      continue;
    }
    if (username && takenNames.has(username.toLowerCase())) {
      skippedRows.push({ row, username, reason: '账号已存在' });
      continue;
    }
    const nameProblem = username ? firstMessage(usernameSchema, username) : '请填写企业名称';
    if (nameProblem) problem('orgName', nameProblem.replace('用户账号', '企业名称（作为账号）'));
    for (const message of usccProblems(uscc)) problem('uscc', message);
    if (!values.contact.trim()) problem('contact', '请填写联系人');
    else if ([...values.contact.trim()].length > 50) problem('contact', '联系人不能超过50个字');
    const mobile = values.mobile ? values.mobile.replace(/[\s-]/g, '') : '';
    if (mobile) {
      const m = firstMessage(mobileSchema, mobile);
      if (m) problem('mobile', m);
      else if (takenMobiles.has(mobile)) problem('mobile', '该手机号已被其他企业或运营商账号使用');
      else if (seenMobile.has(mobile)) problem('mobile', `与第${seenMobile.get(mobile)}行的手机号重复`);
    }
    const email = values.email.trim();
    if (email) {
      const m = firstMessage(emailSchema, email);
      if (m) problem('email', m);
    }
    const province = regionByName(REGION_TREE, values.province);
    if (!values.province.trim()) problem('province', '请填写所在省');
    else if (!province) problem('province', `所在省不存在：${values.province}`);
    const city = province ? regionByName(province.children ?? [], values.city) : undefined;
    if (!values.city.trim()) problem('city', '请填写所在市');
    else if (province && !city) problem('city', `所在市不属于${province.name}：${values.city}`);
    if (uscc && seenUscc.has(uscc)) problem('uscc', `与第${seenUscc.get(uscc)}行的统一社会信用代码重复`);
    if (username && seenName.has(username.toLowerCase())) problem('orgName', `与第${seenName.get(username.toLowerCase())}行的企业名称重复`);
    if (uscc) seenUscc.set(uscc, seenUscc.get(uscc) ?? row);
    if (username) seenName.set(username.toLowerCase(), seenName.get(username.toLowerCase()) ?? row);
    if (mobile) seenMobile.set(mobile, seenMobile.get(mobile) ?? row);
    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }
    toCreate.push({ row, username, uscc, contact: values.contact.trim(), mobile: mobile || null, email: email || null, provinceCode: province!.code, cityCode: city!.code });
  }

  if (!options.dryRun && toCreate.length) {
    // One hash for the batch: the initial password is public knowledge (123456), a salt per row would protect
    // nothing and argon2id per row would hold the request for minutes. Every account must change it at first sign-in.
    const hash = await hashPassword(IMPORTED_INITIAL_PASSWORD);
    const now = deps.clock();
    await deps.sequelize.transaction(async (transaction: Transaction) => {
      for (const c of toCreate) {
        await deps.sequelize.query(
          `INSERT INTO users (id, username, password_hash, name, mobile, email, role, province_code, city_code, org_name, uscc, status,
                              must_change_password, registration, created_at, updated_at)
           VALUES (:id, :username, :hash, :contact, :mobile, :email, 'enterprise', :provinceCode, :cityCode, :username, :uscc, 'active',
                   true, CAST(:registration AS jsonb), :now, :now)
           ON CONFLICT DO NOTHING`,
          {
            replacements: {
              ...c,
              id: crypto.randomUUID(),
              hash,
              now,
              registration: JSON.stringify({ source: 'import-2024', orgName: c.username, uscc: c.uscc, contact: c.contact, importedRow: c.row }),
            },
            transaction,
          },
        );
      }
    });
  }
  return { dryRun: options.dryRun, created: toCreate.length, skipped: skippedRows.length, problems, skippedRows };
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
