/**
 * The account forms of SPEC §5, one zod schema each, shared by the API (parsing req.body) and the
 * admin UI (validating the same fields before sending). Messages are what the user reads beside
 * the field, in Chinese, naming the field as the form labels it.
 *
 * What needs data stays out: whether a 用户账号 or 组织机构代码 is taken, whether a region or a
 * 国民经济分类 code exists (domain/reference), whether a captcha or SMS code is right. Those are the
 * API's checks; these schemas check only what can be seen in the request itself.
 */
import { z } from 'zod';
import { STAFF_ROLES, type StaffRole } from '../roles';
import { passwordSchema, PASSWORD_MAX_LENGTH } from './password';
import { normalizeUscc, usccProblems } from './uscc';

export const ACCOUNT_MESSAGES = {
  accountMissing: '请填写账号注册信息',
  organisationMissing: '请填写企业认证信息',
  nameRequired: '请输入用户姓名',
  nameTooLong: '用户姓名不能超过50个字',
  usernameRequired: '请输入用户账号',
  usernameLength: '用户账号应为4至32个字符',
  usernameCharacters: '用户账号只能包含字母、数字、汉字、下划线、短横线和括号',
  mobileRequired: '请输入手机号码',
  mobileFormat: '手机号码格式不正确',
  emailRequired: '请输入邮箱',
  emailFormat: '邮箱格式不正确',
  emailTooLong: '邮箱不能超过100个字符',
  confirmPasswordRequired: '请再次输入密码',
  passwordsDiffer: '两次输入的密码不一致',
  roleRequired: '请选择角色',
  regionRequired: '请选择所属地',
  regionFormat: '所属地代码格式不正确',
  orgNameRequired: '请输入单位名称',
  orgNameTooLong: '单位名称不能超过100个字',
  orgAddressRequired: '请选择单位地址',
  provinceRequired: '请选择单位地址所在省份',
  cityRequired: '请选择单位地址所在城市',
  districtRequired: '请选择单位地址所在区县',
  provinceFormat: '单位地址的省份代码格式不正确',
  cityFormat: '单位地址的城市代码格式不正确',
  districtFormat: '单位地址的区县代码格式不正确',
  cityOutsideProvince: '单位地址的城市不属于所选省份',
  districtOutsideCity: '单位地址的区县不属于所选城市',
  addressDetailRequired: '请输入详细地址',
  addressDetailTooLong: '详细地址不能超过200个字',
  usccRequired: '请输入组织机构代码',
  enterpriseNatureRequired: '请选择企业性质',
  nationalEconomyRequired: '请选择国民经济分类',
  nationalEconomyFormat: '国民经济分类代码格式不正确',
  loginUsernameRequired: '请输入账号',
  loginUsernameTooLong: '账号不能超过100个字符',
  loginPasswordRequired: '请输入密码',
  loginPasswordTooLong: '密码过长',
  captchaTooLong: '验证码不正确',
  smsCodeRequired: '请输入短信验证码',
  smsCodeFormat: '短信验证码应为6位数字',
  oldPasswordRequired: '请输入原密码',
  newPasswordSameAsOld: '新密码不能与旧密码相同',
  staffRoleRequired: '请选择角色',
  staffProvinceRequired: '请选择所属省份',
  staffCityRequired: '请选择所属城市',
  staffProvinceFormat: '所属省份代码格式不正确',
  staffCityFormat: '所属城市代码格式不正确',
  staffCityOutsideProvince: '所属城市不属于所选省份',
} as const;

const M = ACCOUNT_MESSAGES;

export { REGISTRATION_DONE_MESSAGE } from './registrationDone';

/** 角色 a person may register as; regulators and staff are created by an administrator. */
export const REGISTRATION_ROLES = ['enterprise', 'operator'] as const;
export type RegistrationRole = (typeof REGISTRATION_ROLES)[number];
export const REGISTRATION_ROLE_LABELS: Record<RegistrationRole, string> = { enterprise: '企业', operator: '运营商' };

/** 企业性质, stored as the label the legacy platform stored. */
export const ENTERPRISE_NATURES = ['国有企业', '民营企业', '外资企业', '合资企业', '其他'] as const;
export type EnterpriseNature = (typeof ENTERPRISE_NATURES)[number];

// ---------------------------------------------------------------------------------------------
// Field builders

/** A format rule of a text field: the test and what the user reads when it fails. */
type Rule = readonly [test: (value: string) => boolean, message: string];

