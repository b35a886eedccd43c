/**
 * Escalation of registrations waiting for their city's 初审 (issue 12.7, domain/accounts/registrationReview.ts): once
 * 3 working days have passed, the request is marked escalated — from then on the administrator may decide it — and the
 * city's 工信局, the province's 工业和信息化厅 and the administrators get a 站内信 (and an e-mail where they have an
 * address). Each request is escalated once: the mark and the messages are written in one transaction, guarded by
 * `escalated_at IS NULL`, and the messages carry dedupe keys.
 */
import type { Sequelize } from 'sequelize';
import type { ActivityDeps } from './index';
import type { EscalationReport, RegistrationActivities } from '../workflows/registrations/contract';
import { REGISTRATION_REVIEW_MESSAGES, isEscalationDue } from '../domain/accounts/registrationReview';
import { regionName } from '../domain/reference';

const BATCH = 500;

export async function escalateRegistrations(sequelize: Sequelize, now: Date): Promise<EscalationReport> {
  const [candidates] = await sequelize.query(
    `SELECT id, org_name, username, province_code, city_code, created_at FROM users
      WHERE status = 'pending' AND registration_stage = 'city' AND escalated_at IS NULL
      ORDER BY created_at LIMIT ${BATCH}`,
  );
  let escalated = 0;
  let messages = 0;
  for (const r of candidates as { id: string; org_name: string | null; username: string; province_code: string | null; city_code: string | null; created_at: Date }[]) {
    if (!isEscalationDue(new Date(r.created_at), now)) continue;
    await sequelize.transaction(async (transaction) => {
      const [marked] = await sequelize.query(
        `UPDATE users SET escalated_at = :now WHERE id = :id AND escalated_at IS NULL AND status = 'pending' AND registration_stage = 'city' RETURNING id`,
        { replacements: { id: r.id, now }, transaction },
      );
      if (!(marked as unknown[]).length) return;
      escalated++;
      const [recipients] = await sequelize.query(
        `SELECT id, email FROM users WHERE status = 'active' AND (
            (role = 'city_miit' AND city_code = :cityCode) OR (role = 'province_miit' AND province_code = :provinceCode) OR role = 'admin')`,
        { replacements: { cityCode: r.city_code, provinceCode: r.province_code }, transaction },
      );
      const title = REGISTRATION_REVIEW_MESSAGES.escalatedTitle;
      const body = REGISTRATION_REVIEW_MESSAGES.escalatedBody(r.org_name ?? r.username, regionName(r.city_code) ?? '');
      for (const to of recipients as { id: string; email: string | null }[]) {
        const key = `registration-escalation:${r.id}:${to.id}`;
        await sequelize.query(
          'INSERT INTO messages (user_id, title, body, dedupe_key, created_at) VALUES (:userId, :title, :body, :key, :now) ON CONFLICT (dedupe_key) DO NOTHING',
          { replacements: { userId: to.id, title, body, key, now }, transaction },
        );
        messages++;
        if (to.email) {
          await sequelize.query(
            'INSERT INTO email_outbox (to_address, subject, body, dedupe_key, created_at) VALUES (:to, :subject, :body, :key, :now) ON CONFLICT (dedupe_key) DO NOTHING',
            { replacements: { to: to.email, subject: `【5G工厂名录申报平台】${title}`, body, key, now }, transaction },
          );
        }
      }
    });
  }
  return { escalated, messages };
}

export function createRegistrationActivities(deps: ActivityDeps): RegistrationActivities {
  return { escalateRegistrations: () => escalateRegistrations(deps.sequelize, (deps.clock ?? (() => new Date()))()) };
}
