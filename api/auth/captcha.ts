/**
 * Image captcha (svg-captcha): the answer is stored hashed with a short expiry and is good for one attempt only,
 * right or wrong. Stored in PostgreSQL so that any API instance can check it.
 */
import crypto from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import type { Sequelize } from 'sequelize';

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