/**
 * A text the user must fill in. Missing, null and blank all read "请输入…" and nothing else (a
 * blank field is not also "格式不正确"); a filled-in value is held to every rule and reports each
 * one it breaks. `normalise` runs after trimming and its result is what the API receives.
 *
 * The rules are one check rather than zod's abort-on-first-failure, because an aborted field would
 * also silence the cross-field rules of the form ("两次输入的密码不一致").
 */
function requiredText(requiredMessage: string, rules: readonly Rule[] = [], normalise?: (value: string) => string) {
  const base = z.string({ error: requiredMessage }).trim();
  return (normalise ? base.overwrite(normalise) : base).superRefine((value, ctx) => {
    if (value === '') {
      ctx.addIssue({ code: 'custom', message: requiredMessage });
      return;
    }
    for (const [test, message] of rules) {
      if (!test(value)) ctx.addIssue({ code: 'custom', message });
    }
  });
}

const matches =
  (pattern: RegExp) =>
  (value: string): boolean =>
    pattern.test(value);
const atMost =
  (max: number) =>
  (value: string): boolean =>
    [...value].length <= max;

/** Forms send '' (or null) for an input left empty; an optional field treats that as absent. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    if (value === null) return undefined;
    if (typeof value === 'string' && value.trim() === '') return undefined;
    return value;
  }, schema.optional());
}

/**
 * A cross-field rule runs even when an unrelated field is wrong (zod skips it by default), so the
 * user sees "两次输入的密码不一致" together with the rest, but only once the fields it compares are
 * at least strings.
 */
function whenStrings(...keys: string[]) {
  return (payload: { value: unknown }): boolean => {
    const value = payload.value as Record<string, unknown> | null | undefined;
    return typeof value === 'object' && value !== null && keys.every((key) => typeof value[key] === 'string');
  };
}

/**
 * 用户账号. Letters, digits, _ and -, plus Chinese characters and brackets: accounts imported from
 * 2024 use the enterprise name (腾讯科技（深圳）有限公司), and an operator registering for an
 * enterprise often does the same. Counted in characters, not bytes.
 */
const USERNAME_CHARACTERS = /^[\p{Script=Han}A-Za-z0-9_\-()（）]+$/u;
export const usernameSchema = requiredText(M.usernameRequired, [
  [(name) => [...name].length >= 4 && [...name].length <= 32, M.usernameLength],
  [matches(USERNAME_CHARACTERS), M.usernameCharacters],
]);

/** 手机: a mainland mobile number; spaces and hyphens people type (138 0013 8000) are dropped. */
export const mobileSchema = requiredText(M.mobileRequired, [[matches(/^1[3-9]\d{9}$/), M.mobileFormat]], (mobile) =>
  mobile.replace(/[\s-]/g, ''),
);

/** 邮箱 */
export const emailSchema = requiredText(M.emailRequired, [
  [atMost(100), M.emailTooLong],
  [matches(z.regexes.email), M.emailFormat],
]);

/** 用户姓名 */
const personNameSchema = requiredText(M.nameRequired, [[atMost(50), M.nameTooLong]]);

/** GB/T 2260 codes by level: a province ends in 0000, a city in 00. */
const PROVINCE_CODE = /^\d{2}0000$/;
const CITY_CODE = /^\d{4}00$/;
const DISTRICT_CODE = /^\d{6}$/;

export function cityIsInProvince(cityCode: string, provinceCode: string): boolean {
  return cityCode.slice(0, 2) === provinceCode.slice(0, 2);
}

export function districtIsInCity(districtCode: string, cityCode: string): boolean {
  return districtCode.slice(0, 4) === cityCode.slice(0, 4);
}

/**
 * 组织机构代码: the 18-character 统一社会信用代码, upper-cased (and full-width characters made
 * ASCII) on the way in, so the API looks up and stores one spelling.
 */
export const usccSchema = requiredText(
  M.usccRequired,
  [], // the code's own check reports every problem at once, below
  normalizeUscc,
).superRefine((code, ctx) => {
  if (code === '') return;
  for (const message of usccProblems(code)) ctx.addIssue({ code: 'custom', message });
});

/**
 * 国民经济分类 (GB/T 4754-2017): a 门类 letter (A–T) or a 大类/中类/小类 code of 2, 3 or 4 digits.
 * Whether the code exists is checked by the API against domain/reference.
 */
export const nationalEconomyCodeSchema = requiredText(
  M.nationalEconomyRequired,
  [[matches(/^(?:[A-T]|\d{2,4})$/), M.nationalEconomyFormat]],
  (code) => code.toUpperCase(),
);

