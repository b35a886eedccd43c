/**
 * The import of the old client's 2024 enterprises from its .xlsx export (SPEC §5): read the sheet by header text,
 * check every row with the registration rules, skip what exists already (so a file can be imported again), and
 * create the rest in one transaction.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Transaction } from 'sequelize';
import type { AppDeps } from '../deps';
import { readXlsxRows, reportUnstorableCells, storableRow, type XlsxImportRow } from '../xlsxImport';
import { hashPassword } from '../../db/passwords';
import { emailSchema, mobileSchema, usccProblems, normalizeUscc, usernameSchema } from '../../domain/accounts';
import { REGION_TREE, type RegionNode } from '../../domain/reference';

/** The password of accounts imported from the old client, as the customer specified (SPEC §5); changed at first sign-in. */
export const IMPORTED_INITIAL_PASSWORD = '123456';
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

const ImportProblem = z.object({ row: z.number(), field: z.string(), message: z.string() });
export const ImportResult = z.object({
  dryRun: z.boolean(),
  created: z.number(),
  skipped: z.number(),
  problems: z.array(ImportProblem),
  skippedRows: z.array(z.object({ row: z.number(), username: z.string(), reason: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResult>;

export type ImportRow = XlsxImportRow<ImportColumn>;

const IMPORT_FIELD_LABELS: Record<ImportColumn, string> = {
  orgName: '企业名称',
  uscc: '统一社会信用代码',
  contact: '联系人',
  mobile: '手机',
  email: '邮箱',
  province: '所在省',
  city: '所在市',
};

export function readImportRows(file: { buffer: Buffer }): Promise<ImportRow[]> {
  return readXlsxRows(file, { columns: IMPORT_COLUMNS, labels: IMPORT_FIELD_LABELS, maxRows: IMPORT_MAX_ROWS, noRows: '文件中没有企业数据' });
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
  const storable = rows.filter(storableRow);
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
    if (reportUnstorableCells(values, problem)) {
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
          // first_sign_in_sms: the name and 123456 are public, so the first sign-in also proves the imported mobile.
          `INSERT INTO users (id, username, password_hash, name, mobile, email, role, province_code, city_code, org_name, uscc, status,
                              must_change_password, first_sign_in_sms, registration, created_at, updated_at)
           VALUES (:id, :username, :hash, :contact, :mobile, :email, 'enterprise', :provinceCode, :cityCode, :username, :uscc, 'active',
                   true, true, CAST(:registration AS jsonb), :now, :now)
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

