/**
 * Demo data for a new installation (idempotent: existing rows are left alone, so a second start keeps changes).
 * One account per role, printed at start, and a campaign for the current year.
 */
import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { hashPassword } from './passwords';
import type { Role } from '../domain/roles';
import { defaultCampaignDeadlines } from '../domain/campaign';

export const DEMO_PASSWORD = 'Factory5G@2026';

export interface DemoAccount {
  username: string;
  role: Role;
  name: string;
  orgName: string;
  provinceCode?: string;
  cityCode?: string;
  uscc?: string;
  mobile?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'gzfactory', role: 'enterprise', name: '李明', orgName: '广州示范智能制造有限公司', provinceCode: '440000', cityCode: '440100', uscc: '91440101MA59XK8Q22', mobile: '13800138001' },
  { username: 'gdmobile', role: 'operator', name: '王芳', orgName: '中国移动通信集团广东有限公司', provinceCode: '440000', cityCode: '440100', uscc: '914400001903213652', mobile: '13800138002' },
  { username: 'gz_miit', role: 'city_miit', name: '陈刚', orgName: '广州市工业和信息化局', provinceCode: '440000', cityCode: '440100' },
  { username: 'gd_miit', role: 'province_miit', name: '胡嘉娟', orgName: '广东省工业和信息化厅', provinceCode: '440000' },
  { username: 'gd_ca', role: 'province_ca', name: '王子彰', orgName: '广东省通信管理局', provinceCode: '440000' },
  { username: 'miit', role: 'ministry', name: '胡钟颢', orgName: '工业和信息化部' },
  { username: 'expert1', role: 'expert', name: '赵教授', orgName: '评审专家组' },
  { username: 'admin', role: 'admin', name: '系统管理员', orgName: '平台运维' },
  { username: 'security', role: 'security_admin', name: '安全管理员', orgName: '平台运维' },
  { username: 'auditor', role: 'audit_admin', name: '审计管理员', orgName: '平台运维' },
];

export async function seedDemo(sequelize: Sequelize, now: Date, password = DEMO_PASSWORD): Promise<{ campaignYear: number }> {
  const hash = await hashPassword(password);
  for (const a of DEMO_ACCOUNTS) {
    await sequelize.query(
      `INSERT INTO users (id, username, password_hash, name, mobile, role, province_code, city_code, org_name, uscc, status, registration)
       VALUES (:id, :username, :hash, :name, :mobile, :role, :provinceCode, :cityCode, :orgName, :uscc, 'active', CAST(:registration AS jsonb))
       ON CONFLICT DO NOTHING`,
      {
        replacements: {
          id: crypto.randomUUID(),
          username: a.username,
          hash,
          name: a.name,
          mobile: a.mobile ?? null,
          role: a.role,
          provinceCode: a.provinceCode ?? null,
          cityCode: a.cityCode ?? null,
          orgName: a.orgName,
          uscc: a.uscc ?? null,
          registration: a.uscc
            ? JSON.stringify({
                orgName: a.orgName,
                uscc: a.uscc,
                orgAddress: { provinceCode: '440000', cityCode: '440100', districtCode: '440106' },
                addressDetail: '天河区科韵路1号',
                enterpriseNature: '民营企业',
                nationalEconomyCode: a.role === 'enterprise' ? '3831' : '6312',
              })
            : null,
        },
      },
    );
  }
  // 广东: the cities review new enterprises first (粤工信工业互联网函〔2025〕10号 “新增企业和项目初审”), then the administrator.
  await sequelize.query(
    "INSERT INTO province_settings (province_code, registration_review) VALUES ('440000', 'city_then_admin') ON CONFLICT DO NOTHING",
  );
  const year = now.getFullYear();
  const d = defaultCampaignDeadlines(year, now);
  await sequelize.query(
    `INSERT INTO campaigns (year, submission_deadline, recommendation_deadline, province_settings, publicity_days)
     VALUES (:year, :submission, :recommendation, CAST(:settings AS jsonb), 7) ON CONFLICT (year) DO NOTHING`,
    {
      replacements: {
        year,
        submission: d.submissionDeadline,
        recommendation: d.recommendationDeadline,
        settings: JSON.stringify({ '440000': { cityReviewRequired: true, cityReviewDeadline: d.cityReviewDeadline } }),
      },
    },
  );
  return { campaignYear: year };
}