// ---------------------------------------------------------------------------------------------
// Registration (注册): step 1 账号注册, step 2 企业认证, sent together to POST /api/auth/register.

/** Fields of step 1, without the cross-field rule, for a UI that validates field by field. */
export const accountFields = {
  /** 用户姓名 */
  name: personNameSchema,
  /** 用户账号 */
  username: usernameSchema,
  /** 手机 */
  mobile: mobileSchema,
  /** 邮箱 */
  email: emailSchema,
  /** 密码 */
  password: passwordSchema,
  /** 确认密码 */
  confirmPassword: z.string({ error: M.confirmPasswordRequired }).min(1, M.confirmPasswordRequired),
};

/** Step 1, 账号注册. */
export const accountStepSchema = z.object(accountFields, { error: M.accountMissing }).superRefine(
  (account, ctx) => {
    if (account.confirmPassword !== '' && account.confirmPassword !== account.password) {
      ctx.addIssue({ code: 'custom', message: M.passwordsDiffer, path: ['confirmPassword'] });
    }
  },
  { when: whenStrings('password', 'confirmPassword') },
);
export type AccountStep = z.output<typeof accountStepSchema>;

/** 单位地址: the province / city / district cascade. */
export const orgAddressSchema = z
  .object(
    {
      provinceCode: requiredText(M.provinceRequired, [[matches(PROVINCE_CODE), M.provinceFormat]]),
      cityCode: requiredText(M.cityRequired, [[matches(CITY_CODE), M.cityFormat]]),
      districtCode: requiredText(M.districtRequired, [[matches(DISTRICT_CODE), M.districtFormat]]),
    },
    { error: M.orgAddressRequired },
  )
  .superRefine((address, ctx) => {
    // Only codes of the right shape are compared: a missing city is already reported as missing.
    const { provinceCode, cityCode, districtCode } = address;
    if (PROVINCE_CODE.test(provinceCode) && CITY_CODE.test(cityCode) && !cityIsInProvince(cityCode, provinceCode)) {
      ctx.addIssue({ code: 'custom', message: M.cityOutsideProvince, path: ['cityCode'] });
    }
    if (CITY_CODE.test(cityCode) && DISTRICT_CODE.test(districtCode) && !districtIsInCity(districtCode, cityCode)) {
      ctx.addIssue({ code: 'custom', message: M.districtOutsideCity, path: ['districtCode'] });
    }
  });
export type OrgAddress = z.output<typeof orgAddressSchema>;

/** Fields of step 2, 企业认证. */
export const organisationFields = {
  /** 角色 */
  role: z.enum(REGISTRATION_ROLES, { error: M.roleRequired }),
  /** 所属地: the GB/T 2260 code of the province or city picked in the form. */
  regionCode: requiredText(M.regionRequired, [[matches(DISTRICT_CODE), M.regionFormat]]),
  /** 单位名称 */
  orgName: requiredText(M.orgNameRequired, [[atMost(100), M.orgNameTooLong]]),
  /** 单位地址 */
  orgAddress: orgAddressSchema,
  /** 详细地址 */
  addressDetail: requiredText(M.addressDetailRequired, [[atMost(200), M.addressDetailTooLong]]),
  /** 组织机构代码 (统一社会信用代码) */
  uscc: usccSchema,
  /** 企业性质 */
  enterpriseNature: z.enum(ENTERPRISE_NATURES, { error: M.enterpriseNatureRequired }),
  /** 国民经济分类 */
  nationalEconomyCode: nationalEconomyCodeSchema,
};

export const organisationStepSchema = z.object(organisationFields, { error: M.organisationMissing });
export type OrganisationStep = z.output<typeof organisationStepSchema>;

/** POST /api/auth/register: both steps in one body. */
export const registrationSchema = z.object({
  account: accountStepSchema,
  organisation: organisationStepSchema,
});
export type Registration = z.output<typeof registrationSchema>;
export type RegistrationInput = z.input<typeof registrationSchema>;

// ---------------------------------------------------------------------------------------------
// Login and passwords

/**
 * POST /api/auth/login. The password is not held to the rule here: imported accounts still log in
 * with 123456 and are then made to change it. Whether a captcha is required is the API's setting
 * (CAPTCHA=off in development), so both captcha fields are optional here.
 */
