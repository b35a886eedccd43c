/**
 * Sign-in with 账号 + 密码 (+ image captcha), SPEC §5 and 等保2.0 三级 (issue 14.6):
 *
 * - Failures are counted per account name *and* client address (table login_failures): after 2 the image captcha is
 *   required (always when CAPTCHA=on), after 5 that pair is locked for 15 minutes. Somebody who knows a name can lock
 *   it only for their own address, never for its owner elsewhere (nobody can lock `admin` out at will). The counter
 *   is taken before the password is checked, in one statement, so ten parallel guesses cannot all be tried.
 * - Known and unknown account names get the same answers (and the same argon2id work): the counter, the lock and the
 *   messages do not depend on whether the name exists. The review state is told only to the right password.
 * - An account imported with the public initial password (enterprise name + 123456, SPEC §5) also proves its
 *   registered mobile at the first sign-in: the right password sends an SMS code, and only the password together
 *   with that code opens a session (which must then change the password).
 */
import type { Request } from 'express';
import type { AppDeps } from '../deps';
import { ApiError, badRequest } from '../errors';
import { audit } from '../audit';
import { consumeCaptcha } from './captcha';
import { verifyAgainstDummy, verifyPassword } from '../../db/passwords';
import { createSession } from './sessions';
import { User } from '../../db/models';
import { publicUser, passwordChangeDue, STAFF_PASSWORD_MAX_AGE_DAYS, type PublicUser } from './publicUser';
import { consumeSmsCode, issueSmsCode } from './smsLogin';
import { maskMobile, type SmsSender } from '../sms';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;
/** From this many failures of one account name at one address on, the image captcha is required (CAPTCHA=off too). */
export const CAPTCHA_AFTER_FAILURES = 2;

export const LOGIN_MESSAGES = {
  invalid: (left: number) => `账号或密码错误，再失败${left}次将锁定${LOCK_MINUTES}分钟`,
  captchaRequired: '请输入验证码',
  captchaInvalid: '验证码错误或已过期，请重新输入',
  smsRequired: (mobile: string) => `首次登录须验证注册手机号：验证码已发送至${mobile}，请输入短信验证码`,
  smsNoMobile: '该账号未登记手机号，无法验证身份，请联系管理员重置密码',
  passwordChangeDue: `您的密码已使用超过${STAFF_PASSWORD_MAX_AGE_DAYS}天，请及时修改密码`,
} as const;

export interface LoginInput {
  username: string;
  password: string;
  captchaId?: string | undefined;
  captcha?: string | undefined;
  /** The SMS code of an imported account's first sign-in. */
  smsCode?: string | undefined;
}

export function failureKey(username: string, ip: string | undefined): string {
  return `${username.trim().toLowerCase()}|${ip ?? 'unknown'}`;
}

async function failuresOf(deps: AppDeps, key: string, now: Date): Promise<{ failures: number; lockedUntil: Date | null }> {
  const [rows] = await deps.sequelize.query('SELECT failures, locked_until, updated_at FROM login_failures WHERE key = :key', { replacements: { key } });
  const row = (rows as { failures: number; locked_until: Date | null; updated_at: Date }[])[0];
  if (!row) return { failures: 0, lockedUntil: null };
  const lockedUntil = row.locked_until && new Date(row.locked_until) > now ? new Date(row.locked_until) : null;
  // Failures older than the lock window are forgotten (and an expired lock with them).
  const stale = !lockedUntil && now.getTime() - new Date(row.updated_at).getTime() > LOCK_MINUTES * 60_000;
  return { failures: stale || (row.locked_until && !lockedUntil) ? 0 : row.failures, lockedUntil };
}

