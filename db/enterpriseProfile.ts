/**
 * 企业信息 of a campaign year (SPEC §4 tab 4): the enterprise's saved record for that year, or — until it saves one —
 * what it gave when registering. The submit check and the snapshot use the same function.
 */
import type { Sequelize } from 'sequelize';

/** What registration step 2 stored (users.registration). */
interface Registration {
  orgName?: string;
  uscc?: string;
  enterpriseNature?: string;
  nationalEconomyCode?: string;
  orgAddress?: { provinceCode?: string; cityCode?: string; districtCode?: string };
  addressDetail?: string;
}

export interface EffectiveProfile {
  year: number;
  source: 'profile' | 'registration';
  data: Record<string, unknown>;
  updatedAt: Date | null;
}

export async function effectiveProfile(sequelize: Sequelize, enterpriseId: string, year: number): Promise<EffectiveProfile> {
  const [rows] = await sequelize.query('SELECT data, updated_at FROM enterprise_profiles WHERE enterprise_id = :enterpriseId AND year = :year', {
    replacements: { enterpriseId, year },
  });
  const saved = (rows as { data: Record<string, unknown>; updated_at: Date }[])[0];
  if (saved) return { year, source: 'profile', data: saved.data, updatedAt: saved.updated_at };
  const [users] = await sequelize.query('SELECT name, mobile, email, org_name, uscc, registration FROM users WHERE id = :enterpriseId', {
    replacements: { enterpriseId },
  });
  const u = (users as { name: string; mobile: string | null; email: string | null; org_name: string | null; uscc: string | null; registration: Registration | null }[])[0];
  const reg: Registration = u?.registration ?? {};
  return {
    year,
    source: 'registration',
    updatedAt: null,
    data: {
      enterpriseInfo: {
        name: reg.orgName ?? u?.org_name ?? undefined,
        creditCode: reg.uscc ?? u?.uscc ?? undefined,
        nature: reg.enterpriseNature ?? undefined,
        nationalEconomyCode: reg.nationalEconomyCode ?? undefined,
        address: reg.orgAddress ?? undefined,
        addressDetail: reg.addressDetail ?? undefined,
      },
      finance: {},
      unitContact: { name: u?.name ?? undefined, mobile: u?.mobile ?? undefined, email: u?.email ?? undefined },
    },
  };
}