export const loginSchema = z.object({
  username: requiredText(M.loginUsernameRequired, [[atMost(100), M.loginUsernameTooLong]]),
  password: z.string({ error: M.loginPasswordRequired }).min(1, M.loginPasswordRequired).max(PASSWORD_MAX_LENGTH * 2, M.loginPasswordTooLong),
  captchaId: optional(z.string().max(100)),
  captcha: optional(z.string().trim().max(20, M.captchaTooLong)),
});
export type LoginRequest = z.output<typeof loginSchema>;

/** Asking for an SMS login code (手机号登录). */
export const smsCodeRequestSchema = z.object({ mobile: mobileSchema });

/** Logging in with 手机号 + 短信验证码. */
export const smsLoginSchema = z.object({
  mobile: mobileSchema,
  code: requiredText(M.smsCodeRequired, [[matches(/^\d{6}$/), M.smsCodeFormat]]),
});
export type SmsLoginRequest = z.output<typeof smsLoginSchema>;

/** POST /api/auth/change-password, also used to replace a temporary or imported password. */
export const changePasswordSchema = z
  .object({
    oldPassword: z.string({ error: M.oldPasswordRequired }).min(1, M.oldPasswordRequired),
    newPassword: passwordSchema,
    confirmPassword: z.string({ error: M.confirmPasswordRequired }).min(1, M.confirmPasswordRequired),
  })
  .superRefine(
    (change, ctx) => {
      if (change.newPassword !== '' && change.newPassword === change.oldPassword) {
        ctx.addIssue({ code: 'custom', message: M.newPasswordSameAsOld, path: ['newPassword'] });
      }
      if (change.confirmPassword !== '' && change.confirmPassword !== change.newPassword) {
        ctx.addIssue({ code: 'custom', message: M.passwordsDiffer, path: ['confirmPassword'] });
      }
    },
    { when: whenStrings('oldPassword', 'newPassword', 'confirmPassword') },
  );
export type ChangePasswordRequest = z.output<typeof changePasswordSchema>;

// ---------------------------------------------------------------------------------------------
// Staff accounts (POST /api/users): regulators, ministry, experts and administrators.

/** Which jurisdiction codes a staff role carries (SPEC §1: jurisdiction by GB/T 2260 code). */
export const STAFF_JURISDICTION: Record<StaffRole, 'city' | 'province' | 'none'> = {
  city_miit: 'city',
  province_miit: 'province',
  province_ca: 'province',
  ministry: 'none',
  expert: 'none',
  admin: 'none',
  security_admin: 'none',
  audit_admin: 'none',
};

/**
 * The codes a role does not use are dropped from the result rather than refused: the form keeps
 * the last province picked when the administrator switches the role to 评审专家, and storing it
 * would give an expert a jurisdiction no one meant.
 */
export const createUserSchema = z
  .object({
    username: usernameSchema,
    name: personNameSchema,
    mobile: optional(mobileSchema),
    email: optional(emailSchema),
    role: z.enum(STAFF_ROLES, { error: M.staffRoleRequired }),
    provinceCode: optional(z.string().trim().regex(PROVINCE_CODE, M.staffProvinceFormat)),
    cityCode: optional(z.string().trim().regex(CITY_CODE, M.staffCityFormat)),
  })
  .superRefine(
    (user, ctx) => {
      const needs = STAFF_JURISDICTION[user.role];
      if (needs === 'none') return;
      const { provinceCode, cityCode } = user;
      if (provinceCode === undefined) {
        ctx.addIssue({ code: 'custom', message: M.staffProvinceRequired, path: ['provinceCode'] });
      }
      if (needs !== 'city') return;
      if (cityCode === undefined) {
        ctx.addIssue({ code: 'custom', message: M.staffCityRequired, path: ['cityCode'] });
      } else if (
        PROVINCE_CODE.test(provinceCode ?? '') &&
        CITY_CODE.test(cityCode) &&
        !cityIsInProvince(cityCode, provinceCode ?? '')
      ) {
        ctx.addIssue({ code: 'custom', message: M.staffCityOutsideProvince, path: ['cityCode'] });
      }
    },
    // Missing jurisdiction is reported beside a wrong user name, as long as the role is known.
    { when: (payload) => STAFF_ROLES.some((role) => role === (payload.value as { role?: unknown } | undefined)?.role) },
  )
  .transform(({ provinceCode, cityCode, ...user }) => {
    const needs = STAFF_JURISDICTION[user.role];
    return {
      ...user,
      ...(needs !== 'none' ? { provinceCode } : {}),
      ...(needs === 'city' ? { cityCode } : {}),
    };
  });
export type CreateUserRequest = z.output<typeof createUserSchema>;
