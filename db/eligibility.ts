/** 申报主体 exceptions the ministry granted (eligibility_exceptions, issue 12.6). */
import type { Sequelize } from 'sequelize';

/** Whether the ministry allowed the enterprise with this 统一社会信用代码 to declare outside the notice's sectors. */
export async function hasEligibilityException(sequelize: Sequelize, uscc: string | null | undefined): Promise<boolean> {
  if (!uscc) return false;
  const [rows] = await sequelize.query('SELECT 1 FROM eligibility_exceptions WHERE uscc = :uscc AND revoked_at IS NULL', { replacements: { uscc } });
  return (rows as unknown[]).length > 0;
}
