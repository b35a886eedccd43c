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
  /** Registration details of an enterprise or operator (广州天河 unless given). */
  org?: { districtCode: string; addressDetail: string; nationalEconomyCode: string };
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

/**
 * More accounts for the demo projects of scripts/demo (enterprises and regulators of three provinces, a second
 * expert), so that the directory spans provinces and every recommendation has its authority. Same password.
 */
export const DEMO_MORE_ACCOUNTS: DemoAccount[] = [
  { username: 'baoan5g', role: 'enterprise', name: '周婷', orgName: '深圳宝安智能终端有限公司', provinceCode: '440000', cityCode: '440300', uscc: '91440300MA5G8K2L01', mobile: '13800138011', org: { districtCode: '440306', addressDetail: '宝安区福海街道智能终端产业园A区', nationalEconomyCode: '3982' } },
  { username: 'suzhou5g', role: 'enterprise', name: '吴磊', orgName: '苏州精工智能装备有限公司', provinceCode: '320000', cityCode: '320500', uscc: '91320571MA1Q7R3T52', mobile: '13800138012', org: { districtCode: '320571', addressDetail: '苏州工业园区星湖街328号', nationalEconomyCode: '3421' } },
  { username: 'ningbo5g', role: 'enterprise', name: '郑浩', orgName: '宁波甬港石化智造有限公司', provinceCode: '330000', cityCode: '330200', uscc: '91330211MA2H4J6K87', mobile: '13800138013', org: { districtCode: '330211', addressDetail: '镇海区澥浦镇石化区海天中路6号', nationalEconomyCode: '2511' } },
  { username: 'shenzhen_miit', role: 'city_miit', name: '林晓东', orgName: '深圳市工业和信息化局', provinceCode: '440000', cityCode: '440300' },
  { username: 'jiangsu_miit', role: 'province_miit', name: '徐静', orgName: '江苏省工业和信息化厅', provinceCode: '320000' },
  { username: 'jiangsu_ca', role: 'province_ca', name: '孙伟', orgName: '江苏省通信管理局', provinceCode: '320000' },
  { username: 'zhejiang_miit', role: 'province_miit', name: '何雨', orgName: '浙江省经济和信息化厅', provinceCode: '330000' },
  { username: 'zhejiang_ca', role: 'province_ca', name: '蒋涛', orgName: '浙江省通信管理局', provinceCode: '330000' },
  { username: 'expert2', role: 'expert', name: '钱研究员', orgName: '评审专家组' },
];

export async function seedDemo(sequelize: Sequelize, now: Date, password = DEMO_PASSWORD): Promise<{ campaignYear: number }> {
  const hash = await hashPassword(password);
  for (const a of [...DEMO_ACCOUNTS, ...DEMO_MORE_ACCOUNTS]) {
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
                orgAddress: { provinceCode: a.provinceCode, cityCode: a.cityCode, districtCode: a.org?.districtCode ?? '440106' },
                addressDetail: a.org?.addressDetail ?? '天河区科韵路1号',
                enterpriseNature: '民营企业',
                nationalEconomyCode: a.org?.nationalEconomyCode ?? (a.role === 'enterprise' ? '3831' : '6312'),
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