export async function login(deps: AppDeps, input: LoginInput, req: Request, sender: SmsSender): Promise<{ token: string; user: PublicUser }> {
  const now = deps.clock();
  const key = failureKey(input.username, req.ip);
  const before = await failuresOf(deps, key, now);
  if (before.lockedUntil) {
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'refused', username: input.username, details: { reason: 'locked' } }, req);
    throw lockedError(before.lockedUntil, now);
  }
  if (deps.env.CAPTCHA === 'on' || before.failures >= CAPTCHA_AFTER_FAILURES) {
    if (!input.captchaId || !input.captcha) {
      throw new ApiError(422, 'CAPTCHA_REQUIRED', LOGIN_MESSAGES.captchaRequired, [{ path: 'captcha', message: LOGIN_MESSAGES.captchaRequired }]);
    }
    if (!(await consumeCaptcha(deps.sequelize, input.captchaId, input.captcha, now))) {
      await audit(deps.sequelize, { action: 'auth.login', outcome: 'refused', username: input.username, details: { reason: 'captcha' } }, req);
      throw badRequest(LOGIN_MESSAGES.captchaInvalid, 'CAPTCHA_INVALID', { captchaRequired: true });
    }
  }
  // Take the attempt before checking the password: parallel guesses each get their own number.
  const [taken] = await deps.sequelize.query(
    `INSERT INTO login_failures (key, failures, updated_at) VALUES (:key, 1, :now)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN login_failures.locked_until IS NOT NULL AND login_failures.locked_until <= :now THEN 1
                       WHEN login_failures.locked_until IS NULL AND login_failures.updated_at < :windowStart THEN 1
                       ELSE login_failures.failures + 1 END,
       locked_until = CASE WHEN login_failures.locked_until <= :now THEN NULL ELSE login_failures.locked_until END,
       updated_at = :now
     RETURNING failures, locked_until`,
    { replacements: { key, now, windowStart: new Date(now.getTime() - LOCK_MINUTES * 60_000) } },
  );
  const attempt = (taken as { failures: number; locked_until: Date | null }[])[0]!;
  if (attempt.failures > MAX_FAILED_ATTEMPTS) {
    const until = attempt.locked_until ? new Date(attempt.locked_until) : await lock(deps, key, now);
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'refused', username: input.username, details: { reason: 'locked' } }, req);
    throw lockedError(until, now);
  }

  const user = await deps.models.User.findOne({ where: deps.sequelize.where(deps.sequelize.fn('lower', deps.sequelize.col('username')), input.username.trim().toLowerCase()) });
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyAgainstDummy(input.password), false);
  if (!user || !passwordOk) {
    const actor = user ? actorRefOf(user) : null;
    if (attempt.failures >= MAX_FAILED_ATTEMPTS) {
      const until = await lock(deps, key, now);
      if (user) await deps.sequelize.query('UPDATE users SET locked_until = GREATEST(COALESCE(locked_until, :until), :until) WHERE id = :id', { replacements: { until, id: user.id } });
      await audit(deps.sequelize, { action: 'auth.lock', outcome: 'refused', actor, username: input.username, details: { until, scope: 'account+address' } }, req);
      throw lockedError(until, now);
    }
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'failed', actor, username: input.username, details: { reason: user ? 'password' : 'unknown_user', attempts: attempt.failures } }, req);
    throw new ApiError(401, 'INVALID_CREDENTIALS', LOGIN_MESSAGES.invalid(MAX_FAILED_ATTEMPTS - attempt.failures), {
      captchaRequired: deps.env.CAPTCHA === 'on' || attempt.failures >= CAPTCHA_AFTER_FAILURES,
    });
  }
  await deps.sequelize.query('DELETE FROM login_failures WHERE key = :key', { replacements: { key } });

  if (user.firstSignInSms && user.mustChangePassword) await proveImportedMobile(deps, user, input, req, sender);
  // The password proves the person: a mobile an administrator changed becomes usable for SMS sign-in again.
  if (!user.mobileConfirmed) await user.update({ mobileConfirmed: true });
  return completeSignIn(deps, user, now, req, 'password');
}

