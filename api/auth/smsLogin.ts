/**
 * 手机号 + 短信验证码 sign-in (SPEC §5). A code is 6 random digits, good for 5 minutes and for one successful use;
 * 5 wrong tries spend it. Only an argon2id hash of the code is stored. One code per mobile every 60 seconds.
 *
 * Whether the mobile belongs to an account is not revealed: asking for a code answers the same and does the same
 * argon2id work either way (a code is only sent to a known mobile), and a wrong code reads the same as an unknown
 * mobile. A mobile an administrator changed receives no code until its owner signed in with the password once.
 */
import crypto from 'node:crypto';
import type { Request } from 'express';
import type { AppDeps } from '../deps';
import { ApiError } from '../errors';
import { audit } from '../audit';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../db/passwords';
import { completeSignIn } from './login';
import type { PublicUser } from './publicUser';
import type { SmsSender } from '../sms';
import { maskMobile } from '../sms';

export const SMS_CODE_TTL_MINUTES = 5;
export const SMS_CODE_MAX_TRIES = 5;
export const SMS_RESEND_SECONDS = 60;

export const SMS_MESSAGES = {
  sent: `验证码已发送，${SMS_CODE_TTL_MINUTES}分钟内有效`,
  tooSoon: (seconds: number) => `短信验证码发送过于频繁，请${seconds}秒后再试`,
  invalid: '短信验证码错误或已过期，请重新输入',
  exhausted: '短信验证码错误次数过多，请重新获取',
  ambiguous: '该手机号绑定了多个账号，请使用账号密码登录',
} as const;

