/** The ten roles of SPEC §1. API values are stable; labels are what users read. */
export const ROLES = [
  'enterprise',
  'operator',
  'city_miit',
  'province_miit',
  'province_ca',
  'ministry',
  'expert',
  'admin',
  'security_admin',
  'audit_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  enterprise: '企业用户',
  operator: '运营商',
  city_miit: '市工业和信息化局',
  province_miit: '省工业和信息化厅',
  province_ca: '省通信管理局',
  ministry: '工业和信息化部',
  expert: '评审专家',
  admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
};

/**
 * The three administrators of 等保2.0 三级 (三员分立): 系统管理员 runs accounts and workflows, 安全管理员 security
 * (role grants, approval of new administrators, unlocking), 审计管理员 the audit log. One role per account, so no
 * account holds two; none of them reads declarations.
 */
export const ADMIN_ROLES = ['admin', 'security_admin', 'audit_admin'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];
export const isAdminRole = (role: string): role is AdminRole => (ADMIN_ROLES as readonly string[]).includes(role);

/** The offices that review declarations: 市工信局, 省工信厅, 省通信管理局, 工信部. */
export const REGULATOR_ROLES = ['city_miit', 'province_miit', 'province_ca', 'ministry'] as const;

/** Roles an administrator creates directly (regulators and staff); the others register themselves. */
export const STAFF_ROLES = ['city_miit', 'province_miit', 'province_ca', 'ministry', 'expert', 'admin', 'security_admin', 'audit_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Who is acting. Jurisdiction is carried as GB/T 2260 codes (6 digits):
 * a province office has provinceCode (e.g. 440000), a city office also cityCode (e.g. 440100).
 */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Name of the organisation the user belongs to (enterprise name, office name). */
  orgName?: string;
  provinceCode?: string;
  cityCode?: string;
}