/** The first sign-in of an imported account: the password is public, the registered mobile is not. */
async function proveImportedMobile(deps: AppDeps, user: User, input: LoginInput, req: Request, sender: SmsSender): Promise<void> {
  if (!user.mobile) {
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'refused', actor: actorRefOf(user), details: { reason: 'imported_without_mobile' } }, req);
    throw new ApiError(403, 'MOBILE_REQUIRED', LOGIN_MESSAGES.smsNoMobile);
  }
  const masked = maskMobile(user.mobile);
  if (!input.smsCode) {
    await issueSmsCode(deps, sender, user.mobile, true).catch((err: unknown) => {
      // Sent less than a minute ago: the code already on its way is the one to type.
      if (!(err instanceof ApiError && err.code === 'SMS_TOO_FREQUENT')) throw err;
    });
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'refused', actor: actorRefOf(user), details: { reason: 'sms_required', mobile: masked } }, req);
    throw new ApiError(401, 'SMS_VERIFICATION_REQUIRED', LOGIN_MESSAGES.smsRequired(masked), { mobile: masked, smsRequired: true });
  }
  const check = await consumeSmsCode(deps, user.mobile, input.smsCode);
  if (!check.ok) {
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'failed', actor: actorRefOf(user), details: { reason: `sms_${check.reason}`, mobile: masked } }, req);
    throw new ApiError(401, 'SMS_CODE_INVALID', check.message, { mobile: masked, smsRequired: true });
  }
}

async function lock(deps: AppDeps, key: string, now: Date): Promise<Date> {
  const until = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  await deps.sequelize.query('UPDATE login_failures SET locked_until = :until, updated_at = :now WHERE key = :key', { replacements: { key, until, now } });
  return until;
}

const actorRefOf = (user: User) => ({ userId: user.id, username: user.username, role: user.role });

export function isLocked(user: Pick<User, 'lockedUntil'>, now: Date): boolean {
  return !!user.lockedUntil && user.lockedUntil.getTime() > now.getTime();
}

/**
 * The end of every way in (password, SMS code), once the credential is proven: the review state is told (pending,
 * rejected with the reason, disabled), otherwise a session is opened and audited. A staff account whose password is
 * due for a change is reminded (站内信, once a month, and `passwordChangeDue` in the answer).
 */
export async function completeSignIn(deps: AppDeps, user: User, now: Date, req: Request, method: 'password' | 'sms'): Promise<{ token: string; user: PublicUser }> {
  const actorRef = actorRefOf(user);
  const refusal = statusRefusal(user);
  if (refusal) {
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'refused', actor: actorRef, details: { reason: user.status, method } }, req);
    throw refusal;
  }
  await user.update({ failedAttempts: 0, lastLoginAt: now });
  const token = await createSession(deps.sequelize, user.id, { ip: req.ip, userAgent: req.get('user-agent') }, now);
  await audit(deps.sequelize, { action: 'auth.login', actor: actorRef, details: { method } }, req);
  const due = passwordChangeDue(user, now);
  if (due) {
    await deps.sequelize.query(
      `INSERT INTO messages (user_id, title, body, dedupe_key) VALUES (:userId, '密码修改提醒', :body, :key) ON CONFLICT (dedupe_key) DO NOTHING`,
      { replacements: { userId: user.id, body: `${LOGIN_MESSAGES.passwordChangeDue}（右上角“修改密码”）。`, key: `password-age:${user.id}:${now.toISOString().slice(0, 7)}` } },
    );
  }
  return { token, user: publicUser(user, now) };
}

/** Why an account that proved its credential still may not sign in; null when it may. */
export function statusRefusal(user: Pick<User, 'status' | 'rejectReason'>): ApiError | null {
  switch (user.status) {
    case 'pending':
      return new ApiError(403, 'ACCOUNT_PENDING', ACCOUNT_PENDING_MESSAGE);
    case 'rejected':
      return new ApiError(403, 'ACCOUNT_REJECTED', `注册申请未通过审核：${user.rejectReason ?? '请联系管理员'}`);
    case 'disabled':
      return new ApiError(403, 'ACCOUNT_DISABLED', '账号已停用，请联系管理员');
    default:
      return null;
  }
}

export const ACCOUNT_PENDING_MESSAGE = '账号正在审核中，请等待管理员审核（1到3个工作日）';

function lockedError(until: Date, now: Date): ApiError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new ApiError(403, 'ACCOUNT_LOCKED', `登录失败次数过多，已锁定，请${minutes}分钟后再试`, { lockedUntil: until.toISOString(), minutesLeft: minutes });
}
