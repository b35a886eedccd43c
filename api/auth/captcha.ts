/**
 * Image captcha (svg-captcha): the answer is stored hashed with a short expiry and is good for one attempt only,
 * right or wrong. Stored in PostgreSQL so that any API instance can check it.
 */
import crypto from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import type { Sequelize } from 'sequelize';
import { z } from 'zod';
import { ApiError, badRequest } from '../errors';

export const CAPTCHA_TTL_MS = 5 * 60 * 1000;

const hashAnswer = (id: string, answer: string) => crypto.createHash('sha256').update(`${id}:${answer.trim().toLowerCase()}`).digest('hex');

export async function createCaptcha(sequelize: Sequelize, now: Date): Promise<{ captchaId: string; svg: string; answer: string }> {
  const captcha = svgCaptcha.create({ size: 4, noise: 2, ignoreChars: '0oO1ilI', color: true, background: '#f4f6fa', width: 120, height: 40 });
  const captchaId = crypto.randomUUID();
  await sequelize.query('INSERT INTO captchas (id, answer_hash, expires_at) VALUES (:id, :hash, :expiresAt)', {
    replacements: { id: captchaId, hash: hashAnswer(captchaId, captcha.text), expiresAt: new Date(now.getTime() + CAPTCHA_TTL_MS) },
  });
  // Old rows are useless; keep the table small.
  await sequelize.query("DELETE FROM captchas WHERE expires_at < now() - interval '1 hour'");
  return { captchaId, svg: captcha.data, answer: captcha.text };
}

/** Consume the captcha: true only when it exists, is unused, unexpired and the answer matches (case-insensitive). */
export async function consumeCaptcha(sequelize: Sequelize, captchaId: string, answer: string, now: Date): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(captchaId)) return false;
  const [rows] = await sequelize.query(
    `UPDATE captchas SET used_at = :now WHERE id = :id AND used_at IS NULL AND expires_at > :now RETURNING answer_hash`,
    { replacements: { id: captchaId, now } },
  );
  const row = (rows as { answer_hash: string }[])[0];
  return !!row && row.answer_hash === hashAnswer(captchaId, answer);
}

export const CAPTCHA_FIELDS = {
  captchaId: z.string().max(100).optional(),
  captcha: z.string().max(20).optional(),
};

/**
 * The image captcha of endpoints a script would hammer (registration, SMS codes; issue 14.8): required when the
 * server runs with CAPTCHA=on, spent on every attempt.
 */
export async function requireCaptcha(deps: { sequelize: Sequelize; env: { CAPTCHA: 'on' | 'off' } }, body: { captchaId?: string | undefined; captcha?: string | undefined }, now: Date): Promise<void> {
  if (deps.env.CAPTCHA !== 'on') return;
  if (!body.captchaId || !body.captcha) throw new ApiError(422, 'CAPTCHA_REQUIRED', '请输入验证码', [{ path: 'captcha', message: '请输入验证码' }]);
  if (!(await consumeCaptcha(deps.sequelize, body.captchaId, body.captcha, now))) throw badRequest('验证码错误或已过期，请重新输入', 'CAPTCHA_INVALID', { captchaRequired: true });
}
