/**
 * Sign-in with 账号 + 密码 (+ image captcha): lockout after 5 failures for 15 minutes (checked before the
 * password, so the right password is refused while locked), review state revealed only to the right password.
 */
import type { Request } from 'express';
import type { AppDeps } from '../deps';
import { ApiError, badRequest } from '../errors';
import { audit } from '../audit';
import { consumeCaptcha } from './captcha';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { createSession } from './sessions';
import { User } from '../../db/models';
import { publicUser, type PublicUser } from './publicUser';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;

export interface LoginInput {
  username: string;
  password: string;
  captchaId?: string | undefined;
  captcha?: string | undefined;
}

export async function login(deps: AppDeps, input: LoginInput, req: Request): Promise<{ token: string; user: PublicUser }> {
  const now = deps.clock();
  if (deps.env.CAPTCHA === 'on') {
    if (!input.captchaId || !input.captcha) {
      throw new ApiError(422, 'VALIDATION_FAILED', '请输入验证码', [{ path: 'captcha', message: '请输入验证码' }]);
    }
    if (!(await consumeCaptcha(deps.sequelize, input.captchaId, input.captcha, now))) {
      await audit(deps.sequelize, { action: 'auth.login', outcome: 'refused', username: input.username, details: { reason: 'captcha' } }, req);
      throw badRequest('验证码错误或已过期，请重新输入', 'CAPTCHA_INVALID');
    }
  }
  const user = await deps.models.User.findOne({ where: deps.sequelize.where(deps.sequelize.fn('lower', deps.sequelize.col('username')), input.username.trim().toLowerCase()) });
  if (!user) {
    await verifyAgainstDummy(input.password);
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'failed', username: input.username, details: { reason: 'unknown_user' } }, req);
    throw new ApiError(401, 'INVALID_CREDENTIALS', '账号或密码错误');
  }
  if (isLocked(user, now)) {
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'refused', actor: actorRefOf(user), details: { reason: 'locked' } }, req);
    throw lockedError(user.lockedUntil!, now);
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await registerFailure(deps, user, now, req);
  }
  return completeSignIn(deps, user, now, req, 'password');
}

const actorRefOf = (user: User) => ({ userId: user.id, username: user.username, role: user.role });

export function isLocked(user: Pick<User, 'lockedUntil'>, now: Date): boolean {
  return !!user.lockedUntil && user.lockedUntil.getTime() > now.getTime();
}

/**
 * The end of every way in (password, SMS code), once the credential is proven: a locked account stays locked, the
 * review state is told (pending, rejected with the reason, disabled), otherwise a session is opened and audited.
 */
export async function completeSignIn(deps: AppDeps, user: User, now: Date, req: Request, method: 'password' | 'sms'): Promise<{ token: string; user: PublicUser }> {
  const actorRef = actorRefOf(user);
  if (isLocked(user, now)) {
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'refused', actor: actorRef, details: { reason: 'locked', method } }, req);
    throw lockedError(user.lockedUntil!, now);
  }
  const refusal = statusRefusal(user);
  if (refusal) {
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'refused', actor: actorRef, details: { reason: user.status, method } }, req);
    throw refusal;
  }
  await user.update({ failedAttempts: 0, lockedUntil: null, lastLoginAt: now });
  const token = await createSession(deps.sequelize, user.id, { ip: req.ip, userAgent: req.get('user-agent') }, now);
  await audit(deps.sequelize, { action: 'auth.login', actor: actorRef, details: { method } }, req);
  return { token, user: publicUser(user) };
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

async function registerFailure(deps: AppDeps, user: User, now: Date, req: Request): Promise<never> {
  const actorRef = { userId: user.id, username: user.username, role: user.role };
  // One statement, so concurrent wrong guesses cannot both read the same count.
  const [rows] = await deps.sequelize.query(
    `UPDATE users SET failed_attempts = failed_attempts + 1,
        locked_until = CASE WHEN failed_attempts + 1 >= :max THEN :lockUntil ELSE locked_until END,
        updated_at = :now
      WHERE id = :id RETURNING failed_attempts, locked_until`,
    { replacements: { max: MAX_FAILED_ATTEMPTS, lockUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000), now, id: user.id } },
  );
  const row = (rows as { failed_attempts: number; locked_until: Date | null }[])[0]!;
  if (row.failed_attempts >= MAX_FAILED_ATTEMPTS) {
    await deps.sequelize.query('UPDATE users SET failed_attempts = 0 WHERE id = :id', { replacements: { id: user.id } });
    await audit(deps.sequelize, { action: 'auth.lock', actor: actorRef, details: { until: row.locked_until } }, req);
    throw lockedError(new Date(row.locked_until!), now);
  }
  await audit(deps.sequelize, { action: 'auth.login', outcome: 'failed', actor: actorRef, details: { reason: 'password', attempts: row.failed_attempts } }, req);
  const left = MAX_FAILED_ATTEMPTS - row.failed_attempts;
  throw new ApiError(401, 'INVALID_CREDENTIALS', `账号或密码错误，再失败${left}次账号将被锁定${LOCK_MINUTES}分钟`);
}

function lockedError(until: Date, now: Date): ApiError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new ApiError(403, 'ACCOUNT_LOCKED', `登录失败次数过多，账号已锁定，请${minutes}分钟后再试`, { lockedUntil: until.toISOString(), minutesLeft: minutes });
}
