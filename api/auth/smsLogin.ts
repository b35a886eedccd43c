/**
 * 手机号 + 短信验证码 sign-in (SPEC §5). A code is 6 random digits, good for 5 minutes and for one successful use;
 * 5 wrong tries spend it. Only an argon2id hash of the code is stored. One code per mobile every 60 seconds.
 *
 * Whether the mobile belongs to an account is not revealed: asking for a code answers the same either way (a
 * code is only sent to a known mobile), and a wrong code reads the same as an unknown mobile.
 */
import crypto from 'node:crypto';
import type { Request } from 'express';
import type { AppDeps } from '../deps';
import { ApiError } from '../errors';
import { audit } from '../audit';
import { hashPassword, verifyPassword } from './passwords';
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

export async function requestSmsCode(deps: AppDeps, sender: SmsSender, mobile: string, req: Request): Promise<{ message: string }> {
  const now = deps.clock();
  // Throttle per mobile, known or not, so the answer does not tell which mobiles have accounts.
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
  const users = await usersWithMobile(deps, mobile);
  const code = newSmsCode();
  await deps.sequelize.query(
    'INSERT INTO sms_codes (id, mobile, code_hash, created_at, expires_at) VALUES (:id, :mobile, :hash, :now, :expiresAt)',
    {
      replacements: {
        id: crypto.randomUUID(),
        mobile,
        // Unknown mobiles get a row too (for the throttle) whose hash no code matches.
        hash: users.length === 1 ? await hashPassword(code) : '!',
        now,
        expiresAt: new Date(now.getTime() + SMS_CODE_TTL_MINUTES * 60_000),
      },
    },
  );
  if (users.length === 1) {
    await sender.sendLoginCode(mobile, code, SMS_CODE_TTL_MINUTES);
  }
  await audit(deps.sequelize, {
    action: 'auth.sms.send',
    outcome: users.length === 1 ? 'ok' : 'refused',
    ...(users.length === 1 ? { actor: { userId: users[0]!.id, username: users[0]!.username, role: users[0]!.role } } : {}),
    details: { mobile: maskMobile(mobile), ...(users.length !== 1 ? { reason: users.length ? 'ambiguous' : 'unknown_mobile' } : {}) },
  }, req);
  return { message: SMS_MESSAGES.sent };
}

export async function smsLogin(deps: AppDeps, input: { mobile: string; code: string }, req: Request): Promise<{ token: string; user: PublicUser }> {
  const now = deps.clock();
  const invalid = async (reason: string, message: string = SMS_MESSAGES.invalid) => {
    await audit(deps.sequelize, { action: 'auth.login', outcome: 'failed', details: { method: 'sms', mobile: maskMobile(input.mobile), reason } }, req);
    return new ApiError(401, 'SMS_CODE_INVALID', message);
  };
  // Take one try from the latest live code, in one statement so that parallel guesses cannot share a try.
  const [rows] = await deps.sequelize.query(
    `UPDATE sms_codes SET attempts = attempts + 1
      WHERE id = (SELECT id FROM sms_codes WHERE mobile = :mobile AND used_at IS NULL AND expires_at > :now
                   ORDER BY created_at DESC LIMIT 1)
        AND attempts < :maxTries
      RETURNING id, code_hash, attempts`,
    { replacements: { mobile: input.mobile, now, maxTries: SMS_CODE_MAX_TRIES } },
  );
  const row = (rows as { id: string; code_hash: string; attempts: number }[])[0];
  if (!row) {
    const [spent] = await deps.sequelize.query(
      'SELECT 1 FROM sms_codes WHERE mobile = :mobile AND used_at IS NULL AND expires_at > :now AND attempts >= :maxTries LIMIT 1',
      { replacements: { mobile: input.mobile, now, maxTries: SMS_CODE_MAX_TRIES } },
    );
    throw await ((spent as unknown[]).length ? invalid('exhausted', SMS_MESSAGES.exhausted) : invalid('no_code'));
  }
  if (row.code_hash === '!' || !(await verifyPassword(row.code_hash, input.code))) {
    throw await invalid('wrong_code', row.attempts >= SMS_CODE_MAX_TRIES ? SMS_MESSAGES.exhausted : SMS_MESSAGES.invalid);
  }
  const [used] = await deps.sequelize.query('UPDATE sms_codes SET used_at = :now WHERE id = :id AND used_at IS NULL RETURNING id', {
    replacements: { id: row.id, now },
  });
  if ((used as unknown[]).length === 0) throw await invalid('reused');
  const users = await usersWithMobile(deps, input.mobile);
  if (users.length !== 1) throw await invalid(users.length ? 'ambiguous' : 'unknown_mobile', users.length ? SMS_MESSAGES.ambiguous : SMS_MESSAGES.invalid);
  return completeSignIn(deps, users[0]!, now, req, 'sms');
}
