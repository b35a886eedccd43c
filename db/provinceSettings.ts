/** Per-province settings (province_settings): who reviews new enterprise registrations (issue 12.7). */
import type { Sequelize, Transaction } from 'sequelize';
import { REGISTRATION_REVIEW_MODES, type RegistrationReviewMode } from '../domain/accounts/registrationReview';

/** The province's registration review rule; 'admin' where the province set none. */
export async function registrationReviewMode(sequelize: Sequelize, provinceCode: string | null | undefined, transaction?: Transaction): Promise<RegistrationReviewMode> {
  if (!provinceCode) return 'admin';
  const [rows] = await sequelize.query('SELECT registration_review FROM province_settings WHERE province_code = :provinceCode', {
    replacements: { provinceCode },
    transaction,
  });
  const mode = (rows as { registration_review: string }[])[0]?.registration_review;
  return (REGISTRATION_REVIEW_MODES as readonly string[]).includes(mode ?? '') ? (mode as RegistrationReviewMode) : 'admin';
}

export async function setRegistrationReviewMode(
  sequelize: Sequelize,
  provinceCode: string,
  mode: RegistrationReviewMode,
  by: string,
  at: Date,
): Promise<void> {
  await sequelize.query(
    `INSERT INTO province_settings (province_code, registration_review, updated_by, updated_at) VALUES (:provinceCode, :mode, :by, :at)
     ON CONFLICT (province_code) DO UPDATE SET registration_review = EXCLUDED.registration_review, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    { replacements: { provinceCode, mode, by, at } },
  );
}