export function newSmsCode(): string {
  return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Users who may receive a code for this mobile (any status: the status is told after the code is proven). */
async function usersWithMobile(deps: AppDeps, mobile: string) {
  return deps.models.User.findAll({ where: { mobile }, limit: 2 });
}

/**
 * Store a fresh code for the mobile and send it when `deliverTo` is set. An argon2id hash is computed either way, so a
 * request for a mobile that has no account takes as long as one for a known mobile (issue 14.6: same answer, same
 * timing). Refused with 429 while the last code for the mobile is younger than SMS_RESEND_SECONDS.
 */
export async function issueSmsCode(deps: AppDeps, sender: SmsSender, mobile: string, deliver: boolean): Promise<void> {
  const now = deps.clock();
  const [recent] = await deps.sequelize.query('SELECT created_at FROM sms_codes WHERE mobile = :mobile ORDER BY created_at DESC LIMIT 1', {
    replacements: { mobile },
  });
  const last = (recent as { created_at: Date }[])[0];
  if (last) {
    const waited = (now.getTime() - new Date(last.created_at).getTime()) / 1000;
    if (waited < SMS_RESEND_SECONDS) {
      throw new ApiError(429, 'SMS_TOO_FREQUENT', SMS_MESSAGES.tooSoon(Math.ceil(SMS_RESEND_SECONDS - waited)));
    }
  }
  const code = newSmsCode();
  const hash = await hashPassword(code);
  await deps.sequelize.query(
    'INSERT INTO sms_codes (id, mobile, code_hash, created_at, expires_at) VALUES (:id, :mobile, :hash, :now, :expiresAt)',
    {
      replacements: {
        id: crypto.randomUUID(),
        mobile,
        // A mobile without an account gets a row too (for the throttle) whose hash no code matches.
        hash: deliver ? hash : `!${hash}`,
        now,
        expiresAt: new Date(now.getTime() + SMS_CODE_TTL_MINUTES * 60_000),
      },
    },
  );
  if (deliver) await sender.sendLoginCode(mobile, code, SMS_CODE_TTL_MINUTES);
}

export async function requestSmsCode(deps: AppDeps, sender: SmsSender, mobile: string, req: Request): Promise<{ message: string }> {
  const users = await usersWithMobile(deps, mobile);
  // An administrator changed the mobile: no code until the user signed in with the password once (mobile_confirmed).
  const deliver = users.length === 1 && users[0]!.mobileConfirmed;
  await issueSmsCode(deps, sender, mobile, deliver);
  await audit(deps.sequelize, {
    action: 'auth.sms.send',
    outcome: deliver ? 'ok' : 'refused',
    ...(users.length === 1 ? { actor: { userId: users[0]!.id, username: users[0]!.username, role: users[0]!.role } } : {}),
    details: { mobile: maskMobile(mobile), ...(!deliver ? { reason: users.length > 1 ? 'ambiguous' : users.length ? 'mobile_unconfirmed' : 'unknown_mobile' } : {}) },
  }, req);
  return { message: SMS_MESSAGES.sent };
}

export type SmsCheck = { ok: true } | { ok: false; reason: 'no_code' | 'exhausted' | 'wrong_code' | 'reused'; message: string };

/**
 * Take one try from the latest live code of the mobile (one statement, so parallel guesses cannot share a try) and
 * spend the code when it matches. A mobile without a live code costs the same argon2id work as a wrong code.
 */
export async function consumeSmsCode(deps: AppDeps, mobile: string, code: string): Promise<SmsCheck> {
  const now = deps.clock();
  const [rows] = await deps.sequelize.query(
    `UPDATE sms_codes SET attempts = attempts + 1
      WHERE id = (SELECT id FROM sms_codes WHERE mobile = :mobile AND used_at IS NULL AND expires_at > :now
                   ORDER BY created_at DESC LIMIT 1)
        AND attempts < :maxTries
      RETURNING id, code_hash, attempts`,
    { replacements: { mobile, now, maxTries: SMS_CODE_MAX_TRIES } },
  );
  const row = (rows as { id: string; code_hash: string; attempts: number }[])[0];
  if (!row) {
    await verifyAgainstDummy(code);
    const [spent] = await deps.sequelize.query(
      'SELECT 1 FROM sms_codes WHERE mobile = :mobile AND used_at IS NULL AND expires_at > :now AND attempts >= :maxTries LIMIT 1',
      { replacements: { mobile, now, maxTries: SMS_CODE_MAX_TRIES } },
    );
    return (spent as unknown[]).length ? { ok: false, reason: 'exhausted', message: SMS_MESSAGES.exhausted } : { ok: false, reason: 'no_code', message: SMS_MESSAGES.invalid };
  }
  const hash = row.code_hash.startsWith('!') ? row.code_hash.slice(1) : row.code_hash;
  const matches = await verifyPassword(hash, code);
  if (row.code_hash.startsWith('!') || !matches) {
    return { ok: false, reason: 'wrong_code', message: row.attempts >= SMS_CODE_MAX_TRIES ? SMS_MESSAGES.exhausted : SMS_MESSAGES.invalid };
  }
  const [used] = await deps.sequelize.query('UPDATE sms_codes SET used_at = :now WHERE id = :id AND used_at IS NULL RETURNING id', {
    replacements: { id: row.id, now },
  });
  if ((used as unknown[]).length === 0) return { ok: false, reason: 'reused', message: SMS_MESSAGES.invalid };
  return { ok: true };
}

export async function smsLogin(deps: AppDeps, input: { mobile: string; code: string }, req: Request): Promise<{ token: string; user: PublicUser }> {
  const now = deps.clock();
  const invalid = async (reason: string, message: string = SMS_MESSAGES.invalid) => {
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'failed', details: { method: 'sms', mobile: maskMobile(input.mobile), reason } }, req);
    return new ApiError(401, 'SMS_CODE_INVALID', message);
  };
  const check = await consumeSmsCode(deps, input.mobile, input.code);
  if (!check.ok) throw await invalid(check.reason, check.message);
  const users = await usersWithMobile(deps, input.mobile);
  if (users.length !== 1) throw await invalid(users.length ? 'ambiguous' : 'unknown_mobile', users.length ? SMS_MESSAGES.ambiguous : SMS_MESSAGES.invalid);
  if (!users[0]!.mobileConfirmed) throw await invalid('mobile_unconfirmed');
  return completeSignIn(deps, users[0]!, now, req, 'sms');
}
